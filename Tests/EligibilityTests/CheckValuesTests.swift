import Deidentified
import Foundation
import SealCore
import Testing

@testable import Eligibility

/// A check's values are written two ways from one definition: as a String (`text`) and straight
/// into a decision line's JSON. Both must give the explanation text the decision files have always
/// carried.
@Suite("Check values: one text, as a String and written into JSON")
struct CheckValuesTests {
    static let cases: [(CheckValues, String)] = [
        (.none, ""),
        (.level(.felony), "level felony"),
        (.level(nil), "level unknown"),
        (.section("11357", list: ["11357", "11360"]), "section 11357; list [11357, 11360]"),
        (.section(nil, list: []), "section unknown; list []"),
        (.subsection("11357", subsections: ["A", "1"], attempt: true), "section 11357(A)(1), attempt"),
        (.subsection(nil, subsections: [], attempt: false), "section unknown"),
        (
            .years(CompletedYears(low: 4, high: 5, onAnniversary: .unknown), threshold: 10),
            "completed years 4–5 (on anniversary: unknown); threshold 10"
        ),
        (
            .years(CompletedYears(low: 10, high: 10, onAnniversary: .yes), threshold: 10),
            "completed years 10 (on anniversary: yes); threshold 10"
        ),
        (.years(nil, threshold: 7), "years unknown; threshold 7"),
        (.flags([]), "none"),
        (.flags([.dateImprecise, .levelUnknown]), "dateImprecise, levelUnknown"),
        (.priors(certain: 2, possible: 1, threshold: 2), "priors 2 certain, 1 possible; threshold 2"),
        (.finding(code: nil), "none found"),
        (.finding(code: .priorTimingUnclear), "priorTimingUnclear"),
        (.remedies(floor: .misdemeanor, ceiling: nil), "floor misdemeanor; ceiling unknown"),
        (.sentence(.no), "sentence complete: no"),
        (.band("50+"), "age band 50+"),
        (.convictions(matching: 3, total: -4), "3 of -4 convictions"),
    ]

    @Test("the String text of every kind of value")
    func text() {
        for (values, expected) in Self.cases {
            #expect(values.text == expected)
            #expect(values.hasText == !expected.isEmpty, "\(expected)")
        }
    }

    @Test("written into JSON: the same bytes as the text written as one string, escapes included")
    func json() throws {
        for (values, expected) in Self.cases {
            var direct = JSONOutput()
            direct.beginArray()
            direct.beginString()
            values.write(to: &direct)
            direct.endString()
            direct.string("after")
            direct.endArray()
            var reference = JSONOutput()
            reference.beginArray()
            reference.string(expected)
            reference.string("after")
            reference.endArray()
            #expect(direct.bytes == reference.bytes, "\(expected)")
            let decoded = try JSONSerialization.jsonObject(with: Data(direct.bytes)) as? [String]
            #expect(decoded == [expected, "after"])
        }
    }
}

@Suite("Decision CSV fields")
struct CSVLineTests {
    @Test("references with one- and many-digit epochs, plain and quoted fields, in order")
    func fields() {
        var line = CSVLine(bytes: Array("x\n".utf8))
        line.reference(SubjectPseudonym(epoch: 1, hex: String(repeating: "a", count: 64)))
        line.reference(CountReference(epoch: 1_203, hex: String(repeating: "0", count: 64)))
        line.field("plain")
        line.field("a, \"quoted\" one")
        line.field(String(repeating: "é", count: 3))
        let expected =
            "x\ns1.e1." + String(repeating: "a", count: 64) + ",c1.e1203." + String(repeating: "0", count: 64)
            + ",plain,\"a, \"\"quoted\"\" one\",ééé"
        #expect(String(decoding: line.bytes, as: UTF8.self) == expected)
    }

    @Test("a field a spreadsheet would run as a formula is quoted with a ' first (CSV injection); others as they are")
    func formulas() {
        var line = CSVLine(bytes: [])
        for text in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "11357", ""] {
            line.field(text)
        }
        let expected =
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",a=b,11357,"
        #expect(String(decoding: line.bytes, as: UTF8.self) == expected)
    }
}
