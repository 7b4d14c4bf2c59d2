import Glibc
import SealCore

/// Where validated rows go during a pass: adjacent grouping, or spill buckets (exactly one is set).
///
/// A struct of optionals, not an enum with payloads: a payload is mutated by copying it out and
/// back, and the copy shares the groups' storage, so each new subject's insert into the set of
/// subjects seen could copy the whole set (it did once an unrelated change moved the inlining:
/// 5,000 instructions a row under callgrind). Through an optional the groups are mutated in place.
struct GroupingSink {
    private(set) var streaming: StreamingGroups?
    private(set) var buckets: BucketSpill?

    static func streaming(_ groups: StreamingGroups) -> GroupingSink {
        GroupingSink(streaming: groups, buckets: nil)
    }

    static func buckets(_ spill: BucketSpill) -> GroupingSink {
        GroupingSink(streaming: nil, buckets: spill)
    }

    /// Adds a valid row. Returns false to stop the pass (the file is not grouped).
    mutating func add(
        _ record: CSVRecord,
        subjectID: ArraySlice<UInt8>,
        rowIndex: Int,
        emit: (SubjectRows) throws -> Void
    ) throws -> Bool {
        if streaming != nil { return try streaming!.add(record, subjectID: subjectID, rowIndex: rowIndex, emit: emit) }
        try buckets!.add(record, subjectID: subjectID, rowIndex: rowIndex)
        return true
    }

    mutating func addRejected(
        subjectID: ArraySlice<UInt8>,
        rowIndex: Int,
        line: Int,
        emit: (SubjectRows) throws -> Void
    ) throws -> Bool {
        if streaming != nil {
            return try streaming!.addRejected(subjectID: subjectID, rowIndex: rowIndex, line: line, emit: emit)
        }
        try buckets!.addRejected(subjectID: subjectID, rowIndex: rowIndex, line: line)
        return true
    }

    mutating func finish(emit: (SubjectRows) throws -> Void) throws {
        if streaming != nil {
            try streaming!.finish(emit: emit)
        } else {
            try buckets!.flush()
        }
    }
}

/// Groups adjacent rows by SUBJECT_ID, and notices a subject that comes back.
struct StreamingGroups {
    var current = SubjectRows()
    var currentHash: UInt64 = 0
    var hasCurrent = false
    /// Hashes of subjects already handed over (8 bytes each).
    var closed = Set<UInt64>()
    var unsorted = false
    /// Rows the receiver is done with, to fill again (``DOJResearchFileReader/readRows(rejected:restart:progress:input:spare:rows:)``).
    let spare: () -> SubjectRows?

    init(spare: @escaping () -> SubjectRows? = { nil }) {
        self.spare = spare
    }

    private mutating func switchTo(_ subjectID: ArraySlice<UInt8>, emit: (SubjectRows) throws -> Void) throws -> Bool {
        if hasCurrent && subjectID.hasSameBytes(as: current.subjectID) { return true }
        if hasCurrent {
            try emit(current)
            closed.insert(currentHash)
            // The rows handed over keep these arrays; spare ones are filled instead of new ones.
            if let rows = spare() { current = rows }
        }
        let hash = fnv1a(subjectID)
        if closed.contains(hash) {
            unsorted = true
            return false
        }
        current.reset(subjectID: subjectID)
        currentHash = hash
        hasCurrent = true
        return true
    }

    mutating func add(
        _ record: CSVRecord,
        subjectID: ArraySlice<UInt8>,
        rowIndex: Int,
        emit: (SubjectRows) throws -> Void
    ) throws -> Bool {
        guard try switchTo(subjectID, emit: emit) else { return false }
        current.append(record, rowIndex: rowIndex)
        return true
    }

    mutating func addRejected(
        subjectID: ArraySlice<UInt8>,
        rowIndex: Int,
        line: Int,
        emit: (SubjectRows) throws -> Void
    ) throws -> Bool {
        guard try switchTo(subjectID, emit: emit) else { return false }
        current.appendRejected(rowIndex: rowIndex, line: line)
        return true
    }

    mutating func finish(emit: (SubjectRows) throws -> Void) throws {
        if hasCurrent && !unsorted { try emit(current) }
        hasCurrent = false
    }
}

/// Spills rows into hash buckets on disk, then groups one bucket at a time (for unsorted files).
///
/// The buckets hold identified rows, so they are nameless files (``TemporaryFiles/createNameless(in:name:)``)
/// in a private folder: a killed read leaves at most the empty folder. A class, so that whatever
/// path leaves the read (an error included) closes the descriptors, and with them the files, once.
final class BucketSpill {
    let directory: String
    /// By bucket; -1 once read back and closed.
    private var descriptors: [Int32] = []
    private var buffers: [[UInt8]]
    let count: Int

    init(directory: String, count: Int) throws {
        self.directory = directory
        self.count = count
        buffers = Array(repeating: [], count: count)
        for index in 0..<count {
            let descriptor = TemporaryFiles.createNameless(in: directory, name: "bucket-\(index)")
            guard descriptor >= 0 else { throw DOJReadError.spill("\(directory)/bucket-\(index)", errno) }
            descriptors.append(descriptor)
        }
    }

    deinit {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    static func makeDirectory(_ parent: String?) throws -> String {
        let base = parent ?? ProcessInfoLite.temporaryDirectory
        guard let folder = TemporaryFiles.makePrivateFolder(in: base, prefix: "sealkit-spill") else {
            throw DOJReadError.spill(base, errno)
        }
        return folder
    }

    /// Removes the (empty) folder: its files never had names, or lost them when created.
    static func removeDirectory(_ path: String) {
        rmdir(path)
    }

    private func write(_ bucket: Int) throws {
        try buffers[bucket].withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptors[bucket], bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DOJReadError.spill("\(directory)/bucket-\(bucket)", errno)
                }
                offset += written
            }
        }
        buffers[bucket].removeAll(keepingCapacity: true)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    func add(_ record: CSVRecord, subjectID: ArraySlice<UInt8>, rowIndex: Int) throws {
        let bucket = Int(fnv1a(subjectID) % UInt64(count))
        Self.header(kind: 0, subjectID: subjectID, rowIndex: rowIndex, line: record.line, into: &buffers[bucket])
        Self.append(UInt32(record.bytes.count), to: &buffers[bucket])
        for column in 0..<DOJColumn.count {
            Self.append(record.starts[column], to: &buffers[bucket])
            Self.append(record.ends[column], to: &buffers[bucket])
        }
        buffers[bucket].append(contentsOf: record.bytes)
        if buffers[bucket].count >= 1 << 18 { try write(bucket) }
    }

    func addRejected(subjectID: ArraySlice<UInt8>, rowIndex: Int, line: Int) throws {
        let bucket = Int(fnv1a(subjectID) % UInt64(count))
        Self.header(kind: 1, subjectID: subjectID, rowIndex: rowIndex, line: line, into: &buffers[bucket])
    }

    private static func header(
        kind: UInt8,
        subjectID: ArraySlice<UInt8>,
        rowIndex: Int,
        line: Int,
        into buffer: inout [UInt8]
    ) {
        buffer.append(kind)
        append(Int64(rowIndex), to: &buffer)
        append(Int64(line), to: &buffer)
        append(UInt32(subjectID.count), to: &buffer)
        buffer.append(contentsOf: subjectID)
    }

    func flush() throws {
        for bucket in 0..<count where !buffers[bucket].isEmpty { try write(bucket) }
    }

    /// Reads back each bucket, groups its rows by subject (first appearance first) and emits them.
    func drain(
        summary: inout DOJReadSummary,
        subject: (SubjectRows) throws -> Void
    ) throws {
        summary.subjects = 0
        summary.largestSubjectRows = 0
        for bucket in 0..<count {
            let descriptor = descriptors[bucket]
            let size = Int(lseek(descriptor, 0, SEEK_END))
            lseek(descriptor, 0, SEEK_SET)
            var bytes = [UInt8](repeating: 0, count: size)
            var filled = 0
            try bytes.withUnsafeMutableBytes { raw in
                while filled < size {
                    let count = read(descriptor, raw.baseAddress! + filled, size - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw DOJReadError.spill("\(directory)/bucket-\(bucket)", errno)
                    }
                    if count == 0 { break }
                    filled += count
                }
            }
            close(descriptor)
            descriptors[bucket] = -1
            var groups: [SubjectRows] = []
            var index: [ByteKey: Int] = [:]
            var cursor = 0
            func next<T: FixedWidthInteger>(_: T.Type) -> T {
                var value: T = 0
                withUnsafeMutableBytes(of: &value) { target in
                    for offset in 0..<MemoryLayout<T>.size { target[offset] = bytes[cursor + offset] }
                }
                cursor += MemoryLayout<T>.size
                return T(littleEndian: value)
            }
            var record = CSVRecord()
            while cursor < filled {
                let kind = bytes[cursor]
                cursor += 1
                let rowIndex = Int(next(Int64.self))
                let line = Int(next(Int64.self))
                let idLength = Int(next(UInt32.self))
                let subjectID = ByteKey(bytes[cursor..<cursor + idLength])
                cursor += idLength
                let position: Int
                if let existing = index[subjectID] {
                    position = existing
                } else {
                    position = groups.count
                    index[subjectID] = position
                    var rows = SubjectRows()
                    rows.reset(subjectID: subjectID.bytes)
                    groups.append(rows)
                }
                if kind == 1 {
                    groups[position].appendRejected(rowIndex: rowIndex, line: line)
                    continue
                }
                let byteCount = Int(next(UInt32.self))
                record.starts.removeAll(keepingCapacity: true)
                record.ends.removeAll(keepingCapacity: true)
                for _ in 0..<DOJColumn.count {
                    record.starts.append(next(Int32.self))
                    record.ends.append(next(Int32.self))
                }
                record.bytes = Array(bytes[cursor..<cursor + byteCount])
                cursor += byteCount
                record.line = line
                groups[position].append(record, rowIndex: rowIndex)
            }
            for rows in groups {
                summary.subjects += 1
                summary.largestSubjectRows = max(summary.largestSubjectRows, rows.rowCount + rows.rejected.count)
                try subject(rows)
            }
        }
    }
}
