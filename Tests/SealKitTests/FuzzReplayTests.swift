import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import SealCore
import TestSupport
import Testing

/// `make fuzz` (scripts/fuzz.sh) runs libFuzzer on three targets in Tests/Fuzz; here every seed of their
/// corpora and every crash reproducer ever saved under Fixtures/fuzz/TARGET/crashes/ is fed through the
/// same calls in the ordinary build: a reproducer that crashes again fails the suite.
@Suite("Fuzz corpora and crash reproducers, replayed")
struct FuzzReplayTests {
    /// Files of a fixture folder whose names satisfy `keep`.
    static func files(_ folder: String, _ keep: (String) -> Bool = { _ in true }) throws -> [URL] {
        let url = TestSupport.repositoryRoot.appendingPathComponent(folder)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter(keep).sorted().map {
            url.appendingPathComponent($0)
        }
    }

    static func crashes(_ target: String) throws -> [URL] {
        try files("Fixtures/fuzz/\(target)/crashes") { $0.hasPrefix("crash-") || $0.hasPrefix("leak-") }
    }

    @Test("the decision reader target: its seeds and reproducers, as JSON lines and as CSV rows")
    func decisionReader() throws {
        let inputs = try Self.files("Fixtures/fuzz/decision-reader/corpus") + Self.crashes("decision-reader")
        #expect(inputs.count >= 2)
        var rows = 0
        for input in inputs {
            DecisionFuzzing.readLines(Array(try Data(contentsOf: input)))
            let descriptor = open(input.path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            var scanner = CSVScanner(descriptor: descriptor)
            var record = CSVRecord()
            var repeats = DecisionRow.Repeats()
            while (try? scanner.next(into: &record)) == true {
                if record.fieldCount == DecisionRow.fieldCount { rows += 1 }
                DecisionFuzzing.readRow(count: record.fieldCount, { record.field($0) }, repeats: &repeats)
            }
        }
        // The CSV seed's rows (header included) reach the row reader.
        #expect(rows >= 40)
    }

    @Test("the DOJ reader target: the DOJ fixtures and its reproducers, strict and with rejects")
    func dojReader() throws {
        let inputs = try Self.files("Fixtures/doj") { $0.hasSuffix(".csv") } + Self.crashes("doj-reader")
        #expect(inputs.count >= 16)
        for input in inputs {
            for collectRejects in [false, true] {
                var options = DOJReadOptions()
                options.collectRejects = collectRejects
                _ = try? DOJResearchFileReader(path: input.path, options: options).read(subject: { _ in })
            }
        }
    }

    @Test("the de-identified reader target: its seeds and reproducers, header then subject lines")
    func deidentifiedReader() throws {
        let inputs = try Self.files("Fixtures/fuzz/deidentified-reader/corpus") + Self.crashes("deidentified-reader")
        #expect(inputs.count >= 5)
        var subjectsRead = 0
        for input in inputs {
            let bytes = Array(try Data(contentsOf: input))
            _ = try? JSONValue.parse(bytes)
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard let first = lines.first else { continue }
            let header = try? Array(first).withUnsafeBytes { try DeidentifiedReader.header($0) }
            let reader = DeidentifiedReader(header: header ?? TestSupport.sampleHeader)
            for line in lines.dropFirst() where (try? reader.subject(Array(line))) != nil { subjectsRead += 1 }
        }
        // The seeds are valid files: their subjects read.
        #expect(subjectsRead >= 14)
    }

    @Test("the rule-file target: shipped rule sets, fixtures, the JSON corpus and reproducers")
    func ruleFile() throws {
        let inputs =
            try Self.files("Sources/SealKit/RuleSets") + Self.files("Fixtures/rules")
            + Self.files("Fixtures/json-conformance") { $0.hasSuffix(".json") } + Self.crashes("rule-file")
        #expect(inputs.count >= 150)
        var loaded = 0
        for input in inputs where (try? RuleSet.load(Array(Data(contentsOf: input)), source: "f", sha256: "00")) != nil
        {
            loaded += 1
        }
        #expect(loaded == 5, "the four shipped rule sets and the gogen fixture")
    }
}
