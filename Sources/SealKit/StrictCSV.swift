package import CriminalRecords
import Glibc
package import SealCore

/// CSV files SealKit wrote and people filled in (the review list, the court's order), read back
/// strictly: RFC 4180 (CRLF or LF line ends, as a spreadsheet saves them), exactly the header SealKit
/// wrote, and every row with as many fields. Errors name the file, line and column, never a value.
package enum StrictCSV {
    /// Reads the file at `path`, whose header must be `columns` (`what` names the kind of file in
    /// errors), handing each row's fields and line number to `row`.
    package static func read(
        _ path: String,
        columns: [String],
        what: String,
        row: ([String], Int) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        try scan(path, columns: columns, what: what) { (record) throws(SealKitError) in
            try row((0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) }, record.line)
        }
    }

    /// ``read(_:columns:what:row:)`` handing each row as the scanner's record, its fields' bytes read
    /// in place (no string is made for a field the caller does not want).
    package static func scan(
        _ path: String,
        columns: [String],
        what: String,
        record body: (CSVRecord) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        let descriptor = try FileIO.openInput(path)
        defer { close(descriptor) }
        var scanner = CSVScanner(descriptor: descriptor, chunkSize: 1 << 20)
        var record = CSVRecord()
        let header = columns.map { Array($0.utf8) }
        var first = true
        while true {
            let more: Bool
            do {
                more = try scanner.next(into: &record)
            } catch {
                switch error {
                case .syntax(let syntax):
                    throw SealKitError(
                        .badInputData,
                        "\(path): line \(syntax.line), column \(syntax.column): \(syntax.kind.message)"
                    )
                case .io(let code):
                    throw SealKitError(.ioError, "\(path): read failed: \(FileIO.errorText(code))")
                }
            }
            guard more else { break }
            if first {
                first = false
                guard record.fieldCount == header.count,
                    header.indices.allSatisfy({ record.field($0).elementsEqual(header[$0]) })
                else {
                    throw SealKitError(
                        .badInputData,
                        "\(path): line \(record.line): not the header of \(what) (the columns must be "
                            + "\(columns.joined(separator: ",")), in that order)"
                    )
                }
                continue
            }
            guard record.fieldCount == columns.count else {
                throw SealKitError(
                    .badInputData,
                    "\(path): line \(record.line): \(record.fieldCount) fields where the header has \(columns.count)"
                )
            }
            try body(record)
        }
        if first { throw SealKitError(.badInputData, "\(path): empty (not \(what))") }
    }

    /// An error about column `name` of `columns` at `line` of `path`.
    package static func failure(
        _ path: String,
        line: Int,
        columns: [String],
        _ name: String,
        _ problem: String
    ) -> SealKitError {
        let number = (columns.firstIndex(of: name) ?? 0) + 1
        return SealKitError(.badInputData, "\(path): line \(line), column \(number) (\(name)): \(problem)")
    }
}
