import ArgumentParser
import CriminalRecords
import Foundation
import SealCore
import SealKit

extension SealKitCommand {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Validate a DOJ research file and print a short profile.",
            discussion: """
                Reads the whole file and prints: rows, subjects, the date range of events, counties, counts \
                by disposition and by Prop 64 section, and the problems found; the flags raised, by kind, \
                and the first 20 by line as FILE:LINE: column N (NAME): FLAG, with their total. Never prints \
                a name, number, date of birth or comment from the file.

                Strict by default: a file that cannot be read as a DOJ research file (wrong field count, CSV \
                syntax error, invalid UTF-8, a header that is not the DOJ header, an empty or truncated file, \
                a record of 16 MiB or more: an unclosed quote) fails with exit code 65, listing up to 20 \
                problems as FILE:LINE: column C: PROBLEM. With --rejects the read goes on: every rejected row \
                is written to that file (CSV: LINE, COLUMN, PROBLEM, RECORD; mode 0600, it holds identified \
                rows) and counted; a row whose SUBJECT_ID cannot be read, a truncated file or a record of 16 \
                MiB or more still fails the file.
                """
        )

        @Argument(help: ArgumentHelp("The DOJ research file.", valueName: "FILE"))
        var file: String

        @Flag(help: "Print the profile as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Write rejected rows here and go on.", valueName: "FILE"))
        var rejects: String?

        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("Evaluation date: later event dates are flagged dateInFuture.", valueName: "YYYY-MM-DD")
        )
        var asOf: String?

        @Flag(help: "Replace an existing rejects file.")
        var force = false

        func validate() throws {
            if let asOf, CalendarDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD.") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                var options = DOJReadOptions()
                options.referenceDate = asOf.flatMap { CalendarDate(iso: $0) }
                let progress = ProgressLine(label: "reading \(file)")
                let profile = try DOJFiles.inspect(
                    path: file,
                    options: options,
                    rejectsPath: rejects,
                    overwrite: force,
                    progress: progress.update
                )
                progress.finish()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    let data = (try? encoder.encode(profile)) ?? Data()
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(Self.render(profile, file: file))
                }
            }
        }

        static func render(_ profile: FileProfile, file: String) -> String {
            var lines: [String] = []
            func sorted(_ counts: [String: Int]) -> String {
                counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "    \($0.key): \($0.value)" }
                    .joined(separator: "\n")
            }
            lines.append(
                "rows: \(profile.dataRows) (\(profile.bytes) bytes, header \(profile.headerPresent ? "present" : "absent"))"
            )
            lines.append("subjects: \(profile.subjects) (largest: \(profile.largestSubjectRows) rows)")
            lines.append(
                "grouped by SUBJECT_ID: \(profile.groupedBySubject ? "yes" : "no (read through spill buckets)")"
            )
            lines.append("event dates: \(profile.earliestEventDate ?? "-") to \(profile.latestEventDate ?? "-")")
            lines.append("rows by county:\n" + sorted(profile.rowsByCounty))
            lines.append("rows by step type:\n" + sorted(profile.rowsByStepType))
            lines.append("rows by disposition:\n" + sorted(profile.rowsByDisposition))
            lines.append(
                "convictions: \(profile.convictions) (felony \(profile.felonyConvictions), misdemeanor "
                    + "\(profile.misdemeanorConvictions), infraction \(profile.infractionConvictions), "
                    + "level unknown \(profile.levelUnknownConvictions))"
            )
            lines.append(
                "Prop 64 convictions by section (attempts \(profile.prop64Attempts), conspiracies "
                    + "\(profile.prop64Conspiracies)):\n" + sorted(profile.prop64ConvictionsBySection)
            )
            lines.append(
                "deceased subjects: \(profile.deceasedSubjects); PC 290 registrants: \(profile.pc290Registrants)"
            )
            lines.append(
                "rejected rows: \(profile.rejectedRows)"
                    + (profile.rejectedByKind.isEmpty ? "" : "\n" + sorted(profile.rejectedByKind))
            )
            for problem in profile.problems { lines.append("    line \(problem)") }
            lines.append("flags raised:" + (profile.flags.isEmpty ? " none" : "\n" + sorted(profile.flags)))
            if profile.flagsWithPlace > 0 {
                let shown = profile.flagPlaces.count
                lines.append(
                    "flags raised on a line: \(profile.flagsWithPlace)"
                        + (shown < profile.flagsWithPlace ? " (the first \(shown) by line):" : ":")
                )
                for place in profile.flagPlaces { lines.append("    \(file):\(place.description)") }
            }
            for warning in profile.warnings { lines.append("warning: \(warning)") }
            return lines.joined(separator: "\n")
        }
    }
}
