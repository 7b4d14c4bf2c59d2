package import Deidentified
package import SealCore

/// Decides relief for a subject's Prop 64 convictions under one rule set: a pure function of the
/// de-identified subject, the rule set and the evaluation date (whose comparisons the record already
/// carries, decided on true dates).
package struct Evaluator: Sendable {
    package let ruleSet: RuleSet
    /// The county whose convictions get a decision (normalized: trimmed, upper case); nil = every
    /// county. Priors and subject facts always use every county.
    package let county: String?
    /// The evaluation date of the de-identified file: a date, never compared as text.
    package let evaluationDate: CalendarDate

    /// The earliest evaluation date a decision can have (`YYYY-MM-DD`): Proposition 64 (AUMA) took
    /// effect on 2016-11-09, and no HS 11361.8 relief existed before it. `sealkit run` refuses an
    /// earlier `--as-of` and `sealkit evaluate` a file made at an earlier date (a de-identified file
    /// may have any evaluation date: only decisions need this one).
    package static let firstEvaluationDate = CalendarDate(year: 2016, month: 11, day: 9)!

    /// The cut-off dates the rules read, which a de-identified header must list: a conviction's
    /// cut-off is `no` when it is absent only because the header lists it.
    package static var requiredCutoffs: [CutoffDate] { Cutoff.dates }

    /// Whether decisions can be made at `date`.
    package static func canEvaluate(at date: CalendarDate) -> Bool { date >= firstEvaluationDate }

    /// Why decisions cannot be made at `date`, for an error message.
    package static func tooEarly(_ date: CalendarDate) -> String {
        "\(date) is before Proposition 64 took effect on \(firstEvaluationDate): no HS 11361.8 relief existed then"
    }

    /// The rule set's profile, as its own type.
    let profile: any Profile

    package init(ruleSet: RuleSet, county: String?, evaluationDate: CalendarDate) {
        self.ruleSet = ruleSet
        self.county = county.map(Self.normalizeCounty)
        self.evaluationDate = evaluationDate
        switch ruleSet.profile {
        case .gogen(let options):
            profile = GogenProfile(options: options, texts: GogenTexts(options: options, age: 50, years: 10))
        case .losAngeles2020(let parameters):
            profile = LosAngelesProfile(
                parameters: parameters,
                texts: GogenTexts(
                    options: GogenOptions(),
                    age: parameters.individualAge,
                    years: parameters.yearsConvictionFree
                )
            )
        case .statutory: profile = StatutoryProfile()
        case .dismissAll: profile = DismissAllProfile()
        }
    }

    /// Trims and upper-cases a county name, as the reader normalizes STP_ORI_CNTY_NAME.
    package static func normalizeCounty(_ name: String) -> String {
        String(name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")).uppercased()
    }

    /// Why `county` (a `--county` value) cannot scope an evaluation, for an error message; nil when it
    /// can. A county that is empty once normalized would scope the convictions whose county is
    /// missing, which no one means.
    package static func countyProblem(_ county: String?) -> String? {
        guard let county, normalizeCounty(county).isEmpty else { return nil }
        return "--county is empty: name a county, or leave --county out to decide every county's convictions"
    }

    /// Whether `conviction` gets a decision: in the county, and a Prop 64 charge or candidate.
    package func inScope(_ conviction: borrowing DeidentifiedConviction) -> Bool {
        if let county, conviction.county != county { return false }
        return conviction.charge.prop64Section != nil || conviction.prop64Candidate
    }

    /// ``inScope(_:)`` of the conviction at `pointer`, read in place (the engine's loop; a conviction
    /// passed by value was copied, every string and array retained and released).
    @inline(__always)
    private func inScope(_ pointer: UnsafePointer<DeidentifiedConviction>) -> Bool {
        if let county, pointer.pointee.county != county { return false }
        return Prop64Section(number: pointer.pointee.charge.section) != nil || pointer.pointee.prop64Candidate
    }

    /// The decisions for `subject`'s in-scope convictions, in history order.
    package func evaluate(_ subject: DeidentifiedSubject) -> [ConvictionDecision] {
        var decisions: [ConvictionDecision] = []
        evaluate(subject, into: &decisions)
        return decisions
    }

    /// Appends the decisions for `subject`'s in-scope convictions to `decisions`.
    package func evaluate(_ subject: borrowing DeidentifiedSubject, into decisions: inout [ConvictionDecision]) {
        // The subject is borrowed and its convictions read in place: both are large values, and a copy
        // (or the array's subscript) would retain and release every string and array they hold.
        let all = subject.convictions
        let first = all.withUnsafeBufferPointer { convictions -> Int? in
            guard let base = convictions.baseAddress else { return nil }
            return convictions.indices.first { inScope(base + $0) }
        }
        guard let first else { return }
        SubjectFacts.with(subject) { facts in
            all.withUnsafeBufferPointer { convictions in
                guard let base = convictions.baseAddress else { return }
                decisions.append(decide(facts, first))
                for index in (first + 1)..<convictions.count where inScope(base + index) {
                    decisions.append(decide(facts, index))
                }
            }
        }
    }

    func decide(_ facts: SubjectFacts, _ index: Int) -> ConvictionDecision {
        var flow = Flow()
        let outcome = profile.decide(facts, index, &flow)
        let reference = profile.reference(facts, index)
        // The advisories first, so that the outcome's strings and arrays can be moved, not copied,
        // into the decision (its last use).
        let advisories = advisories(facts, index, outcome)
        return ConvictionDecision(
            pseudonym: facts.subject.pseudonym,
            reference: facts.read(index) { $0.reference },
            index: index,
            decision: outcome.decision,
            label: outcome.label,
            reason: outcome.reason,
            reasonCodes: Self.distinct(outcome.codes),
            authority: outcome.authority,
            gogen: reference,
            floor: outcome.floor,
            ceiling: outcome.ceiling,
            advisories: advisories,
            checks: flow.checks
        )
    }

    /// `codes` with each code once, in the order of first appearance (the first stays the primary).
    /// Codes are a set: two checks that find the same thing (a reader flag a guard also names) count
    /// once.
    @inline(__always)
    static func distinct(_ codes: [ReasonCode]) -> [ReasonCode] {
        guard codes.count > 1 else { return codes }
        // A handful of one-byte codes: a scan of those kept, no hashing.
        var kept: [ReasonCode] = []
        kept.reserveCapacity(codes.count)
        for code in codes where !kept.contains(code) { kept.append(code) }
        return kept
    }

}

/// The guards every profile runs before its own flow (Part A.8): the codes that fire.
enum Guards {
    /// The universal guards (reader review flags, a shared CII): the codes that fire.
    static func universal(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> [ReasonCode] {
        var codes: [ReasonCode] = []
        if facts[index].hasReviewFlag {
            codes = facts.read(index) { $0.flags.intersection(ReviewFlags.kinds).compactMap(ReasonCode.init(flag:)) }
        }
        flow.record(.reviewFlags, codes.isEmpty ? .no : .yes, .flags(codes))
        if facts.ciiShared {
            flow.record(.ciiShared, .yes)
            codes.append(.ciiSharedWithAnotherSubject)
        }
        return codes
    }

    /// The gogen and dismiss-all guards of Part A.8 (after the universal ones).
    static func gogen(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> [ReasonCode] {
        let conviction = facts[index]
        var codes = universal(facts, index, &flow)
        let postAUMA = conviction.convictionAUMA
        flow.record(.postAUMAConviction, postAUMA)
        if postAUMA == .yes { codes.append(.postAUMAConviction) }
        if postAUMA == .unknown { codes.append(SubjectFacts.dateCode(conviction.date)) }
        flow.record(.conspiracy, ThreeValued(conviction.conspiracy))
        if conviction.conspiracy { codes.append(.conspiracyPC182) }
        guard conviction.level == .felony else { return codes }

        let superstrike = facts.priorSuperstrike(index)
        flow.record(.priorSuperstrike, superstrike.answer, .finding(code: superstrike.code))
        if let code = superstrike.code { codes.append(code) }

        let registrable = facts.priorRegistrable(index)
        let earlierRegistration = facts.registrationBefore(index)
        let pc290 = registrable.answer || earlierRegistration
        flow.record(.priorPC290, pc290, .finding(code: registrable.code))
        if pc290 == .yes {
            codes.append(.priorPC290)
        } else if pc290 == .unknown {
            codes.append(registrable.code ?? .dateImprecise)
        } else {
            let unmatched = facts.registrationAfter(index) && !facts.anyRegistrable
            flow.record(.registrationUnmatched, unmatched)
            if unmatched != .no { codes.append(.pc290RegistrationUnmatched) }
        }

        let priors = facts.samePriors(index, attempts: true)
        let two = atLeastTwo(priors)
        flow.record(.twoPriors, two, .priors(certain: priors.certain, possible: priors.possible, threshold: 2))
        if two == .yes { codes.append(.twoPriors) }
        if two == .unknown { codes.append(priors.code ?? .priorDateUnknown) }
        return codes
    }

    static func atLeastTwo(_ priors: (certain: Int, possible: Int, code: ReasonCode?)) -> ThreeValued {
        if priors.certain >= 2 { return .yes }
        if priors.certain + priors.possible >= 2 { return .unknown }
        return .no
    }

}

extension Evaluator {
    /// The notes of a decision (Part F), which never change it.
    func advisories(_ facts: SubjectFacts, _ index: Int, _ outcome: Outcome) -> [String] {
        let conviction = facts[index]
        let section = conviction.section
        // The notes are decided first, as a set; the array of that set is made once and shared
        // (appended one by one, a decision's notes cost an allocation or two).
        var notes = Advisory.Set()
        if facts.subject.deceased { notes.insert(.deceased) }
        if facts.laterSuperstrike(index) { notes.insert(.laterSuperstrike) }
        if section == .hs11358 || section == .hs11359 || section == .hs11360 { notes.insert(.factsPresumedAbsent) }
        if section == .hs11357 && conviction.firstSubsection(is: "A") && conviction.level == .felony
            && conviction.convictionProp47 == .yes
        {
            notes.insert(.prop47History)
        }
        if (section == .hs11357 || section == .hs11360) && conviction.firstSubsection(is: "B"),
            conviction.yearsSinceConviction?.atLeast(2) == .yes
        {
            notes.insert(.recordsMayBeDestroyed)
        }
        if conviction.attempt, case .gogen = ruleSet.profile { notes.insert(.attempt) }
        // SealKit read 11357(A)/(B) from the structured charge (`11357A`, lower case, no parentheses)
        // where gogen_pilots' exact-text test did not, and that decided the dismissal: say so, so that
        // the difference from the reference is explained.
        if !conviction.gogenLA11357AB, outcome.codes.first == .section11357AB { notes.insert(.subsectionNormalized) }
        // Where gogen's reading of the raw rows differs from SealKit's, a decision that differs from the
        // reference says so: gogen reads no Prop 64 section in this charge (a `664-11357` head it cuts
        // at the dash, a suspect section); or in another conviction of the history, which its
        // subject-wide tests then miss; or it computes the sentence's end otherwise (366-day years,
        // 30.5-day months).
        if conviction.missedByReference { notes.insert(.referenceReadsNoSection) }
        if facts.referenceMissedSections > (conviction.missedByReference ? 1 : 0) || facts.referenceZeroDates {
            notes.insert(.referenceReadsHistoryOtherwise)
        }
        if conviction.gogenServing != (conviction.sentenceComplete == .no) { notes.insert(.referenceSentenceEnd) }
        // gogen's byte-exact felony test (a level of one space is not empty to it) reads this
        // conviction's level otherwise; or its raw reading of the subject's rows differs (a DECEASED
        // spelled otherwise, the first row's date of birth, a registration row).
        if conviction.gogenFelony != (conviction.level == .felony) { notes.insert(.referenceReadsLevel) }
        if facts.subject.gogenDiffers { notes.insert(.referenceReadsSubjectOtherwise) }
        // The statute's lists and the tool's differ (PC 207 and 217.1(a), a bare 653F, attempted 290(c)
        // offenses) on some other conviction of the history: a prior the reference weighs otherwise.
        if facts.exclusionListDifferences > (conviction.listsDiffer ? 1 : 0) { notes.insert(.referenceExclusionLists) }
        if conviction.level == .felony && outcome.decision != .notEligible && outcome.decision != .needsReview {
            notes.insert(.collateralConsequences)
        }
        // Without reader flags (nearly always), the array made once for this set of notes is shared.
        guard conviction.hasAdvisoryFlag else { return notes.names }
        // The reader's advisory flags come first.
        var all = facts.read(index) { $0.flags.intersection(ReviewFlags.advisoryKinds).names }
        all += notes.names
        return all
    }
}

/// The advisories the engine adds (Part F), in the order a decision lists them.
enum Advisory: UInt8, CaseIterable {
    case deceased, laterSuperstrike, factsPresumedAbsent, prop47History, recordsMayBeDestroyed, attempt
    case collateralConsequences, subsectionNormalized, referenceReadsNoSection, referenceReadsHistoryOtherwise
    case referenceSentenceEnd, referenceExclusionLists, referenceReadsLevel, referenceReadsSubjectOtherwise

    var name: String {
        switch self {
        case .deceased: "deceased"
        case .laterSuperstrike: "laterSuperstrike"
        case .factsPresumedAbsent: "factsPresumedAbsent"
        case .prop47History: "prop47History"
        case .recordsMayBeDestroyed: "recordsMayBeDestroyed"
        case .attempt: "attempt"
        case .collateralConsequences: "collateralConsequences"
        case .subsectionNormalized: "subsectionNormalized"
        case .referenceReadsNoSection: "referenceReadsNoSection"
        case .referenceReadsHistoryOtherwise: "referenceReadsHistoryOtherwise"
        case .referenceSentenceEnd: "referenceSentenceEnd"
        case .referenceExclusionLists: "referenceExclusionLists"
        case .referenceReadsLevel: "referenceReadsLevel"
        case .referenceReadsSubjectOtherwise: "referenceReadsSubjectOtherwise"
        }
    }

    /// A set of advisories as bits.
    struct Set {
        private var bits: UInt16 = 0
        mutating func insert(_ note: Advisory) { bits |= 1 << UInt16(note.rawValue) }

        /// The notes' names in list order: one array per set, made once and shared (a decision's
        /// advisories were its one allocation after the checks).
        var names: [String] { Self.names[Int(bits)] }

        private static let names: [[String]] = (0..<(1 << Advisory.allCases.count)).map { bits in
            Advisory.allCases.filter { bits & (1 << Int($0.rawValue)) != 0 }.map(\.name)
        }
    }
}

/// The cut-off names the rules read (the header's `cutoffs`).
enum Cutoff {
    /// The dates of the cut-offs the rules read: a de-identified file must list each, or a conviction
    /// that omits one would read as "no".
    static let dates: [CutoffDate] = [.auma, .prop47]
}

/// The checks made so far, in order.
struct Flow {
    var checks: [Check] = []

    init() {
        // Enough for the flows as long as they come (17 checks at most on the generated files).
        checks.reserveCapacity(18)
    }

    mutating func record(_ id: CheckID, _ answer: ThreeValued, _ values: CheckValues = .none) {
        checks.append(Check(id, answer, values))
    }

    /// Records a check whose fact is always known (a list's membership, a flag): true → `decide`,
    /// false → nil (go on). No review code is needed, so none is invented.
    mutating func known(
        _ id: CheckID,
        _ answer: Bool,
        _ values: CheckValues = .none,
        decide: () -> Outcome
    ) -> Outcome? {
        record(id, ThreeValued(answer), values)
        return answer ? decide() : nil
    }

    /// Records a check of an ordered flow: yes → `decide`, unknown → review with `unknownCode`,
    /// no → nil (go on).
    mutating func step(
        _ id: CheckID,
        _ answer: ThreeValued,
        _ values: CheckValues = .none,
        unknownCode: @autoclosure () -> ReasonCode,
        authority: String,
        decide: () -> Outcome
    ) -> Outcome? {
        record(id, answer, values)
        switch answer {
        case .yes: return decide()
        case .unknown: return .review([unknownCode()], authority: authority)
        case .no: return nil
        }
    }
}

/// gogen's labels and reasons, made once per rule set (Part A.4, Part B.2).
struct GogenTexts: Sendable {
    static let dismissal = "Eligible for Dismissal"
    static let reduction = "Eligible for Reduction"
    static let notEligible = "Not eligible"
    static let handReview = "Hand Review"
    static let cityAttorneys = "To be reviewed by City Attorneys"

    private let dismissReasons: ByteKeyTable<String>
    private let reduceReasons: ByteKeyTable<String>

    /// `Dismiss all HS <section> convictions`, made once per section (looked up, not built, per decision).
    func dismissReason(_ section: String) -> String {
        dismissReasons[section] ?? "Dismiss all HS \(section) convictions"
    }

    /// `Reduce all HS <section> convictions`.
    func reduceReason(_ section: String) -> String {
        reduceReasons[section] ?? "Reduce all HS \(section) convictions"
    }
    let age: String
    let yearsAgo: String
    let crimeFree: String
    let laAge: String
    let laFree: String

    init(options: GogenOptions, age laAgeThreshold: Int, years laYears: Int) {
        var dismiss: [String: String] = [:]
        var reduce: [String: String] = [:]
        for section in GogenOptions.sections {
            dismiss[section] = "Dismiss all HS \(section) convictions"
            reduce[section] = "Reduce all HS \(section) convictions"
        }
        dismissReasons = ByteKeyTable(dismiss.map { ($0.key, $0.value) })
        reduceReasons = ByteKeyTable(reduce.map { ($0.key, $0.value) })
        age = "\(options.subjectAgeThreshold) years or older"
        yearsAgo = "Conviction occurred \(options.yearsSinceConvictionThreshold) or more years ago"
        crimeFree = "No convictions in the past \(options.yearsCrimeFreeThreshold) years"
        laAge = "\(laAgeThreshold) years or older"
        laFree = "No convictions in past \(laYears) years"
    }
}
