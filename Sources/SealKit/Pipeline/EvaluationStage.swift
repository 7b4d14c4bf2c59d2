import Deidentified
import Eligibility
import SealCore

/// The evaluation as a stage of the reading pass (`sealkit run`): each worker evaluates a subject as
/// soon as it is de-identified, on the de-identified record alone, and spills its decision lines; the
/// decisions and the county report are committed with the de-identified file.
final class EvaluationStage: SubjectStage {
    let evaluator: Evaluator
    let formats: DecisionFormats
    let outputs: EvaluationOutputs

    init(evaluator: Evaluator, formats: DecisionFormats, outputs: EvaluationOutputs) {
        self.evaluator = evaluator
        self.formats = formats
        self.outputs = outputs
    }

    func beginPass(workers: Int) throws(SealKitError) -> any StagePass {
        try EvaluationPass(stage: self, workers: workers)
    }
}

/// One read's evaluation: the decision spills (JSON and CSV), a part per worker and one for the
/// subjects moved after the read.
final class EvaluationPass: StagePass {
    let stage: EvaluationStage
    let decisionSpill: SpillFiles
    let csvSpill: SpillFiles
    private let workers: [EvaluationWorker]
    /// The writer of the moved subjects' lines (the spills' last writer), made after the read (at the
    /// first move, or when the moves are finished), as the de-identified spill's is.
    private var mover: EvaluationWorker? = nil
    /// The county report's corrections for moved subjects: the old record taken back.
    private var corrections = CountyReport()
    private var decisionsTakenBack = 0

    init(stage: EvaluationStage, workers count: Int) throws(SealKitError) {
        self.stage = stage
        // One writer per worker, and one more for the subjects moved after the read.
        decisionSpill = try SpillFiles(writers: count + 1)
        csvSpill = try SpillFiles(writers: count + 1)
        var workers: [EvaluationWorker] = []
        for index in 0..<count { workers.append(try Self.worker(index, stage, decisionSpill, csvSpill)) }
        self.workers = workers
    }

    private static func worker(
        _ index: Int,
        _ stage: EvaluationStage,
        _ decisionSpill: SpillFiles,
        _ csvSpill: SpillFiles
    ) throws(SealKitError) -> EvaluationWorker {
        EvaluationWorker(
            stage: stage,
            decisions: try SpillWriter(directory: decisionSpill.directory, writer: index),
            csv: try SpillWriter(directory: csvSpill.directory, writer: index)
        )
    }

    func worker(_ index: Int) -> any StageWorker { workers[index] }

    func workersFinished() {
        for (index, worker) in workers.enumerated() {
            decisionSpill.adopt(writer: index, worker.decisions.handOver())
            csvSpill.adopt(writer: index, worker.csv.handOver())
        }
    }

    func move(before: DeidentifiedSubject, after: DeidentifiedSubject) throws(SealKitError) {
        // The worker counted the subject as it was before the move: the report takes that back and
        // counts it as it is now, as `evaluate` of the file would.
        let old = stage.evaluator.evaluate(before)
        corrections.subtract(before, old)
        decisionsTakenBack += old.count
        if mover == nil { mover = try Self.worker(workers.count, stage, decisionSpill, csvSpill) }
        try mover?.add(after, tallyScope: false)
    }

    func movesFinished() throws(SealKitError) {
        // The spills read every writer's file: the mover's is made now if no subject moved.
        let mover: EvaluationWorker
        if let made = self.mover {
            mover = made
        } else {
            mover = try Self.worker(workers.count, stage, decisionSpill, csvSpill)
            self.mover = mover
        }
        try mover.flush()
        decisionSpill.adopt(writer: workers.count, mover.decisions.handOver())
        csvSpill.adopt(writer: workers.count, mover.csv.handOver())
    }

    func drain(skipping skipped: Set<String>) throws(SealKitError) {
        let outputs = stage.outputs
        try decisionSpill.drain(skipping: skipped, keyLength: Int.max) { (lines, base) throws(SealKitError) in
            try outputs.decisions.write(ranges: lines, of: base)
        }
        try csvSpill.drain(skipping: skipped, linePrefix: SpillFiles.csvPrefix, keyLength: Int.max) {
            (lines, base) throws(SealKitError) in try outputs.csv.write(ranges: lines, of: base)
        }
        // Their fsync overlaps the records' drain; the commit only places them.
        try outputs.decisions.prepare()
        try outputs.csv.prepare()
    }

    func prepare(inputSHA256: String, rejectedRows: Int) throws(SealKitError) -> StageOutputs {
        let outputs = stage.outputs
        var decisions = -decisionsTakenBack
        for worker in workers + (mover.map { [$0] } ?? []) {
            outputs.report.merge(worker.report)
            outputs.scope.merge(worker.scope)
            decisions += worker.count
        }
        outputs.report.merge(corrections)
        outputs.report.dropEmptyEntries()
        let warnings = outputs.warnings(rejectedRows: rejectedRows)
        return StageOutputs(
            writers: try outputs.prepareCommit(inputSHA256: inputSHA256, warnings: warnings),
            warnings: warnings,
            decisions: decisions
        )
    }

    func committed() { stage.outputs.markCommitted() }

    func removeSpills() {
        decisionSpill.remove()
        csvSpill.remove()
    }
}

/// A worker's evaluation: its decision spills and its share of the county report.
final class EvaluationWorker: StageWorker {
    let evaluator: Evaluator
    let formats: DecisionFormats
    let decisions: SpillWriter
    let csv: SpillWriter
    var report = CountyReport()
    var scope: CountyScope
    private var decided: [ConvictionDecision] = []
    private(set) var count = 0
    /// The JSON and CSV lines being written, reused for every decision.
    private var json = JSONOutput()
    private var line: [UInt8] = []

    init(stage: EvaluationStage, decisions: SpillWriter, csv: SpillWriter) {
        evaluator = stage.evaluator
        formats = stage.formats
        self.decisions = decisions
        self.csv = csv
        scope = CountyScope(county: stage.evaluator.county)
    }

    func add(_ record: DeidentifiedSubject, using line: inout JSONOutput) throws(SealKitError) {
        try add(record, tallyScope: true)
    }

    /// Evaluates a subject and spills its decision lines. They go in unsorted: the drain orders every
    /// bucket's decision lines by their whole bytes, so sorting a subject's own lines first (as
    /// `sealkit evaluate`, which writes them straight out, must) would change nothing. A moved
    /// subject's convictions are tallied for the county scope once, before the move.
    func add(_ record: DeidentifiedSubject, tallyScope: Bool) throws(SealKitError) {
        decided.removeAll(keepingCapacity: true)
        evaluator.evaluate(record, into: &decided)
        if tallyScope { scope.add(record) }
        guard !decided.isEmpty else { return }
        report.add(record, decided)
        count += decided.count
        let bucket = SpillFiles.bucket(of: record.pseudonym)
        let decisions = self.decisions
        let csv = self.csv
        try formats.writeLines(decided, of: record, json: &json, csv: &line) {
            (json, line) throws(SealKitError) in
            try json.withBytes { (bytes) throws(SealKitError) in try decisions.add(bytes, bucket: bucket) }
            try csv.add(line, bucket: bucket)
        }
    }

    func flush() throws(SealKitError) {
        try decisions.flushAll()
        try csv.flushAll()
    }
}
