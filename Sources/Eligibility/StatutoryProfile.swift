import Deidentified
import SealCore

/// The statute, HS 11361.8 (prop64-rules.md, Part C.3 and the remedy table C.4).
struct StatutoryProfile: Profile {
    static let authority = "HS 11361.8(e)-(h)"

    /// The rows of the remedy table.
    enum StatuteRow {
        case possessionA, possessionB, possessionC, schoolGrounds, cultivation, sale, transportA, transportB
    }

    /// What a row of the table gives: one remedy; least and most relief with the code that says why
    /// they differ (or why none is due); or review.
    enum TableResult {
        case remedy(Remedy)
        case range(floor: Remedy, ceiling: Remedy, code: ReasonCode)
        case review(ReasonCode)
    }

    /// The subsection as the law in force before 2016-11-09 knew it: a row, or the review code.
    static func statuteRow(_ conviction: ConvictionFacts) -> Result<StatuteRow, StatuteReview> {
        let first = conviction.firstSubsection
        switch conviction.section {
        case .hs11357:
            switch first {
            case UInt8(ascii: "A"): return .success(.possessionA)
            case UInt8(ascii: "B"): return .success(.possessionB)
            case UInt8(ascii: "C"): return .success(.possessionC)
            case UInt8(ascii: "D"), UInt8(ascii: "E"): return .success(.schoolGrounds)
            default: return .failure(StatuteReview(.noSubsection))
            }
        case .hs11358:
            return conviction.subsectionCount == 0
                ? .success(.cultivation) : .failure(StatuteReview(.subsectionVersionMismatch))
        case .hs11359:
            return conviction.subsectionCount == 0
                ? .success(.sale) : .failure(StatuteReview(.subsectionVersionMismatch))
        case .hs11360:
            switch first {
            case UInt8(ascii: "A"):
                return conviction.subsectionCount == 1
                    ? .success(.transportA) : .failure(StatuteReview(.subsectionVersionMismatch))
            case UInt8(ascii: "B"): return .success(.transportB)
            default: return .failure(StatuteReview(.noSubsection))
            }
        case nil: return .failure(StatuteReview(.suspectSection))
        }
    }

    struct StatuteReview: Error {
        let code: ReasonCode
        init(_ code: ReasonCode) { self.code = code }
    }

    /// Part C.4 for an adult (`adult`) or an 18–20 year old, with the prior facts Dq and T.
    static func remedyTable(
        _ row: StatuteRow,
        level: Level,
        adult: Bool,
        disqualified: Bool,
        twoPriors: Bool,
        disqualifyingCode: ReasonCode
    ) -> TableResult {
        let felony = level == .felony
        switch row {
        case .possessionA:
            if felony {
                return .range(
                    floor: .misdemeanor,
                    ceiling: adult ? .dismissAndSeal : .infraction,
                    code: .amountUnknown
                )
            }
            return .range(floor: .none, ceiling: adult ? .dismissAndSeal : .infraction, code: .amountUnknown)
        case .possessionB:
            if level == .infraction {
                return adult
                    ? .remedy(.dismissAndSeal)
                    : .range(floor: .none, ceiling: .none, code: .alreadyLesser)
            }
            return adult
                ? .remedy(.dismissAndSeal)
                : .remedy(.infraction)
        case .possessionC:
            return level == .misdemeanor
                ? .range(floor: .none, ceiling: .none, code: .noLesserOffense) : .review(.levelInconsistent)
        case .schoolGrounds:
            return .review(.schoolGrounds)
        case .cultivation, .transportA:
            let code: ReasonCode = row == .cultivation ? .plantCountUnknown : .conductUnknown
            let ceiling: Remedy = adult ? .dismissAndSeal : .infraction
            if felony && !disqualified && !twoPriors {
                return .range(floor: .misdemeanor, ceiling: ceiling, code: code)
            }
            return .range(floor: .none, ceiling: ceiling, code: code)
        case .sale:
            guard felony else { return .range(floor: .none, ceiling: .none, code: .alreadyLesser) }
            if disqualified { return .range(floor: .none, ceiling: .none, code: disqualifyingCode) }
            if twoPriors { return .range(floor: .none, ceiling: .misdemeanor, code: .twoPriorsUnsettled) }
            return .remedy(.misdemeanor)
        case .transportB:
            if level == .infraction {
                return adult
                    ? .range(floor: .none, ceiling: .dismissAndSeal, code: .conductUnknown)
                    : .range(floor: .none, ceiling: .none, code: .alreadyLesser)
            }
            return adult
                ? .range(floor: .infraction, ceiling: .dismissAndSeal, code: .conductUnknown)
                : .remedy(.infraction)
        }
    }

    /// Whether `birthday` falls in (proxy − 365 days, proxy], three-valued over ranges.
    static func inYearBefore(_ birthday: DayRange, _ proxy: DayRange) -> ThreeValued {
        guard birthday.known, proxy.known else { return .unknown }
        let least = proxy.low - birthday.high
        let most = proxy.high - birthday.low
        if least >= 0 && most < 365 { return .yes }
        if most < 0 || least >= 365 { return .no }
        return .unknown
    }

    func decide(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        let authority = Self.authority
        let guards = Guards.universal(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: authority) }
        let conviction = facts[index]
        func notEligible(_ code: ReasonCode, _ basis: String = authority) -> Outcome {
            Outcome(
                decision: .notEligible,
                label: GogenTexts.notEligible,
                reason: ReasonText.notEligible(code),
                codes: [code],
                authority: basis,
                floor: Remedy.none,
                ceiling: Remedy.none
            )
        }

        // 2–3. Conspiracy, attempt.
        flow.record(.c2, ThreeValued(conviction.conspiracy))
        if conviction.conspiracy {
            return notEligible(.conspiracyPC182, "People v. Medina (2018) 24 Cal.App.5th 61")
        }
        flow.record(.c3, ThreeValued(conviction.attempt))
        if conviction.attempt { return .review([.attempt], authority: authority) }

        // 4. Convicted on or after AUMA's effective date.
        let after = conviction.convictionAUMA
        flow.record(.c4, after)
        if after == .unknown { return .review([SubjectFacts.dateCode(conviction.date)], authority: authority) }
        if after == .yes {
            let offense = conviction.offenseAUMA
            flow.record(.c4offense, offense)
            if offense == .yes { return notEligible(.postAUMA, "HS 11361.8 (AUMA in force from 2016-11-09)") }
            return .review([.offenseBeforeAUMA], authority: authority)
        }

        // 5. The subsection in the law of the offense date.
        let row: StatuteRow
        // The two fields, not the whole charge (whose copy retains every string it holds).
        let (section, subsections) = facts.read(index) { ($0.charge.section, $0.charge.subsections) }
        switch Self.statuteRow(conviction) {
        case .success(let found):
            flow.record(.c5, .yes, .subsection(section, subsections: subsections, attempt: false))
            row = found
        case .failure(let review):
            flow.record(.c5, .unknown, .subsection(section, subsections: subsections, attempt: false))
            return .review([review.code], authority: authority, floor: Remedy.none)
        }

        // 6. Age band at the offense.
        flow.record(.c6dob, ThreeValued(facts.birthday18.known))
        if !facts.birthday18.known { return .review([.dobUnknown], authority: authority) }
        let boundary =
            Self.inYearBefore(facts.birthday18, conviction.offenseDate)
            || Self.inYearBefore(facts.birthday21, conviction.offenseDate)
        let ageAtOffense = conviction.ageAtOffense
        flow.record(.c6boundary, boundary, .years(ageAtOffense, threshold: 18))
        if boundary != .no { return .review([.ageBandBoundary], authority: authority) }
        let minor = conviction.offenseDate.isBefore(facts.birthday18)
        let young = conviction.offenseDate.isBefore(facts.birthday21)
        guard minor != .unknown, young != .unknown else {
            flow.record(.c6band, .unknown, .years(ageAtOffense, threshold: 21))
            return .review([.dateImprecise], authority: authority)
        }
        let band = minor == .yes ? "under 18" : (young == .yes ? "18-20" : "21 or over")
        flow.record(.c6band, .yes, .band(band))
        if minor == .yes {
            return .review([.minorAtOffense], authority: authority, floor: .infraction, ceiling: .infraction)
        }
        guard let level = conviction.level else { return .review([.levelUnknown], authority: authority) }

        // 7. Priors, where they change the remedy.
        var disqualified = false
        var twoPriors = false
        var disqualifyingCode = ReasonCode.priorSuperstrike
        if level == .felony && (row == .cultivation || row == .sale || row == .transportA) {
            let superstrike = facts.priorSuperstrike(index)
            flow.record(.c7superstrike, superstrike.answer, .finding(code: superstrike.code))
            let registrable = facts.priorRegistrable(index)
            flow.record(.c7pc290, registrable.answer, .finding(code: registrable.code))
            let dq = superstrike.answer || registrable.answer
            if dq == .unknown {
                return .review([superstrike.code ?? registrable.code ?? .priorDateUnknown], authority: authority)
            }
            if dq == .yes {
                disqualified = true
                disqualifyingCode = superstrike.answer == .yes ? .priorSuperstrike : .priorPC290
            } else {
                let none = !facts.anyRegistrable
                let only = facts.registrationBefore(index) && none
                let unmatched = facts.registrationAfter(index) && none
                flow.record(.c7registration, only || unmatched)
                if only != .no { return .review([.pc290RegistrationOnly], authority: authority) }
                if unmatched != .no { return .review([.pc290RegistrationUnmatched], authority: authority) }
            }
            let priors = facts.samePriors(index, attempts: false)
            let two = Guards.atLeastTwo(priors)
            flow.record(.c7twoPriors, two, .priors(certain: priors.certain, possible: priors.possible, threshold: 2))
            if two == .unknown { return .review([priors.code ?? .priorDateUnknown], authority: authority) }
            twoPriors = two == .yes
        }

        // 8. The remedy table.
        let result = Self.remedyTable(
            row,
            level: level,
            adult: young == .no,
            disqualified: disqualified,
            twoPriors: twoPriors,
            disqualifyingCode: disqualifyingCode
        )
        let floor: Remedy
        let ceiling: Remedy
        /// Why the least and the most relief differ (nil for one remedy).
        let rangeCode: ReasonCode?
        switch result {
        case .review(let reviewCode):
            flow.record(.c8, .unknown, .remedies(floor: nil, ceiling: nil))
            return .review([reviewCode], authority: authority)
        case .remedy(let remedy):
            flow.record(.c8, .yes, .remedies(floor: remedy, ceiling: remedy))
            floor = remedy
            ceiling = remedy
            rangeCode = nil
        case .range(let least, let most, let code):
            flow.record(.c8, ThreeValued(most != Remedy.none), .remedies(floor: least, ceiling: most))
            if most == Remedy.none { return notEligible(code) }
            floor = least
            ceiling = most
            rangeCode = code
        }

        // 9. The sentence of this case.
        let complete = facts.caseSentenceComplete(index)
        flow.record(.c9, complete, .sentence(complete))
        if complete == .no {
            return .review([.currentlyServing], authority: "HS 11361.8(a)-(d)", floor: floor, ceiling: ceiling)
        }
        if complete == .unknown {
            return .review([.sentenceEndUncertain], authority: authority, floor: floor, ceiling: ceiling)
        }

        // 10. One remedy, or review between the least and the most.
        flow.record(.c10, ThreeValued(floor == ceiling), .remedies(floor: floor, ceiling: ceiling))
        if let rangeCode, floor != ceiling {
            return .review([rangeCode], authority: authority, floor: floor, ceiling: ceiling)
        }
        let decision = floor.decision
        let label: String
        let reason: String
        switch decision {
        case .dismissAndSeal:
            label = GogenTexts.dismissal
            reason = "Dismiss and seal: the conduct is no longer a crime"
        case .reduceToInfraction:
            label = "Eligible for Reduction to Infraction"
            reason = "Redesignate as an infraction"
        default:
            label = GogenTexts.reduction
            reason = "Redesignate as a misdemeanor"
        }
        return Outcome(
            decision: decision,
            label: label,
            reason: reason,
            codes: [Self.remedyCode(decision)],
            authority: authority,
            floor: floor,
            ceiling: ceiling
        )
    }

    static func remedyCode(_ decision: Decision) -> ReasonCode {
        switch decision {
        case .dismissAndSeal: .statuteDismiss
        case .reduceToInfraction: .statuteInfraction
        default: .statuteMisdemeanor
        }
    }
}
