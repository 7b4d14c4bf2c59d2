import CriminalRecords
package import Deidentified
package import Eligibility
import Glibc
package import Manifest
import Pseudonymization
package import SealCore
import SealCrypto

/// `sealkit review-list`: every `needsReview` conviction of a run, with who and what it is, for staff
/// to decide; and, read back filled in, the staff's decisions for `sealkit seal --reviewed`
/// (docs/review-list.md).
package enum ReviewList {
    /// The columns, in order. Staff fill in `final_decision` and `reviewer_note`; the rest is checked
    /// when the list comes back.
    package static let columns = [
        "pseudonym", "conviction", "count_reference", "name", "date_of_birth", "cii", "court_code", "court",
        "case_number", "count", "section", "level", "conviction_date", "reasons", "explanation", "allowed",
        "final_decision", "reviewer_note", "rule_set", "rule_set_version", "evaluation_date", "input_sha256",
    ]

    /// What staff may write in `final_decision`.
    package static let finalDecisions: [String] = [
        Decision.dismissAndSeal, .reduceToMisdemeanor, .reduceToInfraction, .notEligible,
    ].map(\.rawValue)

    /// A conviction's place in a run: its subject's pseudonym and its index among the subject's
    /// convictions (what every decision line names, with or without a count reference).
    package struct Place: Hashable, Sendable {
        package let pseudonym: SubjectPseudonym
        package let index: Int
    }

    /// What the list holds, and where it was written.
    package struct Summary: Sendable {
        /// Rows written (one per `needsReview` conviction).
        package let rows: Int
    }

    /// Writes the review list of the run in `runFolder` to `output` (mode 0600: it names people),
    /// reading the research file `input` again with the master secret at `secret` (the run's own,
    /// checked against the de-identified header) to find who each conviction is.
    package static func write(
        runFolder: String,
        input: String,
        secret: String,
        output: String,
        overwrite: Bool
    ) throws(SealKitError) -> Summary {
        let folder = try RunFolder(runFolder)
        try PathClash.check(
            input: .init(flag: "--input", path: input),
            secret: .init(flag: "--secret", path: secret, role: "the secret"),
            outputs: [.init(flag: "--out", path: output)]
        )
        for path in [folder.decisionsPath, folder.deidentifiedPath, folder.summaryPath] {
            try PathClash.check(input: .init(flag: "--run", path: path), outputs: [.init(flag: "--out", path: output)])
        }
        let references = try Seal.keyedReferences(secret, matching: folder.header, file: folder.deidentifiedPath)
        var wanted: [Place: DecisionLine] = [:]
        var order: [Place] = []
        try folder.forEachDecision { (decision, _) throws(SealKitError) in
            guard decision.decision == .needsReview else { return }
            let place = Place(pseudonym: decision.pseudonym, index: decision.index)
            wanted[place] = decision
            order.append(place)
        }
        let found = try IdentifiedCounts.collect(
            input: input,
            expectedSHA256: folder.header.inputSHA256,
            evaluationDate: folder.evaluationDate,
            references: references
        ) { keys, index in
            for pseudonym in [keys.subjectIDPseudonym, keys.ciiPseudonym].compactMap({ $0 }) {
                let place = Place(pseudonym: pseudonym, index: index)
                if let decision = wanted[place], decision.reference == keys.countReferences[index] { return place }
            }
            return nil
        }
        let missing = order.count - found.count
        guard missing == 0 else {
            throw SealKitError(
                .badInputData,
                "\(input): \(missing) of the run's needsReview convictions are not in the file as the run keyed them"
            )
        }
        var bytes = Array((columns.joined(separator: ",") + "\n").utf8)
        for place in order {
            let decision = wanted[place]!
            let person = found[place]!
            var line = CSVLine()
            line.reference(place.pseudonym)
            line.field(String(place.index))
            if let reference = decision.reference { line.reference(reference) } else { line.field("") }
            line.field(person.name)
            line.field(person.dateOfBirth)
            line.field(person.cii)
            line.field(person.courtCode)
            line.field(person.court)
            line.field(person.caseNumbers)
            line.field(person.count)
            line.field(person.section)
            line.field(person.level)
            line.field(person.convictionDate)
            line.field(decision.reasonCodes.map { $0.explanation ?? $0.name }.joined(separator: "; "))
            line.field(decision.reason)
            line.field(allowed(decision))
            line.field("")
            line.field("")
            line.field(decision.ruleSetID)
            line.field(decision.ruleSetVersion)
            line.field(decision.evaluationDate.description)
            line.field(folder.header.inputSHA256)
            bytes += line.bytes
            bytes.append(0x0A)
        }
        try Seal.writeSet([(output, 0o600, bytes)], folder: FileIO.directory(of: output), overwrite: overwrite)
        return Summary(rows: order.count)
    }

    /// The relief the rule set allows, in words: `misdemeanor to dismissAndSeal`.
    private static func allowed(_ decision: DecisionLine) -> String {
        switch (decision.floor, decision.ceiling) {
        case (let floor?, let ceiling?): floor == ceiling ? floor : "\(floor) to \(ceiling)"
        case (nil, let ceiling?): "up to \(ceiling)"
        case (let floor?, nil): "at least \(floor)"
        case (nil, nil): "unknown"
        }
    }

    /// A review list read back, filled in: staff's decision and note per `needsReview` conviction.
    package struct Decisions {
        /// What staff decided for one conviction: the action (nil: not eligible) and the SHA-256 of
        /// the note.
        package struct Staff: Sendable {
            /// The relief granted, or nil for `notEligible`.
            package let action: SealingAction?
            /// The SHA-256 of the reviewer's note, as UTF-8.
            package let noteSHA256: [UInt8]
        }

        private let path: String
        /// The rows of convictions with a count reference, by it.
        private var rows: [CountReference: (line: Int, pseudonym: SubjectPseudonym, decided: Staff?)] = [:]

        /// Reads the list at `path` strictly: exactly the columns of ``ReviewList/columns`` in their
        /// order, every row of this run (`runFolder`'s rule set, evaluation date and input digest), a
        /// known final decision or none, and a note with every decision.
        package init(path: String, run: RunFolder) throws(SealKitError) {
            self.path = path
            var rows: [CountReference: (line: Int, pseudonym: SubjectPseudonym, decided: Staff?)] = [:]
            try StrictCSV.read(path, columns: ReviewList.columns, what: "a SealKit review list") {
                (fields, line) throws(SealKitError) in
                func column(_ name: String) -> String { fields[ReviewList.columns.firstIndex(of: name)!] }
                func fail(_ name: String, _ problem: String) -> SealKitError {
                    StrictCSV.failure(path, line: line, columns: ReviewList.columns, name, problem)
                }
                guard column("rule_set") == run.ruleSetID, column("rule_set_version") == run.ruleSetVersion,
                    column("evaluation_date") == run.evaluationDate.description,
                    column("input_sha256") == run.header.inputSHA256
                else {
                    throw SealKitError(
                        .badInputData,
                        "\(path): line \(line): a row of another run (its rule set, evaluation date or input "
                            + "digest is not this run's)"
                    )
                }
                guard let pseudonym = SubjectPseudonym(text: column("pseudonym")) else {
                    throw fail("pseudonym", "not a subject pseudonym")
                }
                let indexText = column("conviction")
                guard let index = Int(indexText), index >= 0, String(index) == indexText else {
                    throw fail("conviction", "not a conviction index")
                }
                _ = index
                let final = column("final_decision")
                let note = column("reviewer_note")
                var decided: Staff? = nil
                if !final.isEmpty {
                    guard ReviewList.finalDecisions.contains(final) else {
                        throw fail(
                            "final_decision",
                            "not a decision (write one of \(ReviewList.finalDecisions.joined(separator: ", ")), or leave it empty)"
                        )
                    }
                    guard note.contains(where: { !$0.isWhitespace }) else {
                        throw fail("reviewer_note", "a decision without a note: say why")
                    }
                    let hash: [UInt8]
                    do {
                        hash = try SHA256.hash(Array(note.utf8)).bytes
                    } catch {
                        throw SealKitError(.ioError, "\(path): hashing failed: \(error)")
                    }
                    decided = Staff(action: SealingAction(rawValue: final), noteSHA256: hash)
                } else if !note.isEmpty {
                    throw fail("final_decision", "a note without a decision: decide it, or clear the note")
                }
                let referenceText = column("count_reference")
                guard !referenceText.isEmpty else {
                    // No count order: the conviction cannot be named in a manifest.
                    guard decided == nil else {
                        throw fail(
                            "final_decision",
                            "a conviction without a count reference cannot be sealed: decide it outside the manifest"
                        )
                    }
                    return
                }
                guard let reference = CountReference(text: referenceText) else {
                    throw fail("count_reference", "not a count reference")
                }
                guard rows[reference] == nil else { throw fail("count_reference", "a conviction listed twice") }
                rows[reference] = (line, pseudonym, decided)
            }
            self.rows = rows
        }

        /// Staff's decision for `decision` (a `needsReview` one), nil when they left it undecided;
        /// the row is used up.
        ///
        /// - Throws: when the row names another subject than the run gives that count.
        package mutating func take(_ decision: DecisionRow, line: Int) throws(SealKitError) -> Staff? {
            guard let reference = decision.reference, let row = rows.removeValue(forKey: reference) else { return nil }
            guard row.pseudonym == decision.pseudonym else {
                throw SealKitError(
                    .badInputData,
                    "\(path): line \(row.line): pseudonym: not the subject the run gives that count reference"
                )
            }
            return row.decided
        }

        /// Refuses a row for `decision`, which the rules decided: staff may decide only `needsReview`
        /// convictions.
        package func refuseDecisionOf(_ decision: DecisionRow, line: Int) throws(SealKitError) {
            guard let reference = decision.reference, let row = rows[reference] else { return }
            throw SealKitError(
                .badInputData,
                "\(path): line \(row.line): a conviction the rules decided (\(decision.decision.rawValue)): only "
                    + "needsReview convictions may be decided on review"
            )
        }

        /// Refuses rows left over: convictions the run does not have.
        package func finish() throws(SealKitError) {
            guard let first = rows.values.map(\.line).min() else { return }
            throw SealKitError(
                .badInputData,
                "\(path): line \(first): a conviction this run does not have (\(rows.count) such row(s))"
            )
        }
    }
}
