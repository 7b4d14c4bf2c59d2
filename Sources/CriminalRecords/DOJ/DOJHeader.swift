/// Header detection and validation (doj-research-file.md, section 2.3).
enum DOJHeader {
    /// Whether a record is a header: its first field, trimmed and upper-cased, is `RECORD_ID`.
    /// Compared on the field's bytes: every data row is asked (a second header line means two files
    /// joined), so no string is made for it.
    static func isHeader(_ record: CSVRecord) -> Bool {
        guard record.fieldCount >= 1 else { return false }
        return SubjectBuilder.reads(record.field(0), "RECORD_ID")
    }

    /// Checks the header lists the 95 names in order (trimmed, case-insensitive); one extra
    /// trailing empty field is allowed. Returns the problem, if any.
    static func validate(_ record: CSVRecord) -> DOJFileProblem? {
        let count = record.fieldCount
        // A CR left in the last name: the file's lines end in CR CR LF, as after a second CRLF
        // conversion (the CSV dialect keeps that CR as data, so every row's last field would hold it).
        if count > 0, record.field(count - 1).last == 0x0D {
            return DOJFileProblem(
                .headerMismatch,
                line: record.line,
                column: count,
                "the header line ends in CR CR LF: the file's line endings look converted twice; "
                    + "convert them back to CRLF or LF"
            )
        }
        let trailingEmpty = count == DOJColumn.count + 1 && record.field(DOJColumn.count).isEmpty
        guard count == DOJColumn.count || trailingEmpty else {
            return DOJFileProblem(
                .headerMismatch,
                line: record.line,
                column: nil,
                "the header has \(count) names; a DOJ research file header has \(DOJColumn.count)"
            )
        }
        for column in DOJColumn.allCases where SubjectBuilder.text(record.field(column.rawValue)) != column.name {
            return DOJFileProblem(
                .headerMismatch,
                line: record.line,
                column: column.rawValue + 1,
                "the header does not name \(column.name) here; the column order cannot be guessed"
            )
        }
        return nil
    }
}

/// 64-bit FNV-1a: a fast, fixed hash for grouping keys (not for anything secret).
func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}
