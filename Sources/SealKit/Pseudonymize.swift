public import CriminalRecords
public import Deidentified
import Foundation
import Glibc
import Pseudonymization
import SealCrypto

/// `sealkit pseudonymize`: the DOJ research file in, de-identified JSON Lines out.
public enum Pseudonymize {
    /// What a run did.
    public struct Summary: Sendable {
        public var subjects = 0
        public var convictions = 0
        public var rejectedRows = 0
        public var pseudonymsFromSubjectID = 0
        public var header: DatasetHeader
    }

    /// Reads `input`, de-identifies every subject and writes `output` atomically (mode 0600: pseudonymous
    /// data is still personal data). Subjects are written in pseudonym order, never in input order:
    /// lines are spilled into 256 buckets by the pseudonym's first two hex digits (a private
    /// temporary folder, removed at the end) and each bucket is sorted in memory, so memory stays
    /// bounded by one bucket.
    public static func run(
        input: String,
        secretPath: String,
        evaluationDate: CalendarDate,
        output: String,
        rejectsPath: String?,
        overwrite: Bool,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(SealKitError) -> Summary {
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
        func makeHeader(digest: String) -> DatasetHeader {
            DatasetHeader(
                normalization: PurposeKeys.normalization,
                epoch: keys.epoch,
                evaluationDate: evaluationDate.description,
                inputSHA256: digest,
                keyCheckValues: checkValues,
                anchors: Pseudonymizer.anchors,
                cutoffs: Pseudonymizer.cutoffs.map(\.description),
                generator: "sealkit 0.1.0"
            )
        }
        let header = makeHeader(digest: "")
        let pseudonymizer = try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
            try Pseudonymizer(keys: keys, evaluationDate: evaluationDate)
        }
        var options = DOJReadOptions()
        options.referenceDate = evaluationDate
        options.collectRejects = rejectsPath != nil
        let rejects = try rejectsPath.map { (path) throws(SealKitError) in
            try RejectsFile(path: path, overwrite: overwrite)
        }
        let writer = try AtomicFileWriter(path: output, mode: 0o600, overwrite: overwrite)
        let (work, rejectedRows, digest) = try pass(
            input: input,
            options: options,
            pseudonymizer: pseudonymizer,
            output: output,
            header: header,
            rejects: rejects,
            progress: progress
        )
        defer { work.spill.remove() }
        var summary = work.summary
        summary.rejectedRows = rejectedRows
        summary.header = makeHeader(digest: digest)
        // Subjects written under a CII that a later SUBJECT_ID turned out to share are moved to their
        // SUBJECT_ID pseudonyms now (rare: only then is a spilled line read before the drain).
        var moved: [Int: [[UInt8]]] = [:]
        var skipped: Set<String> = []
        for (pseudonym, subjectID) in work.retracted.sorted(by: { $0.key < $1.key }) {
            var record = try work.spill.take(pseudonym)
            try KeyFiles.mapCryptoError(secretPath) { () throws(SealCryptoError) in
                try pseudonymizer.reassignToSubjectID(&record, subjectID: subjectID)
            }
            moved[LineSpill.bucket(of: record.pseudonym), default: []].append(JSONLines.encode(record))
            skipped.insert(pseudonym)
            summary.pseudonymsFromSubjectID += 1
        }
        try writer.write(JSONLines.encode(summary.header))
        try work.spill.drain(skipping: skipped, adding: moved) { (line) throws(SealKitError) in
            try writer.write(line)
        }
        try rejects?.commit(overwrite: overwrite)
        try writer.commit(overwrite: overwrite)
        return summary
    }

    /// One read of the input on two threads: this one reads and builds histories; a worker
    /// de-identifies, encodes and spills them. The output order is the pseudonym sort at the end, so
    /// the threads' timing changes no byte. The worker alone touches the work until it is joined.
    private static func pass(
        input: String,
        options: DOJReadOptions,
        pseudonymizer: Pseudonymizer,
        output: String,
        header: DatasetHeader,
        rejects: RejectsFile?,
        progress: (Int, Int) -> Void
    ) throws(SealKitError) -> (PseudonymizeWork, Int, String) {
        let digest = try InputDigest()
        defer { digest.cancel() }
        let work = PseudonymizeWork(pseudonymizer: pseudonymizer, spill: try LineSpill(), header: header)
        let queue = WorkQueue<PseudonymizeWork.Item>(capacity: 256)
        let worker = WorkerThread {
            do {
                while let item = queue.pop() { try work.handle(item) }
            } catch {
                queue.stop()
                throw error
            }
        }
        var rejectedRows = 0
        var readError: (any Error)? = nil
        do {
            let readSummary = try DOJResearchFileReader(path: input, options: options).read(
                rejected: { row in try rejects?.add(row) },
                restart: {
                    try rejects?.reset()
                    digest.reset()
                    guard queue.push(.reset) else { throw WorkerStopped() }
                },
                progress: progress,
                input: { bytes in digest.update(bytes) },
                subject: { subject in
                    guard queue.push(.subject(subject)) else { throw WorkerStopped() }
                }
            )
            rejectedRows = readSummary.rejectedRows
        } catch {
            readError = error
        }
        queue.close()
        do {
            try worker.join()
            if let readError, !(readError is WorkerStopped) { throw readError }
            return (work, rejectedRows, try digest.finish())
        } catch let error as DOJReadError {
            work.spill.remove()
            throw DOJFiles.error(error, path: input)
        } catch let error as SealKitError {
            work.spill.remove()
            throw error
        } catch {
            work.spill.remove()
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

/// The reader's signal that the worker stopped on an error (the worker's error is the one reported).
struct WorkerStopped: Error {}

/// The worker's side of `pseudonymize`: de-identify, encode, spill.
///
/// `@unchecked Sendable`: it is handed to the worker thread, which alone uses it until it is joined;
/// only then does the calling thread read `summary` and drain `spill`.
final class PseudonymizeWork: @unchecked Sendable {
    enum Item: Sendable {
        case subject(SubjectHistory)
        /// The reader starts again (an unsorted file): forget everything so far.
        case reset
    }

    let pseudonymizer: Pseudonymizer
    var spill: LineSpill
    var summary: Pseudonymize.Summary
    /// CIIs seen, with the SUBJECT_ID that carried them first.
    private var ciiOwners: [[UInt8]: [UInt8]] = [:]
    /// Subjects already spilled under a CII pseudonym (the key, as text) whose CII a later SUBJECT_ID
    /// carries too, with their own SUBJECT_ID: they move to their SUBJECT_ID pseudonyms at the end.
    private(set) var retracted: [String: [UInt8]] = [:]
    private let header: DatasetHeader
    private var line: [UInt8] = []

    init(pseudonymizer: Pseudonymizer, spill: LineSpill, header: DatasetHeader) {
        self.pseudonymizer = pseudonymizer
        self.spill = spill
        self.header = header
        summary = Pseudonymize.Summary(header: header)
    }

    func handle(_ item: Item) throws {
        switch item {
        case .reset:
            try spill.reset()
            summary = Pseudonymize.Summary(header: header)
            ciiOwners = [:]
            retracted = [:]
        case .subject(let subject):
            var shared = false
            if let cii = Normalization.cii(subject.identity.ciiNumber.revealedBytes) {
                let owner = subject.subjectID.revealedBytes
                if let first = ciiOwners[cii] {
                    if first != owner {
                        shared = true
                        let written = try pseudonymizer.pseudonym(cii: cii, subjectID: first).description
                        if retracted[written] == nil { retracted[written] = first }
                    }
                } else {
                    ciiOwners[cii] = owner
                }
            }
            let record = try pseudonymizer.deidentify(subject, ciiShared: shared)
            line.removeAll(keepingCapacity: true)
            JSONLines.append(record, to: &line)
            try spill.add(line, bucket: LineSpill.bucket(of: record.pseudonym))
            summary.subjects += 1
            summary.convictions += record.convictions.count
            if record.pseudonymBasis == "subjectId" { summary.pseudonymsFromSubjectID += 1 }
        }
    }
}

/// Lines spilled into 256 files by a hex key's first two digits, then read back one file at a time,
/// sorted by the key (the 64 hex digits after the line's fixed prefix).
struct LineSpill {
    let directory: String
    private var descriptors: [Int32] = []
    private var buffers: [[UInt8]] = Array(repeating: [], count: 256)

    init() throws(SealKitError) {
        let parent = ProcessInfoLite.temporaryDirectory
        var template = Array("\(parent)/sealkit-order-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SealKitError(
                .cannotCreateOutput,
                "\(parent): cannot create a temporary folder: \(FileIO.errorText())"
            )
        }
        directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try openAll()
    }

    private mutating func openAll() throws(SealKitError) {
        descriptors = []
        for index in 0..<256 {
            let file = "\(directory)/\(index)"
            let descriptor = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw SealKitError(.cannotCreateOutput, "\(file): cannot create: \(FileIO.errorText())")
            }
            descriptors.append(descriptor)
        }
    }

    mutating func reset() throws(SealKitError) {
        for descriptor in descriptors { close(descriptor) }
        buffers = Array(repeating: [], count: 256)
        try openAll()
    }

    private mutating func flush(_ bucket: Int) throws(SealKitError) {
        guard !buffers[bucket].isEmpty else { return }
        try buffers[bucket].withUnsafeBufferPointer { (bytes) throws(SealKitError) in
            try FileIO.writeAll(descriptors[bucket], UnsafeRawBufferPointer(bytes), path: "\(directory)/\(bucket)")
        }
        buffers[bucket].removeAll(keepingCapacity: true)
    }

    /// The bucket of a pseudonym: its first two hex digits.
    static func bucket(of pseudonym: SubjectPseudonym) -> Int {
        func value(_ digit: UInt8) -> Int { Int(digit <= 0x39 ? digit - 0x30 : digit - 0x61 + 10) }
        let digits = pseudonym.hex.utf8
        return value(digits[digits.startIndex]) * 16 + value(digits[digits.index(after: digits.startIndex)])
    }

    mutating func add(_ line: [UInt8], bucket: Int) throws(SealKitError) {
        buffers[bucket].append(contentsOf: line)
        if buffers[bucket].count >= 1 << 16 { try flush(bucket) }
    }

    /// A bucket's bytes: everything spilled into it so far.
    private mutating func contents(_ bucket: Int) throws(SealKitError) -> [UInt8] {
        try flush(bucket)
        let descriptor = descriptors[bucket]
        let size = Int(lseek(descriptor, 0, SEEK_END))
        lseek(descriptor, 0, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: size)
        let count = try bytes.withUnsafeMutableBufferPointer { (raw) throws(SealKitError) in
            try FileIO.readAll(descriptor, into: UnsafeMutableRawBufferPointer(raw), path: "\(directory)/\(bucket)")
        }
        guard count == size else { throw SealKitError(.ioError, "\(directory)/\(bucket): short read") }
        return bytes
    }

    /// The ranges of the lines in a bucket's bytes, newlines included.
    private static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(start..<(index + 1))
            start = index + 1
        }
        return lines
    }

    /// How a line spilled under `pseudonym` (its text form) begins.
    private static func prefix(_ pseudonym: String) -> [UInt8] {
        Array("{\"pseudonym\":\"\(pseudonym)\"".utf8)
    }

    /// The record spilled under `pseudonym` (its text form), read back. The line stays in the spill:
    /// ``drain(skipping:adding:_:)`` leaves it out.
    mutating func take(_ pseudonym: String) throws(SealKitError) -> DeidentifiedSubject {
        guard let key = SubjectPseudonym(text: pseudonym) else {
            throw SealKitError(.ioError, "\(directory): not a pseudonym")
        }
        let bytes = try contents(Self.bucket(of: key))
        let prefix = Self.prefix(pseudonym)
        guard let range = Self.lines(bytes).first(where: { bytes[$0].starts(with: prefix) }) else {
            throw SealKitError(.ioError, "\(directory): a spilled subject is missing")
        }
        do {
            return try JSONDecoder().decode(DeidentifiedSubject.self, from: Data(bytes[range]))
        } catch {
            throw SealKitError(.ioError, "\(directory): a spilled line does not read back: \(error)")
        }
    }

    /// Hands over every line in key order, leaving out the lines spilled under `skipping`
    /// (pseudonyms as text) and taking in `adding` (more lines, by bucket).
    mutating func drain(
        skipping: Set<String> = [],
        adding: [Int: [[UInt8]]] = [:],
        _ write: (UnsafeRawBufferPointer) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        let skippedPrefixes = skipping.sorted().map(Self.prefix)
        for bucket in 0..<256 {
            var bytes = try contents(bucket)
            var lines = Self.lines(bytes)
            if !skippedPrefixes.isEmpty {
                lines.removeAll { range in skippedPrefixes.contains { bytes[range].starts(with: $0) } }
            }
            for line in adding[bucket] ?? [] {
                lines.append(bytes.count..<(bytes.count + line.count))
                bytes.append(contentsOf: line)
            }
            // Every line starts with {"pseudonym":"s1.e<epoch>.<hex>": sort by the whole prefix
            // up to the closing quote, which orders by hex within one epoch.
            let keyed = lines.map { range -> (ArraySlice<UInt8>, Range<Int>) in
                (bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + 96)], range)
            }
            let sorted = keyed.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) })
            try bytes.withUnsafeBufferPointer { (all) throws(SealKitError) in
                for (_, range) in sorted {
                    try write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[range])))
                }
            }
        }
    }

    mutating func remove() {
        for descriptor in descriptors { close(descriptor) }
        descriptors = []
        for index in 0..<256 { unlink("\(directory)/\(index)") }
        rmdir(directory)
    }
}
