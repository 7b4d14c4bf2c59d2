import Foundation
import TestSupport
import Testing

@testable import CriminalRecords

/// Rows handed back to the reader (`readRows(spare:)`) are filled again: what each subject's rows
/// hold must not depend on it, and rows already handed over must never change.
@Suite("Spare rows: the reader fills rows handed back, and changes none it handed over")
struct SpareRowsTests {
    /// Everything a subject's rows hold, as plain values.
    static func snapshot(_ rows: SubjectRows) -> [[UInt8]] {
        var parts: [[UInt8]] = [rows.subjectID, Array("\(rows.rowCount) \(rows.rejected.count)".utf8)]
        for row in 0..<rows.rowCount {
            parts.append(Array("\(rows.rowIndexes[row]):\(rows.lines[row])".utf8))
            for column in DOJColumn.allCases { parts.append(Array(rows.field(row, column))) }
        }
        return parts
    }

    @Test("the same rows with and without spares, spares shared with their receiver or not")
    func sameRows() throws {
        var bytes: [UInt8] = []
        _ = try DOJFileGenerator(options: DOJFileGenerator.Options(county: "Los Angeles", rows: 4_000, seed: 9))
            .generate { bytes.append(contentsOf: $0) }
        let folder = try TemporaryDirectory()
        let path = try folder.write("doj.csv", bytes)

        var plain: [[[UInt8]]] = []
        // Rows come in file order: row indexes 0, 1, 2, … on lines 2, 3, 4, … (one line a row here).
        var positions: [(Int, Int)] = []
        _ = try DOJResearchFileReader(path: path).readRows { rows in
            plain.append(Self.snapshot(rows))
            for row in 0..<rows.rowCount { positions.append((rows.rowIndexes[row], rows.lines[row])) }
        }
        #expect(positions.count == 4_000)
        #expect(positions.enumerated().allSatisfy { $0.element == ($0.offset, $0.offset + 2) })

        var seen: [[[UInt8]]] = []
        // Every third subject's rows are kept (still shared when handed back); all are handed back.
        var kept: [(rows: SubjectRows, snapshot: [[UInt8]])] = []
        var done: [SubjectRows] = []
        var handedBack = 0
        _ = try DOJResearchFileReader(path: path).readRows(
            spare: {
                guard let rows = done.popLast() else { return nil }
                handedBack += 1
                return rows
            },
            rows: { rows in
                let snapshot = Self.snapshot(rows)
                seen.append(snapshot)
                if seen.count % 3 == 0 { kept.append((rows, snapshot)) }
                done.append(rows)
            }
        )
        #expect(plain.count > 500)
        #expect(handedBack > 500, "spares were used")
        #expect(seen == plain)
        for (rows, snapshot) in kept { #expect(Self.snapshot(rows) == snapshot, "rows handed over changed") }
    }
}
