/// The raw rows of one subject, kept in one arena while the subject is being read.
///
/// Rows are appended as decoded CSV records; the arena is reused from subject to subject, so a
/// sorted file is read with memory bounded by its largest subject.
package struct SubjectRows: Sendable {
    /// SUBJECT_ID, trimmed.
    package internal(set) var subjectID: [UInt8] = []
    var bytes: [UInt8] = []
    /// Where each row's bytes start in ``bytes``.
    var rowBases: [Int] = []
    /// `DOJColumn.count` field starts and ends per row, relative to the row's base.
    var starts: [Int32] = []
    var ends: [Int32] = []
    var rowIndexes: [Int] = []
    var lines: [Int] = []
    /// Rows rejected by the reader (`--rejects`): only their position is kept.
    package internal(set) var rejected: [(rowIndex: Int, line: Int)] = []

    package init() {}

    package var rowCount: Int { rowIndexes.count }

    /// The bytes its arena can hold without growing (a pool of spare rows leaves out large ones).
    package var arenaCapacity: Int { bytes.capacity }
    package var isEmpty: Bool { rowIndexes.isEmpty && rejected.isEmpty }

    mutating func reset(subjectID: some Collection<UInt8>) {
        self.subjectID.removeAll(keepingCapacity: true)
        self.subjectID.append(contentsOf: subjectID)
        bytes.removeAll(keepingCapacity: true)
        rowBases.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        rowIndexes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        rejected.removeAll(keepingCapacity: true)
    }

    /// Appends a record of at least `DOJColumn.count` fields (a 96th, empty one is ignored).
    /// The record's arrays are read through their buffers: appending them (or slices of them) as
    /// collections retained and released each, three atomic operations a row on the reader's thread.
    mutating func append(_ record: CSVRecord, rowIndex: Int) {
        rowBases.append(bytes.count)
        record.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
        // Rebased, so that each append is one copy (a `Slice` of a buffer went through the generic
        // element-by-element path, about 150 instructions a row for each array).
        record.starts.withUnsafeBufferPointer {
            starts.append(contentsOf: UnsafeBufferPointer(rebasing: $0.prefix(DOJColumn.count)))
        }
        record.ends.withUnsafeBufferPointer {
            ends.append(contentsOf: UnsafeBufferPointer(rebasing: $0.prefix(DOJColumn.count)))
        }
        rowIndexes.append(rowIndex)
        lines.append(record.line)
    }

    mutating func appendRejected(rowIndex: Int, line: Int) {
        rejected.append((rowIndex, line))
    }

    /// The court of the row at file position `rowIndex` (``HistoryEvent/rowIndex``): STP_ORI_CODE and
    /// STP_ORI_DESCR, trimmed; nil when no row of this subject is at that position. Court names are
    /// public, not identity values: the court list prints them.
    package func court(ofRowAt rowIndex: Int) -> (code: String, name: String)? {
        guard let row = rowIndexes.firstIndex(of: rowIndex) else { return nil }
        func text(_ column: DOJColumn) -> String {
            let bytes = field(row, column)
            let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
            let end = bytes.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { $0 + 1 } ?? start
            return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
        }
        return (text(.stpOriCode), text(.stpOriDescr))
    }

    /// The bytes of `column` in row `row`. Inlined: the builder reads some 25 fields a row, and the
    /// call's overhead was 1.4% of `sealkit run`'s instructions.
    @inline(__always)
    func field(_ row: Int, _ column: DOJColumn) -> ArraySlice<UInt8> {
        let index = row * DOJColumn.count + column.rawValue
        let base = rowBases[row]
        return bytes[(base + Int(starts[index]))..<(base + Int(ends[index]))]
    }
}
