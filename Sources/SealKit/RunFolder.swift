import CriminalRecords
package import Deidentified
package import Eligibility
import Glibc
package import SealCore

/// The folder `sealkit run` wrote, read back by the commands that come after it (`review-list`,
/// `seal`, `verify --run`): the de-identified file's header, what the county report records about
/// the run, and the decisions, each line read strictly and checked against the others.
package struct RunFolder {
    /// The folder.
    package let path: String
    /// The de-identified file's header: input digest, normalization, key epoch and check values.
    package let header: DatasetHeader
    /// What `summary.json` records: the rule set (id, version, SHA-256), the evaluation date, the
    /// input's SHA-256 and the county.
    package let ruleSetID: String
    /// (The rule set's version.)
    package let ruleSetVersion: String
    /// (The rule set's SHA-256.)
    package let ruleSetSHA256: String
    /// (The evaluation date.)
    package let evaluationDate: CalendarDate
    /// (The county the run was scoped to, or nil for a statewide run.)
    package let county: String?

    /// `path/deidentified.jsonl`.
    package var deidentifiedPath: String { "\(path)/deidentified.jsonl" }
    /// `path/decisions.jsonl`.
    package var decisionsPath: String { "\(path)/decisions.jsonl" }
    /// `path/decisions.csv`.
    package var decisionsCSVPath: String { "\(path)/decisions.csv" }
    /// `path/summary.json`.
    package var summaryPath: String { "\(path)/summary.json" }

    /// Opens the run folder at `path`: reads its de-identified header and its county report, and
    /// checks that the two describe one run (input digest, evaluation date).
    ///
    /// - Throws: ``SealKitError/Code/inputMissing`` for a missing file, ``SealKitError/Code/badInputData``
    ///   for a malformed one or two files that are not of one run.
    package init(_ path: String) throws(SealKitError) {
        self.path = path
        header = try VerifyManifest.header(of: "\(path)/deidentified.jsonl")
        let summaryPath = "\(path)/summary.json"
        let bytes = try FileIO.readSmallFile(summaryPath, limit: 64 << 20, what: "a county report")
        let node: JSONNode
        do {
            node = try JSONValue.parse(bytes)
        } catch {
            throw SealKitError(.badInputData, "\(summaryPath): \(error)")
        }
        guard case .object(let object) = node.value else {
            throw SealKitError(.badInputData, "\(summaryPath): not a county report (an object)")
        }
        func string(_ key: String) throws(SealKitError) -> String {
            guard case .string(let found)? = object[key]?.value else {
                throw SealKitError(.badInputData, "\(summaryPath): \(key): missing or not a string")
            }
            return found
        }
        guard try string("format") == "sealkit-county-report" else {
            throw SealKitError(.badInputData, "\(summaryPath): format: not a sealkit county report")
        }
        ruleSetID = try string("ruleSet")
        ruleSetVersion = try string("ruleSetVersion")
        ruleSetSHA256 = try string("ruleSetSHA256")
        guard let date = CalendarDate(iso: try string("evaluationDate")) else {
            throw SealKitError(.badInputData, "\(summaryPath): evaluationDate: not a date in the form YYYY-MM-DD")
        }
        evaluationDate = date
        switch object["county"]?.value {
        case .string(let name)?: county = name
        case .null?: county = nil
        default: throw SealKitError(.badInputData, "\(summaryPath): county: missing, or not a string or null")
        }
        guard try string("inputSHA256") == header.inputSHA256, evaluationDate == header.evaluationDate else {
            throw SealKitError(
                .badInputData,
                "\(path): summary.json and deidentified.jsonl are not of one run (input digest or evaluation date differ)"
            )
        }
    }

    /// Reads `decisions.jsonl` line by line, strictly, handing each decision to `body` with its line
    /// number. Each line must name this run's rule set and evaluation date and a pseudonym of its key
    /// epoch, and lines come in the order `run` writes them (by pseudonym), one per conviction.
    package func forEachDecision(
        _ body: (DecisionLine, Int) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        let file = decisionsPath
        let descriptor = try FileIO.openInput(file)
        defer { close(descriptor) }
        var lines = LineReader(descriptor: descriptor, path: file)
        var number = 0
        var previous: SubjectPseudonym? = nil
        var indexes: Set<Int> = []
        while let line = try lines.next() {
            number += 1
            let parsed = line.withUnsafeBytes { raw in
                Result { () throws(JSONError) in try DecisionLine.parse(raw) }
            }
            let decision: DecisionLine
            do {
                decision = try parsed.get()
            } catch {
                throw SealKitError(.badInputData, Evaluate.located(file, line: number, error))
            }
            guard decision.ruleSetID == ruleSetID, decision.ruleSetVersion == ruleSetVersion,
                decision.ruleSetSHA256 == ruleSetSHA256, decision.evaluationDate == evaluationDate
            else {
                throw SealKitError(
                    .badInputData,
                    "\(file): line \(number): another rule set or evaluation date than summary.json records"
                )
            }
            guard decision.pseudonym.epoch == header.epoch, decision.reference.map({ $0.epoch == header.epoch }) ?? true
            else {
                throw SealKitError(.badInputData, "\(file): line \(number): a reference of another key epoch")
            }
            if let previous, previous > decision.pseudonym {
                throw SealKitError(
                    .badInputData,
                    "\(file): line \(number): out of order (run writes decisions by pseudonym)"
                )
            }
            if previous != decision.pseudonym { indexes.removeAll(keepingCapacity: true) }
            guard indexes.insert(decision.index).inserted else {
                throw SealKitError(.badInputData, "\(file): line \(number): a second decision for one conviction")
            }
            previous = decision.pseudonym
            try body(decision, number)
        }
    }

    /// Reads `decisions.csv` row by row, strictly, handing each decision to `body` with its line
    /// number: the writer's header, twenty fields a row, each field `seal` uses in its domain, this
    /// run's rule set and evaluation date on every row, a pseudonym of the run's key epoch, rows in
    /// pseudonym order. `seal` reads this file rather than `decisions.jsonl`: it holds every field a
    /// manifest needs in a third of the bytes (the strict read of the JSON Lines was half of `seal`).
    package func forEachDecisionRow(_ body: (DecisionRow, Int) throws(SealKitError) -> Void) throws(SealKitError) {
        let file = decisionsCSVPath
        let expected = DecisionRow.Expected(
            ruleSetID: ruleSetID,
            ruleSetVersion: ruleSetVersion,
            ruleSetSHA256: ruleSetSHA256,
            evaluationDate: evaluationDate
        )
        let columns = String(DecisionFormats.csvHeader.dropLast()).split(separator: ",").map(String.init)
        var repeats = DecisionRow.Repeats()
        var previous: SubjectPseudonym? = nil
        try StrictCSV.scan(file, columns: columns, what: "decisions.csv") { (record) throws(SealKitError) in
            let line = record.line
            let row: DecisionRow
            switch DecisionRow.parse({ record.field($0) }, expected: expected, repeats: &repeats) {
            case .success(let parsed): row = parsed
            case .failure(let problem):
                throw SealKitError(
                    .badInputData,
                    "\(file): line \(line), field \(problem.field + 1): \(problem.problem)"
                )
            }
            guard row.pseudonym.epoch == header.epoch, row.reference.map({ $0.epoch == header.epoch }) ?? true else {
                throw SealKitError(.badInputData, "\(file): line \(line): a reference of another key epoch")
            }
            if let previous, previous > row.pseudonym {
                throw SealKitError(
                    .badInputData,
                    "\(file): line \(line): out of order (run writes decisions by pseudonym)"
                )
            }
            previous = row.pseudonym
            try body(row, line)
        }
    }
}
