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
        for (i, conviction) in convictions.enumerated() where ExclusionLists.isEnhanceable(conviction.charge) != .no {
            for (j, other) in convictions.enumerated() where j != i {
                let gang = ExclusionLists.isGangEnhancement(other.charge)
                if gang == .no { continue }
                let pair = ExclusionLists.isEnhanceable(conviction.charge) && gang && Priors.sameCase(conviction, other)
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
        let conviction = convictions[index]
        for (other, candidate) in convictions.enumerated() where other != index && superstrike[other] == .yes {
            if conviction.date.isBefore(candidate.date) == .yes && Priors.sameCase(candidate, conviction) == .no {
                return true
            }
        }
        return false
    }

    /// Some PC 290 registration dated strictly before the conviction.
    func registrationBefore(_ index: Int) -> ThreeValued {
        .any(subject.registrations) { $0.isBefore(convictions[index].date) }
    }

    /// Some PC 290 registration dated on or after the conviction.
    func registrationAfter(_ index: Int) -> ThreeValued {
        .any(subject.registrations) { !$0.isBefore(convictions[index].date) }
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
        let conviction = convictions[index]
        var complete = conviction.sentenceCompleteAtEvaluation
        for (other, candidate) in convictions.enumerated() where other != index {
            if Priors.sameCase(candidate, conviction) == .yes {
                complete = complete && candidate.sentenceCompleteAtEvaluation
            }
        }
        return complete
    }

    /// "Every conviction satisfies `test`", three-valued.
    func every(_ test: (DeidentifiedConviction) -> ThreeValued) -> ThreeValued {
        !ThreeValued.any(convictions) { !test($0) }
    }

    /// The code of an unknown answer about the evaluation-date age.
    var ageCode: String { subject.ageAtEvaluation == nil ? "dobUnknown" : "dateImprecise" }

    /// The code of an unknown answer about a conviction's date.
    static func dateCode(_ date: ShiftedDateValue) -> String {
        if case .unknown = date { return "convictionDateUnknown" }
        return "dateImprecise"
    }
}
