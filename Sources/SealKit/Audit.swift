import Deidentified
package import Eligibility
import Glibc
package import Manifest
package import SealCore

/// `sealkit audit`: a request manifest checked against the decisions the named rule set makes on the
/// de-identified file it was made from, with no secret. Every automatic entry must be a relief
/// decision of the rules with the same action and subject, every relief decision must be an entry,
/// and every entry staff decided must be a conviction the rules sent to review.
package enum Audit {
    /// One disagreement between the manifest and the rules.
    package struct Finding: Hashable, Sendable {
        /// What is wrong.
        package enum Kind: String, Hashable, Sendable {
            /// An entry the rules do not produce (they decide the count otherwise, or never decide it).
            case notProduced
            /// A relief decision of the rules that no entry holds.
            case missing
            /// An entry whose action or subject is not the rules' decision for its count.
            case differs
        }

        /// What is wrong.
        package let kind: Kind
        /// The entry's leaf index, nil for a missing decision.
        package let leafIndex: Int?
        /// The count reference (a keyed value, never an identity).
        package let reference: String
        /// In words.
        package let detail: String
    }

    /// What an audit found.
    package struct Report: Sendable {
        /// The verified manifest.
        package let body: SealingBody
        /// Relief decisions the rules make, and how many the manifest holds as automatic entries.
        package var reliefDecisions = 0
        /// (Automatic entries that are the rules' decisions.)
        package var automaticMatched = 0
        /// Entries staff decided on review, each a `needsReview` conviction of the rules: leaf index,
        /// count reference and action.
        package var reviewed: [(leafIndex: Int, reference: String, action: SealingAction)] = []
        /// Every disagreement, by leaf index (missing decisions last, in file order).
        package var findings: [Finding] = []

        init(body: SealingBody) {
            self.body = body
        }
    }

    /// Audits the manifest at `manifest` (a request, verified with the key at `publicKey` and bound to
    /// the de-identified file at `deidentified`) under `ruleSet`, which must be the rule set the
    /// manifest names (its id, version and SHA-256).
    ///
    /// - Throws: exit 1 when the manifest does not verify, was made from another file or under
    ///   another rule set, or is a ruling; the reader's errors (65) for a malformed file.
    package static func run(
        manifest: String,
        publicKey: String,
        deidentified: String,
        ruleSet: RuleSet
    ) throws(SealKitError) -> Report {
        let body = try VerifyManifest.run(manifest: manifest, publicKey: publicKey, deidentified: deidentified).body
        guard body.kind == .request else {
            throw SealKitError(
                .verificationFailed,
                "\(manifest): a ruling: audit the request it rules on (its entries are the court's, not the rules')"
            )
        }
        guard ruleSet.id == body.ruleSetID, ruleSet.version == body.ruleSetVersion, ruleSet.sha256 == body.ruleSetSHA256
        else {
            throw SealKitError(
                .verificationFailed,
                "\(manifest): decided under rule set \(body.ruleSetID) \(body.ruleSetVersion) (SHA-256 "
                    + "\(body.ruleSetSHA256)), not the one --rules gives (\(ruleSet.id) \(ruleSet.version), SHA-256 "
                    + "\(ruleSet.sha256))"
            )
        }
        var entries: [CountReference: Int] = [:]
        for (index, entry) in body.entries.enumerated() { entries[entry.leaf.countReference] = index }
        var report = Report(body: body)
        var missing: [Finding] = []

        let descriptor = try FileIO.openInput(deidentified)
        defer { close(descriptor) }
        var lines = LineReader(descriptor: descriptor, path: deidentified)
        let header = try Evaluate.header(&lines, input: deidentified)
        try Evaluate.checkHeader(header, input: deidentified)
        let evaluator = Evaluator(ruleSet: ruleSet, county: body.county, evaluationDate: header.evaluationDate)
        var decided: [ConvictionDecision] = []
        try Evaluate.forEachSubject(&lines, header: header, input: deidentified) { (subject) throws(SealKitError) in
            decided.removeAll(keepingCapacity: true)
            evaluator.evaluate(subject, into: &decided)
            for decision in decided {
                let relief = SealingAction(rawValue: decision.decision.rawValue)
                if relief != nil { report.reliefDecisions += 1 }
                guard let reference = decision.reference else {
                    if relief != nil {
                        missing.append(
                            Finding(
                                kind: .missing,
                                leafIndex: nil,
                                reference: "(none)",
                                detail:
                                    "a \(decision.decision.rawValue) decision of \(decision.pseudonym) for a conviction "
                                    + "without a count reference (index \(decision.index)): it cannot be in a manifest"
                            )
                        )
                    }
                    continue
                }
                guard let index = entries.removeValue(forKey: reference) else {
                    if relief != nil {
                        missing.append(
                            Finding(
                                kind: .missing,
                                leafIndex: nil,
                                reference: reference.description,
                                detail: "the rules decide \(decision.decision.rawValue); the manifest has no entry"
                            )
                        )
                    }
                    continue
                }
                let entry = body.entries[index]
                func finding(_ kind: Finding.Kind, _ detail: String) {
                    report.findings.append(
                        Finding(kind: kind, leafIndex: index, reference: reference.description, detail: detail)
                    )
                }
                guard entry.pseudonym == decision.pseudonym else {
                    finding(.differs, "the entry's subject is not the subject the rules decide the count for")
                    continue
                }
                switch (entry.leaf.decidedBy, decision.decision) {
                case (.review, .needsReview):
                    report.reviewed.append((index, reference.description, entry.leaf.action))
                case (.review, _):
                    finding(
                        .differs,
                        "decided on review, but the rules decide it (\(decision.decision.rawValue)): only needsReview "
                            + "convictions are reviewed"
                    )
                case (.rules, _) where relief == entry.leaf.action:
                    report.automaticMatched += 1
                case (.rules, .notEligible), (.rules, .needsReview):
                    finding(
                        .notProduced,
                        "the rules decide \(decision.decision.rawValue), not \(entry.leaf.action.rawValue)"
                    )
                case (.rules, _):
                    finding(
                        .differs,
                        "the rules decide \(decision.decision.rawValue), not \(entry.leaf.action.rawValue)"
                    )
                }
            }
        }
        for (reference, index) in entries {
            report.findings.append(
                Finding(
                    kind: .notProduced,
                    leafIndex: index,
                    reference: reference.description,
                    detail: "no conviction of the file has this count reference"
                )
            )
        }
        report.findings.sort { ($0.leafIndex ?? .max) < ($1.leafIndex ?? .max) }
        report.findings += missing
        return report
    }
}
