import ArgumentParser
import Deidentified
import Eligibility
import SealCore
import SealKit

extension SealKitCommand {
    struct EvaluateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "Decide Prop 64 relief on de-identified records and write the county report.",
            discussion: """
                Reads a de-identified file (sealkit pseudonymize or sealkit run) and decides every Prop 64 \
                conviction in scope under a rule set, at the file's evaluation date (2016-11-09, when Prop 64 \
                took effect, or later: an earlier one is refused with exit 65). Rule sets: statutory \
                (HS 11361.8), los-angeles-2020, dismiss-all, gogen (the gogen fixture options), or the path of \
                any SealKit rule-set file or gogen/BEAR eligibility-options file. Decisions: dismissAndSeal, \
                reduceToMisdemeanor, reduceToInfraction, notEligible, needsReview, each with reason codes, a \
                reason, the authority, what gogen or gogen_pilots would have said, and every check made.

                --county scopes which convictions get a decision (as gogen's --county); every county's \
                history still counts as priors. Writes into --out: decisions.jsonl and decisions.csv \
                (pseudonymous, mode 0600), summary.json and summary.html (counts of 1 to 10 suppressed), \
                all four or none; a second command writing the same folder stops with exit 73.

                Rule files and the de-identified file are strict JSON (a key given twice, a trailing comma or \
                a comment is an error), and every header field and subject field is checked against the \
                format (no unknown key, real dates, values in their domains, the cut-offs the rules need). \
                Exit 65 for anything else, naming the file, line, column and key path, never a value.
                """
        )

        @Option(help: ArgumentHelp("The de-identified file (JSON Lines).", valueName: "FILE"))
        var input: String

        @Option(
            help: ArgumentHelp(
                "A shipped rule set name, or a rule file (at most 4 MiB; a pipe works).",
                valueName: "NAME|FILE"
            )
        )
        var rules: String

        @Option(
            help: ArgumentHelp(
                "Decide only this county's convictions (trimmed, upper-cased; a county no conviction names is warned of).",
                valueName: "NAME"
            )
        )
        var county: String?

        @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "DIR"))
        var output: String

        @Flag(help: "Replace existing output files.")
        var force = false

        func validate() throws {
            if let problem = Evaluator.countyProblem(county) { throw ValidationError("\(problem).") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let ruleSet = try RuleSets.load(rules)
                for warning in ruleSet.warnings { printError("warning: \(warning)") }
                let summary = try Evaluate.run(
                    input: input,
                    ruleSet: ruleSet,
                    county: county,
                    outputDirectory: output,
                    overwrite: force
                )
                print("rule set: \(ruleSet.id) \(ruleSet.version) (sha256 \(ruleSet.sha256))")
                print("evaluation date: \(summary.header?.evaluationDate.description ?? "")")
                print("subjects: \(summary.subjects)")
                print("convictions decided: \(summary.decisions)")
                for decision in Decision.allCases {
                    print("  \(decision.rawValue): \(summary.byDecision[decision] ?? 0)")
                }
                print("report: \(output)/summary.html")
                for warning in summary.warnings { printError("warning: \(warning)") }
            }
        }
    }
}
