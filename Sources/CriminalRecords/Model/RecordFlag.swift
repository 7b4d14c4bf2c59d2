public import SealCore

/// A flag the reader raises for the rules (doj-research-file.md, section 5.10), with where it came from:
/// its kind (``FlagKind``, shared with the de-identified record, which keeps the kind alone) and its row,
/// line and column. No flag carries a value from the file.
public struct RecordFlag: Hashable, Sendable, CustomStringConvertible {
    /// The flag kinds of both zones (``FlagKind``).
    public typealias Kind = FlagKind
    public typealias Severity = FlagSeverity

    public let kind: Kind
    /// The 0-based data row the flag comes from (nil for subject-wide flags).
    public let rowIndex: Int?
    /// The physical line of that row.
    public let line: Int?
    /// The column concerned, if one is.
    public let column: DOJColumn?

    public init(_ kind: Kind, rowIndex: Int? = nil, line: Int? = nil, column: DOJColumn? = nil) {
        self.kind = kind
        self.rowIndex = rowIndex
        self.line = line
        self.column = column
    }

    /// `line 17: column 41 (STP_EVENT_DATE): dateUnparseable`. Never a value.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append(column.label) }
        parts.append(kind.rawValue)
        return parts.joined(separator: ": ")
    }
}
