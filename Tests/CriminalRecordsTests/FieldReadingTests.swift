import SealCore
import Testing

@testable import CriminalRecords

/// The byte readers the builder uses for fields it only compares or parses must answer as reading the
/// field's text (`SubjectBuilder.text`, trimmed and upper-cased) and comparing that String would.
@Suite("Field readers on bytes agree with the field's text")
struct FieldReadingTests {
    static let fields = [
        "", " ", "-", " - ", "--", "\t", "F", "f", " F ", "\tm\t", "I", "X", "FELONY", "felony", "Felony ",
        " MISDEMEANOR", "INFRACTION", "FELONYX", "FEL ONY", "D", "d", "M", "Y", "y ", "0", "7", "+7", "-7", "007",
        " 42 ", "+", "-0", "1e3", "12a", "٣", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "99999999999999999999", "É", "\u{FF}",
    ]
    static let literals: [StaticString] = ["F", "M", "I", "D", "Y", "FELONY", "MISDEMEANOR", "INFRACTION"]

    @Test("reads, blank and integer answer as text(_:) compared and parsed", arguments: fields)
    func agree(_ field: String) {
        let bytes = ArraySlice(Array(field.utf8))
        let text = SubjectBuilder.text(bytes)
        for literal in Self.literals {
            #expect(SubjectBuilder.reads(bytes, literal) == (text == literal.description), "\(literal)")
        }
        #expect(SubjectBuilder.blank(bytes) == text.isEmpty)
        #expect(SubjectBuilder.integer(bytes) == Int(text))
        #expect((SubjectBuilder.word(bytes).first == UInt8(ascii: "+")) == text.hasPrefix("+"))
    }

    @Test("a case number is kept trimmed; blank, the filler and NULL in any case are none")
    func caseNumbers() {
        let cases: [(String, String?)] = [
            ("", nil), ("  ", nil), ("-", nil), (" - ", nil), ("NULL", nil), ("null", nil), (" NuLl\t", nil),
            ("NULLS", "NULLS"), ("NUL", "NUL"), (" BA123456 ", "BA123456"), ("--", "--"), ("N-LL", "N-LL"),
        ]
        for (field, expected) in cases {
            let value = SubjectBuilder.caseNumber(ArraySlice(Array(field.utf8)))
            #expect(value.map { String(decoding: $0.revealedBytes, as: UTF8.self) } == expected, "\(field)")
        }
    }
}

@Suite("Date memo: a repeated date field is not parsed again, and reads the same")
struct DateMemoTests {
    @Test("any sequence of fields (repeats, neighbours one byte apart, lengths 0 to 10) reads as parseDOJ reads it")
    func sameReading() {
        let texts = [
            "20200101", "20200101", "20200102", "20200100", "20200000", "2020000", "202001011", "", "-", " - ",
            "20201301", "2020010", "20200229", "20210229", " 2020010", "2020-1-1", "00000000", "99991231",
            "\t20200101", "20200101 ", "2020010A",
            // The same packed word as "-" (empty), one byte longer (unparseable): the length tells
            // them apart.
            "-\u{0}",
        ]
        var generator = SystemRandomNumberGenerator()
        var memo = DateMemo()
        for step in 0..<5_000 {
            // Mostly the same field again (as a subject's rows repeat dates), sometimes another.
            let text = step % 3 == 0 ? texts[step % texts.count] : texts.randomElement(using: &generator)!
            // Each field a slice inside a longer row, as the builder reads them.
            let row = Array("x,\(text),y".utf8)
            let field = row[2..<(2 + text.utf8.count)]
            let expected = field.withUnsafeBytes { DateValue.parseDOJ($0) }
            let read = memo.parse(field)
            #expect(String(describing: read) == String(describing: expected), "\(text)")
        }
    }
}

@Suite("Fast byte readers against plain definitions")
struct ByteReaderDefinitionTests {
    @Test("hasSameBytes (SUBJECT_ID, CII, case number) answers as elementsEqual, for slices anywhere in a row")
    func sameBytes() {
        var generator = SystemRandomNumberGenerator()
        let row = (0..<64).map { _ in UInt8.random(in: 0x30...0x33, using: &generator) }
        var compared = 0
        for start in 0..<20 {
            for length in 0..<12 {
                let slice = row[start..<(start + length)]
                let same = Array(slice)
                var changed = same
                if !changed.isEmpty { changed[changed.count - 1] ^= 1 }
                for other in [same, changed, same + [0x30], Array(same.dropFirst()), []] {
                    #expect(slice.hasSameBytes(as: other) == slice.elementsEqual(other))
                    compared += 1
                }
            }
        }
        #expect(compared == 20 * 12 * 5)
    }

    /// CNT_ORDER by its definition: trimmed of spaces and tabs, exactly 12 ASCII digits, in groups of 3.
    static func countOrder(_ text: String) -> [Int]? {
        let bytes = Array(text.utf8).drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        let digits = Array(bytes.reversed())
        guard digits.count == 12, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return stride(from: 0, to: 12, by: 3).map { Int(String(decoding: digits[$0..<($0 + 3)], as: UTF8.self))! }
    }

    @Test("CountOrder: random fields of digits, spaces, tabs and other bytes, contiguous or not")
    func countOrders() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789 \tA+-".utf8)
        var texts = ["117002003000", " 999001002345 ", "\t000000000000\t", "1170020030000", "11700200300", ""]
        for step in 0..<20_000 {
            if step % 4 == 0 {
                // A valid field, padded with spaces and tabs.
                let pad = {
                    String((0..<Int.random(in: 0...2, using: &generator)).map { _ in Bool.random() ? " " : "\t" })
                }
                let digits = String((0..<12).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
                texts.append(pad() + digits + pad())
                continue
            }
            let length = Int.random(in: 10...15, using: &generator)
            let digitsOnly = Bool.random(using: &generator)
            texts.append(
                String(
                    decoding: (0..<length).map { _ in
                        digitsOnly && Int.random(in: 0..<8, using: &generator) > 0
                            ? UInt8.random(in: 0x30...0x39, using: &generator)
                            : alphabet.randomElement(using: &generator)!
                    },
                    as: UTF8.self
                )
            )
        }
        var read = 0
        for text in texts {
            let expected = Self.countOrder(text)
            let bytes = Array(text.utf8)
            for order in [CountOrder(bytes), CountOrder(bytes[...]), CountOrder(bytes.lazy.map { $0 })] {
                #expect(order.map { [$0.cycle, $0.step, $0.count, $0.suffix] } == expected, "\(text)")
            }
            if expected != nil { read += 1 }
        }
        #expect(read >= 5_000, "every fourth field is valid, and some random ones")
    }

    @Test("gogen's first occurrences of 11357–11360: one pass agrees with a search for each")
    func firstOccurrences() {
        var generator = SystemRandomNumberGenerator()
        // Pieces that make whole numbers, near misses and overlaps (1135711358, 111357).
        let pieces = [
            "113", "11", "1", "3", "5", "57", "58", "59", "60", "6", "0", "-", " ", "A", "(", "11357", "11360",
        ]
        let numbers = ["11357", "11358", "11359", "11360"].map { Array($0.utf8) }
        var hits = 0
        for step in 0..<20_000 {
            let count = step < 5 ? step : Int.random(in: 0...10, using: &generator)
            let text = Array((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            // Inside a longer row, as the builder's fields are.
            let row = [UInt8](repeating: 0x2C, count: 3) + text + [0x2C]
            let field = row[3..<(3 + text.count)]
            let found = GogenReading.firstOccurrences(in: field)
            for (index, number) in numbers.enumerated() {
                let expected =
                    text.count < 5 ? nil : (0...(text.count - 5)).first { text[$0..<($0 + 5)].elementsEqual(number) }
                #expect(found.of(Prop64Section.allCases[index]) == expected, "\(String(decoding: text, as: UTF8.self))")
                if expected != nil { hits += 1 }
            }
        }
        #expect(hits > 2_000, "enough sections among the random texts")
    }
}
