import Testing

@testable import CriminalRecords

@Suite("Offense cache: the parser's answer, remembered by text")
struct OffenseCacheTests {
    @Test("every look-up (first or repeated, comment-dependent or not, past the table's growth) is the parser's answer")
    func cacheAgreesWithParser() {
        let cache = OffenseCache()
        var texts: [(String, String)] = []
        for number in 0..<3_000 { texts.append(("PC \(number) ", "")) }
        texts += [
            ("HS 11357(A)", ""), ("HS 11357(A)", "HS 11360"), ("", "HS 11359"), ("-", "HS 11358"),
            ("   ", "HS 11360(A)"),
            ("SEE COMMENT FOR CHARGE", "HS 11357(B)"), ("see comment for charge", "HS 11357(B)"),
            ("SEE COMMENT FOR CHARGE", "PC 459"), ("182 PC", "HS 11359"), ("182 PC", "HS 11360"), ("\t11359 HS\t", ""),
        ]
        for _ in 0..<2 {
            for (description, comment) in texts {
                let expected = OffenseParser.parseCharge(
                    offenseDescription: Array(description.utf8),
                    comment: Array(comment.utf8)
                )
                let cached = cache.charge(
                    offenseDescription: ArraySlice(Array(description.utf8)),
                    comment: ArraySlice(Array(comment.utf8))
                )
                #expect(cached == expected, "\(description) / \(comment)")
            }
        }
    }

    @Test("the descriptions whose reading can depend on the comment: blank, a dash, a PC 182 head, SEE COMMENT")
    func commentDependence() {
        let depends = ["", "-", "182", "182 PC", "1820", "SEE COMMENT FOR CHARGE", "see comment", "S"]
        let independent = ["--", "18", "1", "-1", "11357 HS", "281", "PC 182", "x182"]
        for text in depends { #expect(OffenseCache.dependsOnComment(Array(text.utf8)[...]), "\(text)") }
        for text in independent { #expect(!OffenseCache.dependsOnComment(Array(text.utf8)[...]), "\(text)") }
        // A slice that does not start at index 0 (as the builder's fields do).
        let row = Array("xx,182 PC,yy".utf8)
        #expect(OffenseCache.dependsOnComment(row[3..<9]))
        #expect(!OffenseCache.dependsOnComment(row[0..<2]))
    }
}
