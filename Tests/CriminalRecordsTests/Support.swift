import CriminalRecords
import Foundation
import TestSupport

/// Builds DOJ rows for tests: 95 empty columns with the given values set.
struct DOJRowBuilder {
    var fields = [String](repeating: "", count: DOJColumn.count)

    init(subject: String = "10000001", dob: String = "19700101") {
        self[.subjectId] = subject
        self[.ciiNumber] = "A12345678"
        self[.priName] = "DOE,JANE"
        self[.priDob] = dob
        self[.stpOriCntyName] = "LOS ANGELES"
    }

    subscript(_ column: DOJColumn) -> String {
        get { fields[column.rawValue] }
        set { fields[column.rawValue] = newValue }
    }

    /// A court-action conviction row.
    static func conviction(
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
    var line: String {
        fields.map { field in
            let needsQuotes =
                field.contains(",") || field.contains("\"") || field.contains("\n") || field.hasPrefix(" ")
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}

enum DOJText {
    static let header = DOJColumn.names.joined(separator: ",")

    static func file(_ rows: [DOJRowBuilder], header: Bool = true) -> String {
        ((header ? [Self.header] : []) + rows.map(\.line)).joined(separator: "\n") + "\n"
    }
}

/// Reads DOJ text written to a temporary file.
struct ReadResult {
    var subjects: [SubjectHistory] = []
    var rejected: [RejectedRow] = []
    var summary = DOJReadSummary()
    var restarts = 0
}

func readDOJ(_ text: String, options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    try readDOJ(bytes: Array(text.utf8), options: options)
}

func readDOJ(bytes: [UInt8], options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    let folder = try TemporaryDirectory()
    let path = try folder.write("doj.csv", bytes)
    return try readDOJFile(path, options: options)
}

func readDOJFile(_ path: String, options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    var result = ReadResult()
    result.summary = try DOJResearchFileReader(path: path, options: options).read(
        rejected: { result.rejected.append($0) },
        restart: {
            result.subjects.removeAll()
            result.rejected.removeAll()
            result.restarts += 1
        },
        subject: { result.subjects.append($0) }
    )
    return result
}

/// The problems of a file that fails to read.
func readProblems(_ text: String, options: DOJReadOptions = DOJReadOptions()) throws -> [DOJFileProblem] {
    do {
        _ = try readDOJ(text, options: options)
        return []
    } catch DOJReadError.invalidFile(let problems, _) {
        return problems
    }
}
