package import CriminalRecords
package import Deidentified
package import SealCore
package import SealCrypto

/// Turns an identified ``SubjectHistory`` into a ``DeidentifiedSubject``.
///
/// - The subject pseudonym is HMAC(subject key, `(cii, <norm-1 CII>)`); when the CII is blank, a
///   placeholder or invalid, HMAC(subject key, `(subject-id, <SUBJECT_ID>)`), flagged
///   `pseudonymFromSubjectID`. The two tags keep the two kinds from ever colliding.
/// - A count reference is HMAC(count key, `(count, <basis tag>, <basis value>, <case number>,
///   <count number>)`), with the conviction's first normalized case number, so it can be computed
///   again from a background-check view that shows the CII, the case number and the count. Without
///   a case number it is HMAC(count key, `(count-event, <basis tag>, <basis value>, <CCCSSS>,
///   <count number>)`), flagged `countReferenceWithoutCaseNumber`.
/// - Case tokens are HMAC(case key, `(case, <basis tag>, <basis value>, <case number>)`): per subject.
/// - Dates move by the subject's keyed offset (``DateShift``), computed from SUBJECT_ID.
/// - Everything that compares with the evaluation date E or with a calendar cut-off, and every
///   calendar sum (birthdays, sentence ends), is decided on true dates first and carried as numbers,
///   three-valued flags and shifted anchors; no date derived from E enters the record.
///
/// The keyed values come from its ``KeyedReferences``; the pseudonymizer adds what depends on the
/// evaluation date. One pseudonymizer per thread: its references reuse keyed HMAC contexts, and its own
/// mutable state skips the run-time exclusivity checks.
package final class Pseudonymizer {
    /// Cut-off dates decided on true dates and carried as flags (AUMA's effective date first).
    package static let cutoffs: [CalendarDate] = CutoffDate.allCases.map(\.date)
    package static let anchors = ["birthday18", "birthday21"]

    package let keys: PurposeKeys
    package let evaluationDate: CalendarDate
    /// The keyed references this pseudonymizer makes (usable alone, without an evaluation date).
    package let references: KeyedReferences

    package init(keys: PurposeKeys, evaluationDate: CalendarDate) throws(SealCryptoError) {
        self.keys = keys
        self.evaluationDate = evaluationDate
        references = try KeyedReferences(keys: keys)
    }

    package typealias Basis = KeyedReferences.Basis

    /// The date offset of a subject (``KeyedReferences/dateOffset(subjectID:)``).
    @inline(__always)
    package func dateOffset(subjectID: [UInt8]) throws(SealCryptoError) -> Int {
        try references.dateOffset(subjectID: subjectID)
    }

    /// The subject pseudonym (``KeyedReferences/pseudonym(cii:subjectID:)``).
    @inline(__always)
    package func pseudonym(cii: [UInt8]?, subjectID: [UInt8]) throws(SealCryptoError) -> SubjectPseudonym {
        try references.pseudonym(cii: cii, subjectID: subjectID)
    }

    /// A count reference (``KeyedReferences/countReference(basis:caseNumber:courtEvent:count:)``).
    @inline(__always)
    package func countReference(
        basis: Basis,
        caseNumber: [UInt8]?,
        courtEvent: Int,
        count: Int
    ) throws(SealCryptoError) -> (reference: CountReference, fromCourtEvent: Bool) {
        try references.countReference(basis: basis, caseNumber: caseNumber, courtEvent: courtEvent, count: count)
    }

    /// A case token (``KeyedReferences/caseToken(basis:caseNumber:)``).
    @inline(__always)
    package func caseToken(basis: Basis, caseNumber: [UInt8]) throws(SealCryptoError) -> CaseToken {
        try references.caseToken(basis: basis, caseNumber: caseNumber)
    }

    /// De-identifies one subject.
    ///
    /// `ciiShared`: another SUBJECT_ID carries the same normalized CII. The subject is then
    /// pseudonymized from its SUBJECT_ID (``reassignToSubjectID(_:subjectID:)``), so two histories are
    /// never merged under one pseudonym (nor silently split: the flag sends them to review). Count
    /// references and case tokens stay on the CII: they name counts and cases, which a
    /// background-check view of that CII shows, whoever the file filed them under.
    package func deidentify(
        _ subject: SubjectHistory,
        ciiShared: Bool = false
    ) throws(SealCryptoError) -> DeidentifiedSubject {
        let subjectID = subject.subjectID.revealedBytes
        let cii = Normalization.cii(subject.identity.ciiNumber.revealedBytes)
        let basis = Basis(normalizedCII: cii, subjectID: subjectID)
        let pseudonym = try pseudonym(cii: cii, subjectID: subjectID)
        let offset = try dateOffset(subjectID: subjectID)
        func shift(_ value: DateValue) -> ShiftedDateValue {
            switch value {
            case .exact(let date): .exact(ShiftedDate(dayNumber: date.dayNumber + offset))
            case .range(let low, let high):
                .range(ShiftedDate(dayNumber: low.dayNumber + offset), ShiftedDate(dayNumber: high.dayNumber + offset))
            case .unknown: .unknown
            }
        }
        let birth = subject.dateOfBirth.revealed
        func birthday(_ years: Int) -> ShiftedDateValue {
            switch birth {
            case .exact(let date): shift(.exact(date.anniversary(years)))
            case .range(let low, let high): shift(.range(low.anniversary(years), high.anniversary(years)))
            case .unknown: .unknown
            }
        }
        let evaluation = DateValue.exact(evaluationDate)

        // The counts of a court case share its numbers: each distinct number of the subject is
        // normalized and keyed once (nil: it does not normalize), not once per conviction.
        // Searched in place while short (nearly always); past 16 numbers (a long career, or a
        // SUBJECT_ID shared by mistake) through a dictionary, so the time does not grow with the
        // square of the numbers.
        var cases: [(raw: IdentityValue, normalized: [UInt8]?, token: CaseToken?)] = []
        var casePositions: [IdentityValue: Int] = [:]
        func keyedCase(_ raw: IdentityValue) throws(SealCryptoError) -> (normalized: [UInt8], token: CaseToken)? {
            let known = cases.count > 16 ? casePositions[raw].map { cases[$0] } : cases.first { $0.raw == raw }
            let entry: (normalized: [UInt8]?, token: CaseToken?)
            if let known {
                entry = (known.normalized, known.token)
            } else {
                let normalized = Normalization.caseNumber(raw.revealedBytes)
                entry = (
                    normalized,
                    try normalized.map { (bytes) throws(SealCryptoError) in
                        try caseToken(basis: basis, caseNumber: bytes)
                    }
                )
                cases.append((raw, entry.normalized, entry.token))
                if cases.count > 16 {
                    if casePositions.isEmpty {
                        for (position, known) in cases.enumerated() { casePositions[known.raw] = position }
                    } else {
                        casePositions[raw] = cases.count - 1
                    }
                }
            }
            guard let normalized = entry.normalized, let token = entry.token else { return nil }
            return (normalized, token)
        }

        var convictions: [DeidentifiedConviction] = []
        convictions.reserveCapacity(subject.convictions.count)
        for conviction in subject.convictions {
            var flags = conviction.flags.isEmpty ? FlagSet() : FlagSet(conviction.flags.lazy.map(\.kind))
            var firstCase: [UInt8]? = nil
            var tokens: [CaseToken] = []
            for raw in conviction.caseNumbers {
                guard let (normalized, token) = try keyedCase(raw) else { continue }
                if firstCase == nil { firstCase = normalized }
                if !tokens.contains(token) { tokens.append(token) }
            }
            var reference: CountReference? = nil
            if let order = conviction.countOrder {
                let made = try countReference(
                    basis: basis,
                    caseNumber: firstCase,
                    courtEvent: order.courtEvent,
                    count: order.count
                )
                reference = made.reference
                if made.fromCourtEvent { flags.insert(.countReferenceWithoutCaseNumber) }
            }
            let cutoffs = cutoffFlags(
                date: conviction.date,
                offenseDate: conviction.offenseDateProxy,
                offenseDateFromConviction: conviction.offenseDateFromConviction
            )
            let charge = Self.charge(conviction.offense)
            let level = conviction.level
            let complete = ThreeValued(conviction.sentenceEnd.isComplete(at: evaluationDate))
            // gogen's view is carried only where it differs from the one the structured facts imply.
            let view = gogenView(conviction, eventDate: subject.events[conviction.eventIndex].eventDate)
            let derived = view.isDerived(charge: charge, level: level, sentenceCompleteAtEvaluation: complete)
            // Appended as it is made: a conviction made first and appended after was copied (a
            // retain and a release of each of its thirty-odd strings and arrays).
            convictions.append(
                DeidentifiedConviction(
                    reference: reference,
                    cycle: conviction.countOrder?.cycle,
                    step: conviction.countOrder?.step,
                    count: conviction.countOrder?.count,
                    date: shift(conviction.date),
                    offenseDate: shift(conviction.offenseDateProxy),
                    charge: charge,
                    level: level,
                    disposition: PublicVocabulary.disposition(conviction.disposition.text),
                    county: PublicVocabulary.county(conviction.county),
                    sentenceParts: conviction.sentenceParts,
                    sentenceEnd: Deidentified.SentenceEnd(
                        lower: conviction.sentenceEnd.lower.map { ShiftedDate(dayNumber: $0.dayNumber + offset) },
                        upper: conviction.sentenceEnd.upper.map { ShiftedDate(dayNumber: $0.dayNumber + offset) }
                    ),
                    sentenceCompleteAtEvaluation: complete,
                    yearsSinceConviction: Self.completedYears(from: conviction.date, to: evaluation),
                    ageAtConviction: Self.completedYears(from: birth, to: conviction.date),
                    ageAtOffense: Self.completedYears(from: birth, to: conviction.offenseDateProxy),
                    cutoffs: cutoffs,
                    caseTokens: tokens,
                    flags: flags,
                    prop64Candidate: conviction.isProp64Candidate,
                    gogen: derived ? nil : view
                )
            )
        }

        var subjectFlags = FlagSet(subject.flags.lazy.map(\.kind))
        if cii == nil { subjectFlags.insert(.pseudonymFromSubjectID) }
        var record = DeidentifiedSubject(
            pseudonym: pseudonym,
            pseudonymBasis: cii == nil ? .subjectId : .cii,
            gender: PublicVocabulary.gender(subject.identity.gender),
            race: PublicVocabulary.race(subject.identity.raceDescription),
            birthday18: birthday(18),
            birthday21: birthday(21),
            ageAtEvaluation: Self.completedYears(from: birth, to: evaluation),
            deceased: subject.isDeceased,
            deathDate: subject.death.map(shift),
            registrations: subject.registrations.filter { $0.kind == .pc290 }.map { shift($0.date) },
            convictions: convictions,
            flags: subjectFlags
        )
        // gogen's raw reading of the subject, carried only where it differs from the structured one.
        let view = GogenSubjectView(
            deceased: subject.gogen.deceased,
            // Only a date SealKit knows exactly can differ: an unknown or partial one is gogen's zero
            // date already (the reference reads it so).
            zeroBirthDate: subject.gogen.zeroBirthDate && birth.exactDate != nil,
            pc290Registration: subject.gogen.pc290Registration
        )
        if view != GogenSubjectView.derived(from: record) { record.gogen = view }
        if ciiShared && cii != nil { try reassignToSubjectID(&record, subjectID: subjectID) }
        return record
    }

    /// A conviction's answers for every calendar cut-off (``CutoffAnswers``: two bytes, no dictionary).
    ///
    /// When the offense date is the conviction date standing in for an unknown CYC_DATE, the offense is
    /// known only not to come after the conviction: "on or after" a cut-off is `no` when the
    /// conviction is certainly before it, and `unknown` otherwise (never `yes`: a conviction days after
    /// 2016-11-09 may be for an offense before it).
    func cutoffFlags(date: DateValue, offenseDate: DateValue, offenseDateFromConviction: Bool) -> CutoffAnswers {
        var answers = CutoffAnswers.allNo
        for cutoff in CutoffDate.allCases {
            let onConviction = ThreeValued(date.isOnOrAfter(cutoff.date))
            answers.setConviction(cutoff, onConviction)
            if offenseDateFromConviction {
                answers.setOffense(cutoff, onConviction == .no ? .no : .unknown)
            } else {
                answers.setOffense(cutoff, ThreeValued(offenseDate.isOnOrAfter(cutoff.date)))
            }
        }
        return answers
    }

    /// gogen's view of a conviction (prop64-rules.md, Parts A and E): its raw reading, and whether its
    /// sentence end (the STP_EVENT_DATE, or year 1 when that is not a full date, plus every part in
    /// fixed-length units) is after the evaluation date, decided here on true dates.
    func gogenView(_ conviction: Conviction, eventDate: DateValue) -> GogenView {
        let reading = conviction.gogen
        let start = reading.zeroDate ? Self.yearOne : eventDate.exactDate?.dayNumber ?? Self.yearOne
        let serving = start * 24 + reading.sentenceHours > evaluationDate.dayNumber * 24
        return GogenView(
            sections: reading.sections,
            felony: reading.felony,
            la11357AB: reading.la11357AB,
            servingAtEvaluation: serving,
            // Only a date SealKit knows exactly differs: an unknown or partial one is gogen's zero date
            // already (the reference reads it so).
            zeroDate: reading.zeroDate && conviction.date.exactDate != nil
        )
    }

    /// 0001-01-01, gogen's date for a missing or unreadable one.
    private static let yearOne = CalendarDate(year: 1, month: 1, day: 1)!.dayNumber

    /// Moves a CII-based record to the SUBJECT_ID pseudonym of a subject whose CII turned out to be
    /// shared with another SUBJECT_ID, flagging it `pseudonymFromSubjectID` and
    /// `ciiSharedWithAnotherSubject`. Everything else (count references, case tokens, dates, the
    /// offset, which always comes from SUBJECT_ID) is unchanged, so a record written before the
    /// collision was seen can be corrected without its history.
    package func reassignToSubjectID(
        _ record: inout DeidentifiedSubject,
        subjectID: [UInt8]
    ) throws(SealCryptoError) {
        record.pseudonym = try pseudonym(cii: nil, subjectID: subjectID)
        record.pseudonymBasis = .subjectId
        record.flags.insert(.pseudonymFromSubjectID)
        record.flags.insert(.ciiSharedWithAnotherSubject)
    }

    /// Completed years from `start` to `end` (true dates), as a range when either is partial, with
    /// whether `end` falls exactly on an anniversary of `start`.
    package static func completedYears(from start: DateValue, to end: DateValue) -> CompletedYears? {
        guard let startEarliest = start.earliest, let startLatest = start.latest,
            let endEarliest = end.earliest, let endLatest = end.latest
        else { return nil }
        let low = startLatest.completedYears(at: endEarliest)
        let high = startEarliest.completedYears(at: endLatest)
        let anniversary: ThreeValued
        if let startDate = start.exactDate, let endDate = end.exactDate {
            anniversary = ThreeValued(startDate.anniversary(startDate.completedYears(at: endDate)) == endDate)
        } else {
            anniversary = .unknown
        }
        return CompletedYears(low: min(low, high), high: max(low, high), onAnniversary: anniversary)
    }

    static func charge(_ offense: Offense) -> Charge {
        let reading: ChargeReading
        switch offense.reading {
        case .parsed: reading = .parsed
        case .unparsed: reading = .unparsed
        case .missing: reading = .missing
        }
        return Charge(
            reading: reading,
            source: offense.source,
            lawCode: offense.section?.lawCode,
            section: offense.section?.number,
            subsections: offense.section?.subsections ?? [],
            attempt: offense.attempt,
            conspiracy: offense.conspiracy,
            suspectSection: offense.suspectSection,
            otherSections: offense.otherSections.map {
                ChargeSection(lawCode: $0.lawCode, section: $0.number, subsections: $0.subsections)
            }
        )
    }
}
