import Deidentified
import SealCore

/// The los-angeles-2020 profile: gogen_pilots' LOS ANGELES flow L1–L13 (prop64-rules.md B.2) with
/// SealKit's corrections.
struct LosAngelesProfile: Profile {
    static let authority = "Los Angeles District Attorney, 2020 motion (gogen_pilots LOS ANGELES flow)"
    let parameters: LosAngelesParameters
    let texts: GogenTexts

    func reference(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        ReferenceFlows.losAngeles(facts, index, parameters, texts)
    }

    func decide(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        var guards = Guards.universal(facts, index, &flow)
        let conviction = facts[index]
        flow.record(.conspiracy, ThreeValued(conviction.conspiracy))
        if conviction.conspiracy { guards.append(.conspiracyPC182) }
        let authority = Self.authority
        if !guards.isEmpty {
            // A misdemeanor or infraction goes to the City Attorneys whatever else holds it: the
            // referral stays the primary code, the guards follow (the report counts referrals by it).
            if let level = conviction.level, level != .felony { guards.insert(.cityAttorneyReview, at: 0) }
            return .review(guards, authority: authority)
        }
        let subject = facts.subject
        func outcome(_ decision: Decision, _ label: String, _ reason: String, _ code: ReasonCode) -> Outcome {
            Outcome(decision: decision, label: label, reason: reason, codes: [code], authority: authority)
        }
        func dismiss(_ reason: String, _ code: ReasonCode) -> Outcome {
            outcome(.dismissAndSeal, GogenTexts.dismissal, reason, code)
        }

        let notFelony: ThreeValued = conviction.level.map { ThreeValued($0 != .felony) } ?? .unknown
        if let result = flow.step(
            .l1,
            notFelony,
            .level(conviction.level),
            unknownCode: .levelUnknown,
            authority: authority,
            decide: {
                outcome(.needsReview, GogenTexts.cityAttorneys, "Misdemeanor or Infraction", .cityAttorneyReview)
            }
        ) {
            return result
        }

        let after = conviction.convictionAUMA
        flow.record(.l2, after)
        if after == .unknown { return .review([SubjectFacts.dateCode(conviction.date)], authority: authority) }
        if after == .yes {
            let offense = conviction.offenseAUMA
            flow.record(.l2offense, offense)
            if offense == .yes {
                return outcome(.notEligible, GogenTexts.notEligible, "Occurred after 11/09/2016", .postAUMA)
            }
            return .review([.offenseBeforeAUMA], authority: authority)
        }

        let is11357 = conviction.section == .hs11357
        let ab =
            is11357 && !conviction.attempt
            && (conviction.firstSubsection(is: "A") || conviction.firstSubsection(is: "B"))
        // The two fields, not the whole charge (whose copy retains every string it holds).
        let (section, subsections) = facts.read(index) { ($0.charge.section, $0.charge.subsections) }
        if let result = flow.known(
            .l3,
            ab,
            .subsection(section, subsections: subsections, attempt: conviction.attempt),
            decide: { dismiss("11357(a) or 11357(b)", .section11357AB) }
        ) {
            return result
        }
        if let result = flow.known(
            .l3b,
            is11357,
            decide: { outcome(.needsReview, GogenTexts.handReview, "Other 11357", .other11357) }
        ) {
            return result
        }

        let superstrike = facts.priorSuperstrike(index)
        flow.record(.l4, superstrike.answer, .finding(code: superstrike.code))
        if superstrike.answer == .yes {
            return outcome(.notEligible, GogenTexts.notEligible, "PC 667(e)(2)(c)(iv)", .priorSuperstrike)
        }
        if superstrike.answer == .unknown {
            return .review([superstrike.code ?? .priorDateUnknown], authority: authority)
        }

        let registrable = facts.priorRegistrable(index)
        let pc290 = registrable.answer || facts.registrationBefore(index)
        flow.record(.l5, pc290, .finding(code: registrable.code))
        if pc290 == .yes { return outcome(.notEligible, GogenTexts.notEligible, "PC 290", .priorPC290) }
        if pc290 == .unknown { return .review([registrable.code ?? .dateImprecise], authority: authority) }
        let unmatched = facts.registrationAfter(index) && !facts.anyRegistrable
        flow.record(.l5registration, unmatched)
        if unmatched != .no { return .review([.pc290RegistrationUnmatched], authority: authority) }

        let without = facts.samePriors(index, attempts: false)
        let two = Guards.atLeastTwo(without)
        flow.record(.l6, two, .priors(certain: without.certain, possible: without.possible, threshold: 2))
        if two == .yes { return outcome(.notEligible, GogenTexts.notEligible, "Two priors", .twoPriors) }
        if two == .unknown { return .review([without.code ?? .priorDateUnknown], authority: authority) }
        if Guards.atLeastTwo(facts.samePriors(index, attempts: true)) != .no {
            return .review([.attempt], authority: authority)
        }

        let age = parameters.individualAge
        if let result = flow.step(
            .l7,
            subject.ageAtEvaluation?.atLeast(age) ?? .unknown,
            .years(subject.ageAtEvaluation, threshold: age),
            unknownCode: facts.ageCode,
            authority: authority,
            decide: { dismiss(texts.laAge, .ageThreshold) }
        ) {
            return result
        }

        let young: ThreeValued
        let youngCode: ReasonCode
        switch parameters.under21Basis {
        case .atEvaluation:
            young = subject.ageAtEvaluation.map { !$0.moreThan(21) } ?? .unknown
            youngCode = facts.ageCode
        case .atConviction:
            young = conviction.date.isBefore(facts.birthday21)
            youngCode = !facts.birthday21.known ? .dobUnknown : .dateImprecise
        }
        if let result = flow.step(
            .l8,
            young,
            .years(subject.ageAtEvaluation, threshold: 21),
            unknownCode: youngCode,
            authority: authority,
            decide: { dismiss("21 years or younger", .under21) }
        ) {
            return result
        }

        let onlyAndComplete = facts.every { $0.isProp64 && $0.sentenceComplete }
        let only = facts.every(\.isProp64)
        if let result = flow.step(
            .l9,
            onlyAndComplete,
            .sentence(facts.every(\.sentenceComplete)),
            unknownCode: only == .unknown ? .chargesUnknown : .sentenceEndUncertain,
            authority: authority,
            decide: { dismiss("Only has 11357-60 charges and completed sentence", .onlyProp64SentenceComplete) }
        ) {
            return result
        }

        let years = parameters.yearsConvictionFree
        let free = facts.every { $0.yearsSinceConviction?.atLeast(years) ?? .unknown }
        if let result = flow.step(
            .l10,
            free,
            .years(GogenProfile.latest(facts), threshold: years),
            unknownCode: .dateImprecise,
            authority: authority,
            decide: { dismiss(texts.laFree, .convictionFree) }
        ) {
            return result
        }

        let serving = facts.some { !$0.sentenceComplete }
        if let result = flow.step(
            .l11,
            serving,
            unknownCode: .sentenceEndUncertain,
            authority: authority,
            decide: { outcome(.needsReview, GogenTexts.handReview, "Currently serving sentence", .currentlyServing) }
        ) {
            return result
        }

        if let result = flow.known(
            .l12,
            subject.deceased,
            decide: { dismiss("Deceased", .deceased) }
        ) {
            return result
        }
        return outcome(
            .needsReview,
            GogenTexts.handReview,
            "No applicable eligibility criteria",
            .noApplicableCriteria
        )
    }
}
