import Deidentified
import SealCore

/// The decision readers on any bytes, for the `decision-reader` fuzz target and its replay in the
/// tests: none may crash, hang or leak; each line or row either reads or is refused.
package enum DecisionFuzzing {
    /// What a fuzzed row is checked against: the shipped statutory rule set's id, version and digest
    /// as the seeds carry them.
    static let expected = DecisionRow.Expected(
        ruleSetID: "statutory",
        ruleSetVersion: "2026.1",
        ruleSetSHA256: "2b8e26407b25cb78eefd9f25bbae74a75314523548037a9c7320e6fa8f74519d",
        evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!
    )

    /// Reads each line of `bytes` as a `decisions.jsonl` line.
    package static func readLines(_ bytes: [UInt8]) {
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            _ = line.withUnsafeBytes { raw in Result { () throws(JSONError) in try DecisionLine.parse(raw) } }
        }
    }

    /// Reads one CSV record of `count` fields (lent by `field`) as a `decisions.csv` row.
    package static func readRow(count: Int, _ field: (Int) -> ArraySlice<UInt8>, repeats: inout DecisionRow.Repeats) {
        guard count == DecisionRow.fieldCount else { return }
        _ = DecisionRow.parse(field, expected: expected, repeats: &repeats)
    }
}
