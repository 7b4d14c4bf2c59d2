import CriminalRecords
package import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
package import SealCore
import SealCrypto

/// `sealkit pseudonymize`: the DOJ research file in, de-identified JSON Lines out.
package enum Pseudonymize {
    /// What a run did.
    package struct Summary: Sendable {
        package var subjects = 0
        package var convictions = 0
        package var rejectedRows = 0
        package var pseudonymsFromSubjectID = 0
        /// Decisions made (`sealkit run` only).
        package var decisions = 0
        /// Warnings about the input (`sealkit run` only; also in `summary.json`): rejected rows, a county
        /// that no conviction names.
        package var warnings: [String] = []
        package var header: DatasetHeader
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
    package static func run(
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
        return try runPass(
            input: input,
            secretPath: secretPath,
            evaluationDate: evaluationDate,
            output: output,
            rejectsPath: rejectsPath,
            overwrite: overwrite,
            workers: workers,
            progress: progress
        )
    }

    /// The pass: read → pseudonymize → `stages` → write. `outputSet` is the output folder's set when a
    /// caller took its lock already (`sealkit run`, whose stages write into the same folder); every
    /// stage's files are committed in one set with the de-identified file and the rejects file.
    static func runPass(
        input: String,
        secretPath: String,
        evaluationDate: CalendarDate,
        output: String,
        rejectsPath: String?,
        overwrite: Bool,
        workers: Int?,
        stages: [any SubjectStage] = [],
        outputSet: OutputSet? = nil,
        progress: (Int, Int) -> Void
    ) throws(SealKitError) -> Summary {
        // One writer at a time for the output set, and any set a killed command left half in place
        // finished first.
        let set: OutputSet
        if let outputSet { set = outputSet } else { set = try OutputSet(directory: FileIO.directory(of: output)) }
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
                evaluationDate: evaluationDate,
                inputSHA256: digest,
                keyCheckValues: checkValues,
                anchors: Pseudonymizer.anchors,
                cutoffs: CutoffDate.allCases,
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
        let (team, rejectedRows, digest) = try pass(
            input: input,
            options: options,
            stages: stages,
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
        let pseudonymizer = pseudonymizers[0]
        let mover = team.workers.count
        let movedRecords = try SpillWriter(directory: team.spill.directory, writer: mover)
        let retracted = team.registry.retracted
        try team.spill.take(retracted.keys.sorted(), reader: DeidentifiedReader(header: summary.header)) {
            (pseudonym, before) throws(SealKitError) in
            guard let subjectID = retracted[pseudonym] else { return }
            var record = before
            try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
                try pseudonymizer.reassignToSubjectID(&record, subjectID: subjectID)
            }
            try movedRecords.add(JSONLines.encode(record), bucket: SpillFiles.bucket(of: record.pseudonym))
            for stage in team.stages { try stage.move(before: before, after: record) }
            skipped.insert(pseudonym)
            summary.pseudonymsFromSubjectID += 1
        }
        try movedRecords.flushAll()
        team.spill.adopt(writer: mover, movedRecords.handOver())
        for stage in team.stages { try stage.movesFinished() }
        // Each stage drains on a thread of its own while this one drains the records: the spills are
        // independent and each output file has one writer.
        var drains: [WorkerThread] = []
        for stage in team.stages {
            let handed = HandedOver((stage, skipped))
            drains.append(
                WorkerThread {
                    let (stage, skipped) = handed.value
                    try stage.drain(skipping: skipped)
                }
            )
        }
        func joinDrains() throws(SealKitError) {
            var failure: SealKitError? = nil
            for drain in drains {
                do {
                    try drain.join()
                } catch let error as SealKitError {
                    if failure == nil { failure = error }
                } catch {
                    if failure == nil { failure = SealKitError(.ioError, "\(output): \(error)") }
                }
            }
            if let failure { throw failure }
        }
        do {
            try writer.write(JSONLines.encode(summary.header))
            try team.spill.drain(skipping: skipped) { (lines, base) throws(SealKitError) in
                try writer.write(ranges: lines, of: base)
            }
        } catch {
            try? joinDrains()
            throw error
        }
        try joinDrains()
        // The de-identified file, the rejects file and every stage's files: one set, all or none.
        var files = [writer] + (rejects.map { [$0.writer] } ?? [])
        for stage in team.stages {
            let outputs = try stage.prepare(inputSHA256: digest, rejectedRows: rejectedRows)
            files += outputs.writers
            summary.warnings += outputs.warnings
            summary.decisions += outputs.decisions
        }
        try set.commit(files, overwrite: overwrite)
        for stage in team.stages { stage.committed() }
        return summary
    }

    /// One read of the input: this thread reads and groups rows; the team's workers build,
    /// de-identify, encode and spill subjects; the digest hashes the input on a thread of its own.
    /// An unsorted file makes the reader start again: the team is then dismissed (its spill removed)
    /// and a new one takes over.
    private static func pass(
        input: String,
        options: DOJReadOptions,
        stages: [any SubjectStage],
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
            stages: stages
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
                        stages: stages
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
