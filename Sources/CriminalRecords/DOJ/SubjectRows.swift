/// The raw rows of one subject, kept in one arena while the subject is being read.
///
/// Rows are appended as decoded CSV records; the arena is reused from subject to subject, so a
/// sorted file is read with memory bounded by its largest subject.
public struct SubjectRows: Sendable {
    /// SUBJECT_ID, trimmed.
    public internal(set) var subjectID: [UInt8] = []
    var bytes: [UInt8] = []
    /// `DOJColumn.count + 1` offsets per row.
    var offsets: [Int32] = []
    var rowIndexes: [Int] = []
    var lines: [Int] = []
    /// Rows rejected by the reader (`--rejects`): only their position is kept.
    public internal(set) var rejected: [(rowIndex: Int, line: Int)] = []

    public init() {}

    public var rowCount: Int { rowIndexes.count }
    public var isEmpty: Bool { rowIndexes.isEmpty && rejected.isEmpty }

    mutating func reset(subjectID: some Collection<UInt8>) {
        self.subjectID = Array(subjectID)
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        rowIndexes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        rejected.removeAll(keepingCapacity: true)
    }

    /// Appends a record of exactly `DOJColumn.count` fields.
    mutating func append(_ record: CSVRecord, rowIndex: Int) {
        let base = Int32(bytes.count)
        bytes.append(contentsOf: record.bytes)
        for column in 0..<DOJColumn.count {
            offsets.append(base + record.fieldStarts[column])
        }
        offsets.append(base + record.fieldStarts[DOJColumn.count])
        rowIndexes.append(rowIndex)
        lines.append(record.line)
    }

    mutating func appendRejected(rowIndex: Int, line: Int) {
        rejected.append((rowIndex, line))
    }

    /// The bytes of `column` in row `row`.
    func field(_ row: Int, _ column: DOJColumn) -> ArraySlice<UInt8> {
        let base = row * (DOJColumn.count + 1) + column.rawValue
        return bytes[Int(offsets[base])..<Int(offsets[base + 1])]
    }

    /// The approximate memory the arena holds, for statistics.
    var byteCount: Int { bytes.count + offsets.count * 4 }
}
