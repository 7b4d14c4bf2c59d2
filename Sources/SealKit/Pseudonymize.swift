public import CriminalRecords
public import Deidentified
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
        // A CII that two SUBJECT_IDs share would give both one pseudonym: when a pass finds any, the
        // file is read again with those CIIs set aside (rare: only then does a second pass happen).
        var shared: Set<[UInt8]> = []
        while true {
            let (work, rejectedRows, found, digest) = try pass(
                input: input,
                options: options,
                pseudonymizer: pseudonymizer,
                shared: shared,
                output: output,
                header: header,
                rejects: rejects,
                progress: progress
            )
            defer { work.spill.remove() }
            if !found.isEmpty && !found.isSubset(of: shared) {
                shared.formUnion(found)
                try rejects?.reset()
                continue
            }
            do {
                var summary = work.summary
                summary.rejectedRows = rejectedRows
                summary.header = makeHeader(digest: digest)
                try writer.write(JSONLines.encode(summary.header))
                try work.spill.drain { (bytes) throws(SealKitError) in try writer.write(bytes) }
                try rejects?.commit(overwrite: overwrite)
                try writer.commit(overwrite: overwrite)
                return summary
            }
        }
    }

    /// One read of the input on two threads: this one reads and builds histories; a worker
    /// de-identifies, encodes and spills them. The output order is the pseudonym sort at the end, so
    /// the threads' timing changes no byte. The worker alone touches the work until it is joined.
    private static func pass(
        input: String,
        options: DOJReadOptions,
        pseudonymizer: Pseudonymizer,
        shared: Set<[UInt8]>,
        output: String,
        header: DatasetHeader,
        rejects: RejectsFile?,
        progress: (Int, Int) -> Void
    ) throws(SealKitError) -> (PseudonymizeWork, Int, Set<[UInt8]>, String) {
        pseudonymizer.sharedCIIs = shared
        let digest = try InputDigest()
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
                    try digest.reset()
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
            return (work, rejectedRows, work.sharedCIIs, try digest.finish())
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

/// SHA-256 of the input, fed by the reader as it reads (no second pass over the file).
final class InputDigest {
    private var hasher: SHA256
    private var failure: SealCryptoError?

    init() throws(SealKitError) {
        do {
            hasher = try SHA256()
        } catch {
            throw SealKitError(.ioError, "cannot start SHA-256: \(error)")
        }
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        do {
            try hasher.update(bufferPointer: bytes)
        } catch {
            failure = error
        }
    }

    func reset() throws {
        try hasher.reset()
        failure = nil
    }

    /// The hex digest of everything fed since the last reset.
    func finish() throws -> String {
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
    /// CIIs that a second SUBJECT_ID carries.
    private(set) var sharedCIIs: Set<[UInt8]> = []
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
            sharedCIIs = []
        case .subject(let subject):
            if let cii = Normalization.cii(subject.identity.ciiNumber.revealedBytes) {
                let owner = subject.subjectID.revealedBytes
                if let first = ciiOwners[cii], first != owner {
                    sharedCIIs.insert(cii)
                } else {
                    ciiOwners[cii] = owner
                }
            }
            let record = try pseudonymizer.deidentify(subject)
            line.removeAll(keepingCapacity: true)
            JSONLines.append(record, to: &line)
            try spill.add(line, bucket: record.pseudonym.hex)
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

    mutating func add(_ line: [UInt8], bucket key: String) throws(SealKitError) {
        let digits = Array(key.utf8.prefix(2))
        let bucket = Int(hexValue(digits[0]) * 16 + hexValue(digits[1]))
        buffers[bucket].append(contentsOf: line)
        if buffers[bucket].count >= 1 << 16 { try flush(bucket) }
    }

    private func hexValue(_ digit: UInt8) -> UInt8 {
        digit <= 0x39 ? digit - 0x30 : digit - 0x61 + 10
    }

    /// Hands over every line, in key order.
    mutating func drain(_ write: ([UInt8]) throws(SealKitError) -> Void) throws(SealKitError) {
        for bucket in 0..<256 {
            try flush(bucket)
            let descriptor = descriptors[bucket]
            let size = Int(lseek(descriptor, 0, SEEK_END))
            lseek(descriptor, 0, SEEK_SET)
            var bytes = [UInt8](repeating: 0, count: size)
            let count = try bytes.withUnsafeMutableBufferPointer { (raw) throws(SealKitError) in
                try FileIO.readAll(descriptor, into: UnsafeMutableRawBufferPointer(raw), path: "\(directory)/\(bucket)")
            }
            guard count == size else { throw SealKitError(.ioError, "\(directory)/\(bucket): short read") }
            var lines: [Range<Int>] = []
            var start = 0
            for index in 0..<size where bytes[index] == 0x0A {
                lines.append(start..<(index + 1))
                start = index + 1
            }
            // Every line starts with {"pseudonym":"s1.e<epoch>.<hex>": sort by the whole prefix
            // up to the closing quote, which orders by hex within one epoch.
            let keyed = lines.map { range -> (ArraySlice<UInt8>, Range<Int>) in
                (bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + 96)], range)
            }
            for (_, range) in keyed.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
                try write(Array(bytes[range]))
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
