package import Deidentified
package import SealCore

/// The result for one Prop 64 conviction (prop64-rules.md, section 0).
package struct ConvictionDecision: Hashable, Sendable {
    package var pseudonym: SubjectPseudonym
    /// Nil when the count has no valid CNT_ORDER (the conviction is then under review).
    package var reference: CountReference?
    /// Position of the conviction in the subject's history.
    package var index: Int
    package var decision: Decision
    /// The label and reason as the rule set's source words them (gogen's exact strings where its
    /// rules decide; `Needs Review` otherwise).
    package var label: String
    package var reason: String
    /// SealKit's codes (Part F); the first is the primary one.
    package var reasonCodes: [ReasonCode]
    /// The statute or policy the decision rests on.
    package var authority: String
    /// What gogen or gogen_pilots outputs for the raw row.
    package var gogen: ReferenceOutcome
    /// Least and most relief the statute allows on the known facts (statutory rule set only).
    package var floor: Remedy?
    package var ceiling: Remedy?
    /// Notes that never change a decision (Part F).
    package var advisories: [String]
    /// Every check made, in order: guards first, then the flow up to the deciding check.
    package var checks: [Check]
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
package enum ReasonText {
    /// `Needs review: <why>`.
    package static func review(_ code: ReasonCode) -> String { reviewTexts[Int(code.rawValue)] }

    /// `Not eligible: <why>`.
    package static func notEligible(_ code: ReasonCode) -> String { notEligibleTexts[Int(code.rawValue)] }

    private static let reviewTexts = ReasonCode.allCases.map { "Needs review: " + ($0.explanation ?? $0.name) }
    private static let notEligibleTexts = ReasonCode.allCases.map { "Not eligible: " + ($0.explanation ?? $0.name) }
}

/// The flags that bear on a decision (doj-research-file.md, section 5.10), from the one flag vocabulary
/// (``FlagKind``): a review flag on a conviction sends it to review under every profile; two advisory
/// flags become advisories of the decision.
package enum ReviewFlags {
    /// The review flags (``FlagSeverity/review``).
    package static let kinds = FlagSet.review

    /// Their names.
    package static let names = Set(kinds.names)

    /// The flags that become advisories (Part F).
    static let advisoryKinds: FlagSet = [.chargeFromComment, .lawCodeMissing]
}
