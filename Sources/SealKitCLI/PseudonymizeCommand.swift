import ArgumentParser
import CriminalRecords
import Deidentified
import SealCore
import SealKit

extension SealKitCommand {
    struct PseudonymizeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pseudonymize",
            abstract: "De-identify a DOJ research file into JSON Lines for the eligibility engine.",
            discussion: """
                Reads the DOJ research file (as `inspect` does: strict, or with --rejects) and writes one \
                de-identified subject per line, after a header line naming the schema and normalization \
                versions, the key epoch, the key check values, the evaluation date and the input's SHA-256. \
                Never the secret. Names, numbers, the date of birth, case numbers and comments are removed; \
                subjects get keyed pseudonyms (HMAC-SHA256 under keys derived from the master secret); every \
                date of a subject moves by a keyed offset of up to ten years; comparisons with --as-of and \
                with calendar cut-offs (2016-11-09 among them) are decided on true dates and carried as \
                numbers and flags. Subjects are written in pseudonym order. The output is written atomically, \
                mode 0600: pseudonymous data is still personal data. Prints counts on standard output.

                The secret file must be mode 0600 or 0400 (exit 77 otherwise).
                """
        )

        @Option(help: ArgumentHelp("The DOJ research file.", valueName: "FILE"))
        var input: String

        @Option(help: ArgumentHelp("The pseudonym master secret (sealkit keygen).", valueName: "FILE"))
        var secret: String

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The evaluation date.", valueName: "YYYY-MM-DD"))
        var asOf: String

        @Option(name: .customLong("out"), help: ArgumentHelp("Output file (JSON Lines).", valueName: "FILE"))
        var output: String

        @Option(help: ArgumentHelp("Write rejected rows here and go on.", valueName: "FILE"))
        var rejects: String?

        @Flag(help: "Replace existing output files.")
        var force = false

        func validate() throws {
            guard CalendarDate(iso: asOf) != nil else { throw ValidationError("--as-of must be a date YYYY-MM-DD.") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let progress = ProgressLine(label: "pseudonymizing \(input)")
                let summary = try Pseudonymize.run(
                    input: input,
                    secretPath: secret,
                    evaluationDate: CalendarDate(iso: asOf)!,
                    output: output,
                    rejectsPath: rejects,
                    overwrite: force,
                    progress: progress.update
                )
                progress.finish()
                print("subjects: \(summary.subjects)")
                print("convictions: \(summary.convictions)")
                print("rejected rows: \(summary.rejectedRows)")
                print("pseudonyms from SUBJECT_ID (no valid CII, or a shared one): \(summary.pseudonymsFromSubjectID)")
                print("key epoch: \(summary.header.epoch); master check value: \(summary.header.keyCheckValues.master)")
            }
        }
    }
}
