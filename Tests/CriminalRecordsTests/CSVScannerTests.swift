import CriminalRecords
import Foundation
import TestSupport
import Testing

/// Scans `text` with the given chunk size; returns fields per record, lines, or the first error.
func scan(
    _ bytes: [UInt8],
    chunkSize: Int = 1 << 16
) throws -> (records: [[String]], lines: [Int], errors: [CSVSyntaxError]) {
    let folder = try TemporaryDirectory()
    let path = try folder.write("in.csv", bytes)
    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    var scanner = CSVScanner(descriptor: descriptor, chunkSize: chunkSize)
    var record = CSVRecord()
    var records: [[String]] = []
    var lines: [Int] = []
    var errors: [CSVSyntaxError] = []
    while true {
        do throws(CSVReadError) {
            guard try scanner.next(into: &record) else { break }
            records.append((0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) })
            lines.append(record.line)
        } catch {
            guard case .syntax(let syntax) = error else { throw error }
            errors.append(syntax)
        }
    }
    return (records, lines, errors)
}

@Suite("CSV scanner (Go encoding/csv dialect)")
struct CSVScannerTests {
    @Test("quoting, doubled quotes, commas and line breaks inside quotes")
    func quoting() throws {
        let result = try scan(Array("a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,\"\"\n".utf8))
        #expect(result.records == [["a", "b,c", "say \"hi\""], ["multi\nline", "x", ""]])
        #expect(result.lines == [1, 2])
    }

    @Test("CRLF and LF mixed; CR before LF dropped inside quotes; empty lines skipped but counted")
    func lineEndings() throws {
        let result = try scan(Array("a,b\r\n\r\n\nc,\"d\r\ne\"\nf,g".utf8))
        #expect(result.records == [["a", "b"], ["c", "d\ne"], ["f", "g"]])
        #expect(result.lines == [1, 4, 6])
    }

    @Test("a byte-order mark is removed; field text is kept byte-exact")
    func byteOrderMark() throws {
        let result = try scan([0xEF, 0xBB, 0xBF] + Array(" a , b \n".utf8))
        #expect(result.records == [[" a ", " b "]])
    }

    @Test("a bare quote and text after a closing quote are errors with line and column; scanning goes on")
    func syntaxErrors() throws {
        let result = try scan(Array("ok,1\nab\"c,2\n\"x\"y,3\nfine,4\n".utf8))
        #expect(result.records == [["ok", "1"], ["fine", "4"]])
        #expect(result.errors.map(\.kind) == [.bareQuote, .textAfterQuote])
        #expect(result.errors.map(\.line) == [2, 3])
        #expect(result.errors.map(\.column) == [3, 4])
    }

    @Test("a quote left open at the end is a truncated record")
    func unterminated() throws {
        let result = try scan(Array("a,b\nc,\"unfinished\n".utf8))
        #expect(result.records == [["a", "b"]])
        #expect(result.errors.map(\.kind) == [.unterminatedQuote])
        #expect(result.errors.first?.recordLine == 2)
    }

    @Test("every chunk size gives the same records as one big buffer (refill paths)", arguments: [16, 17, 31, 64, 100])
    func chunkBoundaries(chunkSize: Int) throws {
        var random = SeededRandom(seed: UInt64(chunkSize))
        let alphabet = Array("ab ,\"\n\r1".utf8)
        var text: [UInt8] = []
        var expected: [[String]] = []
        for _ in 0..<300 {
            var fields: [String] = []
            for _ in 0..<random.int(1...6) {
                let field = String(
                    decoding: (0..<random.int(0...12)).map { _ in random.element(alphabet) },
                    as: UTF8.self
                )
                // Go's reader turns CRLF inside quotes into LF and keeps a lone CR; normalise the expectation.
                fields.append(field)
            }
            // Encode with quotes always (then any byte is allowed inside).
            let encoded = fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(
                separator: ","
            )
            text += Array(encoded.utf8) + (random.chance(0.5) ? [0x0D, 0x0A] : [0x0A])
            expected.append(fields.map { $0.replacingOccurrences(of: "\r\n", with: "\n") })
        }
        let big = try scan(text, chunkSize: 1 << 20)
        let small = try scan(text, chunkSize: chunkSize)
        #expect(big.errors.isEmpty)
        #expect(big.records == expected)
        #expect(small.records == big.records)
        #expect(small.lines == big.lines)
    }
}
