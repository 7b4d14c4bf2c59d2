import Deidentified

/// What gogen (c3771a0) and gogen_pilots (a9d59d1) output for the raw row, bugs included
/// (prop64-rules.md, Parts A.4, B.2 and E), from the record's gogen view: their substring and
/// exact-text tests, zero dates (a missing or partial date or date of birth is 0001-01-01, earlier
/// than everything), fixed-length units. This is the parity column; it never decides anything.
enum ReferenceFlows {
    static let gogenTool = "gogen"
    static let pilotsTool = "gogen_pilots"

    /// gogen's "N completed years by the evaluation date" for a record value: a zero date is always old.
    static func atLeast(_ years: CompletedYears?, _ n: Int, exact: Bool) -> Bool {
        guard exact, let years else { return true }
        return years.atLeast(n) == .yes
    }

    static func outcome(_ tool: String, _ label: String, _ reason: String) -> ReferenceOutcome {
        ReferenceOutcome(tool: tool, label: label, reason: reason)
    }

    /// The first section of `list` that gogen's reading of the row contains.
    static func firstListed(_ list: [String], _ conviction: ConvictionFacts) -> String? {
        list.first { section in Prop64Section(section).map { conviction.gogenSections & $0.bit != 0 } ?? false }
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
        let conviction = facts[index]
        guard conviction.gogenSections != 0 else { return ReferenceOutcome(tool: gogenTool, label: nil, reason: nil) }
        let subject = facts.subject
        let dismissal = GogenTexts.dismissal
        if !conviction.gogenFelony { return outcome(gogenTool, dismissal, "Misdemeanor or Infraction") }
        if let section = firstListed(options.dismiss, conviction) {
            return outcome(gogenTool, dismissal, texts.dismissReasons[section] ?? "")
        }
        let exactDate = conviction.date.exact
        let exactBirth = facts.birthday21.exact
        if options.subjectUnder21AtConviction {
            // Conviction < DOB + 21 years; a zero DOB puts the 21st birthday in year 22.
            let under21 = exactBirth ? conviction.date.gogenBefore(facts.birthday21) : !exactDate
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
                guard other.date.exact, let years = other.yearsSinceConviction else { return true }
                return years.moreThan(threshold) == .yes
            }
            if free { return outcome(gogenTool, dismissal, texts.crimeFree) }
        }
        if options.subjectHasOnlyProp64Charges && facts.all({ $0.gogenSections != 0 }) {
            return outcome(gogenTool, dismissal, "Only has 11357-60 charges")
        }
        if options.subjectIsDeceased && subject.deceased {
            return outcome(gogenTool, dismissal, "Individual is deceased")
        }
        if let section = firstListed(options.reduce, conviction) {
            return outcome(gogenTool, GogenTexts.reduction, texts.reduceReasons[section] ?? "")
        }
        return outcome(gogenTool, "", "")
    }

    /// gogen's hypothetical "DISMISS ALL PROP 64" flow (D.2): every row in its scope is dismissed.
    static func dismissAll(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        guard facts[index].gogenSections != 0 else { return ReferenceOutcome(tool: gogenTool, label: nil, reason: nil) }
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
        let conviction = facts[index]
        guard conviction.gogenSections != 0 else { return ReferenceOutcome(tool: tool, label: nil, reason: nil) }
        let subject = facts.subject
        let dismissal = GogenTexts.dismissal
        if !conviction.gogenFelony { return outcome(tool, GogenTexts.cityAttorneys, "Misdemeanor or Infraction") }
        let date = conviction.date
        if date.exact && conviction.convictionAUMA == .yes {
            return outcome(tool, GogenTexts.notEligible, "Occurred after 11/09/2016")
        }
        if conviction.gogenFirst == .hs11357 {
            return conviction.gogenLA11357AB
                ? outcome(tool, dismissal, "11357(a) or 11357(b)") : outcome(tool, GogenTexts.handReview, "Other 11357")
        }
        // L4: a combination superstrike gets the zero date (bug 10); direct ones their own dates.
        var superstrike = false
        if facts.hasCombination {
            superstrike = date.exact
        } else {
            var earliest: DayRange? = nil
            for other in facts.items where other.gogenDirectSuperstrike == .yes {
                if let current = earliest, !other.date.gogenBefore(current) { continue }
                earliest = other.date
            }
            if let first = earliest { superstrike = first.gogenBefore(date) }
        }
        if superstrike { return outcome(tool, GogenTexts.notEligible, "PC 667(e)(2)(c)(iv)") }
        // L5: the earliest PC 290 date over convictions only; a registration alone is the zero date.
        var registrable: DayRange? = nil
        for other in facts.items where other.gogenRegistrable == .yes {
            if let current = registrable, !other.date.gogenBefore(current) { continue }
            registrable = other.date
        }
        if registrable != nil || !facts.registrations.isEmpty {
            // No registrable conviction: the zero date, before every real date.
            let before = registrable.map { $0.gogenBefore(date) } ?? date.exact
            if before { return outcome(tool, GogenTexts.notEligible, "PC 290") }
        }
        // L6: two earlier Prop 64 convictions with the same code-section prefix.
        var priors = 0
        for other in facts.items.indices where other != index {
            let candidate = facts[other]
            if candidate.gogenFirst == conviction.gogenFirst && candidate.attempt == conviction.attempt
                && candidate.conspiracy == conviction.conspiracy && candidate.date.gogenBefore(date)
            {
                priors += 1
            }
        }
        if priors >= 2 { return outcome(tool, GogenTexts.notEligible, "Two priors") }
        let exactBirth = facts.birthday21.exact
        if atLeast(subject.ageAtEvaluation, parameters.individualAge, exact: exactBirth) {
            return outcome(tool, dismissal, texts.laAge)
        }
        // L8: (E − DOB) ≤ 21.0 years of 365.25 days (to the day: the calendar test).
        if exactBirth, let age = subject.ageAtEvaluation, age.moreThan(21) != .yes {
            return outcome(tool, dismissal, "21 years or younger")
        }
        let serving = !facts.all { !$0.gogenServing }
        let onlyProp64 = facts.all { $0.gogenSections != 0 }
        if onlyProp64 && !serving {
            return outcome(tool, dismissal, "Only has 11357-60 charges and completed sentence")
        }
        let years = parameters.yearsConvictionFree
        let free = facts.all { other in atLeast(other.yearsSinceConviction, years, exact: other.date.exact) }
        if free { return outcome(tool, dismissal, texts.laFree) }
        if serving { return outcome(tool, GogenTexts.handReview, "Currently serving sentence") }
        if subject.deceased { return outcome(tool, dismissal, "Deceased") }
        return outcome(tool, GogenTexts.handReview, "No applicable eligibility criteria")
    }
}
