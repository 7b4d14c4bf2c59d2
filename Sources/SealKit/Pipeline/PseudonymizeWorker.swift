import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

/// One worker: builds a subject's history from its rows, de-identifies, encodes and spills it, and
/// hands the de-identified record to each later stage.
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
    /// The subject line being written, reused for every subject.
    private var line = JSONOutput()
    /// The worker's part of each stage after pseudonymization (``SubjectStage``), in order.
    let stages: [any StageWorker]

    init(
        pseudonymizer: Pseudonymizer,
        builder: SubjectBuilder,
        spill: SpillWriter,
        registry: CIIRegistry,
        spareRows: SpareRows,
        stages: [any StageWorker]
    ) {
        self.pseudonymizer = pseudonymizer
        self.builder = builder
        self.spill = spill
        self.registry = registry
        self.spareRows = spareRows
        self.stages = stages
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
        for stage in stages { try stage.add(record, using: &line) }
        subjects += 1
        convictions += record.convictions.count
        if record.pseudonymBasis == .subjectId { pseudonymsFromSubjectID += 1 }
    }
}
