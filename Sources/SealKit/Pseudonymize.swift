public import CriminalRecords
public import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

/// `sealkit pseudonymize`: the DOJ research file in, de-identified JSON Lines out.
public enum Pseudonymize {
    /// What a run did.
    public struct Summary: Sendable {
        public var subjects = 0
        public var convictions = 0
        public var rejectedRows = 0
        public var pseudonymsFromSubjectID = 0
        /// Decisions made (`sealkit run` only).
        public var decisions = 0
        /// Warnings about the input (`sealkit run` only; also in `summary.json`): rejected rows, a county
        /// that no conviction names.
        public var warnings: [String] = []
        public var header: DatasetHeader
    }

    /// Reads `input`, de-identifies every subject and writes `output` atomically (mode 0600: pseudonymous
    /// data is still personal data). Subjects are written in pseudonym order, never in input order:
    /// lines are spilled into 64 buckets by the pseudonym's first six bits (runs of one file per
    /// worker, nameless in a private temporary folder, so that nothing is left behind even by a
    /// crash) and each bucket is sorted in memory, so memory stays bounded by one bucket.
    ///
    /// The reader groups rows on the calling thread; `workers` threads (default: one per processor,
    /// at most four) build, de-identify, encode and spill subjects; one more thread hashes the input.
    /// The bytes written do not depend on the number of workers or on their timing.
    public static func run(
        input: String,
        secretPath: String,
        evaluationDate: CalendarDate,
        output: String,
        rejectsPath: String?,
        overwrite: Bool,
        workers: Int? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(SealKitError) -> Summary {
        // `sealkit run` checks its own, longer list of paths (``Run/run``) before calling the pass.
        try PathClash.check(
            input: .init(flag: "--input", path: input),
            secret: .init(flag: "--secret", path: secretPath, role: "the secret"),
            outputs: [.init(flag: "--out", path: output)]
                + (rejectsPath.map { [.init(flag: "--rejects", path: $0)] } ?? [])
        )
        return try run(
            input: input,
            secretPath: secretPath,
            evaluationDate: evaluationDate,
            output: output,
            rejectsPath: rejectsPath,
            overwrite: overwrite,
            workers: workers,
            evaluation: nil,
            progress: progress
        )
    }

    /// The pass, with an optional evaluation (`sealkit run`) whose files are committed with the
    /// de-identified file.
    static func run(
        input: String,
        secretPath: String,
        evaluationDate: CalendarDate,
        output: String,
        rejectsPath: String?,
        overwrite: Bool,
        workers: Int?,
        evaluation: (RunEvaluation, EvaluationOutputs)?,
        progress: (Int, Int) -> Void
    ) throws(SealKitError) -> Summary {
        // One writer at a time for the output set, and any set a killed command left half in place
        // finished first (`sealkit run`'s evaluation outputs took the lock for their folder).
        let outputSet: OutputSet
        if let evaluation {
            outputSet = evaluation.1.outputSet
        } else {
            outputSet = try OutputSet(directory: FileIO.directory(of: output))
        }
        let master = try KeyFiles.readMasterSecret(at: secretPath)
        let (keys, checkValues) = try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
            let keys = try PurposeKeys(master: master)
            let checkValues = DatasetHeader.KeyCheckValues(
                master: keys.masterCheckValue,
                subjectPseudonym: try PurposeKeys.checkValue(of: keys.subjectPseudonym),
                countReference: try PurposeKeys.checkValue(of: keys.countReference),
                caseToken: try PurposeKeys.checkValue(of: keys.caseToken),
                dateShift: try PurposeKeys.checkValue(of: keys.dateShift)
            )
            return (keys, checkValues)
        }
        /// The header, once the input's digest is known (it is computed while the input is read).
        func makeHeader(digest: String, rejectedRows: Int) -> DatasetHeader {
            DatasetHeader(
                normalization: PurposeKeys.normalization,
                epoch: keys.epoch,
                evaluationDate: evaluationDate.description,
                inputSHA256: digest,
                keyCheckValues: checkValues,
                anchors: Pseudonymizer.anchors,
                cutoffs: Pseudonymizer.cutoffs.map(\.description),
                generator: "sealkit 0.1.0",
                rejectedRows: rejectedRows
            )
        }
        let makePseudonymizer = { () throws(SealKitError) -> Pseudonymizer in
            try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
                try Pseudonymizer(keys: keys, evaluationDate: evaluationDate)
            }
        }
        var options = DOJReadOptions()
        options.referenceDate = evaluationDate
        options.collectRejects = rejectsPath != nil
        let rejects = try rejectsPath.map { (path) throws(SealKitError) in
            try RejectsFile(path: path, overwrite: overwrite)
        }
        let writer = try AtomicFileWriter(path: output, mode: 0o600, overwrite: overwrite)
        let workerCount = max(1, workers ?? min(ProcessInfo.processInfo.activeProcessorCount, 4))
        var pseudonymizers: [Pseudonymizer] = []
        for _ in 0..<workerCount { pseudonymizers.append(try makePseudonymizer()) }
        let outputs = evaluation?.1
        let evaluation = evaluation?.0
        let (team, rejectedRows, digest) = try pass(
            input: input,
            options: options,
            evaluation: evaluation,
            pseudonymizers: pseudonymizers,
            output: output,
            rejects: rejects,
            progress: progress
        )
        defer { team.removeSpills() }
        var summary = Summary(header: makeHeader(digest: digest, rejectedRows: rejectedRows))
        for worker in team.workers {
            summary.subjects += worker.subjects
            summary.convictions += worker.convictions
            summary.pseudonymsFromSubjectID += worker.pseudonymsFromSubjectID
        }
        summary.rejectedRows = rejectedRows
        // Subjects written under a CII that a later SUBJECT_ID turned out to share are moved to their
        // SUBJECT_ID pseudonyms now (rare: only then is a spilled line read before the drain). They are
        // read back bucket by bucket and written to one more spill writer, never held all at once: a
        // file where every subject moves holds no more in memory than any other.
        var skipped: Set<String> = []
        var corrections = CountyReport()
        let pseudonymizer = pseudonymizers[0]
        let mover = team.workers.count
        let movedRecords = try SpillWriter(directory: team.spill.directory, writer: mover)
        let movedDecisions = try team.decisionSpill.map { (spill) throws(SealKitError) in
            try SpillWriter(directory: spill.directory, writer: mover)
        }
        let movedCSV = try team.csvSpill.map { (spill) throws(SealKitError) in
            try SpillWriter(directory: spill.directory, writer: mover)
        }
        let retracted = team.registry.retracted
        try team.spill.take(retracted.keys.sorted(), reader: DeidentifiedReader(header: summary.header)) {
            (pseudonym, before) throws(SealKitError) in
            guard let subjectID = retracted[pseudonym] else { return }
            var record = before
            try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
                try pseudonymizer.reassignToSubjectID(&record, subjectID: subjectID)
            }
            let bucket = SpillFiles.bucket(of: record.pseudonym)
            try movedRecords.add(JSONLines.encode(record), bucket: bucket)
            if let evaluation, let movedDecisions, let movedCSV {
                let decided = evaluation.evaluator.evaluate(record)
                let (json, csv) = EvaluationOutputs.lines(evaluation.formats, record, decided)
                for line in json { try movedDecisions.add(line, bucket: bucket) }
                for line in csv { try movedCSV.add(line, bucket: bucket) }
                // The worker counted the subject as it was before the move: its report takes that
                // back and counts the subject as it is now, as `evaluate` of the file would.
                corrections.subtract(before, evaluation.evaluator.evaluate(before))
                corrections.add(record, decided)
            }
            skipped.insert(pseudonym)
            summary.pseudonymsFromSubjectID += 1
        }
        try movedRecords.flushAll()
        team.spill.adopt(writer: mover, movedRecords.handOver())
        if let movedDecisions, let movedCSV {
            try movedDecisions.flushAll()
            try movedCSV.flushAll()
            team.decisionSpill?.adopt(writer: mover, movedDecisions.handOver())
            team.csvSpill?.adopt(writer: mover, movedCSV.handOver())
        }
        // The decision files drain on a thread of their own while this one drains the records: the
        // spills are independent and each output file has one writer.
        var decisionDrain: WorkerThread? = nil
        if let outputs, let decisionSpill = team.decisionSpill, let csvSpill = team.csvSpill {
            for worker in team.workers {
                if let part = worker.evaluation {
                    outputs.report.merge(part.report)
                    outputs.scope.merge(part.scope)
                    summary.decisions += part.count
                }
            }
            outputs.report.merge(corrections)
            outputs.report.dropEmptyEntries()
            let handed = HandedOver((outputs, decisionSpill, csvSpill, skipped))
            decisionDrain = WorkerThread {
                let (outputs, decisionSpill, csvSpill, skipped) = handed.value
                try decisionSpill.drain(skipping: skipped, keyLength: Int.max) {
                    (lines, base) throws(SealKitError) in try outputs.decisions.write(ranges: lines, of: base)
                }
                try csvSpill.drain(
                    skipping: skipped,
                    linePrefix: SpillFiles.csvPrefix,
                    keyLength: Int.max
                ) { (lines, base) throws(SealKitError) in try outputs.csv.write(ranges: lines, of: base) }
                // Their fsync overlaps the records' drain; the commit below only places them.
                try outputs.decisions.prepare()
                try outputs.csv.prepare()
            }
        }
        do {
            try writer.write(JSONLines.encode(summary.header))
            try team.spill.drain(skipping: skipped) { (lines, base) throws(SealKitError) in
                try writer.write(ranges: lines, of: base)
            }
        } catch {
            try? decisionDrain?.join()
            throw error
        }
        do {
            try decisionDrain?.join()
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(output): \(error)")
        }
        // The de-identified file, the rejects file and the evaluation's files: one set, all or none.
        let along = [writer] + (rejects.map { [$0.writer] } ?? [])
        if let outputs {
            summary.warnings = outputs.warnings(rejectedRows: rejectedRows)
            try outputs.commit(
                inputSHA256: digest,
                warnings: summary.warnings,
                overwrite: overwrite,
                alongWith: along
            )
        } else {
            try outputSet.commit(along, overwrite: overwrite)
        }
        return summary
    }

    /// One read of the input: this thread reads and groups rows; the team's workers build,
    /// de-identify, encode and spill subjects; the digest hashes the input on a thread of its own.
    /// An unsorted file makes the reader start again: the team is then dismissed (its spill removed)
    /// and a new one takes over.
    private static func pass(
        input: String,
        options: DOJReadOptions,
        evaluation: RunEvaluation?,
        pseudonymizers: [Pseudonymizer],
        output: String,
        rejects: RejectsFile?,
        progress: (Int, Int) -> Void
    ) throws(SealKitError) -> (PseudonymizeTeam, Int, String) {
        let digest = try InputDigest()
        defer { digest.cancel() }
        var team = try PseudonymizeTeam(
            pseudonymizers: pseudonymizers,
            referenceDate: options.referenceDate,
            evaluation: evaluation
        )
        var rejectedRows = 0
        var readError: (any Error)? = nil
        do {
            let readSummary = try DOJResearchFileReader(path: input, options: options).readRows(
                rejected: { row in try rejects?.add(row) },
                restart: {
                    try rejects?.reset()
                    digest.reset()
                    _ = try? team.finish()
                    team.removeSpills()
                    team = try PseudonymizeTeam(
                        pseudonymizers: pseudonymizers,
                        referenceDate: options.referenceDate,
                        evaluation: evaluation
                    )
                },
                progress: progress,
                input: { bytes in digest.update(bytes) },
                spare: { team.spareRows.take() },
                rows: { rows in
                    guard team.queue.push(rows) else { throw WorkerStopped() }
                }
            )
            rejectedRows = readSummary.rejectedRows
        } catch {
            readError = error
        }
        do {
            try team.finish()
            if let readError, !(readError is WorkerStopped) { throw readError }
            return (team, rejectedRows, try digest.finish())
        } catch let error as DOJReadError {
            team.removeSpills()
            throw DOJFiles.error(error, path: input)
        } catch let error as SealKitError {
            team.removeSpills()
            throw error
        } catch {
            team.removeSpills()
            throw SealKitError(.ioError, "\(output): \(error)")
        }
    }
}

/// SHA-256 of the input, fed by the reader as it reads (no second pass over the file), computed on a
/// thread of its own so that hashing does not slow the reader: each chunk is copied into a queue of
/// at most four (16 MiB with the scanner's 4 MiB chunks).
///
/// `@unchecked Sendable`: `hasher` and `failure` belong to the hashing thread until `finish()` has
/// joined it.
final class InputDigest: @unchecked Sendable {
    private enum Chunk: Sendable {
        case bytes([UInt8])
        case reset
    }

    private var hasher: SHA256
    private var failure: SealCryptoError?
    private let queue = WorkQueue<Chunk>(capacity: 4)
    private var thread: WorkerThread?

    init() throws(SealKitError) {
        do {
            hasher = try SHA256()
        } catch {
            throw SealKitError(.ioError, "cannot start SHA-256: \(error)")
        }
        thread = WorkerThread { [self] in
            while let chunk = queue.pop() {
                do throws(SealCryptoError) {
                    switch chunk {
                    case .bytes(let bytes):
                        try bytes.withUnsafeBufferPointer { (raw) throws(SealCryptoError) in
                            try hasher.update(bufferPointer: UnsafeRawBufferPointer(raw))
                        }
                    case .reset:
                        try hasher.reset()
                        failure = nil
                    }
                } catch {
                    failure = error
                }
            }
        }
    }

    /// Queues a copy of `bytes` (waits while four chunks are queued).
    func update(_ bytes: UnsafeRawBufferPointer) {
        _ = queue.push(.bytes(Array(bytes)))
    }

    /// Starts again from nothing (the reader restarts an unsorted file).
    func reset() {
        _ = queue.push(.reset)
    }

    /// Ends the hashing thread without a result (the read failed). Harmless after `finish()`.
    func cancel() {
        queue.close()
        try? thread?.join()
        thread = nil
    }

    /// The hex digest of everything fed since the last reset.
    func finish() throws -> String {
        queue.close()
        try thread?.join()
        thread = nil
        if let failure { throw SealKitError(.ioError, "hashing the input failed: \(failure)") }
        return try hasher.finalizeAndReset().hexString
    }
}

/// The reader's signal that the workers stopped on an error (a worker's error is the one reported).
struct WorkerStopped: Error {}

/// The workers of one pass, their queue, their spill and the CII registry they share.
final class PseudonymizeTeam {
    let queue = WorkQueue<SubjectRows>(capacity: 64)
    let spill: SpillFiles
    /// With an evaluation (`sealkit run`): the decision lines (JSON and CSV), spilled the same way.
    let decisionSpill: SpillFiles?
    let csvSpill: SpillFiles?
    let registry = CIIRegistry()
    /// Rows the workers have built, handed back to the reader to fill again.
    let spareRows = SpareRows()
    let workers: [PseudonymizeWorker]
    private var threads: [WorkerThread] = []

    init(
        pseudonymizers: [Pseudonymizer],
        referenceDate: CalendarDate?,
        evaluation: RunEvaluation?
    )
        throws(SealKitError)
    {
        // One writer per worker, and one more for the subjects moved to their SUBJECT_ID pseudonyms
        // after the read (``moverIndex``).
        let writers = pseudonymizers.count + 1
        spill = try SpillFiles(writers: writers)
        decisionSpill = try evaluation.map { _ throws(SealKitError) in try SpillFiles(writers: writers) }
        csvSpill = try evaluation.map { _ throws(SealKitError) in try SpillFiles(writers: writers) }
        var workers: [PseudonymizeWorker] = []
        for (index, pseudonymizer) in pseudonymizers.enumerated() {
            let worker = PseudonymizeWorker(
                pseudonymizer: pseudonymizer,
                builder: SubjectBuilder(referenceDate: referenceDate),
                spill: try SpillWriter(directory: spill.directory, writer: index),
                registry: registry,
                spareRows: spareRows
            )
            if let evaluation, let decisionSpill, let csvSpill {
                worker.evaluation = WorkerEvaluation(
                    evaluation: evaluation,
                    decisions: try SpillWriter(directory: decisionSpill.directory, writer: index),
                    csv: try SpillWriter(directory: csvSpill.directory, writer: index),
                    scope: CountyScope(county: evaluation.evaluator.county)
                )
            }
            workers.append(worker)
        }
        self.workers = workers
        for worker in workers {
            let queue = self.queue
            threads.append(
                WorkerThread {
                    do {
                        while let rows = queue.pop() { try worker.handle(rows) }
                        try worker.spill.flushAll()
                        try worker.evaluation?.decisions.flushAll()
                        try worker.evaluation?.csv.flushAll()
                    } catch {
                        queue.stop()
                        throw error
                    }
                }
            )
        }
    }

    /// Closes the queue and waits for every worker; rethrows the first worker's error.
    func finish() throws {
        queue.close()
        var failure: (any Error)? = nil
        for thread in threads {
            do {
                try thread.join()
            } catch {
                if failure == nil { failure = error }
            }
        }
        threads = []
        for (index, worker) in workers.enumerated() {
            spill.adopt(writer: index, worker.spill.handOver())
            if let files = worker.evaluation?.decisions.handOver() { decisionSpill?.adopt(writer: index, files) }
            if let files = worker.evaluation?.csv.handOver() { csvSpill?.adopt(writer: index, files) }
        }
        if let failure { throw failure }
    }

    /// Removes every spill folder.
    func removeSpills() {
        spill.remove()
        decisionSpill?.remove()
        csvSpill?.remove()
    }
}

/// What `sealkit run` adds to a pass: the evaluator and the decision formats.
struct RunEvaluation: Sendable {
    let evaluator: Evaluator
    let formats: DecisionFormats
}

/// A worker's evaluation side: its decision spills and its share of the county report.
struct WorkerEvaluation {
    let evaluation: RunEvaluation
    let decisions: SpillWriter
    let csv: SpillWriter
    var report = CountyReport()
    var scope: CountyScope
    var decided: [ConvictionDecision] = []
    var count = 0
    /// The CSV line being written, reused for every decision.
    var line: [UInt8] = []

    /// Evaluates a subject and spills its decision lines, each JSON line written in `json` (the
    /// worker's reused output). They go in unsorted: the drain orders every bucket's decision lines by
    /// their whole bytes, so sorting a subject's own lines first (as `sealkit evaluate`, which writes
    /// them straight out, must) would change nothing.
    mutating func add(_ record: DeidentifiedSubject, using json: inout JSONOutput) throws(SealKitError) {
        decided.removeAll(keepingCapacity: true)
        evaluation.evaluator.evaluate(record, into: &decided)
        scope.add(record)
        guard !decided.isEmpty else { return }
        report.add(record, decided)
        count += decided.count
        let bucket = SpillFiles.bucket(of: record.pseudonym)
        // Decisions and convictions are read in place: a copy of either retains and releases every
        // string and array it holds, twice a decision.
        try record.convictions.withUnsafeBufferPointer { (convictions) throws(SealKitError) in
            try decided.withUnsafeBufferPointer { (all) throws(SealKitError) in
                for index in all.indices {
                    let decision = all.baseAddress! + index
                    let conviction = convictions.baseAddress! + decision.pointee.index
                    json.removeAll()
                    evaluation.formats.writeJSONLine(decision, conviction: conviction, to: &json)
                    try json.withBytes { (bytes) throws(SealKitError) in try decisions.add(bytes, bucket: bucket) }
                    line.removeAll(keepingCapacity: true)
                    evaluation.formats.appendCSVLine(decision, conviction: conviction, to: &line)
                    try csv.add(line, bucket: bucket)
                }
            }
        }
    }
}

/// Which SUBJECT_ID first carried each normalized CII, and the subjects to move to their SUBJECT_ID
/// pseudonyms because a later SUBJECT_ID carries their CII too. Shared by the workers.
///
/// A normalized CII (8 to 10 letters and digits) is packed into a 16-byte key and each first
/// SUBJECT_ID is kept in one arena, so an entry allocates nothing: with an array for each (two per
/// subject), freeing the registry at the end of a run took tens of milliseconds on the thread that
/// then orders the output, and the registry held 8 MB more for a million rows.
///
/// `@unchecked Sendable`: every stored property is used only while `lock` is held, which is also why
/// they skip the run-time exclusivity checks (about 300 instructions a registration).
final class CIIRegistry: @unchecked Sendable {
    private let lock = NSLock()
    /// Packed CII → the bounds of its first SUBJECT_ID in `ownerBytes`.
    @exclusivity(unchecked) private var owners: [PackedBytes: OwnerBounds] = [:]
    @exclusivity(unchecked) private var ownerBytes: [UInt8] = []
    @exclusivity(unchecked) private var moves: [String: [UInt8]] = [:]

    private struct OwnerBounds {
        let start: Int
        let count: Int
    }

    /// Records `owner` as carrying `cii` (normalized: at most 15 bytes). Returns the SUBJECT_ID that
    /// carried it first when that is another one (the CII is shared), else nil.
    func register(cii: [UInt8], owner: [UInt8]) -> [UInt8]? {
        let key = PackedBytes(cii)
        lock.lock()
        defer { lock.unlock() }
        // One hash for a new CII (nearly every registration): insert, and put the first carrier
        // back in the rare case that there was one.
        let bounds = OwnerBounds(start: ownerBytes.count, count: owner.count)
        if let first = owners.updateValue(bounds, forKey: key) {
            owners[key] = first
            let carrier = ownerBytes[first.start..<(first.start + first.count)]
            return carrier.elementsEqual(owner) ? nil : Array(carrier)
        }
        ownerBytes.append(contentsOf: owner)
        return nil
    }

    /// The subject spilled under `pseudonym` (text form) moves to its SUBJECT_ID pseudonym.
    func retract(_ pseudonym: String, subjectID: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if moves[pseudonym] == nil { moves[pseudonym] = subjectID }
    }

    /// Pseudonym (text) → SUBJECT_ID of every subject to move.
    var retracted: [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return moves
    }
}

/// Rows the workers are done with, for the reader to fill again: their arrays keep their memory,
/// where the reader would otherwise make seven new ones for each subject (and a worker free them).
/// At most ``capacity`` are kept, none whose arena outgrew ``largestArena``.
///
/// `@unchecked Sendable`: `rows` is used only while `lock` is held.
final class SpareRows: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [SubjectRows] = []

    static let capacity = 32
    static let largestArena = 1 << 20

    init() {
        rows.reserveCapacity(Self.capacity)
    }

    func put(_ spare: SubjectRows) {
        guard spare.arenaCapacity <= Self.largestArena else { return }
        lock.lock()
        defer { lock.unlock() }
        if rows.count < Self.capacity { rows.append(spare) }
    }

    func take() -> SubjectRows? {
        lock.lock()
        defer { lock.unlock() }
        return rows.popLast()
    }
}

/// Up to 15 bytes packed with their count into two words: a dictionary key that holds no array.
struct PackedBytes: Hashable {
    private let low: UInt64
    private let high: UInt64

    /// - Precondition: `bytes` holds at most 15 bytes.
    init(_ bytes: [UInt8]) {
        precondition(bytes.count <= 15, "a packed key holds at most 15 bytes")
        var words: (UInt64, UInt64) = (0, UInt64(bytes.count) << 56)
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                words.0 |= UInt64(byte) << UInt64(index * 8)
            } else {
                words.1 |= UInt64(byte) << UInt64((index - 8) * 8)
            }
        }
        low = words.0
        high = words.1
    }
}

/// One worker: builds a subject's history from its rows, de-identifies, encodes and spills it.
///
/// `@unchecked Sendable`: it is handed to its thread, which alone uses it until it is joined.
final class PseudonymizeWorker: @unchecked Sendable {
    let pseudonymizer: Pseudonymizer
    let builder: SubjectBuilder
    let spill: SpillWriter
    let registry: CIIRegistry
    let spareRows: SpareRows
    private(set) var subjects = 0
    private(set) var convictions = 0
    private(set) var pseudonymsFromSubjectID = 0
    /// The subject line being written, reused for every subject (and then for its decision lines).
    private var line = JSONOutput()
    var evaluation: WorkerEvaluation?

    init(
        pseudonymizer: Pseudonymizer,
        builder: SubjectBuilder,
        spill: SpillWriter,
        registry: CIIRegistry,
        spareRows: SpareRows
    ) {
        self.pseudonymizer = pseudonymizer
        self.builder = builder
        self.spill = spill
        self.registry = registry
        self.spareRows = spareRows
    }

    func handle(_ rows: SubjectRows) throws {
        let subject = builder.build(rows)
        spareRows.put(rows)
        var shared = false
        if let cii = Normalization.cii(subject.identity.ciiNumber.revealedBytes),
            let first = registry.register(cii: cii, owner: subject.subjectID.revealedBytes)
        {
            shared = true
            registry.retract(try pseudonymizer.pseudonym(cii: cii, subjectID: first).description, subjectID: first)
        }
        let record = try pseudonymizer.deidentify(subject, ciiShared: shared)
        line.removeAll()
        JSONLines.write(record, to: &line)
        let bucket = SpillFiles.bucket(of: record.pseudonym)
        try line.withBytes { (bytes) throws(SealKitError) in try spill.add(bytes, bucket: bucket) }
        try evaluation?.add(record, using: &line)
        subjects += 1
        convictions += record.convictions.count
        if record.pseudonymBasis == "subjectId" { pseudonymsFromSubjectID += 1 }
    }
}

/// Values handed to one other thread, which alone uses them until it is joined (`@unchecked
/// Sendable` on that promise).
struct HandedOver<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
