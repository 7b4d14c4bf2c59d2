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

/// Values handed to one other thread, which alone uses them until it is joined (`@unchecked
/// Sendable` on that promise).
struct HandedOver<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
