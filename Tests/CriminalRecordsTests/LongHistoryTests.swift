import SealCore
import TestSupport
import Testing

@testable import CriminalRecords

/// A long history's conviction searches go through indexes (``SubjectBuilder/inPlaceHistoryLimit``);
/// they must find what the searches in place find, on histories with every kind of row.
@Suite("Long histories: indexed searches find what searches in place find")
struct LongHistoryTests {
    /// Everything a history holds, case numbers revealed (a history prints them redacted).
    func summary(_ history: SubjectHistory) -> [String] {
        ["\(history.flags)"]
            + history.convictions.map { "\($0) cases \($0.caseNumbers.map(\.revealedText))" }
    }

    @Test("generated rows gathered into subjects of 150 to 900 rows: the same histories, built either way")
    func indexedEqualsInPlace() throws {
        var bytes: [UInt8] = []
        _ = try DOJFileGenerator(options: DOJFileGenerator.Options(county: "KERN", rows: 6_000, seed: 21))
            .generate { bytes.append(contentsOf: $0) }
        // Each run of rows takes the SUBJECT_ID (the third field; the two before it are never quoted)
        // of its first row: long histories with many cycles, court events, case numbers, dates of
        // birth that conflict, and the generator's flags.
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var random = SeededRandom(seed: 5)
        var line = 1
        var subjects = 0
        while line < lines.count - 1 {
            let end = min(lines.count - 1, line + random.int(150...900))
            func fields(_ row: [UInt8]) -> (head: ArraySlice<UInt8>, id: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) {
                let commas = row.indices.filter { row[$0] == UInt8(ascii: ",") }.prefix(3)
                return (row[..<(commas[1] + 1)], row[(commas[1] + 1)..<commas[2]], row[commas[2]...])
            }
            let id = fields(lines[line]).id
            for index in line..<end {
                let parts = fields(lines[index])
                lines[index] = Array(parts.head) + Array(id) + Array(parts.tail)
            }
            line = end
            subjects += 1
        }
        let gathered = Array(lines.joined(separator: [0x0A]))
        var inPlace = DOJReadOptions()
        inPlace.inPlaceHistoryLimit = .max
        var indexed = DOJReadOptions()
        indexed.inPlaceHistoryLimit = 0
        let expected = try readDOJ(bytes: gathered, options: inPlace).subjects
        let actual = try readDOJ(bytes: gathered, options: indexed).subjects
        #expect(expected.count == subjects && actual.count == subjects)
        #expect(expected.allSatisfy { $0.events.count >= 150 })
        // Gathered subjects share CNT_ORDERs, whose rows become sentence parts of one conviction.
        #expect(expected.reduce(0) { $0 + $1.convictions.count } > 150)
        for (want, got) in zip(expected, actual) {
            #expect(summary(got) == summary(want))
        }
        // What the histories hold, so that the comparison is not of empty lists.
        let flags = Set(expected.flatMap { $0.convictions.flatMap(\.flags) }.map(\.kind))
        #expect(
            flags.isSuperset(of: [.subjectDOBConflict, .laterDispositionOnCount, .chargeFromComment, .implausibleAge]),
            "\(flags)"
        )
        #expect(expected.allSatisfy { $0.convictions.contains { $0.caseNumbers.count > 1 } })
    }
}
