package import Deidentified
package import SealCore

/// The county report's figures (what a District Attorney announces), tallied subject by subject.
///
/// Decades are counted back from the evaluation date (0–9 years before it, 10–19, …): a calendar
/// decade would need true conviction years, which the de-identified record does not hold (each
/// would narrow the subject's secret date offset).
package struct CountyReport: Sendable {
    package static let levels = ["felony", "misdemeanor", "infraction", "unknown"]
    package static let decisions = Decision.allCases.map(\.rawValue)
    package static let reliefColumns = ["relief", "no relief"]

    package private(set) var convictions = 0
    /// By level, in the order of ``levels`` (nil: none counted); by band of years since conviction
    /// (``band(_:)``), -2 to 6 at index `band + 2`. Arrays, not dictionaries: each decision counted in
    /// them hashed its key.
    var byLevel = [DecisionTally?](repeating: nil, count: 4)
    var bySection: [String: DecisionTally] = [:]
    var byBand = [DecisionTally?](repeating: nil, count: 9)
    var byRace: [String: ReliefTally] = [:]
    var byGender: [String: ReliefTally] = [:]
    var reviewCodes: [String: Int] = [:]
    var referenceLabels: [String: Int] = [:]
    package private(set) var people = 0
    package private(set) var peopleWithRelief = 0
    package private(set) var peopleNoFelony = 0
    package private(set) var peopleNoConviction = 0
    package private(set) var peopleNoConvictionLast7Years = 0
    /// gogen's own summary figures for the same convictions (Part A.7), from the reference outcomes.
    package private(set) var reference = ReferenceSummary()

    package init() {}

    /// A count as published: nil when it is 1–10.
    package static func isShown(_ count: Int) -> Int? { ReportTable.isSmall(count) ? nil : count }

    /// Adds another report's tallies (one per worker thread).
    package mutating func merge(_ other: CountyReport) {
        func add<Key: Hashable, Tally: Counts>(_ a: inout [Key: Tally], _ b: [Key: Tally]) {
            for (key, counts) in b { a[key, default: Tally()].add(counts) }
        }
        convictions += other.convictions
        func add(_ a: inout [DecisionTally?], _ b: [DecisionTally?]) {
            for (index, counts) in b.enumerated() {
                guard let counts else { continue }
                a[index, default: DecisionTally()].add(counts)
            }
        }
        add(&byLevel, other.byLevel)
        add(&bySection, other.bySection)
        add(&byBand, other.byBand)
        add(&byRace, other.byRace)
        add(&byGender, other.byGender)
        reviewCodes.merge(other.reviewCodes, uniquingKeysWith: +)
        referenceLabels.merge(other.referenceLabels, uniquingKeysWith: +)
        people += other.people
        peopleWithRelief += other.peopleWithRelief
        peopleNoFelony += other.peopleNoFelony
        peopleNoConviction += other.peopleNoConviction
        peopleNoConvictionLast7Years += other.peopleNoConvictionLast7Years
        reference.merge(other.reference)
    }

    static func hasRelief(_ decision: Decision) -> Bool {
        decision == .dismissAndSeal || decision == .reduceToMisdemeanor || decision == .reduceToInfraction
    }

    /// Takes back a subject added before with these decisions (`sealkit run` re-evaluates a subject
    /// whose CII another SUBJECT_ID turned out to share, after the worker counted it): every figure
    /// is as if it had never been added.
    package mutating func remove(_ subject: DeidentifiedSubject, _ decisions: [ConvictionDecision]) {
        subtract(subject, decisions)
        dropEmptyEntries()
    }

    /// Counts a subject and its decisions negatively, to be merged into a report that counted them
    /// (``merge(_:)``), and leaves the empty entries for ``dropEmptyEntries()`` after the merge.
    package mutating func subtract(_ subject: DeidentifiedSubject, _ decisions: [ConvictionDecision]) {
        add(subject, decisions, weight: -1)
    }

    /// Removes the entries whose counts are all zero (after a ``subtract(_:_:)`` merged in), so that no
    /// empty row is reported.
    package mutating func dropEmptyEntries() {
        bySection = bySection.filter { !$0.value.isEmpty }
        byRace = byRace.filter { !$0.value.isEmpty }
        byGender = byGender.filter { !$0.value.isEmpty }
        reviewCodes = reviewCodes.filter { $0.value != 0 }
        referenceLabels = referenceLabels.filter { $0.value != 0 }
        for index in byLevel.indices where byLevel[index]?.isEmpty == true { byLevel[index] = nil }
        for index in byBand.indices where byBand[index]?.isEmpty == true { byBand[index] = nil }
        reference.dropEmptyEntries()
    }

    /// Adds one subject and its decisions (the evaluator's output for it).
    package mutating func add(_ subject: DeidentifiedSubject, _ decisions: [ConvictionDecision]) {
        add(subject, decisions, weight: 1)
    }

    /// Adds one subject and its decisions `weight` times (-1 takes them back).
    mutating func add(_ subject: DeidentifiedSubject, _ decisions: [ConvictionDecision], weight: Int) {
        guard !decisions.isEmpty else { return }
        // The convictions are read in place (a copy of each would retain and release every string
        // and array it holds), and the decisions are indexed by an array, not a dictionary.
        subject.convictions.withUnsafeBufferPointer { history in
            var byIndex = [Decision?](repeating: nil, count: history.count)
            // Decisions and convictions are read in place, field by field: a decision copied out of
            // the array, or a charge passed by value, retained and released every string it holds.
            decisions.withUnsafeBufferPointer { decided in
                for entry in decided.indices {
                    let decision = decided.baseAddress! + entry
                    let outcome = decision.pointee.decision
                    byIndex[decision.pointee.index] = outcome
                    let conviction = history.baseAddress! + decision.pointee.index
                    convictions += weight
                    byLevel[Self.levelIndex(conviction.pointee.level), default: DecisionTally()].count(outcome, weight)
                    bySection[DecisionFormats.section(of: conviction), default: DecisionTally()].count(outcome, weight)
                    byBand[Self.band(conviction), default: DecisionTally()]
                        .count(outcome, weight)
                    if outcome == .needsReview {
                        reviewCodes[decision.pointee.reasonCodes.first?.name ?? "(no code)", default: 0] += weight
                    }
                    let label = decision.pointee.gogen.label.map { $0.isEmpty ? "(empty)" : $0 } ?? "(no result)"
                    referenceLabels[label, default: 0] += weight
                }
            }
            people += weight
            let relief = decisions.contains { Self.hasRelief($0.decision) }
            if relief { peopleWithRelief += weight }
            byRace[subject.race.isEmpty ? "UNKNOWN" : subject.race, default: ReliefTally()].count(relief, weight)
            byGender[subject.gender.isEmpty ? "UNKNOWN" : subject.gender, default: ReliefTally()].count(relief, weight)

            // A figure a District Attorney announces must not overstate: a conviction that stays and
            // may be a felony (its level unknown) keeps the person out of "no felony", and one that
            // stays and may be recent (its date unknown or partial) out of "none in 7 years". Only
            // people who had a felony, or a conviction known to be recent, are counted as left without.
            var hadFelony = false
            var felonyStays = false
            var allDismissed = true
            var hadRecent = false
            var recentStays = false
            for index in history.indices {
                let decision = byIndex[index]
                let level = history[index].level
                if level == .felony { hadFelony = true }
                if level == .felony || level == nil, !(decision.map(Self.hasRelief) ?? false) { felonyStays = true }
                if decision != .dismissAndSeal { allDismissed = false }
                let old = history[index].yearsSinceConviction?.atLeast(7) ?? .unknown
                if old == .no { hadRecent = true }
                if old != .yes && decision != .dismissAndSeal { recentStays = true }
            }
            if hadFelony && !felonyStays { peopleNoFelony += weight }
            if allDismissed { peopleNoConviction += weight }
            if hadRecent && !recentStays { peopleNoConvictionLast7Years += weight }
            reference.add(history, decisions, weight: weight)
        }
    }

    /// A level's index in ``levels``.
    static func levelIndex(_ level: Level?) -> Int {
        switch level {
        case .felony: 0
        case .misdemeanor: 1
        case .infraction: 2
        case nil: 3
        }
    }

    /// The band of a conviction's years since conviction: 0 for 0–9 years, 1 for 10–19, … 6 for 60
    /// and more; -1 when the date is unknown; -2 when it may be after the evaluation date (a reader
    /// flag: the file's date is in the future). Before, a conviction 1 to 9 years after the
    /// evaluation date was counted with 0–9 years before, and one 10 to 19 years after with the
    /// unknown dates.
    static func band(_ years: CompletedYears?) -> Int {
        guard let years else { return -1 }
        return years.low < 0 ? -2 : min(years.low / 10, 6)
    }

    /// The index in ``byBand`` of a conviction: its ``band(_:)``, or the "possibly after" band when
    /// the reader flagged a date after the evaluation date (`dateInFuture`), which completed years
    /// cannot show for a conviction less than a year after it (they are 0, as for one just before).
    static func band(_ conviction: UnsafePointer<DeidentifiedConviction>) -> Int {
        if conviction.pointee.flags.contains(.dateInFuture) { return 0 }
        return band(conviction.pointee.yearsSinceConviction) + 2
    }

    static func bandLabel(_ band: Int) -> String {
        switch band {
        case -2: "possibly after the evaluation date"
        case -1: "date unknown"
        case 6: "60+ years before"
        default: "\(band * 10)–\(band * 10 + 9) years before"
        }
    }

    /// The report's tables, suppressed and with percentages.
    package func tables() -> [ReportTable] {
        func decisionRows(_ labels: [String], _ source: [String: DecisionTally]) -> [[Int]] {
            labels.map { label in Decision.allCases.map { source[label]?[$0] ?? 0 } }
        }
        var levelRows: [String: DecisionTally] = [:]
        for (index, counts) in byLevel.enumerated() { levelRows[Self.levels[index]] = counts }
        let levels = Self.levels.filter { levelRows[$0] != nil }
        let sections = bySection.keys.sorted()
        var bandRows: [String: DecisionTally] = [:]
        for (index, counts) in byBand.enumerated() { bandRows[Self.bandLabel(index - 2)] = counts }
        let bandLabels = byBand.indices.filter { byBand[$0] != nil }.map { Self.bandLabel($0 - 2) }
        func reliefRows(_ source: [String: ReliefTally]) -> ([String], [[Int]]) {
            let labels = source.keys.sorted()
            return (labels, labels.map { [source[$0]?.relief ?? 0, source[$0]?.noRelief ?? 0] })
        }
        let race = reliefRows(byRace)
        let gender = reliefRows(byGender)
        let codes = reviewCodes.keys.sorted()
        let references = referenceLabels.keys.sorted()
        return [
            ReportTable(
                id: "convictionsByLevel",
                title: "Convictions by level and decision",
                rowLabels: levels,
                columnLabels: Self.decisions,
                counts: decisionRows(levels, levelRows)
            ),
            ReportTable(
                id: "convictionsBySection",
                title: "Convictions by code section and decision",
                rowLabels: sections,
                columnLabels: Self.decisions,
                counts: decisionRows(sections, bySection)
            ),
            ReportTable(
                id: "convictionsByDecade",
                title: "Convictions by decade (years before the evaluation date) and decision",
                rowLabels: bandLabels,
                columnLabels: Self.decisions,
                counts: decisionRows(bandLabels, bandRows)
            ),
            ReportTable(
                id: "peopleByRace",
                title: "People with a Prop 64 conviction in scope, by race/ethnicity",
                rowLabels: race.0,
                columnLabels: Self.reliefColumns,
                counts: race.1
            ),
            ReportTable(
                id: "peopleByGender",
                title: "People with a Prop 64 conviction in scope, by gender",
                rowLabels: gender.0,
                columnLabels: Self.reliefColumns,
                counts: gender.1
            ),
            ReportTable(
                id: "reviewByCode",
                title: "Convictions needing review, by primary reason code",
                rowLabels: ["needsReview"],
                columnLabels: codes,
                counts: [codes.map { reviewCodes[$0] ?? 0 }]
            ),
            ReportTable(
                id: "referenceLabels",
                title: "What gogen / gogen_pilots would have said (reference)",
                rowLabels: ["convictions"],
                columnLabels: references,
                counts: [references.map { referenceLabels[$0] ?? 0 }]
            ),
        ]
    }

    /// The people figures, each suppressed when 1–10 (nil).
    package func peopleFigures() -> [(id: String, title: String, value: Int?)] {
        [
            ("people", "People with a Prop 64 conviction in scope", people),
            ("peopleWithRelief", "People with at least one conviction dismissed or reduced", peopleWithRelief),
            ("peopleNoFelony", "People left with no felony conviction", peopleNoFelony),
            ("peopleNoConviction", "People left with no conviction", peopleNoConviction),
            (
                "peopleNoConvictionLast7Years", "People left with no conviction in the last 7 years",
                peopleNoConvictionLast7Years
            ),
        ].map { ($0.0, $0.1, ReportTable.isSmall($0.2) ? nil : $0.2) }
    }
}

protocol Counts {
    init()
    mutating func add(_ other: Self)
}

/// Convictions counted by decision: five counters in a fixed order, so that counting one is an
/// increment (a dictionary by decision hashed the decision for every conviction).
struct DecisionTally: Counts, Sendable {
    private var counts = (0, 0, 0, 0, 0)

    init() {}

    mutating func count(_ decision: Decision, _ weight: Int = 1) {
        switch decision {
        case .dismissAndSeal: counts.0 += weight
        case .reduceToMisdemeanor: counts.1 += weight
        case .reduceToInfraction: counts.2 += weight
        case .notEligible: counts.3 += weight
        case .needsReview: counts.4 += weight
        }
    }

    /// Whether every counter is zero.
    var isEmpty: Bool { counts == (0, 0, 0, 0, 0) }

    subscript(decision: Decision) -> Int {
        switch decision {
        case .dismissAndSeal: counts.0
        case .reduceToMisdemeanor: counts.1
        case .reduceToInfraction: counts.2
        case .notEligible: counts.3
        case .needsReview: counts.4
        }
    }

    mutating func add(_ other: DecisionTally) {
        counts = (
            counts.0 + other.counts.0, counts.1 + other.counts.1, counts.2 + other.counts.2,
            counts.3 + other.counts.3, counts.4 + other.counts.4
        )
    }
}

/// People counted by whether any of their convictions got relief.
struct ReliefTally: Counts, Sendable {
    private(set) var relief = 0
    private(set) var noRelief = 0

    init() {}

    mutating func count(_ gotRelief: Bool, _ weight: Int = 1) {
        if gotRelief { relief += weight } else { noRelief += weight }
    }

    /// Whether both counters are zero.
    var isEmpty: Bool { relief == 0 && noRelief == 0 }

    mutating func add(_ other: ReliefTally) {
        relief += other.relief
        noRelief += other.noRelief
    }
}

extension Array {
    /// The element at `index`, or `defaultValue()` in place of a nil one, to change in place (as a
    /// dictionary's `subscript(_:default:)`).
    subscript<Wrapped>(index: Int, default defaultValue: @autoclosure () -> Wrapped) -> Wrapped
    where Element == Wrapped? {
        get { self[index] ?? defaultValue() }
        set { self[index] = newValue }
    }
}
