import Deidentified

/// Facts about one subject that several convictions' checks share, worked out once per subject:
/// which convictions are superstrikes (alone, or with a gang enhancement in the same case) and PC
/// 290(c) registrable offenses. Priors always use every county's history (section 0).
struct SubjectFacts {
    let subject: DeidentifiedSubject
    /// Per conviction: a superstrike by itself or by combination (Part C.5).
    let superstrike: [ThreeValued]
    /// Per conviction: a direct superstrike (gogen_pilots dates only these).
    let directSuperstrike: [ThreeValued]
    let registrable: [ThreeValued]
    /// Some enhanceable offense and a 186.22(b)(4) enhancement are convictions of one court case.
    let hasCombination: Bool

    init(_ subject: DeidentifiedSubject) {
        self.subject = subject
        let convictions = subject.convictions
        let direct = convictions.map { ExclusionLists.isSuperstrike($0.charge) }
        var combined = direct
        var combination = false
        for i in convictions.indices where ExclusionLists.isEnhanceable(convictions[i].charge) != .no {
            for j in convictions.indices where j != i {
                let gang = ExclusionLists.isGangEnhancement(convictions[j].charge)
                if gang == .no { continue }
                let pair =
                    ExclusionLists.isEnhanceable(convictions[i].charge) && gang
                    && Priors.sameCase(convictions[i], convictions[j])
                if pair == .yes { combination = true }
                combined[i] = combined[i] || pair
                combined[j] = combined[j] || pair
            }
        }
        directSuperstrike = direct
        superstrike = combined
        hasCombination = combination
        registrable = convictions.map { ExclusionLists.isRegistrable($0.charge) }
    }

    var convictions: [DeidentifiedConviction] { subject.convictions }

    // MARK: Priors (C.5)

    func priorSuperstrike(_ index: Int) -> Priors.Finding {
        Priors.find(in: subject, before: index, code: "priorSuperstrike") { superstrike[$0] }
    }

    func priorRegistrable(_ index: Int) -> Priors.Finding {
        Priors.find(in: subject, before: index, code: "priorPC290") { registrable[$0] }
    }

    /// A superstrike conviction after this one (not a prior, not in the same case): an advisory.
    func laterSuperstrike(_ index: Int) -> Bool {
        let convictions = subject.convictions
        for other in convictions.indices where other != index && superstrike[other] == .yes {
            if convictions[index].date.isBefore(convictions[other].date) == .yes
                && Priors.sameCase(convictions[other], convictions[index]) == .no
            {
                return true
            }
        }
        return false
    }

    /// Some PC 290 registration dated strictly before the conviction.
    func registrationBefore(_ index: Int) -> ThreeValued {
        let date = subject.convictions[index].date
        return .any(subject.registrations) { $0.isBefore(date) }
    }

    /// Some PC 290 registration dated on or after the conviction.
    func registrationAfter(_ index: Int) -> ThreeValued {
        let date = subject.convictions[index].date
        return .any(subject.registrations) { !$0.isBefore(date) }
    }

    /// Some registrable conviction anywhere in the history (which a registration can be matched to).
    var anyRegistrable: ThreeValued { .any(registrable) { $0 } }

    /// Prior convictions of the same Prop 64 section: certain and possible counts, and the code of the
    /// first undecidable one. `attempts` says whether attempts of the section count.
    func samePriors(_ index: Int, attempts: Bool) -> (certain: Int, possible: Int, code: String?) {
        let section = convictions[index].charge.prop64Section
        return Priors.count(in: subject, before: index) { candidate in
            guard let section, candidate.charge.prop64Section == section, !candidate.charge.conspiracy else {
                return .no
            }
            if candidate.charge.attempt && !attempts { return .no }
            return .yes
        }
    }

    /// Whether the sentences of this conviction and the other counts of its court case are complete.
    func caseSentenceComplete(_ index: Int) -> ThreeValued {
        let convictions = subject.convictions
        var complete = convictions[index].sentenceCompleteAtEvaluation
        for other in convictions.indices where other != index {
            if Priors.sameCase(convictions[other], convictions[index]) == .yes {
                complete = complete && convictions[other].sentenceCompleteAtEvaluation
            }
        }
        return complete
    }

    /// "Every conviction satisfies `test`", three-valued.
    func every(_ test: (DeidentifiedConviction) -> ThreeValued) -> ThreeValued {
        let convictions = subject.convictions
        var result = ThreeValued.yes
        for index in convictions.indices {
            switch test(convictions[index]) {
            case .no: return .no
            case .unknown: result = .unknown
            case .yes: break
            }
        }
        return result
    }

    /// "Some conviction satisfies `test`", three-valued.
    func some(_ test: (DeidentifiedConviction) -> ThreeValued) -> ThreeValued {
        !every { !test($0) }
    }

    /// Whether every conviction satisfies `test` (two-valued, for the reference flows).
    func all(_ test: (DeidentifiedConviction) -> Bool) -> Bool {
        let convictions = subject.convictions
        for index in convictions.indices where !test(convictions[index]) { return false }
        return true
    }

    /// The code of an unknown answer about the evaluation-date age.
    var ageCode: String { subject.ageAtEvaluation == nil ? "dobUnknown" : "dateImprecise" }

    /// The code of an unknown answer about a conviction's date.
    static func dateCode(_ date: ShiftedDateValue) -> String {
        if case .unknown = date { return "convictionDateUnknown" }
        return "dateImprecise"
    }
}
