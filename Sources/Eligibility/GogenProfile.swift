import Deidentified
import SealCore

/// The gogen profile: gogen's configurable flow G1–G10 (prop64-rules.md A.4) with SealKit's guards
/// (A.8), on reader facts.
struct GogenProfile: Profile {
    static let authority = "County policy under HS 11361.9 (gogen eligibility options)"
    let options: GogenOptions
    let texts: GogenTexts

    func reference(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        ReferenceFlows.gogen(facts, index, options, texts)
    }

    func decide(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        let guards = Guards.gogen(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: Self.authority) }
        let subject = facts.subject
        let conviction = facts[index]
        let section = conviction.section?.text
        let authority = Self.authority
        let dateCode = SubjectFacts.dateCode(conviction.date)
        func dismiss(_ reason: String, _ code: ReasonCode) -> Outcome {
            Outcome(
                decision: .dismissAndSeal,
                label: GogenTexts.dismissal,
                reason: reason,
                codes: [code],
                authority: authority
            )
        }

        let notFelony: ThreeValued = conviction.level.map { ThreeValued($0 != .felony) } ?? .unknown
        if let outcome = flow.step(
            .g1,
            notFelony,
            .level(conviction.level),
            unknownCode: .levelUnknown,
            authority: authority,
            decide: { dismiss("Misdemeanor or Infraction", .misdemeanorOrInfraction) }
        ) {
            return outcome
        }

        let dismissed = options.dismiss.first { $0 == section }
        flow.record(.g2, ThreeValued(dismissed != nil), .section(section, list: options.dismiss))
        if let dismissed { return dismiss(texts.dismissReason(dismissed), .dismissListed) }

        if options.subjectUnder21AtConviction {
            let under21 = conviction.date.isBefore(facts.birthday21)
            let code = !facts.birthday21.known ? .dobUnknown : (!conviction.date.known ? dateCode : .dateImprecise)
            if let outcome = flow.step(
                .g3,
                under21,
                .years(conviction.ageAtConviction, threshold: 21),
                unknownCode: code,
                authority: authority,
                decide: { dismiss("21 years or younger", .under21AtConviction) }
            ) {
                return outcome
            }
        }
        if options.subjectAgeThreshold != 0 {
            let threshold = options.subjectAgeThreshold
            let old = subject.ageAtEvaluation?.atLeast(threshold) ?? .unknown
            if let outcome = flow.step(
                .g4,
                old,
                .years(subject.ageAtEvaluation, threshold: threshold),
                unknownCode: facts.ageCode,
                authority: authority,
                decide: { dismiss(texts.age, .ageThreshold) }
            ) {
                return outcome
            }
        }
        if options.yearsSinceConvictionThreshold != 0 {
            let threshold = options.yearsSinceConvictionThreshold
            let long = conviction.yearsSinceConviction?.atLeast(threshold) ?? .unknown
            if let outcome = flow.step(
                .g5,
                long,
                .years(conviction.yearsSinceConviction, threshold: threshold),
                unknownCode: dateCode,
                authority: authority,
                decide: { dismiss(texts.yearsAgo, .yearsSinceConviction) }
            ) {
                return outcome
            }
        }
        if options.yearsCrimeFreeThreshold != 0 {
            let threshold = options.yearsCrimeFreeThreshold
            let free = facts.every { $0.yearsSinceConviction?.moreThan(threshold) ?? .unknown }
            let latest = Self.latest(facts)
            if let outcome = flow.step(
                .g6,
                free,
                .years(latest, threshold: threshold),
                unknownCode: .dateImprecise,
                authority: authority,
                decide: { dismiss(texts.crimeFree, .crimeFree) }
            ) {
                return outcome
            }
        }
        if options.subjectHasOnlyProp64Charges {
            let only = facts.every(\.isProp64)
            let count = facts.items.count { $0.section != nil }
            if let outcome = flow.step(
                .g7,
                only,
                .convictions(matching: count, total: facts.count),
                unknownCode: .chargesUnknown,
                authority: authority,
                decide: { dismiss("Only has 11357-60 charges", .onlyProp64) }
            ) {
                return outcome
            }
        }
        if options.subjectIsDeceased {
            if let outcome = flow.known(
                .g8,
                subject.deceased,
                decide: { dismiss("Individual is deceased", .deceased) }
            ) {
                return outcome
            }
        }
        let reduced = options.reduce.first { $0 == section }
        flow.record(.g9, ThreeValued(reduced != nil), .section(section, list: options.reduce))
        if let reduced {
            return Outcome(
                decision: .reduceToMisdemeanor,
                label: GogenTexts.reduction,
                reason: texts.reduceReason(reduced),
                codes: [.reduceListed],
                authority: authority
            )
        }
        flow.record(.g10, .no, .section(section, list: options.dismiss + options.reduce))
        return .review([.sectionNotConfigured], authority: authority)
    }

    /// The completed years since the subject's latest conviction (the least of every conviction's).
    static func latest(_ facts: SubjectFacts) -> CompletedYears? {
        var best: CompletedYears? = nil
        for conviction in facts.items {
            guard let years = conviction.yearsSinceConviction else { return nil }
            if best == nil || years.low < best!.low { best = years }
        }
        return best
    }
}
