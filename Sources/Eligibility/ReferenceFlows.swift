import Deidentified
import SealCore

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

    /// Whether gogen knows the subject's date of birth: SealKit knows it exactly, and the subject's
    /// first row holds it (gogen reads that row alone; a blank or invalid one is its zero date).
    static func birthKnown(_ facts: borrowing SubjectFacts) -> Bool {
        facts.birthday21.exact && !facts.subject.gogen.zeroBirthDate
    }

    /// gogen_pilots' `EarliestSuperstrike` and `EarliestPC290` over the convictions `matching` picks, in
    /// history order, zero dates included: nil is the zero date. Its loop starts from the zero date and
    /// takes the next conviction's date whenever the date it holds is zero, so a zero-dated conviction
    /// is overwritten by the next one (absent), though one met after a real date replaces it (a zero
    /// date is before every real one).
    static func goEarliest(_ facts: borrowing SubjectFacts, _ matching: (ConvictionFacts) -> Bool) -> DayRange? {
        var earliest: DayRange? = nil
        for other in facts.items where matching(other) {
            if let current = earliest, !other.gogenDate.gogenBefore(current) { continue }
            earliest = other.gogenDate.exact ? other.gogenDate : nil
        }
        return earliest
    }

    /// Go's `a.Before(b)` where nil is the zero date.
    static func gogenBefore(_ earliest: DayRange?, _ date: DayRange) -> Bool {
        guard let earliest else { return date.exact }
        return earliest.gogenBefore(date)
    }

    static func outcome(_ tool: String, _ label: String, _ reason: String) -> ReferenceOutcome {
        ReferenceOutcome(tool: tool, label: label, reason: reason)
    }

    /// The first section of `list` that gogen's reading of the row contains.
    static func firstListed(_ list: [String], _ conviction: ConvictionFacts) -> String? {
        list.first { section in Prop64Section(number: section).map { conviction.gogenSections & $0.bit != 0 } ?? false }
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
            return outcome(gogenTool, dismissal, texts.dismissReason(section))
        }
        let exactDate = conviction.gogenDate.exact
        let exactBirth = birthKnown(facts)
        if options.subjectUnder21AtConviction {
            // Conviction < DOB + 21 years; a zero DOB puts the 21st birthday in year 22.
            let under21 = exactBirth ? conviction.gogenDate.gogenBefore(facts.birthday21) : !exactDate
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
                guard other.gogenDate.exact, let years = other.yearsSinceConviction else { return true }
                return years.moreThan(threshold) == .yes
            }
            if free { return outcome(gogenTool, dismissal, texts.crimeFree) }
        }
        if options.subjectHasOnlyProp64Charges && facts.all({ $0.gogenSections != 0 }) {
            return outcome(gogenTool, dismissal, "Only has 11357-60 charges")
        }
        if options.subjectIsDeceased && subject.gogen.deceased {
            return outcome(gogenTool, dismissal, "Individual is deceased")
        }
        if let section = firstListed(options.reduce, conviction) {
            return outcome(gogenTool, GogenTexts.reduction, texts.reduceReason(section))
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
        let date = conviction.gogenDate
        if date.exact && conviction.convictionAUMA == .yes {
            return outcome(tool, GogenTexts.notEligible, "Occurred after 11/09/2016")
        }
        if conviction.gogenFirst == .hs11357 {
            return conviction.gogenLA11357AB
                ? outcome(tool, dismissal, "11357(a) or 11357(b)") : outcome(tool, GogenTexts.handReview, "Other 11357")
        }
        // L4: some superstrike (direct, or a combination in one case), and the earliest direct one
        // (the zero date when there is none: a combination alone, bug 10) before this conviction.
        let direct = facts.items.contains { $0.gogenDirectSuperstrike == .yes }
        if direct || facts.hasCombination {
            let earliest = goEarliest(facts) { $0.gogenDirectSuperstrike == .yes }
            if gogenBefore(earliest, date) { return outcome(tool, GogenTexts.notEligible, "PC 667(e)(2)(c)(iv)") }
        }
        // L5: some registrable conviction or registration, and the earliest registrable conviction
        // (registrations are not convictions: a registration alone is the zero date) before this one.
        let registrable = facts.items.contains { $0.gogenRegistrable == .yes }
        if registrable || subject.gogen.pc290Registration {
            let earliest = goEarliest(facts) { $0.gogenRegistrable == .yes }
            if gogenBefore(earliest, date) { return outcome(tool, GogenTexts.notEligible, "PC 290") }
        }
        // L6: two earlier Prop 64 convictions with the same code-section prefix.
        var priors = 0
        for other in facts.items.indices where other != index {
            let candidate = facts[other]
            if candidate.gogenFirst == conviction.gogenFirst && candidate.attempt == conviction.attempt
                && candidate.conspiracy == conviction.conspiracy && candidate.gogenDate.gogenBefore(date)
            {
                priors += 1
            }
        }
        if priors >= 2 { return outcome(tool, GogenTexts.notEligible, "Two priors") }
        let exactBirth = birthKnown(facts)
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
        let free = facts.all { other in atLeast(other.yearsSinceConviction, years, exact: other.gogenDate.exact) }
        if free { return outcome(tool, dismissal, texts.laFree) }
        if serving { return outcome(tool, GogenTexts.handReview, "Currently serving sentence") }
        if subject.gogen.deceased { return outcome(tool, dismissal, "Deceased") }
        return outcome(tool, GogenTexts.handReview, "No applicable eligibility criteria")
    }
}
