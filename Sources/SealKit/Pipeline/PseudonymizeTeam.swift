import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

/// The reader's signal that the workers stopped on an error (a worker's error is the one reported).
struct WorkerStopped: Error {}

/// The workers of one pass, their queue, their spill, the CII registry they share, and the passes of
/// the later stages (``StagePass``).
final class PseudonymizeTeam {
    let queue = WorkQueue<SubjectRows>(capacity: 64)
    let spill: SpillFiles
    /// Each later stage's side of this read, in the order of the stages.
    let stages: [any StagePass]
    let registry = CIIRegistry()
    /// Rows the workers have built, handed back to the reader to fill again.
    let spareRows = SpareRows()
    let workers: [PseudonymizeWorker]
    private var threads: [WorkerThread] = []

    init(
        pseudonymizers: [Pseudonymizer],
        referenceDate: CalendarDate?,
        stages: [any SubjectStage]
    )
        throws(SealKitError)
    {
        // One writer per worker, and one more for the subjects moved to their SUBJECT_ID pseudonyms
        // after the read.
        spill = try SpillFiles(writers: pseudonymizers.count + 1)
        var passes: [any StagePass] = []
        do {
            for stage in stages { passes.append(try stage.beginPass(workers: pseudonymizers.count)) }
        } catch {
            spill.remove()
            for pass in passes { pass.removeSpills() }
            throw error
        }
        self.stages = passes
        var workers: [PseudonymizeWorker] = []
        for (index, pseudonymizer) in pseudonymizers.enumerated() {
            workers.append(
                PseudonymizeWorker(
                    pseudonymizer: pseudonymizer,
                    builder: SubjectBuilder(referenceDate: referenceDate),
                    spill: try SpillWriter(directory: spill.directory, writer: index),
                    registry: registry,
                    spareRows: spareRows,
                    stages: passes.map { $0.worker(index) }
                )
            )
        }
        self.workers = workers
        for worker in workers {
            let queue = self.queue
            threads.append(
                WorkerThread {
                    do {
                        while let rows = queue.pop() { try worker.handle(rows) }
                        try worker.spill.flushAll()
                        for stage in worker.stages { try stage.flush() }
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
        for (index, worker) in workers.enumerated() { spill.adopt(writer: index, worker.spill.handOver()) }
        for stage in stages { stage.workersFinished() }
        if let failure { throw failure }
    }

    /// Removes every spill folder.
    func removeSpills() {
        spill.remove()
        for stage in stages { stage.removeSpills() }
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
