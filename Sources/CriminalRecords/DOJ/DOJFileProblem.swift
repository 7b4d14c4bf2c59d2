/// A problem that makes a file unreadable as a DOJ research file, or a row that must be rejected
/// (doj-research-file.md, section 2). Messages name the line and column, never a value.
package struct DOJFileProblem: Hashable, Sendable, CustomStringConvertible {
    package enum Kind: String, Hashable, Sendable, Codable {
        case emptyFile
        case notDOJFile
        case headerMismatch
        case wrongFieldCount
        case csvSyntax
        case invalidEncoding
        case truncatedRecord
        /// A record that has not ended within ``CSVScanner/maximumRecordSize`` bytes: the read stops there.
        case recordTooLong
        case subjectUnknown
        /// The header line again after the first line: two files joined (which would double every
        /// history read on), so the read stops there.
        case repeatedHeader
        case unsortedInput
    }

    package let kind: Kind
    /// The physical line (1-based), when there is one.
    package let line: Int?
    /// The 1-based column: a field number for field problems, a byte column for CSV syntax errors.
    package let column: Int?
    package let message: String

    package init(_ kind: Kind, line: Int?, column: Int?, _ message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
    }

    /// Whether the problem stops the file even when rejected rows are being collected: the file as a
    /// whole is not a research file, or a row's subject cannot be told (so no history can be
    /// marked incomplete).
    package var stopsTheFile: Bool {
        switch kind {
        case .emptyFile, .notDOJFile, .headerMismatch, .truncatedRecord, .recordTooLong, .subjectUnknown,
            .repeatedHeader:
            true
        case .wrongFieldCount, .csvSyntax, .invalidEncoding, .unsortedInput: false
        }
    }

    /// `line: column C: message` (the CLI puts the file name in front).
    package var description: String {
        var text = ""
        if let line { text += "\(line):" }
        if let column { text += " column \(column):" }
        return text.isEmpty ? message : text + " " + message
    }
}

/// A data row the reader rejected (with `--rejects`), with its reason. `raw` holds the row's bytes
/// exactly as in the file: it is identified data and goes only to the rejects file.
package struct RejectedRow: Sendable {
    package let rowIndex: Int
    package let problem: DOJFileProblem
    package let raw: [UInt8]
}
