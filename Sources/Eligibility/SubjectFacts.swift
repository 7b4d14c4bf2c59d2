import Deidentified
import SealCore

/// A day or a range of days of one subject's shifted calendar, as plain numbers; `known` is false for
/// an unknown date. The comparisons are those of ``ShiftedDateValue``, without its enum.
struct DayRange: Equatable {
    var low: Int
    var high: Int
    var known: Bool
    var exact: Bool

    init(_ value: ShiftedDateValue) {
        switch value {
        case .exact(let date): (low, high, known, exact) = (date.dayNumber, date.dayNumber, true, true)
        case .range(let first, let last): (low, high, known, exact) = (first.dayNumber, last.dayNumber, true, false)
        case .unknown: (low, high, known, exact) = (0, 0, false, false)
        }
    }

    /// Strictly before `other`, three-valued over ranges (``ShiftedDateValue/isBefore(_:)``).
    @inline(__always)
    func isBefore(_ other: DayRange) -> ThreeValued {
        guard known, other.known else { return .unknown }
        if high < other.low { return .yes }
        if low >= other.high { return .no }
        return .unknown
    }

    /// gogen's `a < b` with zero dates: an inexact date is the zero date, before every real one.
    @inline(__always)
    func gogenBefore(_ other: DayRange) -> Bool {
        switch (exact, other.exact) {
        case (false, false): false
        case (false, true): true
        case (true, false): false
        case (true, true): low < other.low
        }
    }
}

/// What the rules read of one conviction, as plain values worked out once per subject (no reference
/// counting in the loops over priors, no string compared per decision). The subsections are read only
/// for a Prop 64 section, the cut-offs and reader flags only for a conviction that may be decided (a
/// Prop 64 section or candidate): no rule reads them of any other conviction.
struct ConvictionFacts {
    var date: DayRange
    var offenseDate: DayRange
    /// CYC and STP order (nil when absent).
    var cycle: Int?
    var step: Int?
    var section: Prop64Section?
    var attempt: Bool
    var conspiracy: Bool
    /// The charge was read (`parsed`).
    var parsed: Bool
    /// A combined charge (``Charge/otherSections``): whether it names a Prop 64 section, and whether
    /// every section it names is one.
    var combined: Bool
    var combinedAllProp64: Bool
    var level: Level?
    /// The first subsection when it is one letter or digit (0 when there is none, 0xFF when it is
    /// longer), and how many there are.
    var firstSubsection: UInt8
    var subsectionCount: Int
    var sentenceComplete: ThreeValued
    var yearsSinceConviction: CompletedYears?
    var ageAtConviction: CompletedYears?
    var ageAtOffense: CompletedYears?
    var convictionAUMA: ThreeValued
    var offenseAUMA: ThreeValued
    var convictionProp47: ThreeValued
    /// Some reader flag that sends the conviction to review, or becomes an advisory.
    var hasReviewFlag: Bool
    var hasAdvisoryFlag: Bool
    var prop64Candidate: Bool
    /// The charge may be in the exclusion lists (``ExclusionLists/outsideLists(_:)`` is false).
    var inLists: Bool
    /// A superstrike by itself or by combination (Part C.5).
    var superstrike: ThreeValued
    var registrable: ThreeValued
    /// What gogen's lists say of this conviction alone (the reference outcome only): a superstrike by
    /// itself, a registrable offense (completed only).
    var gogenDirectSuperstrike: ThreeValued
    var gogenRegistrable: ThreeValued

    /// A Prop 64 conviction to SealKit in which gogen reads no section.
    var missedByReference: Bool { section != nil && gogenSections == 0 }

    /// The statute's superstrike or PC 290(c) list and gogen's weigh this conviction differently.
    var listsDiffer: Bool {
        (gogenDirectSuperstrike == .yes) != (superstrike == .yes) || (gogenRegistrable == .yes) != (registrable == .yes)
    }
    /// An offense that a gang enhancement in its case makes a superstrike; the enhancement itself.
    var enhanceable: ThreeValued
    var gangEnhancement: ThreeValued
    /// gogen's reading of the raw row (``GogenView``): the Prop 64 sections its text contains (bits)
    /// and the first of them, its felony test, its 11357(A)/(B) test, its sentence end.
    var gogenSections: UInt8
    /// The conviction date as gogen reads it: its zero date (not exact) when it cannot read
    /// STP_EVENT_DATE though SealKit knows the date.
    var gogenDate: DayRange
    var gogenFirst: Prop64Section?
    var gogenFelony: Bool
    var gogenLA11357AB: Bool
    var gogenServing: Bool

    /// Whether the charge is a Prop 64 conviction (structured section; an unread charge is unknown).
    var isProp64: ThreeValued {
        if combined {
            // 11359/11360 is a Prop 64 conviction; 484/11357 may or may not be one.
            if combinedAllProp64 { return .yes }
            return section != nil || prop64Candidate ? .unknown : .no
        }
        if section != nil { return .yes }
        return parsed ? .no : .unknown
    }

    /// Whether the first subsection is the one letter `letter` (a byte: no `Character` at run time).
    @inline(__always)
    func firstSubsection(is letter: Unicode.Scalar) -> Bool { firstSubsection == UInt8(ascii: letter) }
}

/// Facts about one subject that the checks of its convictions share, worked out once per subject:
/// per conviction the plain values above (superstrikes alone or with a gang enhancement in the same
/// case, PC 290(c) registrable offenses); per subject the dates and flags. Priors always use every
/// county's history (section 0).
struct SubjectFacts {
    /// What the flows read of the subject itself (a copy of the whole subject would retain every
    /// string and array it holds).
    struct Subject {
        let pseudonym: SubjectPseudonym
        let ageAtEvaluation: CompletedYears?
        let deceased: Bool
        /// gogen's raw reading of the subject (``GogenSubjectView``), for the reference only, and
        /// whether it differs from what SealKit reads (the record carries it).
        let gogen: GogenSubjectView
        let gogenDiffers: Bool
    }

    let subject: Subject
    /// The subject's convictions, read in place through ``read(_:_:)``.
    let convictions: [DeidentifiedConviction]
    /// One per conviction, in memory that ``with(_:_:)`` lends (valid only inside its body).
    let items: UnsafeBufferPointer<ConvictionFacts>
    /// Some enhanceable offense and a 186.22(b)(4) enhancement are convictions of one court case.
    let hasCombination: Bool
    let birthday18: DayRange
    let birthday21: DayRange
    let registrations: [DayRange]
    let ciiShared: Bool
    /// Some registrable conviction anywhere in the history (which a registration can be matched to).
    let anyRegistrable: ThreeValued
    /// How many convictions are Prop 64 to SealKit but give gogen no section, and how many the
    /// statute's exclusion lists and gogen's weigh differently (the divergence advisories ask whether
    /// *another* conviction is one: counted once, not searched per decision).
    let referenceMissedSections: Int
    let exclusionListDifferences: Int
    /// Some conviction's date is gogen's zero date though SealKit knows it (``GogenView/zeroDate``).
    let referenceZeroDates: Bool

    /// Works out the facts of `subject` and hands them to `body`. The conviction facts live in memory
    /// allocated for the call (no Swift array, whose object is made, reference-counted and freed per
    /// subject); `body` must not let them escape. They are plain values (a test checks), so the memory
    /// is freed without deinitializing them.
    @inline(__always)
    static func with<Result>(
        _ subject: borrowing DeidentifiedSubject,
        _ body: (borrowing SubjectFacts) -> Result
    ) -> Result {
        let storage = UnsafeMutableBufferPointer<ConvictionFacts>.allocate(capacity: subject.convictions.count)
        defer { storage.deallocate() }
        return body(SubjectFacts(subject, storage: storage))
    }

    /// The facts of `subject`, the conviction facts written into `storage` (one per conviction).
    private init(_ subject: borrowing DeidentifiedSubject, storage: UnsafeMutableBufferPointer<ConvictionFacts>) {
        self.subject = Subject(
            pseudonym: subject.pseudonym,
            ageAtEvaluation: subject.ageAtEvaluation,
            deceased: subject.deceased,
            gogen: subject.gogenView,
            gogenDiffers: subject.gogen != nil
        )
        convictions = subject.convictions
        precondition(storage.count == subject.convictions.count, "one fact per conviction")
        var combination = false
        subject.convictions.withUnsafeBufferPointer { convictions in
            guard let base = convictions.baseAddress else { return }
            for index in convictions.indices { (storage.baseAddress! + index).initialize(to: Self.facts(base + index)) }
            // Combinations: an enhanceable offense and a gang enhancement in the same case (C.5).
            for i in convictions.indices where storage[i].enhanceable != .no {
                for j in convictions.indices where j != i && storage[j].gangEnhancement != .no {
                    let pair =
                        storage[i].enhanceable && storage[j].gangEnhancement
                        && Self.sameCase(storage[i], storage[j], convictions[i], convictions[j])
                    if pair == .yes { combination = true }
                    storage[i].superstrike = storage[i].superstrike || pair
                    storage[j].superstrike = storage[j].superstrike || pair
                }
            }
        }
        let items = UnsafeBufferPointer(storage)
        self.items = items
        hasCombination = combination
        birthday18 = DayRange(subject.birthday18)
        birthday21 = DayRange(subject.birthday21)
        registrations = subject.registrations.isEmpty ? [] : subject.registrations.map(DayRange.init)
        ciiShared = subject.flags.contains(.ciiSharedWithAnotherSubject)
        anyRegistrable = .any(items) { $0.registrable }
        var missed = 0
        var differences = 0
        var zeroDates = false
        for item in items {
            if item.missedByReference { missed += 1 }
            if item.listsDiffer { differences += 1 }
            if item.gogenDate.known != item.date.known { zeroDates = true }
        }
        referenceZeroDates = zeroDates
        referenceMissedSections = missed
        exclusionListDifferences = differences
    }

    /// The facts of the conviction at `pointer`, read in place: a copy of the conviction or of its
    /// charge would retain and release every string and array it holds.
    private static func facts(_ pointer: UnsafePointer<DeidentifiedConviction>) -> ConvictionFacts {
        let charge = pointer.pointer(to: \.charge)!
        let section = Prop64Section(number: charge.pointee.section)
        // Only a conviction that may be decided (a Prop 64 section or candidate) needs its
        // subsections, cut-offs and flags, which live outside the conviction's own storage: no rule
        // reads them of a prior.
        let decidable = section != nil || pointer.pointee.prop64Candidate
        let subsectionCount = section != nil ? pointer.pointee.charge.subsections.count : 0
        var first: UInt8 = 0
        if subsectionCount > 0 {
            let text = pointer.pointee.charge.subsections[0].utf8
            first = text.count == 1 ? text.first! : (text.isEmpty ? 0 : 0xFF)
        }
        let attempt = pointer.pointee.charge.attempt
        let conspiracy = pointer.pointee.charge.conspiracy
        let level = pointer.pointee.level
        let sentenceComplete = pointer.pointee.sentenceCompleteAtEvaluation
        var gogenSections: UInt8 = section?.bit ?? 0
        var gogenFirst = section
        var gogenFelony = level == .felony
        var gogenLA11357AB =
            section == .hs11357 && !attempt && !conspiracy && (first == UInt8(ascii: "A") || first == UInt8(ascii: "B"))
        var gogenServing = sentenceComplete == .no
        var gogenDate = DayRange(pointer.pointee.date)
        if let gogen = pointer.pointee.gogen {
            if gogen.zeroDate { gogenDate = DayRange(.unknown) }
            gogenSections = 0
            gogenFirst = nil
            for found in gogen.sections {
                if gogenFirst == nil { gogenFirst = found }
                gogenSections |= found.bit
            }
            gogenFelony = gogen.felony
            gogenLA11357AB = gogen.la11357AB
            gogenServing = gogen.servingAtEvaluation
        }
        // The exclusion lists, only for a charge they can hold.
        // The reading is compared once: it decides `parsed` and, with the law code, the lists.
        let parsed = charge.pointee.reading == .parsed
        let combined = !charge.pointee.otherSections.isEmpty
        var combinedAllProp64 = false
        let inLists: Bool
        let listing: ExclusionLists.Listing
        if combined {
            // Rare: each section is looked up in the lists on its own, and the two of a combination
            // in one charge (136.1/186.22(B)(4) PC) make a superstrike together.
            combinedAllProp64 =
                section != nil
                && charge.pointee.otherSections.allSatisfy { Prop64Section(number: $0.section) != nil }
            listing = ExclusionLists.combinedListing(charge.pointee)
            inLists = listing.any
        } else {
            inLists = parsed && !ExclusionLists.outsideListsLawCode(charge.pointee.lawCode)
            listing = inLists ? ExclusionLists.listing(charge) : ExclusionLists.Listing()
        }
        var reviewFlag = false
        var advisoryFlag = false
        var cutoffs: (conviction: ThreeValued, offense: ThreeValued, prop47: ThreeValued) = (.no, .no, .no)
        if decidable {
            let flags = pointer.pointee.flags
            reviewFlag = !flags.isDisjoint(with: ReviewFlags.kinds)
            advisoryFlag = !flags.isDisjoint(with: ReviewFlags.advisoryKinds)
            let answers = pointer.pointee.cutoffs
            cutoffs = (answers.conviction(.auma), answers.offense(.auma), answers.conviction(.prop47))
        }
        return ConvictionFacts(
            date: DayRange(pointer.pointee.date),
            offenseDate: DayRange(pointer.pointee.offenseDate),
            cycle: pointer.pointee.cycle,
            step: pointer.pointee.step,
            section: section,
            attempt: attempt,
            conspiracy: conspiracy,
            parsed: parsed,
            combined: combined,
            combinedAllProp64: combinedAllProp64,
            level: level,
            firstSubsection: first,
            subsectionCount: subsectionCount,
            sentenceComplete: sentenceComplete,
            yearsSinceConviction: pointer.pointee.yearsSinceConviction,
            ageAtConviction: pointer.pointee.ageAtConviction,
            ageAtOffense: pointer.pointee.ageAtOffense,
            convictionAUMA: cutoffs.conviction,
            offenseAUMA: cutoffs.offense,
            convictionProp47: cutoffs.prop47,
            hasReviewFlag: reviewFlag,
            hasAdvisoryFlag: advisoryFlag,
            prop64Candidate: pointer.pointee.prop64Candidate,
            inLists: inLists,
            superstrike: listing.superstrike,
            registrable: listing.registrable,
            gogenDirectSuperstrike: listing.gogenSuperstrike,
            gogenRegistrable: listing.gogenRegistrable,
            enhanceable: listing.enhanceable,
            gangEnhancement: listing.gangEnhancement,
            gogenSections: gogenSections,
            gogenDate: gogenDate,
            gogenFirst: gogenFirst,
            gogenFelony: gogenFelony,
            gogenLA11357AB: gogenLA11357AB,
            gogenServing: gogenServing
        )
    }

    /// Reads conviction `index` in place (the array's subscript would copy the whole conviction).
    @inline(__always)
    func read<T>(_ index: Int, _ field: (borrowing DeidentifiedConviction) -> T) -> T {
        convictions.withUnsafeBufferPointer { field($0[index]) }
    }

    subscript(index: Int) -> ConvictionFacts {
        @inline(__always) get { items[index] }
    }

    var count: Int { items.count }

    // MARK: Relations (C.5)

    /// Whether convictions `i` and `j` are in the same court case (``Priors/sameCase(_:_:)``).
    func sameCase(_ i: Int, _ j: Int) -> ThreeValued {
        let (a, b) = (items[i], items[j])
        // Different cycles settle it without the case tokens, which are read only when needed.
        if let cycleA = a.cycle, let cycleB = b.cycle, cycleA != cycleB { return .no }
        return convictions.withUnsafeBufferPointer { Self.sameCase(a, b, $0[i], $0[j]) }
    }

    /// ``Priors/sameCase(_:_:)`` on the facts and the two convictions' case tokens.
    static func sameCase(
        _ a: ConvictionFacts,
        _ b: ConvictionFacts,
        _ x: borrowing DeidentifiedConviction,
        _ y: borrowing DeidentifiedConviction
    ) -> ThreeValued {
        Priors.sameCase(
            cycles: (a.cycle, b.cycle),
            steps: (a.step, b.step),
            sharesToken: x.caseTokens.contains(where: y.caseTokens.contains),
            someEmpty: x.caseTokens.isEmpty || y.caseTokens.isEmpty
        )
    }

    /// What makes conviction `candidate` a prior of conviction `index`, check by check.
    func relation(of candidate: Int, to index: Int) -> Priors.Relation {
        Priors.Relation(
            before: items[candidate].date.isBefore(items[index].date),
            sameCase: sameCase(candidate, index),
            afterOffense: !items[candidate].date.isBefore(items[index].offenseDate)
        )
    }

    /// Whether some other conviction that `matches` is a prior of conviction `index`. A prior dated
    /// within [offense proxy, conviction) answers unknown with `priorTimingUnclear`.
    @inline(__always)
    func find(before index: Int, code: ReasonCode, matches: (Int) -> ThreeValued) -> Priors.Finding {
        var result = Priors.Finding(answer: .no, code: nil)
        for other in items.indices where other != index {
            let kind = matches(other)
            if kind == .no { continue }
            let relation = relation(of: other, to: index)
            switch relation.isPrior && kind {
            case .no: continue
            case .yes:
                if relation.afterOffense == .no { return Priors.Finding(answer: .yes, code: code) }
                if result.answer == .no { result = Priors.Finding(answer: .unknown, code: .priorTimingUnclear) }
            case .unknown:
                if result.answer == .no {
                    result = Priors.Finding(answer: .unknown, code: relation.unknownCode ?? code)
                }
            }
        }
        return result
    }

    /// How many other convictions that `matches` are certainly priors of conviction `index`, how many
    /// more may be, and the code of the first undecidable one. As ``find(before:code:matches:)``, a
    /// prior dated inside [offense proxy, conviction) may not be a prior to the *offense*: it counts as
    /// possible (`priorTimingUnclear`), never as certain.
    @inline(__always)
    func count(before index: Int, matches: (Int) -> ThreeValued) -> (certain: Int, possible: Int, code: ReasonCode?) {
        var certain = 0
        var possible = 0
        var code: ReasonCode? = nil
        for other in items.indices where other != index {
            let kind = matches(other)
            if kind == .no { continue }
            let relation = relation(of: other, to: index)
            switch relation.isPrior && kind {
            case .yes:
                if relation.afterOffense == .no {
                    certain += 1
                } else {
                    possible += 1
                    if code == nil { code = .priorTimingUnclear }
                }
            case .unknown:
                possible += 1
                if code == nil { code = relation.unknownCode ?? .priorDateUnknown }
            case .no: break
            }
        }
        return (certain, possible, code)
    }

    func priorSuperstrike(_ index: Int) -> Priors.Finding {
        find(before: index, code: .priorSuperstrike) { items[$0].superstrike }
    }

    func priorRegistrable(_ index: Int) -> Priors.Finding {
        find(before: index, code: .priorPC290) { items[$0].registrable }
    }

    /// A superstrike conviction after this one (not a prior, not in the same case): an advisory.
    func laterSuperstrike(_ index: Int) -> Bool {
        for other in items.indices where other != index && items[other].superstrike == .yes {
            if items[index].date.isBefore(items[other].date) == .yes && sameCase(other, index) == .no {
                return true
            }
        }
        return false
    }

    /// Some PC 290 registration dated strictly before the conviction.
    func registrationBefore(_ index: Int) -> ThreeValued {
        let date = items[index].date
        return .any(registrations) { $0.isBefore(date) }
    }

    /// Some PC 290 registration dated on or after the conviction.
    func registrationAfter(_ index: Int) -> ThreeValued {
        let date = items[index].date
        return .any(registrations) { !$0.isBefore(date) }
    }

    /// Prior convictions of the same Prop 64 section: certain and possible counts, and the code of the
    /// first undecidable one. `attempts` says whether attempts of the section count.
    func samePriors(_ index: Int, attempts: Bool) -> (certain: Int, possible: Int, code: ReasonCode?) {
        guard let section = items[index].section else { return (0, 0, nil) }
        return count(before: index) { other in
            let candidate = items[other]
            guard candidate.section == section, !candidate.conspiracy else { return .no }
            if candidate.attempt && !attempts { return .no }
            return .yes
        }
    }

    /// Whether the sentences of this conviction and the other counts of its court case are complete.
    func caseSentenceComplete(_ index: Int) -> ThreeValued {
        var complete = items[index].sentenceComplete
        for other in items.indices where other != index {
            if sameCase(other, index) == .yes { complete = complete && items[other].sentenceComplete }
        }
        return complete
    }

    /// "Every conviction satisfies `test`", three-valued.
    func every(_ test: (ConvictionFacts) -> ThreeValued) -> ThreeValued {
        var result = ThreeValued.yes
        for item in items {
            switch test(item) {
            case .no: return .no
            case .unknown: result = .unknown
            case .yes: break
            }
        }
        return result
    }

    /// "Some conviction satisfies `test`", three-valued.
    func some(_ test: (ConvictionFacts) -> ThreeValued) -> ThreeValued {
        !every { !test($0) }
    }

    /// Whether every conviction satisfies `test` (two-valued, for the reference flows).
    func all(_ test: (ConvictionFacts) -> Bool) -> Bool {
        for item in items where !test(item) { return false }
        return true
    }

    /// The code of an unknown answer about the evaluation-date age.
    var ageCode: ReasonCode { subject.ageAtEvaluation == nil ? .dobUnknown : .dateImprecise }

    /// The code of an unknown answer about a conviction's date.
    static func dateCode(_ date: DayRange) -> ReasonCode {
        date.known ? .dateImprecise : .convictionDateUnknown
    }
}
