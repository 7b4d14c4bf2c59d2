import Deidentified
import SealCore

/// The dismiss-all profile (prop64-rules.md D.2): every Prop 64 conviction in scope dismissed,
/// after the guards.
extension Evaluator {
    func dismissAll(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        let guards = gogenGuards(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: Self.dismissAllAuthority) }
        flow.record(.dismissAll, .yes)
        return Outcome(
            decision: .dismissAndSeal,
            label: GogenTexts.dismissal,
            reason: "Dismiss all Prop 64 charges",
            codes: [.dismissAllProp64],
            authority: Self.dismissAllAuthority
        )
    }
}
