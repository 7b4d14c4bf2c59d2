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
}
