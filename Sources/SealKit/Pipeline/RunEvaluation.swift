import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

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
