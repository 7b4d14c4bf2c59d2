import Deidentified
import Eligibility
import SealCore
import Testing

/// A shifted date from a day number (tests only need relative order).
func day(_ n: Int) -> ShiftedDateValue { .exact(ShiftedDate(dayNumber: n)) }

func charge(
    _ lawCode: String?,
    _ section: String?,
    _ subsections: [String] = [],
    attempt: Bool = false,
    conspiracy: Bool = false
) -> Charge {
    Charge(
        reading: .parsed,
        source: .offenseDescription,
        lawCode: lawCode.map { LawCode(rawValue: $0)! },
        section: section,
        subsections: subsections,
        attempt: attempt,
        conspiracy: conspiracy,
        suspectSection: false
    )
}

func conviction(
    _ charge: Charge,
    date: ShiftedDateValue,
    offense: ShiftedDateValue? = nil,
    cycle: Int? = 101,
    step: Int? = 2,
    cases: [String] = []
) -> DeidentifiedConviction {
    DeidentifiedConviction(
        reference: nil,
        cycle: cycle,
        step: step,
        count: 1,
        date: date,
        offenseDate: offense ?? date,
        charge: charge,
        level: .felony,
        disposition: "CONVICTED",
        county: "LOS ANGELES",
        sentenceParts: [],
        sentenceEnd: SentenceEnd(lower: nil, upper: nil),
        sentenceCompleteAtEvaluation: .yes,
        yearsSinceConviction: nil,
        ageAtConviction: nil,
        ageAtOffense: nil,
        cutoffs: .allNo,
        caseTokens: cases.map { CaseToken(epoch: 1, hex: String(repeating: $0, count: 64)) },
        flags: [],
        prop64Candidate: charge.prop64Section != nil
    )
}

func subject(_ convictions: [DeidentifiedConviction]) -> DeidentifiedSubject {
    DeidentifiedSubject(
        pseudonym: SubjectPseudonym(epoch: 1, hex: String(repeating: "a", count: 64)),
        pseudonymBasis: .cii,
        gender: "M",
        race: "OTHER",
        birthday18: .unknown,
        birthday21: .unknown,
        ageAtEvaluation: nil,
        deceased: false,
        deathDate: nil,
        registrations: [],
        convictions: convictions,
        flags: []
    )
}

@Suite("Eligibility: three-valued logic")
struct LogicTests {
    @Test("Kleene's tables: unknown never decides unless the other side does")
    func tables() {
        let all: [ThreeValued] = [.yes, .no, .unknown]
        for a in all {
            for b in all {
                let and = a && b
                let or = a || b
                if a == .no || b == .no {
                    #expect(and == .no)
                } else if a == .yes && b == .yes {
                    #expect(and == .yes)
                } else {
                    #expect(and == .unknown)
                }
                if a == .yes || b == .yes {
                    #expect(or == .yes)
                } else if a == .no && b == .no {
                    #expect(or == .no)
                } else {
                    #expect(or == .unknown)
                }
            }
        }
        #expect(!ThreeValued.unknown == .unknown)
        #expect(ThreeValued.any([ThreeValued.no, .unknown], { $0 }) == .unknown)
        #expect(ThreeValued.any([ThreeValued.no, .unknown, .yes], { $0 }) == .yes)
        #expect(ThreeValued.any([ThreeValued](), { $0 }) == .no)
    }

    @Test("completed years: at least N is inclusive of the anniversary, more than N is not")
    func years() {
        let onAnniversary = CompletedYears(low: 10, high: 10, onAnniversary: .yes)
        let dayAfter = CompletedYears(low: 10, high: 10, onAnniversary: .no)
        let partial = CompletedYears(low: 9, high: 10, onAnniversary: .unknown)
        #expect(onAnniversary.atLeast(10) == .yes)
        #expect(onAnniversary.moreThan(10) == .no)
        #expect(dayAfter.moreThan(10) == .yes)
        #expect(dayAfter.moreThan(11) == .no)
        #expect(partial.atLeast(10) == .unknown)
        #expect(partial.atLeast(9) == .yes)
        #expect(partial.moreThan(10) == .unknown)  // ten years and some days is possible
        #expect(partial.moreThan(11) == .no)
        #expect(partial.moreThan(9) == .unknown)
        #expect(CompletedYears(low: 10, high: 10, onAnniversary: .unknown).moreThan(10) == .unknown)
    }

    @Test("date order over ranges: yes or no only when every value agrees")
    func order() {
        #expect(day(1).isBefore(day(2)) == .yes)
        #expect(day(2).isBefore(day(2)) == .no)
        let range = ShiftedDateValue.range(ShiftedDate(dayNumber: 10), ShiftedDate(dayNumber: 20))
        #expect(range.isBefore(day(21)) == .yes)
        #expect(range.isBefore(day(15)) == .unknown)
        #expect(range.isBefore(day(10)) == .no)
        #expect(ShiftedDateValue.unknown.isBefore(day(1)) == .unknown)
        #expect(day(5).isWithin(from: day(5), before: day(6)) == .yes)
        #expect(day(6).isWithin(from: day(5), before: day(6)) == .no)
    }
}

@Suite("Eligibility: exclusion lists")
struct SectionTests {
    @Test("superstrikes match parsed sections and subsections; homicide attempts count, others do not")
    func superstrikes() {
        #expect(ExclusionLists.isSuperstrike(charge("PC", "187", ["A"])) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "187", [], attempt: true)) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "190.2")) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "245", ["D", "3"])) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "245", ["A", "1"])) == .no)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "286", ["C", "1", "B"])) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "286", ["B"])) == .no)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "288A")) == .yes)
        #expect(ExclusionLists.isSuperstrike(charge("PC", "261", ["A", "2"], attempt: true)) == .no)
        // gogen's substring bug: 137 and 237 contain "37 PC"; SealKit matches the section.
        #expect(ExclusionLists.isSuperstrike(charge("PC", "237")) == .no)
        #expect(ExclusionLists.isSuperstrike(charge("VC", "187")) == .no)
        #expect(ExclusionLists.isSuperstrike(charge(nil, "187")) == .unknown)
        #expect(ExclusionLists.isSuperstrike(charge("MV", "1672", ["A"])) == .yes)
    }

    @Test("PC 290(c) registrable offenses")
    func registrable() {
        #expect(ExclusionLists.isRegistrable(charge("PC", "647.6", ["A"])) == .yes)
        #expect(ExclusionLists.isRegistrable(charge("PC", "314", ["1"])) == .yes)
        #expect(ExclusionLists.isRegistrable(charge("PC", "314", ["3"])) == .no)
        #expect(ExclusionLists.isRegistrable(charge("PC", "311.2", ["A"])) == .no)
        #expect(ExclusionLists.isRegistrable(charge("HS", "11359")) == .no)
    }
}

@Suite("Eligibility: priors")
struct PriorTests {
    @Test("same court case: same court event, or same cycle and a shared case number; else unknown or no")
    func sameCase() {
        let a = conviction(charge("HS", "11359"), date: day(100), cycle: 101, step: 2, cases: ["1"])
        #expect(Priors.sameCase(a, conviction(charge("PC", "187"), date: day(100), cycle: 101, step: 2)) == .yes)
        #expect(
            Priors.sameCase(a, conviction(charge("PC", "187"), date: day(90), cycle: 101, step: 3, cases: ["1"]))
                == .yes
        )
        #expect(
            Priors.sameCase(a, conviction(charge("PC", "187"), date: day(90), cycle: 101, step: 3, cases: ["2"])) == .no
        )
        #expect(Priors.sameCase(a, conviction(charge("PC", "187"), date: day(90), cycle: 101, step: 3)) == .unknown)
        #expect(
            Priors.sameCase(a, conviction(charge("PC", "187"), date: day(90), cycle: 102, step: 2, cases: ["1"])) == .no
        )
    }

    @Test("a prior is earlier and in another case; one dated after the offense proxy is unclear (Smit)")
    func find() {
        let prop64 = conviction(charge("HS", "11359"), date: day(1000), offense: day(900), cycle: 103)
        func superstrike(_ c: DeidentifiedConviction) -> ThreeValued { ExclusionLists.isSuperstrike(c.charge) }
        let clear = subject([conviction(charge("PC", "187"), date: day(100), cycle: 101, cases: ["1"]), prop64])
        #expect(Priors.find(in: clear, before: 1, code: .priorSuperstrike, matches: superstrike).answer == .yes)
        let later = subject([conviction(charge("PC", "187"), date: day(2000), cycle: 104, cases: ["1"]), prop64])
        #expect(Priors.find(in: later, before: 1, code: .priorSuperstrike, matches: superstrike).answer == .no)
        let sameDay = subject([conviction(charge("PC", "187"), date: day(1000), cycle: 104, cases: ["1"]), prop64])
        #expect(Priors.find(in: sameDay, before: 1, code: .priorSuperstrike, matches: superstrike).answer == .no)
        let between = subject([conviction(charge("PC", "187"), date: day(950), cycle: 102, cases: ["1"]), prop64])
        let unclear = Priors.find(in: between, before: 1, code: .priorSuperstrike, matches: superstrike)
        #expect(unclear.answer == .unknown && unclear.code == .priorTimingUnclear)
        let undated = subject([conviction(charge("PC", "187"), date: .unknown, cycle: 102, cases: ["1"]), prop64])
        let unknown = Priors.find(in: undated, before: 1, code: .priorSuperstrike, matches: superstrike)
        #expect(unknown.answer == .unknown && unknown.code == .priorDateUnknown)
    }
}
