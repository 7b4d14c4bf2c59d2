package import SealCore

/// Everything the file says about one person, typed, with the reader's derived facts and flags.
///
/// This is the identified zone's central type: it holds names, numbers and the date of birth as
/// ``IdentityValue``s, which print as `<redacted>`. Only the pseudonymizer reads them.
package struct SubjectHistory: Sendable {
    /// SUBJECT_ID, trimmed: the grouping key.
    package let subjectID: IdentityValue
    package let identity: SubjectIdentity
    /// The first valid PRI_DOB (unknown when none is valid), printed redacted.
    package let dateOfBirth: Protected<DateValue>
    /// Every row, in file order.
    package let events: [HistoryEvent]
    /// One per conviction (unique CNT_ORDER), in order of first appearance.
    package let convictions: [Conviction]
    /// PC 290 registration events, in file order.
    package let registrations: [Registration]
    /// The date of death when a DECEASED row exists (the date may be unknown).
    package let death: DateValue?
    /// Subject-wide and row flags, in row order.
    package let flags: [RecordFlag]
    /// gogen's raw reading of the subject (reference column only).
    package let gogen: GogenSubjectReading
    /// The physical lines of the first and last row.
    package let firstLine: Int
    package let lastLine: Int

    package var isDeceased: Bool { death != nil }

    /// Completed years of age at `date`, as a range when the birth date or `date` is imprecise.
    package func age(at date: DateValue) -> ClosedRange<Int>? {
        guard let birthEarliest = dateOfBirth.revealed.earliest, let birthLatest = dateOfBirth.revealed.latest,
            let earliest = date.earliest, let latest = date.latest
        else { return nil }
        let low = birthLatest.completedYears(at: earliest)
        let high = birthEarliest.completedYears(at: latest)
        return min(low, high)...max(low, high)
    }
}

/// The identity columns of a subject that SealKit reads, as protected values: the CII (the
/// pseudonym's basis) and the name, which stays in the identified zone. SSN, driver's licence and
/// FBI numbers are not read into the history at all: no step uses them (privacy.md drops them), so
/// they are never copied out of the row.
package struct SubjectIdentity: Sendable {
    package let ciiNumber: IdentityValue
    package let name: IdentityValue
    /// GENDER, trimmed and upper-cased (a quasi-identifier).
    package let gender: String
    /// RACE_CODE and RACE_DESCR, trimmed and upper-cased (quasi-identifiers).
    package let raceCode: String
    package let raceDescription: String
}

/// A PC 290 (or HS 11590) registration event.
package struct Registration: Sendable {
    package enum Kind: Sendable {
        /// PC 290: sex-offender registration.
        case pc290
        /// HS 11590: controlled-substance offender registration (advisory only).
        case hs11590
    }
    package let kind: Kind
    package let date: DateValue
    package let rowIndex: Int
    package let line: Int
}

/// A conviction: the first conviction row of a count (unique CNT_ORDER), with every later row of
/// the same count attached as a sentence part.
package struct Conviction: Sendable {
    /// CNT_ORDER (nil only when malformed; such rows are kept one conviction per row).
    package let countOrder: CountOrder?
    /// Index into ``SubjectHistory/events`` of the first row.
    package let eventIndex: Int
    package let rowIndex: Int
    package let line: Int
    /// STP_EVENT_DATE (or DISP_DATE, flagged, when that is unknown).
    package let date: DateValue
    /// The offense-date proxy: CYC_DATE, or the conviction date when CYC_DATE is unknown or later.
    package let offenseDateProxy: DateValue
    /// Whether the proxy is the conviction date (CYC_DATE unknown or later): the offense is then known
    /// only to come no later than the conviction, so "the offense was on or after a date" is unknown
    /// whenever the conviction was.
    package let offenseDateFromConviction: Bool
    package let offense: Offense
    /// Nil when the level cannot be told (`levelUnknown`).
    package let level: ConvictionLevel?
    package let county: String
    package let disposition: Disposition
    /// Sentence parts in row order.
    package let sentenceParts: [SentencePart]
    /// The end of the sentence as an interval (doj-research-file.md, section 5.6).
    package let sentenceEnd: SentenceEnd
    /// Case numbers (OFN of the court event's COURT ACTION rows, FE_NUM_CRT_CASE), distinct, trimmed.
    package let caseNumbers: [IdentityValue]
    /// Flags that bear on this conviction.
    package let flags: [RecordFlag]

    /// Whether this is a Prop 64 conviction candidate (the charge, or a conflicting comment, names
    /// 11357–11360).
    package let isProp64Candidate: Bool
    /// gogen's reading of the first row, with the sentence hours of every row of the count added.
    package let gogen: GogenReading
}

/// When a sentence ends: parts may be concurrent or consecutive, so the end is an interval from the
/// longest part (lower bound) to all parts added in row order (upper bound).
package struct SentenceEnd: Hashable, Sendable {
    /// Nil when the conviction date is unknown.
    package let lower: CalendarDate?
    /// Nil when the conviction date or any part is unknown.
    package let upper: CalendarDate?

    /// "Sentence complete at `date`": true if the upper bound is on or before it, false if the lower
    /// bound is after it, nil otherwise.
    package func isComplete(at date: CalendarDate) -> Bool? {
        if let upper, upper <= date { return true }
        if let lower, lower > date { return false }
        return nil
    }
}
