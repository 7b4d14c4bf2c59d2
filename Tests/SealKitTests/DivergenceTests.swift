import Deidentified
import Foundation
import SealKit
import TestSupport
import Testing

@testable import Eligibility

/// Every decision that differs from its gogen or gogen_pilots reference says why, with a code from the
/// documented list (``Divergence/codes``), over generated files and every profile that carries a
/// reference. The list is what makes the property able to fail: every decision carries some reason
/// code.
@Suite("Every difference from the reference tool is explained by a divergence code")
struct DivergenceTests {
    @Test("gogen, los-angeles-2020 and dismiss-all on two generated files: no unexplained difference")
    func explained() throws {
        var differences = 0
        for seed in [5, 13] as [UInt64] {
            let folder = try TemporaryDirectory()
            let path = try folder.deidentifiedFile(rows: 20_000, seed: seed)
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let reader = DeidentifiedReader(
                header: try Array(lines[0].utf8).withUnsafeBytes { try DeidentifiedReader.header($0) }
            )
            let subjects = try lines.dropFirst().map { try reader.subject(Array($0.utf8)) }
            for name in ["gogen", "los-angeles-2020", "dismiss-all"] {
                let evaluator = Evaluator(
                    ruleSet: try RuleSets.load(name),
                    county: "LOS ANGELES",
                    evaluationDate: "2020-07-01"
                )
                var unexplained: [String] = []
                for subject in subjects {
                    for decision in evaluator.evaluate(subject) {
                        var ours = decision.decision
                        if ours == .reduceToInfraction { ours = .reduceToMisdemeanor }
                        if ours != Divergence.referenceDecision(decision.gogen) { differences += 1 }
                        if !Divergence.isExplained(decision) {
                            unexplained.append(
                                "\(decision.decision) vs \(decision.gogen.label ?? "no result"): \(decision.reasonCodes)"
                            )
                        }
                    }
                }
                #expect(unexplained.isEmpty, "\(name), seed \(seed): \(unexplained.prefix(5))")
            }
        }
        // The property is not vacuous: the generated files hold many differences.
        #expect(differences > 500)
    }

    @Test("a difference without a divergence code is caught")
    func unexplainedIsCaught() {
        let decision = ConvictionDecision(
            pseudonym: SubjectPseudonym(epoch: 1, digest: ReferenceDigest(bytes: [UInt8](repeating: 1, count: 32))),
            reference: nil,
            index: 0,
            decision: .dismissAndSeal,
            label: "Eligible for Dismissal",
            reason: "",
            reasonCodes: [.ageThreshold],
            authority: "",
            gogen: ReferenceOutcome(tool: "gogen_pilots", label: "Not eligible", reason: "Two priors"),
            floor: nil,
            ceiling: nil,
            advisories: [],
            checks: []
        )
        #expect(!Divergence.isExplained(decision))
        var explained = decision
        explained.advisories = ["referenceReadsNoSection"]
        #expect(Divergence.isExplained(explained))
    }
}
