package import SealCore

/// A flag the reader raises for the rules (doj-research-file.md, section 5.10), with where it came from:
/// its kind (``FlagKind``, shared with the de-identified record, which keeps the kind alone) and its row,
/// line and column. No flag carries a value from the file.
package struct RecordFlag: Hashable, Sendable, CustomStringConvertible {
    /// The flag kinds of both zones (``FlagKind``).
    package typealias Kind = FlagKind
    package typealias Severity = FlagSeverity

    package let kind: Kind
    /// The 0-based data row the flag comes from (nil for subject-wide flags).
    package let rowIndex: Int?
    /// The physical line of that row.
    package let line: Int?
    /// The column concerned, if one is.
    package let column: DOJColumn?

    package init(_ kind: Kind, rowIndex: Int? = nil, line: Int? = nil, column: DOJColumn? = nil) {
        self.kind = kind
        self.rowIndex = rowIndex
        self.line = line
        self.column = column
    }

    /// `line 17: column 41 (STP_EVENT_DATE): dateUnparseable`. Never a value.
    package var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append(column.label) }
        parts.append(kind.rawValue)
        return parts.joined(separator: ": ")
    }
}
