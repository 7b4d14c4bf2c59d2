public import Deidentified
public import SealCore

/// The result for one Prop 64 conviction (prop64-rules.md, section 0).
public struct ConvictionDecision: Hashable, Sendable {
    public var pseudonym: SubjectPseudonym
    /// Nil when the count has no valid CNT_ORDER (the conviction is then under review).
    public var reference: CountReference?
    /// Position of the conviction in the subject's history.
    public var index: Int
    public var decision: Decision
    /// The label and reason as the rule set's source words them (gogen's exact strings where its
    /// rules decide; `Needs Review` otherwise).
    public var label: String
    public var reason: String
    /// SealKit's codes (Part F); the first is the primary one.
    public var reasonCodes: [String]
    /// The statute or policy the decision rests on.
    public var authority: String
    /// What gogen or gogen_pilots outputs for the raw row.
    public var gogen: ReferenceOutcome
    /// Least and most relief the statute allows on the known facts (statutory rule set only).
    public var floor: Remedy?
    public var ceiling: Remedy?
    /// Notes that never change a decision (Part F).
    public var advisories: [String]
    /// Every check made, in order: guards first, then the flow up to the deciding check.
    public var checks: [Check]
}

/// What a flow concluded, before it is stamped with the conviction's identity.
struct Outcome {
    var decision: Decision
    var label: String
    var reason: String
    var codes: [String]
    var authority: String
    var floor: Remedy? = nil
    var ceiling: Remedy? = nil

    static let reviewLabel = "Needs Review"

    /// Review with `codes` (the first is primary).
    static func review(_ codes: [String], authority: String, floor: Remedy? = nil, ceiling: Remedy? = nil) -> Outcome {
        Outcome(
            decision: .needsReview,
            label: reviewLabel,
            reason: ReasonText.review(codes.first ?? "needsReview"),
            codes: codes,
            authority: authority,
            floor: floor,
            ceiling: ceiling
        )
    }
}

/// One-line reasons for SealKit's codes (Part F).
public enum ReasonText {
    static let texts: [String: String] = [
        // Reader review flags.
        "convictionDateUnknown": "the conviction date is missing or unreadable",
        "convictionDateFromDispDate": "the conviction date comes from DISP_DATE only",
        "dateInFuture": "a date is after the evaluation date",
        "eventBeforeBirth": "an event is dated before the date of birth",
        "implausibleAge": "the age at the event is implausible",
        "suspectSection": "the code section contains a Prop 64 number inside a longer number",
        "lawCodeMismatch": "a Prop 64 number is written with another law code",
        "commentConflict": "the comment names a different Prop 64 charge",
        "offenseFieldsDisagree": "the offense columns name different sections",
        "chargeUnparsed": "the charge text cannot be read",
        "laterDispositionOnCount": "a later disposition on the count may have changed it",
        "levelUnknown": "the conviction level is unknown",
        "malformedRow": "a row of the subject is malformed",
        "subjectDOBConflict": "the subject's rows give different dates of birth",
        "qualifierPresent": "an offense qualifier may change the charge",
        "combinedProp64Charge": "the charge names a Prop 64 section together with another section",
        "ciiSharedWithAnotherSubject": "the CII is shared with another SUBJECT_ID",
        // Facts a check needed.
        "dateImprecise": "a date the rule needs is known only to the month or year",
        "dobUnknown": "the date of birth is unknown",
        "sentenceEndUncertain": "the file cannot tell whether the sentence is complete",
        "chargesUnknown": "another conviction's charge cannot be read",
        // Profile guards and statutory review.
        "conspiracyPC182": "a PC 182 conspiracy to commit a Prop 64 offense",
        "postAUMAConviction": "convicted on or after 2016-11-09",
        "offenseBeforeAUMA": "convicted on or after 2016-11-09 for an offense that may predate it",
        "priorSuperstrike": "a prior superstrike conviction",
        "priorPC290": "a prior PC 290 registrable conviction or registration",
        "twoPriors": "two or more prior convictions of the same section",
        "pc290RegistrationUnmatched": "a later PC 290 registration with no registrable conviction in the file",
        "pc290RegistrationOnly": "an earlier PC 290 registration with no registrable conviction in the file",
        "priorDateUnknown": "a possible prior has no usable date",
        "priorMayBeSameCase": "a possible prior may be in the same court case",
        "priorTimingUnclear": "a prior falls between the offense and the conviction",
        "sectionNotConfigured": "the section is in neither the dismiss nor the reduce list",
        "attempt": "a PC 664 attempt (no authority either way)",
        "subsectionVersionMismatch": "the subsection exists only in the law after 2016-11-09",
        "noSubsection": "no subsection, and relief depends on it",
        "minorAtOffense": "under 18 at the offense",
        "ageBandBoundary": "an 18th or 21st birthday falls near the offense date",
        "amountUnknown": "relief depends on the amount, which the file does not hold",
        "plantCountUnknown": "relief depends on the number of plants, which the file does not hold",
        "conductUnknown": "relief depends on the conduct (sale, transport, giving away), which the file does not hold",
        "schoolGrounds": "possession on school grounds",
        "levelInconsistent": "the level does not fit the section",
        "twoPriorsUnsettled": "whether pre-2016 priors count as two priors is unsettled",
        "currentlyServing": "the sentence is not complete (petition track, HS 11361.8(a))",
        "cityAttorneyReview": "a misdemeanor or infraction for the city attorneys",
        "other11357": "an 11357 conviction other than (a) or (b)",
        "noApplicableCriteria": "no eligibility criterion applies",
        // notEligible.
        "postAUMA": "offense and conviction on or after 2016-11-09",
        "noLesserOffense": "the conduct is still an offense of the same level",
        "alreadyLesser": "already at the level Prop 64 sets",
    ]

    /// `Needs review: <why>`.
    public static func review(_ code: String) -> String {
        reviewTexts[code] ?? "Needs review: " + code
    }

    /// `Not eligible: <why>`.
    public static func notEligible(_ code: String) -> String {
        notEligibleTexts[code] ?? "Not eligible: " + code
    }

    /// The whole lines, made once (a decision looks its line up instead of building it).
    private static let reviewTexts = ByteKeyTable(texts.map { ($0.key, "Needs review: " + $0.value) })
    private static let notEligibleTexts = ByteKeyTable(texts.map { ($0.key, "Not eligible: " + $0.value) })
}

/// The flags that bear on a decision (doj-research-file.md, section 5.10), from the one flag vocabulary
/// (``FlagKind``): a review flag on a conviction sends it to review under every profile; two advisory
/// flags become advisories of the decision.
public enum ReviewFlags {
    /// The review flags (``FlagSeverity/review``).
    public static let kinds = FlagSet.review

    /// Their names.
    public static let names = Set(kinds.names)

    /// The flags that become advisories (Part F).
    static let advisoryKinds: FlagSet = [.chargeFromComment, .lawCodeMissing]
}
