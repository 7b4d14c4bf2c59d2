import Foundation
import TestSupport
import Testing

@testable import CriminalRecords

/// Scans `text` with the given chunk size; returns fields per record, lines, or the first error.
func scan(
    _ bytes: [UInt8],
    chunkSize: Int = 1 << 16,
    maximumRecordSize: Int = CSVScanner.defaultMaximumRecordSize,
    keepRaw: Bool = false
) throws -> (records: [[String]], lines: [Int], errors: [CSVSyntaxError]) {
    let folder = try TemporaryDirectory()
    let path = try folder.write("in.csv", bytes)
    let descriptor = open(path, O_RDONLY)
    defer { close(descriptor) }
    var scanner = CSVScanner(descriptor: descriptor, chunkSize: chunkSize, maximumRecordSize: maximumRecordSize)
    scanner.keepRaw = keepRaw
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

    @Test(
        "a record that has not ended within maximumRecordSize bytes stops the scan at its line, at every buffer size",
        arguments: [64, 100, 256, 4096]
    )
    func recordTooLong(chunkSize: Int) throws {
        let limit = 256
        func text(_ parts: [String]) -> [UInt8] { Array(parts.joined().utf8) }
        let longest = "b," + String(repeating: "c", count: limit - 3) + "\n"  // `limit` bytes with its LF
        let fits = try scan(text(["a\n", longest, "d\n"]), chunkSize: chunkSize, maximumRecordSize: limit)
        #expect(fits.records.map(\.count) == [1, 2, 1] && fits.errors.isEmpty)
        // One byte more: the record (line 2) is refused, and nothing after it is read.
        let over = "b," + String(repeating: "c", count: limit - 2) + "\n"
        let tooLong = try scan(text(["a\n", over, "d\n"]), chunkSize: chunkSize, maximumRecordSize: limit)
        #expect(tooLong.records == [["a"]])
        #expect(tooLong.errors.map(\.kind) == [.recordTooLong] && tooLong.errors.map(\.recordLine) == [2])
        // An unclosed quote in a file without another quote: refused at its record's line, not read
        // to the end of the file (where it would be an unterminated quote).
        let unclosed = text(["a\n", "b,\"c\n", String(repeating: "d,e\n", count: limit)])
        let swallowed = try scan(unclosed, chunkSize: chunkSize, maximumRecordSize: limit)
        #expect(swallowed.records == [["a"]])
        #expect(swallowed.errors.map(\.kind) == [.recordTooLong] && swallowed.errors.map(\.line) == [2])
        #expect(try scan(unclosed, chunkSize: chunkSize).errors.map(\.kind) == [.unterminatedQuote])
        // After a bare quote the rest of the physical line is skipped; with its raw bytes kept (for a
        // rejects file) a line too long to keep stops the scan too.
        let bare = text(["a\n", "b\"c", String(repeating: "d", count: 2 * limit), "\n", "e\n"])
        for keepRaw in [false, true] {
            let result = try scan(bare, chunkSize: chunkSize, maximumRecordSize: limit, keepRaw: keepRaw)
            #expect(result.records == (keepRaw ? [["a"]] : [["a"], ["e"]]))
            #expect(result.errors.map(\.kind) == [keepRaw ? .recordTooLong : .bareQuote])
        }
        let shortBare = try scan(text(["a\n", "b\"c\n", "e\n"]), maximumRecordSize: limit, keepRaw: true)
        #expect(shortBare.records == [["a"], ["e"]] && shortBare.errors.map(\.kind) == [.bareQuote])
    }

    @Test("CRLF and LF mixed; CR before LF dropped inside quotes; empty lines skipped but counted")
    func lineEndings() throws {
        let result = try scan(Array("a,b\r\n\r\n\nc,\"d\r\ne\"\nf,g".utf8))
        #expect(result.records == [["a", "b"], ["c", "d\ne"], ["f", "g"]])
        #expect(result.lines == [1, 4, 6])
    }

    @Test("a CR before the line ending is the last field's data (line endings converted twice)")
    func doubledCarriageReturn() throws {
        let result = try scan(Array("a,b\r\r\n\"q\"\r\r\nc\r\r".utf8))
        #expect(result.records == [["a", "b\r"], ["c\r"]])
        #expect(result.errors.map(\.kind) == [.textAfterQuote])
        #expect(result.errors.map(\.line) == [2])
        #expect(result.errors.map(\.column) == [4])
    }

    @Test("a lone CR after a closing quote is text after the quote, as in Go; at the very end it is dropped")
    func carriageReturnAfterQuote() throws {
        let result = try scan(Array("a,\"b\"\r\"c\"\nd,\"e\"\r".utf8))
        #expect(result.records == [["d", "e"]])
        #expect(result.errors.map(\.kind) == [.textAfterQuote])
        #expect(result.errors.map(\.column) == [6])
        // The same when the file ends inside the next (open) quoted field.
        let open = try scan(Array("\"\"\r\"".utf8))
        #expect(open.records.isEmpty)
        #expect(open.errors.map(\.kind) == [.textAfterQuote])
        #expect(open.errors.map(\.column) == [3])
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
        // A CR that ends the file is dropped first, as Go does: the column is where the text ends.
        let endingInCR = try scan(Array("x\n\"ab\r".utf8))
        #expect(endingInCR.errors.map(\.kind) == [.unterminatedQuote])
        #expect(endingInCR.errors.map(\.line) == [2])
        #expect(endingInCR.errors.map(\.column) == [4])
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

/// What a scanner saw: each record's fields and line, or an error's kind, line and column.
enum ScanEvent: Equatable, CustomStringConvertible {
    case record([String], line: Int)
    case error(String, line: Int, column: Int)

    var description: String {
        switch self {
        case .record(let fields, let line): "record@\(line) \(fields)"
        case .error(let kind, let line, let column): "error@\(line):\(column) \(kind)"
        }
    }
}

/// Calls `next` until it returns nil, collecting records and syntax errors as events.
func collectEvents(_ next: () throws(CSVReadError) -> ([String], Int)?) throws -> [ScanEvent] {
    var result: [ScanEvent] = []
    while true {
        do throws(CSVReadError) {
            guard let (fields, line) = try next() else { break }
            result.append(.record(fields, line: line))
        } catch {
            guard case .syntax(let syntax) = error else { throw error }
            result.append(.error("\(syntax.kind)", line: syntax.line, column: syntax.column))
        }
    }
    return result
}

func events(fast bytes: [UInt8], chunkSize: Int) throws -> [ScanEvent] {
    let folder = try TemporaryDirectory()
    let descriptor = open(try folder.write("in.csv", bytes), O_RDONLY)
    defer { close(descriptor) }
    var scanner = CSVScanner(descriptor: descriptor, chunkSize: chunkSize)
    var record = CSVRecord()
    return try collectEvents { () throws(CSVReadError) in
        guard try scanner.next(into: &record) else { return nil }
        return ((0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) }, record.line)
    }
}

func events(reference bytes: [UInt8]) throws -> [ScanEvent] {
    let folder = try TemporaryDirectory()
    let descriptor = open(try folder.write("in.csv", bytes), O_RDONLY)
    defer { close(descriptor) }
    var scanner = ReferenceCSVScanner(descriptor: descriptor, chunkSize: 1 << 20)
    var record = ReferenceRecord()
    return try collectEvents { () throws(CSVReadError) in
        guard try scanner.next(into: &record) else { return nil }
        return ((0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) }, record.line)
    }
}

@Suite("CSV scanner against the byte-at-a-time reference")
struct CSVDifferentialTests {
    /// Bytes that differ from a special byte (quote, comma, LF, CR) in the high bit only, or are zero
    /// or all ones: a lane-wise equality test must not take them for the special byte.
    static let nearSpecial: [UInt8] = [0xA2, 0xAC, 0x8A, 0x8D, 0x80, 0x00, 0xFF, 0x7F, 0x0B, 0x0C, 0x2D, 0x23]

    /// Random CSV-ish text: mostly well-formed, with stray quotes, CRLF and LF, long fields, and now
    /// and then a byte near a special one (``nearSpecial``).
    static func randomText(_ random: inout SeededRandom) -> [UInt8] {
        func plain(_ random: inout SeededRandom) -> UInt8 {
            random.chance(0.1) ? random.element(nearSpecial) : UInt8(ascii: "a") + UInt8(random.int(0...3))
        }
        var text: [UInt8] = []
        for _ in 0..<random.int(1...40) {
            for field in 0..<random.int(1...8) {
                if field > 0 { text.append(UInt8(ascii: ",")) }
                let length = random.chance(0.05) ? random.int(60...200) : random.int(0...9)
                if random.chance(0.4) {
                    text.append(UInt8(ascii: "\""))
                    for _ in 0..<length {
                        switch random.int(0...20) {
                        case 0: text += [UInt8(ascii: "\""), UInt8(ascii: "\"")]
                        case 1: text.append(0x0A)
                        case 2: text += [0x0D, 0x0A]
                        case 3: text.append(UInt8(ascii: ","))
                        default: text.append(plain(&random))
                        }
                    }
                    text.append(UInt8(ascii: "\""))
                    if random.chance(0.03) { text.append(UInt8(ascii: "x")) }  // text after quote
                } else {
                    for _ in 0..<length {
                        text.append(random.chance(0.01) ? UInt8(ascii: "\"") : plain(&random))
                    }
                }
            }
            switch random.int(0...9) {
            case 0: text += [0x0D, 0x0A]
            case 1: text += [0x0A, 0x0A]
            default: text.append(0x0A)
            }
        }
        if random.chance(0.2) { text.removeLast() }
        if random.chance(0.05) { text += Array("\"open".utf8) }
        return text
    }

    /// Scans `rounds` texts made by `make` with the reference and with the fast scanner at several
    /// chunk sizes (refills inside records, records larger than the buffer); expects the same events
    /// and stops at the first difference.
    static func expectSameAsReference(seed: UInt64, rounds: Int, _ make: (inout SeededRandom) -> [UInt8]) throws {
        var random = SeededRandom(seed: seed)
        for round in 0..<rounds {
            let text = make(&random)
            let expected = try events(reference: text)
            for chunkSize in [64, 100, 1 << 16] {
                let actual = try events(fast: text, chunkSize: chunkSize)
                #expect(
                    actual == expected,
                    "round \(round), chunk \(chunkSize): \(String(decoding: text, as: UTF8.self).debugDescription)"
                )
                if actual != expected { return }
            }
        }
    }

    @Test("400 random inputs: same records, lines and errors, whatever the chunk size")
    func differential() throws {
        try Self.expectSameAsReference(seed: 2026, rounds: 400, Self.randomText)
    }

    /// Random text with special bytes dropped in anywhere: quotes next to delimiters, in the middle
    /// of fields, at the ends of blocks; CRs and LFs inside fields; delimiters inside quotes.
    static func mutatedText(_ random: inout SeededRandom) -> [UInt8] {
        var text = randomText(&random)
        let specials: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "\""), UInt8(ascii: ","), 0x0A, 0x0D]
        for _ in 0..<random.int(1...4) where !text.isEmpty {
            let at = random.int(0...(text.count - 1))
            let byte = random.element(specials)
            if random.chance(0.5) { text[at] = byte } else { text.insert(byte, at: at) }
        }
        return text
    }

    @Test("400 mutated inputs: same records, lines and errors, whatever the chunk size")
    func mutatedDifferential() throws {
        try Self.expectSameAsReference(seed: 1793, rounds: 400, Self.mutatedText)
    }
}

@Suite("CSV block masks and fields across block boundaries")
struct CSVBlockTests {
    /// The masks of a block, byte by byte: the definition both fast forms must meet.
    static func masks(_ block: [UInt8]) -> BlockMasks {
        var masks = BlockMasks(quotes: 0, delimiters: 0, breaks: 0)
        for (index, byte) in block.enumerated() {
            let bit = (1 as UInt64) << UInt64(index)
            if byte == UInt8(ascii: "\"") { masks.quotes |= bit }
            if byte == UInt8(ascii: ",") || byte == 0x0A { masks.delimiters |= bit }
            if byte == 0x0A || byte == 0x0D { masks.breaks |= bit }
        }
        return masks
    }

    @Test("both forms of the block masks (SSE2 where built, portable) agree with the byte-by-byte masks")
    func blockMasks() {
        var random = SeededRandom(seed: 64)
        var blocks: [[UInt8]] = []
        // Every byte value at every position, in an otherwise plain block.
        for value in 0...255 {
            for position in stride(from: value % 7, to: 64, by: 7) {
                var block = [UInt8](repeating: UInt8(ascii: "a"), count: 64)
                block[position] = UInt8(value)
                blocks.append(block)
            }
        }
        // Dense blocks of special and near-special bytes.
        let alphabet: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D] + CSVDifferentialTests.nearSpecial
        for _ in 0..<2_000 {
            blocks.append(
                (0..<64).map { _ in random.chance(0.5) ? random.element(alphabet) : UInt8(random.int(0...255)) }
            )
        }
        var checked = 0
        for block in blocks {
            let expected = Self.masks(block)
            block.withUnsafeBytes { bytes in
                #expect(BlockMasks(portable: bytes.baseAddress!) == expected)
                #expect(BlockMasks(bytes.baseAddress!) == expected)
            }
            checked += 1
        }
        let perValue = (0...255).reduce(0) { $0 + (64 - $1 % 7 + 6) / 7 }  // positions v % 7, +7, ...
        #expect(checked == perValue + 2_000)
    }

    /// Field shapes for ``boundaries()``: plain, simply quoted, quoted with a doubled quote, a comma
    /// or a line break inside, empty, and the errors (a bare quote, text after the closing quote).
    static let shapes = [
        "abc", "", "\"\"", "\"a\"", "\"abc\"", "\"a\"\"b\"", "\"a,b\"", "\"a\nb\"", "\"a\r\nb\"", "a\"b", "\"a\"b",
        String(repeating: "p", count: 70), "\"" + String(repeating: "q", count: 70) + "\"",
    ]

    @Test("every field shape at every alignment to a block boundary, with LF and CRLF endings")
    func boundaries() throws {
        // The shape starts at byte `offset + 1`: 66 offsets put it at every position of the first
        // block, so it crosses the boundary at every alignment (the 70-byte shapes cross two).
        var cases = 0
        for shape in Self.shapes {
            for offset in 0..<66 {
                for ending in ["\n", "\r\n"] {
                    // The shape as the second field, a third after it, a second line after that.
                    let text = Array(
                        (String(repeating: "x", count: offset) + "," + shape + ",z" + ending + "1,2\n").utf8
                    )
                    #expect(
                        try events(fast: text, chunkSize: 1 << 16) == events(reference: text),
                        "shape \(shape.debugDescription) at \(offset + 1), ending \(ending.debugDescription)"
                    )
                    cases += 1
                }
                // The shape as the last field of its line.
                let last = Array((String(repeating: "x", count: offset) + "," + shape + "\n1,2\n").utf8)
                #expect(try events(fast: last, chunkSize: 1 << 16) == events(reference: last))
                cases += 1
            }
        }
        #expect(cases == Self.shapes.count * 66 * 3)
    }

    @Test("records with many fields (the bounds grow inside a block), empty and quoted, at every buffer size")
    func manyFields() throws {
        for count in [64, 65, 127, 128, 129, 200, 1_000, 20_000] {
            // Empty, plain and quoted fields in turn, some of them quoted with a doubled quote, then a
            // short second record.
            let fields = (0..<count).map { index in
                switch index % 4 {
                case 0: ""
                case 1: "f\(index)"
                case 2: "\"q,\(index)\""
                default: index % 7 == 0 ? "\"a\"\"b\"" : "\"\""
                }
            }
            let text = Array((fields.joined(separator: ",") + "\nlast,row\n").utf8)
            let expected = try events(reference: text)
            #expect(expected.count == 2)
            for chunkSize in [64, 100, 1 << 16] {
                #expect(try events(fast: text, chunkSize: chunkSize) == expected, "\(count) fields, chunk \(chunkSize)")
            }
        }
    }
}

@Suite("ByteKey: bytes as a dictionary key")
struct ByteKeyTests {
    @Test("equal bytes are one key, different bytes (a prefix, another length, empty) are others")
    func keys() {
        let texts: [[UInt8]] = [[], [0], [0, 0], Array("11357(A)".utf8), Array("11357(A) ".utf8), Array("11357".utf8)]
        var table: [ByteKey: Int] = [:]
        for (index, bytes) in texts.enumerated() { table[ByteKey(bytes)] = index }
        #expect(table.count == texts.count)
        for (index, bytes) in texts.enumerated() {
            #expect(table[ByteKey(bytes)] == index)
            #expect(table[ByteKey(bytes[...])] == index)
            #expect(ByteKey(bytes).hashValue == ByteKey(Array(bytes)).hashValue)
        }
        #expect(table[ByteKey(Array("11357(B)".utf8))] == nil)
    }
}
