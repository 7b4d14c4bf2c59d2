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
    public var reasonCodes: [ReasonCode]
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
    var codes: [ReasonCode]
    var authority: String
    var floor: Remedy? = nil
    var ceiling: Remedy? = nil

    static let reviewLabel = "Needs Review"

    /// Review with `codes` (the first is primary; a flow always names one).
    static func review(
        _ codes: [ReasonCode],
        authority: String,
        floor: Remedy? = nil,
        ceiling: Remedy? = nil
    ) -> Outcome {
        Outcome(
            decision: .needsReview,
            label: reviewLabel,
            reason: codes.first.map(ReasonText.review) ?? "Needs review",
            codes: codes,
            authority: authority,
            floor: floor,
            ceiling: ceiling
        )
    }
}

/// One-line reasons for SealKit's codes (Part F): `Needs review: <why>` and `Not eligible: <why>`,
/// made once per code (a decision looks its line up instead of building it).
public enum ReasonText {
    /// `Needs review: <why>`.
    public static func review(_ code: ReasonCode) -> String { reviewTexts[Int(code.rawValue)] }

    /// `Not eligible: <why>`.
    public static func notEligible(_ code: ReasonCode) -> String { notEligibleTexts[Int(code.rawValue)] }

    private static let reviewTexts = ReasonCode.allCases.map { "Needs review: " + ($0.explanation ?? $0.name) }
    private static let notEligibleTexts = ReasonCode.allCases.map { "Not eligible: " + ($0.explanation ?? $0.name) }
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
