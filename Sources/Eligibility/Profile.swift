import Deidentified
import SealCore

/// One rule set's way of deciding a Prop 64 conviction, as a type of its own (one file each:
/// ``GogenProfile``, ``StatutoryProfile``, ``LosAngelesProfile``, ``DismissAllProfile``;
/// prop64-rules.md, Parts A.8, C.3, B.2 and D.2). Three-valued: in an ordered flow the first yes
/// decides, and an unknown met first stops with `needsReview` and its code.
protocol Profile: Sendable {
    /// The statute or policy a decision of this profile rests on.
    static var authority: String { get }

    /// The outcome for conviction `index` of `facts`, every check recorded in `flow`.
    func decide(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome

    /// What the reference tool (gogen or gogen_pilots) outputs for the raw row; `none` where the
    /// profile has no reference tool.
    func reference(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome
}

extension Profile {
    func reference(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        ReferenceOutcome(tool: "none", label: nil, reason: nil)
    }
}
