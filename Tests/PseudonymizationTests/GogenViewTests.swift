import Deidentified
import SealCore
import Testing

/// The pseudonymizer carries gogen's view of a row only where it differs from the one the structured
/// facts imply, and decides that without making the implied view.
@Suite("gogen's view: implied by the structured facts or carried")
struct GogenViewTests {
    @Test("isDerived answers as a comparison with the derived view, over every combination of facts")
    func isDerivedMatchesComparison() {
        let sections: [String?] = ["11357", "11358", "11359", "11360", "11357.5", "459", nil]
        let subsections: [[String]] = [[], ["A"], ["B"], ["C"], ["A", "1"], ["B", "2"]]
        let levels: [Level?] = [.felony, .misdemeanor, .infraction, nil]
        let views: [[Prop64Section]] = [
            [], [.hs11357], [.hs11358], [.hs11360], [.hs11357, .hs11360], [.hs11358, .hs11357],
        ]
        var compared = 0
        var derivedCount = 0
        for section in sections {
            for parts in subsections {
                for (attempt, conspiracy) in [(false, false), (true, false), (false, true)] {
                    let charge = Charge(
                        reading: .parsed,
                        source: .offenseDescription,
                        lawCode: .healthAndSafety,
                        section: section,
                        subsections: parts,
                        attempt: attempt,
                        conspiracy: conspiracy,
                        suspectSection: false
                    )
                    for level in levels {
                        for complete in [ThreeValued.yes, .no, .unknown] {
                            let derived = GogenView.derived(
                                charge: charge,
                                level: level,
                                sentenceCompleteAtEvaluation: complete
                            )
                            for viewSections in views {
                                for felony in [false, true] {
                                    for ab in [false, true] {
                                        for serving in [false, true] {
                                            let view = GogenView(
                                                sections: viewSections,
                                                felony: felony,
                                                la11357AB: ab,
                                                servingAtEvaluation: serving,
                                                zeroDate: false
                                            )
                                            let implied = view.isDerived(
                                                charge: charge,
                                                level: level,
                                                sentenceCompleteAtEvaluation: complete
                                            )
                                            #expect(implied == (view == derived))
                                            if implied { derivedCount += 1 }
                                            compared += 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Each combination of facts (7 × 6 × 3 × 4 × 3) implies exactly one of the views tried, except
        // for section 11359, whose implied list (["11359"]) is not among them.
        #expect(compared == 7 * 6 * 3 * 4 * 3 * 6 * 8)
        #expect(derivedCount == (7 - 1) * 6 * 3 * 4 * 3)
        // A view in which gogen's conviction date is its zero date is never the implied one.
        let charge = Charge(
            reading: .parsed,
            source: .offenseDescription,
            lawCode: .healthAndSafety,
            section: "11357",
            subsections: ["A"],
            attempt: false,
            conspiracy: false,
            suspectSection: false
        )
        var zero = GogenView.derived(charge: charge, level: .felony, sentenceCompleteAtEvaluation: .yes)
        #expect(zero.isDerived(charge: charge, level: .felony, sentenceCompleteAtEvaluation: .yes))
        zero.zeroDate = true
        #expect(!zero.isDerived(charge: charge, level: .felony, sentenceCompleteAtEvaluation: .yes))
    }
}
