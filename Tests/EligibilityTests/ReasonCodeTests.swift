import SealCore
import Testing

@testable import Eligibility

@Suite("Reason codes: one typed vocabulary, stable names")
struct ReasonCodeTests {
    @Test("every code has its own name, read back by name; a review flag's code has the flag's name")
    func names() {
        let names = ReasonCode.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        for code in ReasonCode.allCases {
            #expect(ReasonCode(name: code.name) == code)
            #expect(code.description == code.name)
            #expect(JSONPath.isKeyName(code.name), "\(code.name)")
        }
        #expect(ReasonCode(name: "noSuchCode") == nil)
        for kind in FlagKind.allCases {
            #expect((ReasonCode(flag: kind)?.name) == (kind.severity == .review ? kind.rawValue : nil), "\(kind)")
        }
    }

    @Test("review and not-eligible lines name their reason; a code without an explanation names itself")
    func texts() {
        #expect(ReasonText.review(.twoPriors) == "Needs review: two or more prior convictions of the same section")
        #expect(ReasonText.notEligible(.postAUMA) == "Not eligible: offense and conviction on or after 2016-11-09")
        #expect(ReasonCode.statuteDismiss.explanation == nil)
        #expect(ReasonText.review(.statuteDismiss) == "Needs review: statuteDismiss")
    }

    @Test("every divergence code is a reason code, an advisory or a flag kind")
    func divergenceCodes() {
        let known = Set(ReasonCode.allCases.map(\.name)).union(Advisory.allCases.map(\.name))
            .union(FlagKind.allCases.map(\.rawValue))
        for code in Divergence.codes { #expect(known.contains(code), "\(code)") }
    }
}
