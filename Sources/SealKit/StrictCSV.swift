import CriminalRecords
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
        let descriptor = try FileIO.openInput(path)
        defer { close(descriptor) }
        var scanner = CSVScanner(descriptor: descriptor, chunkSize: 1 << 20)
        var record = CSVRecord()
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
            let fields = (0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) }
            if first {
                first = false
                guard fields == columns else {
                    throw SealKitError(
                        .badInputData,
                        "\(path): line \(record.line): not the header of \(what) (the columns must be "
                            + "\(columns.joined(separator: ",")), in that order)"
                    )
                }
                continue
            }
            guard fields.count == columns.count else {
                throw SealKitError(
                    .badInputData,
                    "\(path): line \(record.line): \(fields.count) fields where the header has \(columns.count)"
                )
            }
            try row(fields, record.line)
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
