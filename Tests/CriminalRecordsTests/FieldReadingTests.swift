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
