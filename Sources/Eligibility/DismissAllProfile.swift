import Deidentified
import SealCore

/// The dismiss-all profile (prop64-rules.md D.2): every Prop 64 conviction in scope dismissed,
/// after the guards.
struct DismissAllProfile: Profile {
    static let authority = "County policy: dismiss all Prop 64 convictions (HS 11361.9)"

    func reference(_ facts: SubjectFacts, _ index: Int) -> ReferenceOutcome {
        ReferenceFlows.dismissAll(facts, index)
    }

    func decide(_ facts: SubjectFacts, _ index: Int, _ flow: inout Flow) -> Outcome {
        let guards = Guards.gogen(facts, index, &flow)
        if !guards.isEmpty { return .review(guards, authority: Self.authority) }
        flow.record(.dismissAll, .yes)
        return Outcome(
            decision: .dismissAndSeal,
            label: GogenTexts.dismissal,
            reason: "Dismiss all Prop 64 charges",
            codes: [.dismissAllProp64],
            authority: Self.authority
        )
    }
}
