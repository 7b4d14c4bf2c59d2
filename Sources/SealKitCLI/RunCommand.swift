import ArgumentParser
import CriminalRecords
import Deidentified
import Eligibility
import SealCore
import SealKit

extension SealKitCommand {
    struct RunCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Pseudonymize and evaluate in one streaming pass: de-identified records, decisions, report.",
            discussion: """
                Reads the DOJ research file once. Each subject is de-identified as `pseudonymize` does and \
                evaluated at once on its de-identified record (the rules never see an identity), under a rule \
                set as `evaluate` takes it. Writes into --out: deidentified.jsonl, decisions.jsonl, \
                decisions.csv (mode 0600), summary.json and summary.html (counts of 1 to 10 suppressed). The \
                files are the same as `pseudonymize` followed by `evaluate` would write. A progress line is \
                shown on a terminal.

                The secret file must be mode 0600 or 0400 (exit 77 otherwise).
                """
        )

        @Option(help: ArgumentHelp("The DOJ research file.", valueName: "FILE"))
        var input: String

        @Option(
            help: ArgumentHelp(
                "A shipped rule set name, or a rule file (at most 4 MiB; a pipe works).",
                valueName: "NAME|FILE"
            )
        )
        var rules: String

        @Option(help: ArgumentHelp("The pseudonym master secret (sealkit keygen).", valueName: "FILE"))
        var secret: String

        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("The evaluation date (2016-11-09 or later).", valueName: "YYYY-MM-DD")
        )
        var asOf: String

        @Option(
            help: ArgumentHelp(
                "Decide only this county's convictions (trimmed, upper-cased; a county no conviction names is warned of).",
                valueName: "NAME"
            )
        )
        var county: String?

        @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "DIR"))
        var output: String

        @Option(help: ArgumentHelp("Write rejected rows here and go on.", valueName: "FILE"))
        var rejects: String?

        @Flag(help: "Replace existing output files.")
        var force = false

        func validate() throws {
            guard let date = CalendarDate(iso: asOf) else {
                throw ValidationError("--as-of must be a date YYYY-MM-DD.")
            }
            guard Evaluator.canEvaluate(at: date) else {
                throw ValidationError("--as-of \(Evaluator.tooEarly(date)).")
            }
            if let problem = Evaluator.countyProblem(county) { throw ValidationError("\(problem).") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let ruleSet = try RuleSets.load(rules)
                for warning in ruleSet.warnings { printError("warning: \(warning)") }
                let progress = ProgressLine(label: "running \(input)")
                let summary = try Run.run(
                    input: input,
                    secretPath: secret,
                    evaluationDate: CalendarDate(iso: asOf)!,
                    ruleSet: ruleSet,
                    county: county,
                    outputDirectory: output,
                    rejectsPath: rejects,
                    overwrite: force,
                    progress: progress.update
                )
                progress.finish()
                print("rule set: \(ruleSet.id) \(ruleSet.version) (sha256 \(ruleSet.sha256))")
                print("subjects: \(summary.subjects)")
                print("convictions: \(summary.convictions)")
                print("rejected rows: \(summary.rejectedRows)")
                print("convictions decided: \(summary.decisions)")
                print("de-identified records: \(output)/deidentified.jsonl")
                print("report: \(output)/summary.html")
                for warning in summary.warnings { printError("warning: \(warning)") }
            }
        }
    }
}
