import SealCore
import Testing

/// The vocabulary both zones share: flag kinds and their sets, Prop 64 sections, sentence parts.
@Suite("Shared vocabulary: flag kinds and sets, Prop 64 sections, sentence parts")
struct VocabularyTests {
    @Test("flag kinds are declared in the byte order of their names, and each ordinal is its position")
    func flagOrder() {
        let names = FlagKind.allCases.map { Array($0.rawValue.utf8) }
        #expect(names == names.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(names).count == names.count)
        for (position, kind) in FlagKind.allCases.enumerated() { #expect(kind.ordinal == position, "\(kind)") }
        #expect(FlagKind.allCases.count <= 64)
    }

    @Test("a flag set holds what is inserted, once, and lists it in name order")
    func flagSet() {
        var set = FlagSet()
        #expect(set.isEmpty && set.names.isEmpty)
        for kind in [FlagKind.unknownStepType, .chargeFromComment, .dateInFuture, .chargeFromComment] {
            set.insert(kind)
        }
        #expect(set.count == 3)
        #expect(set.names == ["chargeFromComment", "dateInFuture", "unknownStepType"])
        #expect(set.contains(.dateInFuture) && !set.contains(.dateImprecise))
        #expect(set.intersection([.dateInFuture, .malformedRow]) == [.dateInFuture])
        #expect(set.union([.malformedRow]).count == 4)
        #expect(set.isDisjoint(with: [.malformedRow]) && !set.isDisjoint(with: [.unknownStepType]))
        // Every kind, inserted in reverse, comes back in declaration (name) order.
        let all = FlagSet(FlagKind.allCases.reversed())
        #expect(Array(all) == FlagKind.allCases)
    }

    @Test("the review set is exactly the kinds of review severity")
    func reviewSet() {
        for kind in FlagKind.allCases {
            #expect(FlagSet.review.contains(kind) == (kind.severity == .review), "\(kind)")
        }
    }

    @Test("a Prop 64 section is read from exactly its five digits, whatever the string's storage")
    func prop64Sections() {
        for section in Prop64Section.allCases {
            #expect(Prop64Section(number: section.text) == section)
            // A bridged or non-contiguous string takes the slow path; it must answer the same.
            #expect(Prop64Section(number: String(section.text.reversed().reversed())) == section)
            #expect(section.bit == 1 << UInt8(section.index))
        }
        for text in ["1135", "113577", "11357 ", " 11357", "11361", "21357", "", "11357.5"] {
            #expect(Prop64Section(number: text) == nil, "\(text)")
        }
        #expect(Prop64Section(number: nil) == nil)
        #expect(Prop64Section.allCases.sorted() == [.hs11357, .hs11358, .hs11359, .hs11360])
    }

    @Test("a sentence part is made from its unit and length only when they fit together")
    func sentenceParts() {
        let parts: [SentencePart] = [.days(3), .months(0), .years(10), .none, .unknown]
        for part in parts { #expect(SentencePart(unit: part.unitName, length: part.length) == part) }
        #expect(SentencePart(unit: "D", length: nil) == nil)
        #expect(SentencePart(unit: "none", length: 2) == nil)
        #expect(SentencePart(unit: "W", length: 2) == nil)
    }
}
