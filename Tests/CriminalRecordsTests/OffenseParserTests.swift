import CriminalRecords
import SealCore
import Testing

struct ChargeCase: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: String?  // CodeSection description, nil = unparsed
    var attempt = false
    var conspiracy = false
    var suspect = false
    /// The further sections of a combined charge.
    var others: [String] = []
    var testDescription: String { text }
}

@Suite("Charge parsing (doj-research-file.md 5.5)")
struct OffenseParserTests {
    static let cases: [ChargeCase] = [
        ChargeCase(text: "11357(C)HS-POSSESS MARIJUANA", expected: "HS 11357(C)"),
        ChargeCase(text: "11359HS-INTENT SELL CANNABIS", expected: "HS 11359"),
        ChargeCase(text: "11357(b)HS-POSSESS MARIJUANA", expected: "HS 11357(B)"),
        ChargeCase(text: "11357A HS", expected: "HS 11357(A)"),
        ChargeCase(text: "11357B2 HS", expected: "HS 11357(B)(2)"),
        ChargeCase(text: "11357(A)", expected: "11357(A)"),
        ChargeCase(text: " 148 PC - RESISTING A PEACE OFFICER", expected: "PC 148"),
        ChargeCase(text: "4149 BP - UNLICENSED SALE OF NEEDLES", expected: "BP 4149"),
        ChargeCase(text: "664-11359 HS-ATTEMPT SELL", expected: "HS 11359", attempt: true),
        ChargeCase(text: "664/11357(C) HS", expected: "HS 11357(C)", attempt: true),
        ChargeCase(text: "664.11357(C) HS", expected: "HS 11357(C)", attempt: true),
        ChargeCase(text: "66411357(C) HS", expected: "HS 11357(C)", attempt: true),
        ChargeCase(text: "664 11357 HS", expected: "HS 11357", attempt: true),
        ChargeCase(text: "664-11357(C) HS-ATTEMPT POSSESS", expected: "HS 11357(C)", attempt: true),
        ChargeCase(text: "11359/664 HS", expected: "HS 11359", attempt: true),
        ChargeCase(text: "182/11360(A) HS", expected: "HS 11360(A)", conspiracy: true),
        ChargeCase(text: "182(A)(1)/11359", expected: "11359", conspiracy: true),
        ChargeCase(text: "111357 HS", expected: "HS 111357", suspect: true),
        ChargeCase(text: "11357/11359 HS", expected: "HS 11357", others: ["HS 11359"]),
        ChargeCase(text: "484(A)/490.5 PC", expected: "PC 484(A)", others: ["PC 490.5"]),
        ChargeCase(text: "484(A) PC/11357 HS-THEFT", expected: "PC 484(A)", others: ["HS 11357"]),
        ChargeCase(text: "136.1/186.22(B)(4) PC", expected: "PC 136.1", others: ["PC 186.22(B)(4)"]),
        ChargeCase(text: "664/211/212.5 PC", expected: "PC 211", attempt: true, others: ["PC 212.5"]),
        ChargeCase(text: "11359/11360(A)/664 HS", expected: "HS 11359", attempt: true, others: ["HS 11360(A)"]),
        ChargeCase(text: "1/2/3/4/5 PC", expected: nil),
        ChargeCase(text: "11357 11359 HS", expected: nil),
        ChargeCase(text: "11357//11359 HS", expected: nil),
        ChargeCase(text: "503 VC-TAKE CAR W/OUT OWNERS CONSENT", expected: "VC 503"),
        ChargeCase(text: "220 PC- COMMIT MAYHEM", expected: "PC 220"),
        ChargeCase(text: "314.1 PC-INDECENT EXPOSURE", expected: "PC 314.1"),
        ChargeCase(text: "288A PC-LEWD ACT", expected: "PC 288A"),
        ChargeCase(text: "647(f) pc", expected: "PC 647(F)"),
        ChargeCase(text: "11358 PC", expected: "PC 11358"),
        ChargeCase(text: "664 PC-ATTEMPT", expected: "PC 664"),
        ChargeCase(text: "290 PC-REGISTRATION OF SEX OFFENDER", expected: "PC 290"),
        ChargeCase(text: "VIOLATION OF PROBATION", expected: nil),
    ]

    @Test("every written form of the reference", arguments: cases)
    func parse(_ item: ChargeCase) {
        let offense = OffenseParser.parseCharge(offenseDescription: Array(item.text.utf8), comment: [UInt8]())
        #expect(offense.section?.description == item.expected)
        #expect(offense.attempt == item.attempt)
        #expect(offense.conspiracy == item.conspiracy)
        #expect(offense.suspectSection == item.suspect)
        #expect(offense.otherSections.map(\.description) == item.others)
        if item.expected == nil { #expect(offense.reading == .unparsed) }
    }

    @Test("the description starts after the head, not at the first hyphen")
    func description() {
        let offense = OffenseParser.parseCharge(
            offenseDescription: Array("664-11357(B) HS-ATTEMPT POSSESS".utf8),
            comment: [UInt8]()
        )
        #expect(offense.descriptionText == "ATTEMPT POSSESS")
    }

    @Test("SEE COMMENT FOR CHARGE and a blank description read the comment; the comment text is not kept")
    func commentCharge() {
        for description in ["SEE COMMENT FOR CHARGE", "  see comment for  charge ", ""] {
            let offense = OffenseParser.parseCharge(
                offenseDescription: Array(description.utf8),
                comment: Array("11358 HS-CULTIVATE CANNABIS".utf8)
            )
            #expect(offense.source == .comment)
            #expect(offense.section?.description == "HS 11358")
            #expect(offense.descriptionText == nil)
        }
        let marked = OffenseParser.parseCharge(
            offenseDescription: Array("SEE COMMENT FOR CHARGE".utf8),
            comment: Array("PER COURT CHRG-11359 HS POSSESS FOR SALE".utf8)
        )
        #expect(marked.section?.description == "HS 11359")
        let missing = OffenseParser.parseCharge(offenseDescription: Array("".utf8), comment: Array("".utf8))
        #expect(missing.reading == .missing)
    }

    @Test("a PC 182 head whose comment names a Prop 64 section is a conspiracy with that target")
    func conspiracyFromComment() {
        let offense = OffenseParser.parseCharge(
            offenseDescription: Array("182 PC-CONSPIRACY".utf8),
            comment: Array("11359 HS-POSSESS FOR SALE".utf8)
        )
        #expect(offense.conspiracy)
        #expect(offense.section?.description == "HS 11359")
        #expect(offense.source == .comment)
    }

    @Test("Prop 64 law codes: HS, missing (advisory), other (review)")
    func lawCodes() {
        func code(_ text: String) -> Prop64LawCode? {
            OffenseParser.parseCharge(offenseDescription: Array(text.utf8), comment: [UInt8]()).prop64LawCode
        }
        #expect(code("11357(A) HS") == .healthAndSafety)
        #expect(code("11357(A)") == .missing)
        #expect(code("11357(A)PC") == .mismatch)
        #expect(code("148 PC") == nil)
    }
}

@Suite("A code section's Prop 64 section, read on its bytes")
struct Prop64SectionTests {
    @Test("exactly 11357 to 11360, as the section names' raw values say; nothing near them")
    func sameAsRawValues() {
        var numbers = ["11357", "11358", "11359", "11360", "11356", "11361", "1135", "113570", "011357", "11357 "]
        numbers += [" 11357", "1135A", "", "-1135", "11357.5", "١١٣٥٧", "99999", "00000", "11360\u{0}"]
        for value in 0..<100_000 where value % 7 == 0 || (11_300...11_400).contains(value) {
            numbers.append(String(repeating: "0", count: 5 - String(value).count) + String(value))
        }
        for number in numbers {
            let section = CodeSection(lawCode: nil, number: number)
            #expect(section.prop64Section == Prop64Section(rawValue: number), "\(number)")
        }
    }
}
