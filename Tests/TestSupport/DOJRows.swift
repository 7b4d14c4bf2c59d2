package import CriminalRecords
import Foundation

/// Builds DOJ rows for tests: 95 empty columns with the given values set.
package struct DOJRowBuilder: Sendable {
    package var fields = [String](repeating: "", count: DOJColumn.count)

    package init(subject: String = "10000001", dob: String = "19700101") {
        self[.subjectId] = subject
        self[.ciiNumber] = "A12345678"
        self[.priName] = "DOE,JANE"
        self[.priDob] = dob
        self[.stpOriCntyName] = "LOS ANGELES"
    }

    package subscript(_ column: DOJColumn) -> String {
        get { fields[column.rawValue] }
        set { fields[column.rawValue] = newValue }
    }

    /// A court-action conviction row.
    package static func conviction(
        subject: String = "10000001",
        order: String = "101002001000",
        date: String = "20100615",
        charge: String = "11357(A) HS-POSSESS MARIJUANA",
        level: String = "FELONY",
        sentence: (String, String) = ("90", "D")
    ) -> DOJRowBuilder {
        var row = DOJRowBuilder(subject: subject)
        row[.cntOrder] = order
        row[.stpEventDate] = date
        row[.cycDate] = date
        row[.stpTypeDescr] = "COURT ACTION"
        row[.dispDescr] = "CONVICTED-JAIL"
        row[.convStatDescr] = level
        row[.offenseDescr] = charge
        row[.sentLength] = sentence.0
        row[.sentTimeCode] = sentence.1
        return row
    }

    /// The CSV line, quoting as Go's writer does.
    package var line: String {
        fields.map { field in
            let needsQuotes =
                field.contains(",") || field.contains("\"") || field.contains("\n") || field.hasPrefix(" ")
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}

package enum DOJText {
    package static let header = DOJColumn.names.joined(separator: ",")

    package static func file(_ rows: [DOJRowBuilder], header: Bool = true) -> String {
        ((header ? [Self.header] : []) + rows.map(\.line)).joined(separator: "\n") + "\n"
    }
}
