import Deidentified
package import SealCore

/// The summary figures gogen printed for a run (`gogen.json`, prop64-rules.md Part A.7), computed from
/// the reference outcomes of SealKit's decisions, so that a county can set them beside the summary its
/// 2019–2020 run printed.
///
/// Only the deterministic figures, dated from the evaluation date (gogen's "last 7 years" read the
/// clock): no processing time, no line count (the de-identified file does not know the DOJ file's rows)
/// and no earliest conviction date (one person's date, which the de-identified record holds only
/// shifted). "In county" is the evaluation's county scope. A conviction is in gogen's scope when its
/// reference has a result; gogen's felony test, canonical section and conviction date are its raw
/// readings (``GogenView``). The figures are SealKit's reproduction of the tool, never its own
/// decisions; a conviction gogen would read as Prop 64 that SealKit reads as another section
/// (`11357.5 HS`) has no decision and is not counted.
package struct ReferenceSummary: Sendable {
    /// The reference tool (`gogen` or `gogen_pilots`), nil until a decision with a reference is added.
    package private(set) var tool: String?
    package private(set) var bySection: [String: Int] = [:]
    package private(set) var felonies = 0
    package private(set) var nonFelonies = 0
    package private(set) var subjectsInScope = 0
    package private(set) var subjectsWithSomeRelief = 0
    /// gogen's "relief with current eligibility choices" and "relief with dismiss all Prop 64".
    package private(set) var current = PeopleRelieved()
    package private(set) var dismissAll = PeopleRelieved()
    package private(set) var dismissalsBySection: [String: Int] = [:]
    package private(set) var reductionsBySection: [String: Int] = [:]
    package private(set) var additionalRelief: [String: Int] = [:]

    /// Subjects left with no felony, no conviction, no conviction in the last 7 years.
    package struct PeopleRelieved: Sendable, Equatable {
        package internal(set) var noFelony = 0
        package internal(set) var noConviction = 0
        package internal(set) var noConvictionLast7Years = 0

        mutating func add(_ other: PeopleRelieved) {
            noFelony += other.noFelony
            noConviction += other.noConviction
            noConvictionLast7Years += other.noConvictionLast7Years
        }
    }

    package init() {}

    static let dismissAllPrefix = "Dismiss all HS "
    static let reduceAllPrefix = "Reduce all HS "
    static let sectionSuffix = " convictions"

    mutating func merge(_ other: ReferenceSummary) {
        tool = tool ?? other.tool
        bySection.merge(other.bySection, uniquingKeysWith: +)
        felonies += other.felonies
        nonFelonies += other.nonFelonies
        subjectsInScope += other.subjectsInScope
        subjectsWithSomeRelief += other.subjectsWithSomeRelief
        current.add(other.current)
        dismissAll.add(other.dismissAll)
        dismissalsBySection.merge(other.dismissalsBySection, uniquingKeysWith: +)
        reductionsBySection.merge(other.reductionsBySection, uniquingKeysWith: +)
        additionalRelief.merge(other.additionalRelief, uniquingKeysWith: +)
    }

    mutating func dropEmptyEntries() {
        bySection = bySection.filter { $0.value != 0 }
        dismissalsBySection = dismissalsBySection.filter { $0.value != 0 }
        reductionsBySection = reductionsBySection.filter { $0.value != 0 }
        additionalRelief = additionalRelief.filter { $0.value != 0 }
    }

    /// The section in `reason` when it reads `<prefix><section> convictions`.
    static func section(in reason: String, after prefix: String) -> String? {
        guard reason.hasPrefix(prefix), reason.hasSuffix(sectionSuffix) else { return nil }
        return String(reason.dropFirst(prefix.count).dropLast(sectionSuffix.count))
    }

    /// Adds one subject `weight` times (-1 takes it back), given its decisions indexed by conviction.
    mutating func add(
        _ history: UnsafeBufferPointer<DeidentifiedConviction>,
        _ decisions: [ConvictionDecision],
        weight: Int
    ) {
        // Most subjects under the statute have no reference: nothing is allocated for them.
        guard let first = decisions.first(where: { $0.gogen.label != nil && $0.gogen.tool != "none" }) else { return }
        tool = tool ?? first.gogen.tool
        var outcomes = [ReferenceOutcome?](repeating: nil, count: history.count)
        for decision in decisions where decision.gogen.tool != "none" && decision.gogen.label != nil {
            outcomes[decision.index] = decision.gogen
        }
        subjectsInScope += weight
        var felony = (count: 0, relieved: 0, dismissAll: 0)
        var all = (count: 0, dismissed: 0, dismissAll: 0)
        var recent = (count: 0, dismissed: 0, dismissAll: 0)
        var someRelief = false
        for index in history.indices {
            // The carried view, or what the structured facts imply (without making that view, whose
            // section list is an array of its own).
            let carried = history[index].gogen
            let felonyToTool = carried?.felony ?? (history[index].level == .felony)
            let zeroDate = carried?.zeroDate ?? false
            let outcome = outcomes[index]
            let label = outcome?.label
            let dismissed = label == GogenTexts.dismissal
            let relieved = dismissed || label == GogenTexts.reduction
            let inScope = outcome != nil
            if relieved { someRelief = true }
            if let outcome, let reason = outcome.reason {
                let section = (carried?.sections.first ?? history[index].charge.prop64Section)?.text ?? "unknown"
                bySection[section, default: 0] += weight
                if felonyToTool { felonies += weight } else { nonFelonies += weight }
                if dismissed {
                    if let listed = Self.section(in: reason, after: Self.dismissAllPrefix) {
                        dismissalsBySection[listed, default: 0] += weight
                    } else if reason != "Misdemeanor or Infraction" {
                        additionalRelief[reason, default: 0] += weight
                    }
                } else if label == GogenTexts.reduction,
                    let listed = Self.section(in: reason, after: Self.reduceAllPrefix)
                {
                    reductionsBySection[listed, default: 0] += weight
                }
            }
            if felonyToTool {
                felony.count += 1
                if relieved { felony.relieved += 1 }
                if inScope { felony.dismissAll += 1 }
            }
            all.count += 1
            if dismissed { all.dismissed += 1 }
            if inScope { all.dismissAll += 1 }
            // gogen: the conviction date is after (evaluation date − 7 years); a zero date never is.
            let exact: Bool
            if case .exact = history[index].date, !zeroDate { exact = true } else { exact = false }
            if exact, history[index].yearsSinceConviction?.atLeast(7) == .no {
                recent.count += 1
                if dismissed { recent.dismissed += 1 }
                if inScope { recent.dismissAll += 1 }
            }
        }
        if someRelief { subjectsWithSomeRelief += weight }
        func relieved(_ count: Int, _ with: Int) -> Int { count != 0 && count == with ? weight : 0 }
        current.noFelony += relieved(felony.count, felony.relieved)
        current.noConviction += relieved(all.count, all.dismissed)
        current.noConvictionLast7Years += relieved(recent.count, recent.dismissed)
        dismissAll.noFelony += relieved(felony.count, felony.dismissAll)
        dismissAll.noConviction += relieved(all.count, all.dismissAll)
        dismissAll.noConvictionLast7Years += relieved(recent.count, recent.dismissAll)
    }

    /// The single figures, under gogen's names, each suppressed when 1–10 (nil).
    package func figures() -> [(id: String, value: Int?)] {
        [
            ("subjectsWithProp64ConvictionCountInCounty", subjectsInScope),
            ("subjectsWithSomeReliefCount", subjectsWithSomeRelief),
            ("reliefWithCurrentEligibilityChoices.CountSubjectsNoFelony", current.noFelony),
            ("reliefWithCurrentEligibilityChoices.CountSubjectsNoConviction", current.noConviction),
            ("reliefWithCurrentEligibilityChoices.CountSubjectsNoConvictionLast7Years", current.noConvictionLast7Years),
            ("reliefWithDismissAllProp64.CountSubjectsNoFelony", dismissAll.noFelony),
            ("reliefWithDismissAllProp64.CountSubjectsNoConviction", dismissAll.noConviction),
            ("reliefWithDismissAllProp64.CountSubjectsNoConvictionLast7Years", dismissAll.noConvictionLast7Years),
        ].map { ($0.0, ReportTable.isSmall($0.1) ? nil : $0.1) }
    }

    /// The figures counted by a key, as one-row tables (suppressed like the report's, so that no
    /// suppressed count follows from the others and the total).
    package func tables() -> [ReportTable] {
        func table(_ id: String, _ title: String, _ counts: [String: Int]) -> ReportTable {
            let labels = counts.keys.sorted()
            return ReportTable(
                id: id,
                title: title,
                rowLabels: ["convictions"],
                columnLabels: labels,
                counts: [labels.map { counts[$0] ?? 0 }]
            )
        }
        return [
            table(
                "prop64ConvictionsCountInCountyByCodeSection",
                "Prop 64 convictions in the county, by the tool's section",
                bySection
            ),
            table(
                "prop64ConvictionsCountInCountyByLevel",
                "Prop 64 convictions in the county, by the tool's felony test",
                [
                    "prop64FelonyConvictionsCountInCounty": felonies,
                    "prop64NonFelonyConvictionsCountInCounty": nonFelonies,
                ]
            ),
            table(
                "convictionDismissalCountByCodeSection",
                "Dismissals by a 'dismiss all' section of the options",
                dismissalsBySection
            ),
            table(
                "convictionReductionCountByCodeSection",
                "Reductions by a 'reduce all' section of the options",
                reductionsBySection
            ),
            table(
                "convictionDismissalCountByAdditionalRelief",
                "Dismissals by another reason (not a listed section, not a misdemeanor)",
                additionalRelief
            ),
        ]
    }
}
