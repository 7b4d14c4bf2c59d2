public import SealCore

/// A reason code (Part F): why a decision is what it is, as a value the engine compares and outputs
/// write by its stable name (``name``, the string of every released output). The first code of a
/// decision is its primary one. Codes that name a reader flag have the flag's name.
public enum ReasonCode: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    // The reader's review flags, and the shared CII (``FlagKind``, review severity).
    case convictionDateUnknown
    case convictionDateFromDispDate
    case dateInFuture
    case eventBeforeBirth
    case implausibleAge
    case suspectSection
    case lawCodeMismatch
    case commentConflict
    case offenseFieldsDisagree
    case chargeUnparsed
    case laterDispositionOnCount
    case levelUnknown
    case malformedRow
    case subjectDOBConflict
    case qualifierPresent
    case combinedProp64Charge
    case ciiSharedWithAnotherSubject
    // Facts a check needed and the file does not settle.
    case dateImprecise
    case dobUnknown
    case sentenceEndUncertain
    case chargesUnknown
    // Guards and the statute's review.
    case conspiracyPC182
    case postAUMAConviction
    case offenseBeforeAUMA
    case priorSuperstrike
    case priorPC290
    case twoPriors
    case pc290RegistrationUnmatched
    case pc290RegistrationOnly
    case priorDateUnknown
    case priorMayBeSameCase
    case priorTimingUnclear
    case sectionNotConfigured
    case attempt
    case subsectionVersionMismatch
    case noSubsection
    case minorAtOffense
    case ageBandBoundary
    case amountUnknown
    case plantCountUnknown
    case conductUnknown
    case schoolGrounds
    case levelInconsistent
    case twoPriorsUnsettled
    case currentlyServing
    case cityAttorneyReview
    case other11357
    case noApplicableCriteria
    // Not eligible.
    case postAUMA
    case noLesserOffense
    case alreadyLesser
    // Relief: the criterion that grants it.
    case misdemeanorOrInfraction
    case dismissListed
    case under21AtConviction
    case ageThreshold
    case yearsSinceConviction
    case crimeFree
    case onlyProp64
    case deceased
    case reduceListed
    case dismissAllProp64
    case section11357AB
    case under21
    case onlyProp64SentenceComplete
    case convictionFree
    case statuteDismiss
    case statuteInfraction
    case statuteMisdemeanor

    /// The code as outputs write it.
    public var name: String { Self.names[Int(rawValue)] }

    public var description: String { name }

    /// The one-line explanation of a review or not-eligible code, nil for a code of relief (whose
    /// reason the profile words).
    public var explanation: String? { Self.explanations[Int(rawValue)] }

    /// The code named `name`, or nil.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: UInt8(index))
    }

    /// The code of a reader flag of review severity (its name), nil for any other flag.
    public init?(flag: FlagKind) {
        guard let code = Self.byFlag[flag.ordinal] else { return nil }
        self = code
    }

    private static let byFlag: [ReasonCode?] = FlagKind.allCases.map {
        $0.severity == .review ? ReasonCode(name: $0.rawValue) : nil
    }

    private static let names: [String] = [
        "convictionDateUnknown",
        "convictionDateFromDispDate",
        "dateInFuture",
        "eventBeforeBirth",
        "implausibleAge",
        "suspectSection",
        "lawCodeMismatch",
        "commentConflict",
        "offenseFieldsDisagree",
        "chargeUnparsed",
        "laterDispositionOnCount",
        "levelUnknown",
        "malformedRow",
        "subjectDOBConflict",
        "qualifierPresent",
        "combinedProp64Charge",
        "ciiSharedWithAnotherSubject",
        "dateImprecise",
        "dobUnknown",
        "sentenceEndUncertain",
        "chargesUnknown",
        "conspiracyPC182",
        "postAUMAConviction",
        "offenseBeforeAUMA",
        "priorSuperstrike",
        "priorPC290",
        "twoPriors",
        "pc290RegistrationUnmatched",
        "pc290RegistrationOnly",
        "priorDateUnknown",
        "priorMayBeSameCase",
        "priorTimingUnclear",
        "sectionNotConfigured",
        "attempt",
        "subsectionVersionMismatch",
        "noSubsection",
        "minorAtOffense",
        "ageBandBoundary",
        "amountUnknown",
        "plantCountUnknown",
        "conductUnknown",
        "schoolGrounds",
        "levelInconsistent",
        "twoPriorsUnsettled",
        "currentlyServing",
        "cityAttorneyReview",
        "other11357",
        "noApplicableCriteria",
        "postAUMA",
        "noLesserOffense",
        "alreadyLesser",
        "misdemeanorOrInfraction",
        "dismissListed",
        "under21AtConviction",
        "ageThreshold",
        "yearsSinceConviction",
        "crimeFree",
        "onlyProp64",
        "deceased",
        "reduceListed",
        "dismissAllProp64",
        "section11357AB",
        "under21",
        "onlyProp64SentenceComplete",
        "convictionFree",
        "statuteDismiss",
        "statuteInfraction",
        "statuteMisdemeanor",
    ]

    private static let explanations: [String?] = [
        "the conviction date is missing or unreadable",
        "the conviction date comes from DISP_DATE only",
        "a date is after the evaluation date",
        "an event is dated before the date of birth",
        "the age at the event is implausible",
        "the code section contains a Prop 64 number inside a longer number",
        "a Prop 64 number is written with another law code",
        "the comment names a different Prop 64 charge",
        "the offense columns name different sections",
        "the charge text cannot be read",
        "a later disposition on the count may have changed it",
        "the conviction level is unknown",
        "a row of the subject is malformed",
        "the subject's rows give different dates of birth",
        "an offense qualifier may change the charge",
        "the charge names a Prop 64 section together with another section",
        "the CII is shared with another SUBJECT_ID",
        "a date the rule needs is known only to the month or year",
        "the date of birth is unknown",
        "the file cannot tell whether the sentence is complete",
        "another conviction's charge cannot be read",
        "a PC 182 conspiracy to commit a Prop 64 offense",
        "convicted on or after 2016-11-09",
        "convicted on or after 2016-11-09 for an offense that may predate it",
        "a prior superstrike conviction",
        "a prior PC 290 registrable conviction or registration",
        "two or more prior convictions of the same section",
        "a later PC 290 registration with no registrable conviction in the file",
        "an earlier PC 290 registration with no registrable conviction in the file",
        "a possible prior has no usable date",
        "a possible prior may be in the same court case",
        "a prior falls between the offense and the conviction",
        "the section is in neither the dismiss nor the reduce list",
        "a PC 664 attempt (no authority either way)",
        "the subsection exists only in the law after 2016-11-09",
        "no subsection, and relief depends on it",
        "under 18 at the offense",
        "an 18th or 21st birthday falls near the offense date",
        "relief depends on the amount, which the file does not hold",
        "relief depends on the number of plants, which the file does not hold",
        "relief depends on the conduct (sale, transport, giving away), which the file does not hold",
        "possession on school grounds",
        "the level does not fit the section",
        "whether pre-2016 priors count as two priors is unsettled",
        "the sentence is not complete (petition track, HS 11361.8(a))",
        "a misdemeanor or infraction for the city attorneys",
        "an 11357 conviction other than (a) or (b)",
        "no eligibility criterion applies",
        "offense and conviction on or after 2016-11-09",
        "the conduct is still an offense of the same level",
        "already at the level Prop 64 sets",
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
        nil,
    ]
}
