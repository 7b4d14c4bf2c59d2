import Deidentified

/// The four flows (prop64-rules.md, Parts A.8, C.3, B.2 and D.2), three-valued: in an ordered flow
/// the first yes decides, and an unknown met first stops with `needsReview` and its code.
extension Evaluator {
    static let gogenAuthority = "County policy under HS 11361.9 (gogen eligibility options)"
    static let statuteAuthority = "HS 11361.8(e)-(h)"
    static let losAngelesAuthority = "Los Angeles District Attorney, 2020 motion (gogen_pilots LOS ANGELES flow)"
    static let dismissAllAuthority = "County policy: dismiss all Prop 64 convictions (HS 11361.9)"

    // MARK: gogen (A.4 with the A.8 guards)

    func gogen(_ facts: SubjectFacts, _ index: Int, _ options: GogenOptions, _ flow: inout Flow) -> Outcome {
        let guards = gogenGuards(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: Self.gogenAuthority) }
        let subject = facts.subject
        let conviction = facts[index]
        let section = conviction.section?.text
        let authority = Self.gogenAuthority
        let dateCode = SubjectFacts.dateCode(conviction.date)
        func dismiss(_ reason: String, _ code: String) -> Outcome {
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
            unknownCode: "levelUnknown",
            authority: authority,
            decide: { dismiss("Misdemeanor or Infraction", "misdemeanorOrInfraction") }
        ) {
            return outcome
        }

        let dismissed = options.dismiss.first { $0 == section }
        flow.record(.g2, ThreeValued(dismissed != nil), .section(section, list: options.dismiss))
        if let dismissed { return dismiss(texts.dismissReason(dismissed), "dismissListed") }

        if options.subjectUnder21AtConviction {
            let under21 = conviction.date.isBefore(facts.birthday21)
            let code = !facts.birthday21.known ? "dobUnknown" : (!conviction.date.known ? dateCode : "dateImprecise")
            if let outcome = flow.step(
                .g3,
                under21,
                .years(conviction.ageAtConviction, threshold: 21),
                unknownCode: code,
                authority: authority,
                decide: { dismiss("21 years or younger", "under21AtConviction") }
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
                decide: { dismiss(texts.age, "ageThreshold") }
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
                decide: { dismiss(texts.yearsAgo, "yearsSinceConviction") }
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
                unknownCode: "dateImprecise",
                authority: authority,
                decide: { dismiss(texts.crimeFree, "crimeFree") }
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
                unknownCode: "chargesUnknown",
                authority: authority,
                decide: { dismiss("Only has 11357-60 charges", "onlyProp64") }
            ) {
                return outcome
            }
        }
        if options.subjectIsDeceased {
            if let outcome = flow.known(
                .g8,
                subject.deceased,
                decide: { dismiss("Individual is deceased", "deceased") }
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
                codes: ["reduceListed"],
                authority: authority
            )
        }
        flow.record(.g10, .no, .section(section, list: options.dismiss + options.reduce))
        return .review(["sectionNotConfigured"], authority: authority)
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

    // MARK: dismiss-all (D.2)

    func dismissAll(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        let guards = gogenGuards(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: Self.dismissAllAuthority) }
        flow.record(.dismissAll, .yes)
        return Outcome(
            decision: .dismissAndSeal,
            label: GogenTexts.dismissal,
            reason: "Dismiss all Prop 64 charges",
            codes: ["dismissAllProp64"],
            authority: Self.dismissAllAuthority
        )
    }

    // MARK: los-angeles-2020 (B.2 with SealKit's corrections)

    func losAngeles(
        _ facts: SubjectFacts,
        _ index: Int,
        _ parameters: LosAngelesParameters,
        _ flow: inout Flow
    ) -> Outcome {
        var guards = universalGuards(facts, index, &flow)
        let conviction = facts[index]
        flow.record(.conspiracy, ThreeValued(conviction.conspiracy))
        if conviction.conspiracy { guards.append("conspiracyPC182") }
        let authority = Self.losAngelesAuthority
        if !guards.isEmpty {
            // A misdemeanor or infraction goes to the City Attorneys whatever else holds it: the
            // referral stays the primary code, the guards follow (the report counts referrals by it).
            if let level = conviction.level, level != .felony { guards.insert("cityAttorneyReview", at: 0) }
            return .review(guards, authority: authority)
        }
        let subject = facts.subject
        func outcome(_ decision: Decision, _ label: String, _ reason: String, _ code: String) -> Outcome {
            Outcome(decision: decision, label: label, reason: reason, codes: [code], authority: authority)
        }
        func dismiss(_ reason: String, _ code: String) -> Outcome {
            outcome(.dismissAndSeal, GogenTexts.dismissal, reason, code)
        }

        let notFelony: ThreeValued = conviction.level.map { ThreeValued($0 != .felony) } ?? .unknown
        if let result = flow.step(
            .l1,
            notFelony,
            .level(conviction.level),
            unknownCode: "levelUnknown",
            authority: authority,
            decide: {
                outcome(.needsReview, GogenTexts.cityAttorneys, "Misdemeanor or Infraction", "cityAttorneyReview")
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
                return outcome(.notEligible, GogenTexts.notEligible, "Occurred after 11/09/2016", "postAUMA")
            }
            return .review(["offenseBeforeAUMA"], authority: authority)
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
            decide: { dismiss("11357(a) or 11357(b)", "section11357AB") }
        ) {
            return result
        }
        if let result = flow.known(
            .l3b,
            is11357,
            decide: { outcome(.needsReview, GogenTexts.handReview, "Other 11357", "other11357") }
        ) {
            return result
        }

        let superstrike = facts.priorSuperstrike(index)
        flow.record(.l4, superstrike.answer, .finding(code: superstrike.code))
        if superstrike.answer == .yes {
            return outcome(.notEligible, GogenTexts.notEligible, "PC 667(e)(2)(c)(iv)", "priorSuperstrike")
        }
        if superstrike.answer == .unknown {
            return .review([superstrike.code ?? "priorDateUnknown"], authority: authority)
        }

        let registrable = facts.priorRegistrable(index)
        let pc290 = registrable.answer || facts.registrationBefore(index)
        flow.record(.l5, pc290, .finding(code: registrable.code))
        if pc290 == .yes { return outcome(.notEligible, GogenTexts.notEligible, "PC 290", "priorPC290") }
        if pc290 == .unknown { return .review([registrable.code ?? "dateImprecise"], authority: authority) }
        let unmatched = facts.registrationAfter(index) && !facts.anyRegistrable
        flow.record(.l5registration, unmatched)
        if unmatched != .no { return .review(["pc290RegistrationUnmatched"], authority: authority) }

        let without = facts.samePriors(index, attempts: false)
        let two = Self.atLeastTwo(without)
        flow.record(.l6, two, .priors(certain: without.certain, possible: without.possible, threshold: 2))
        if two == .yes { return outcome(.notEligible, GogenTexts.notEligible, "Two priors", "twoPriors") }
        if two == .unknown { return .review([without.code ?? "priorDateUnknown"], authority: authority) }
        if Self.atLeastTwo(facts.samePriors(index, attempts: true)) != .no {
            return .review(["attempt"], authority: authority)
        }

        let age = parameters.individualAge
        if let result = flow.step(
            .l7,
            subject.ageAtEvaluation?.atLeast(age) ?? .unknown,
            .years(subject.ageAtEvaluation, threshold: age),
            unknownCode: facts.ageCode,
            authority: authority,
            decide: { dismiss(texts.laAge, "ageThreshold") }
        ) {
            return result
        }

        let young: ThreeValued
        let youngCode: String
        switch parameters.under21Basis {
        case .atEvaluation:
            young = subject.ageAtEvaluation.map { !$0.moreThan(21) } ?? .unknown
            youngCode = facts.ageCode
        case .atConviction:
            young = conviction.date.isBefore(facts.birthday21)
            youngCode = !facts.birthday21.known ? "dobUnknown" : "dateImprecise"
        }
        if let result = flow.step(
            .l8,
            young,
            .years(subject.ageAtEvaluation, threshold: 21),
            unknownCode: youngCode,
            authority: authority,
            decide: { dismiss("21 years or younger", "under21") }
        ) {
            return result
        }

        let onlyAndComplete = facts.every { $0.isProp64 && $0.sentenceComplete }
        let only = facts.every(\.isProp64)
        if let result = flow.step(
            .l9,
            onlyAndComplete,
            .sentence(facts.every(\.sentenceComplete)),
            unknownCode: only == .unknown ? "chargesUnknown" : "sentenceEndUncertain",
            authority: authority,
            decide: { dismiss("Only has 11357-60 charges and completed sentence", "onlyProp64SentenceComplete") }
        ) {
            return result
        }

        let years = parameters.yearsConvictionFree
        let free = facts.every { $0.yearsSinceConviction?.atLeast(years) ?? .unknown }
        if let result = flow.step(
            .l10,
            free,
            .years(Self.latest(facts), threshold: years),
            unknownCode: "dateImprecise",
            authority: authority,
            decide: { dismiss(texts.laFree, "convictionFree") }
        ) {
            return result
        }

        let serving = facts.some { !$0.sentenceComplete }
        if let result = flow.step(
            .l11,
            serving,
            unknownCode: "sentenceEndUncertain",
            authority: authority,
            decide: { outcome(.needsReview, GogenTexts.handReview, "Currently serving sentence", "currentlyServing") }
        ) {
            return result
        }

        if let result = flow.known(
            .l12,
            subject.deceased,
            decide: { dismiss("Deceased", "deceased") }
        ) {
            return result
        }
        return outcome(
            .needsReview,
            GogenTexts.handReview,
            "No applicable eligibility criteria",
            "noApplicableCriteria"
        )
    }
}
