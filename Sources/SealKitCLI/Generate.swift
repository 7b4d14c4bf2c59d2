import ArgumentParser
import CriminalRecords
import SealCore
import SealKit

extension SealKitCommand {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a fabricated DOJ research file, the same bytes for the same seed.",
            discussion: """
                Writes a realistic, entirely fabricated research file (header and 95 columns, quoted as Go's \
                csv.Writer quotes, so any tool that reads DOJ research files accepts it): histories from 1961 \
                to --until, arrests with and without court actions, felony and misdemeanor convictions, every \
                Prop 64 section with subsections, attempts and conspiracies, comment-only charges, super-strike \
                and PC 290 convictions with registrations, deceased subjects, multi-county histories, sentences \
                in days, months and years. It never reads the clock. The file is written atomically, mode 0600. \
                Prints the row, subject and byte counts. Distributions: README.md, "Generated data".
                """
        )

        @Option(help: "The county of most events (any county name; upper-cased).")
        var county: String = "LOS ANGELES"

        @Option(help: "Number of data rows.")
        var rows: Int

        @Option(help: "Seed: the same seed gives the same bytes.")
        var seed: UInt64

        @Option(help: ArgumentHelp("Last possible event date (1962-01-01 to 9999-12-31).", valueName: "YYYY-MM-DD"))
        var until: String = "2020-06-30"

        @Option(help: "Share of rows (0 to 1) damaged on purpose, for testing bad-input handling.")
        var defects: Double = 0

        @Flag(
            help: """
                Every two consecutive subjects share one CII, as two SUBJECT_IDs of one person do \
                (a stress shape: every pseudonym then moves to its SUBJECT_ID).
                """
        )
        var sharedCIIPairs = false

        @Option(name: .customLong("out"), help: ArgumentHelp("Output file.", valueName: "FILE"))
        var output: String

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            guard rows >= 0 else { throw ValidationError("--rows must not be negative.") }
            guard let date = CalendarDate(iso: until) else {
                throw ValidationError("--until must be a date YYYY-MM-DD.")
            }
            guard DOJFileGenerator.untilRange.contains(date) else {
                throw ValidationError(
                    "--until must be from 1962-01-01 to 9999-12-31: generated histories start in 1961."
                )
            }
            guard (0...1).contains(defects) else { throw ValidationError("--defects must be from 0 to 1.") }
            guard !county.isEmpty, county.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") })
            else {
                throw ValidationError("--county must be plain ASCII text.")
            }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let options = DOJFileGenerator.Options(
                    county: county,
                    rows: rows,
                    seed: seed,
                    until: CalendarDate(iso: until)!,
                    defectRate: defects,
                    sharedCIIPairs: sharedCIIPairs
                )
                let statistics = try DOJFiles.generate(options, to: output, overwrite: force)
                print("rows: \(statistics.rows)")
                print("subjects: \(statistics.subjects)")
                print("bytes: \(statistics.bytes)")
                print("defects: \(statistics.defects)")
            }
        }
    }
}
