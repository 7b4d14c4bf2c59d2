import Deidentified

/// What gogen (c3771a0) and gogen_pilots (a9d59d1) output for the raw row, bugs included
/// (prop64-rules.md, Parts A.4, B.2 and E), from the record's gogen view: their substring and
/// exact-text tests, zero dates (a missing or partial date or date of birth is 0001-01-01, earlier
/// than everything), fixed-length units. This is the parity column; it never decides anything.
enum ReferenceFlows {
    static let gogenTool = "gogen"
    static let pilotsTool = "gogen_pilots"

    /// A date as gogen holds it: exact, or the zero date (nil), which is before every real date.
    static func gogenDate(_ value: ShiftedDateValue) -> ShiftedDate? {
        if case .exact(let date) = value { return date }
        return nil
    }

    /// gogen's `a < b` with zero dates.
    static func before(_ a: ShiftedDate?, _ b: ShiftedDate?) -> Bool {
        switch (a, b) {
        case (nil, nil): false
        case (nil, _): true
        case (_, nil): false
        case (let x?, let y?): x < y
        }
    }

    /// gogen's "N completed years by the evaluation date" for a record value: a zero date is always old.
    static func atLeast(_ years: CompletedYears?, _ n: Int, exact: Bool) -> Bool {
        guard exact, let years else { return true }
        return years.atLeast(n) == .yes
    }

    static func outcome(_ tool: String, _ label: String, _ reason: String) -> ReferenceOutcome {
        ReferenceOutcome(tool: tool, label: label, reason: reason)
    }

    /// gogen's configurable flow, G1–G10 (A.4).
    static func gogen(
        _ facts: SubjectFacts,
        _ index: Int,
        _ options: GogenOptions,
        _ texts: GogenTexts
    )
        -> ReferenceOutcome
    {
        let conviction = facts.convictions[index]
        let view = conviction.gogenView
        guard !view.sections.isEmpty else { return ReferenceOutcome(tool: gogenTool, label: nil, reason: nil) }
        let subject = facts.subject
        let dismissal = GogenTexts.dismissal
        if !view.felony { return outcome(gogenTool, dismissal, "Misdemeanor or Infraction") }
        if let section = options.dismiss.first(where: view.sections.contains) {
            return outcome(gogenTool, dismissal, texts.dismissReasons[section] ?? "")
        }
        let date = gogenDate(conviction.date)
        let exactDate = date != nil
        let exactBirth = gogenDate(subject.birthday21) != nil
        if options.subjectUnder21AtConviction {
            // Conviction < DOB + 21 years; a zero DOB puts the 21st birthday in year 22.
            let under21 = exactBirth ? before(date, gogenDate(subject.birthday21)) : !exactDate
            if under21 { return outcome(gogenTool, dismissal, "21 years or younger") }
        }
        if options.subjectAgeThreshold != 0
            && atLeast(subject.ageAtEvaluation, options.subjectAgeThreshold, exact: exactBirth)
        {
            return outcome(gogenTool, dismissal, texts.age)
        }
        if options.yearsSinceConvictionThreshold != 0
            && atLeast(conviction.yearsSinceConviction, options.yearsSinceConvictionThreshold, exact: exactDate)
        {
            return outcome(gogenTool, dismissal, texts.yearsAgo)
        }
        if options.yearsCrimeFreeThreshold != 0 {
            let threshold = options.yearsCrimeFreeThreshold
            let free = facts.all { other in
                guard gogenDate(other.date) != nil, let years = other.yearsSinceConviction else { return true }
                return years.moreThan(threshold) == .yes
            }
            if free { return outcome(gogenTool, dismissal, texts.crimeFree) }
        }
        if options.subjectHasOnlyProp64Charges
            && facts.all({ !$0.gogenView.sections.isEmpty })
        {
            return outcome(gogenTool, dismissal, "Only has 11357-60 charges")
        }
        if options.subjectIsDeceased && subject.deceased {
            return outcome(gogenTool, dismissal, "Individual is deceased")
        }
        if let section = options.reduce.first(where: view.sections.contains) {
            return outcome(gogenTool, GogenTexts.reduction, texts.reduceReasons[section] ?? "")
        }
        return outcome(gogenTool, "", "")
    }

    /// gogen's hypothetical "DISMISS ALL PROP 64" flow (D.2): every row in its scope is dismissed.
    static func dismissAll(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        guard !facts.convictions[index].gogenView.sections.isEmpty else {
            return ReferenceOutcome(tool: gogenTool, label: nil, reason: nil)
        }
        return outcome(gogenTool, GogenTexts.dismissal, "Dismiss all Prop 64 charges")
    }

    /// gogen_pilots' LOS ANGELES flow, L1–L13 (B.2).
    static func losAngeles(
        _ facts: SubjectFacts,
        _ index: Int,
        _ parameters: LosAngelesParameters,
        _ texts: GogenTexts
    ) -> ReferenceOutcome {
        let tool = pilotsTool
        let conviction = facts.convictions[index]
        let view = conviction.gogenView
        guard !view.sections.isEmpty else { return ReferenceOutcome(tool: tool, label: nil, reason: nil) }
        let subject = facts.subject
        let dismissal = GogenTexts.dismissal
        if !view.felony { return outcome(tool, GogenTexts.cityAttorneys, "Misdemeanor or Infraction") }
        let date = gogenDate(conviction.date)
        if date != nil && conviction.cutoff(Cutoff.convictionAUMA) == .yes {
            return outcome(tool, GogenTexts.notEligible, "Occurred after 11/09/2016")
        }
        if view.sections.first == "11357" {
            return view.la11357AB
                ? outcome(tool, dismissal, "11357(a) or 11357(b)") : outcome(tool, GogenTexts.handReview, "Other 11357")
        }
        // L4: a combination superstrike gets the zero date (bug 10); direct ones their own dates.
        var superstrike = false
        if facts.hasCombination {
            superstrike = before(nil, date)
        } else {
            var earliest: ShiftedDate?? = .none
            for other in facts.convictions.indices where facts.directSuperstrike[other] == .yes {
                let candidateDate = gogenDate(facts.convictions[other].date)
                if case .some(let current) = earliest, !before(candidateDate, current) { continue }
                earliest = .some(candidateDate)
            }
            if case .some(let first) = earliest { superstrike = before(first, date) }
        }
        if superstrike { return outcome(tool, GogenTexts.notEligible, "PC 667(e)(2)(c)(iv)") }
        // L5: the earliest PC 290 date over convictions only; a registration alone is the zero date.
        let registrableDates = facts.convictions.indices.filter { facts.registrable[$0] == .yes }
            .map { gogenDate(facts.convictions[$0].date) }
        if !registrableDates.isEmpty || !subject.registrations.isEmpty {
            var earliest: ShiftedDate? = nil
            if let first = registrableDates.first {
                earliest = registrableDates.dropFirst().reduce(first) { before($1, $0) ? $1 : $0 }
            }
            if before(earliest, date) { return outcome(tool, GogenTexts.notEligible, "PC 290") }
        }
        // L6: two earlier Prop 64 convictions with the same code-section prefix.
        let priors = facts.convictions.indices.filter { other in
            let candidate = facts.convictions[other]
            let candidateView = candidate.gogenView
            return other != index && candidateView.sections.first == view.sections.first
                && candidate.charge.attempt == conviction.charge.attempt
                && candidate.charge.conspiracy == conviction.charge.conspiracy
                && before(gogenDate(candidate.date), date)
        }
        if priors.count >= 2 { return outcome(tool, GogenTexts.notEligible, "Two priors") }
        let exactBirth = gogenDate(subject.birthday21) != nil
        if atLeast(subject.ageAtEvaluation, parameters.individualAge, exact: exactBirth) {
            return outcome(tool, dismissal, texts.laAge)
        }
        // L8: (E − DOB) ≤ 21.0 years of 365.25 days (to the day: the calendar test).
        if exactBirth, let age = subject.ageAtEvaluation, age.moreThan(21) != .yes {
            return outcome(tool, dismissal, "21 years or younger")
        }
        let serving = !facts.all { !$0.gogenView.servingAtEvaluation }
        let onlyProp64 = facts.all { !$0.gogenView.sections.isEmpty }
        if onlyProp64 && !serving {
            return outcome(tool, dismissal, "Only has 11357-60 charges and completed sentence")
        }
        let years = parameters.yearsConvictionFree
        let free = facts.all { other in
            atLeast(other.yearsSinceConviction, years, exact: gogenDate(other.date) != nil)
        }
        if free { return outcome(tool, dismissal, texts.laFree) }
        if serving { return outcome(tool, GogenTexts.handReview, "Currently serving sentence") }
        if subject.deceased { return outcome(tool, dismissal, "Deceased") }
        return outcome(tool, GogenTexts.handReview, "No applicable eligibility criteria")
    }
}
