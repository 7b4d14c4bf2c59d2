import CriminalRecords
import Foundation
import SealCore
import SealKit
import TestSupport
import Testing

/// `sealkit run` on damaged DOJ files (stray quotes, commas, CRs and LFs, cut and repeated rows,
/// invalid UTF-8, doubled line endings), and `sealkit evaluate` on damaged de-identified files and
/// rule files. Every file either runs or fails with a SealKit error (bad input data), and a failed run
/// leaves nothing in its output folder; nothing crashes. (A record ending in CR CR LF once cut its last
/// field off its bytes and stopped the process.)
@Suite("Run and evaluate: damaged input files fail cleanly")
struct MutatedInputTests {
    /// What a damage puts in: single bytes inserted, single bytes written over others, longer pieces.
    struct Damages {
        let inserted: [UInt8]
        let replacing: [UInt8]
        let pieces: [[UInt8]]

        static let csv = Damages(
            inserted: Array("\",\r\n\u{0}".utf8) + [0xFF, 0xC3],
            replacing: Array("\",\r\n 09A/".utf8),
            pieces: [
                "\r\r\n", "\"\"", "\"x\"y", "NULL", "  -  ", "99999999999999999999", "2019-02-30",
            ].map { Array($0.utf8) } + [[0xE2, 0x82], [0xEF, 0xBB, 0xBF]]
        )

        static let json = Damages(
            inserted: Array("\"{}[],:\\\n0-e.".utf8),
            replacing: Array("\"{}[],:0129-tfn ".utf8),
            pieces: [
                "null", "true", "-1", "1e999", "99999999999999999999", "\"\\ud800\"", "[]", "{}", "\"2016-02-30\"",
                "\"\"",
            ].map { Array($0.utf8) } + [[0xFF]]
        )
    }

    /// The file with one to six damages at random places: bytes put in or written over, a span cut
    /// out, the rest cut off, a span repeated, a piece put in.
    static func damaged(_ file: [UInt8], _ damages: Damages, _ random: inout SeededRandom) -> [UInt8] {
        var bytes = file
        for _ in 0..<random.int(1...6) where !bytes.isEmpty {
            let at = random.int(0...(bytes.count - 1))
            switch random.int(0...9) {
            case 0, 1, 2: bytes.insert(random.element(damages.inserted), at: at)
            case 3, 4: bytes[at] = random.element(damages.replacing)
            case 5: bytes.removeSubrange(at..<min(bytes.count, at + random.int(1...300)))
            case 6: bytes.removeSubrange(at...)
            case 7:
                let from = random.int(0...(bytes.count - 1))
                bytes.insert(contentsOf: bytes[from..<min(bytes.count, from + random.int(1...2_000))], at: at)
            default: bytes.insert(contentsOf: random.element(damages.pieces), at: at)
            }
        }
        return bytes
    }

    /// Expects a refused input to be bad input data, with nothing left in `output`.
    static func expectRefused(_ error: SealKitError, output: String, _ round: Int) {
        #expect(error.code == .badInputData, "round \(round): \(error)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        #expect(left.isEmpty, "round \(round): \(left)")
    }

    @Test(
        "3 line-ending conversions and 400 damaged files, with and without --rejects: a result or a bad-input error, never half an output"
    )
    func damagedFiles() throws {
        let folder = try TemporaryDirectory()
        let (original, secret) = try folder.generatedFile("original.csv", rows: 300, seed: 64)
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        let ruleSet = try RuleSets.load("los-angeles-2020")
        // First the line endings: converted to CRLF (as read), converted twice to CR CR LF (refused
        // at the header), and converted twice in the rows only (the CR stays in each row's last field).
        let lines = file.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        func joined(_ lines: [[UInt8]], _ ending: [UInt8]) -> [UInt8] { Array(lines.joined(separator: ending)) }
        let endings = [
            joined(lines, [0x0D, 0x0A]),
            joined(lines, [0x0D, 0x0D, 0x0A]),
            lines[0] + [0x0A] + joined(Array(lines.dropFirst()), [0x0D, 0x0D, 0x0A]),
        ]
        var random = SeededRandom(seed: 2020)
        var outcomes = (ran: 0, refused: 0)
        for round in 0..<(endings.count + 400) {
            let damaged = round < endings.count ? endings[round] : Self.damaged(file, .csv, &random)
            let input = try folder.write("damaged.csv", damaged)
            let output = folder.file("out-\(round)")
            let rejects = round % 2 == 0 ? nil : folder.file("rejects-\(round).csv")
            do {
                _ = try Run.run(
                    input: input,
                    secretPath: secret,
                    evaluationDate: CalendarDate(iso: "2020-07-01")!,
                    ruleSet: ruleSet,
                    county: "LOS ANGELES",
                    outputDirectory: output,
                    rejectsPath: rejects,
                    overwrite: false,
                    workers: 2
                )
                outcomes.ran += 1
                #expect(round != 1, "a header ending in CR CR LF is refused")
                #expect(FileManager.default.fileExists(atPath: "\(output)/deidentified.jsonl"), "round \(round)")
            } catch {
                outcomes.refused += 1
                #expect(round != 0 && round != 2, "round \(round): CRLF, and CR CR LF in the rows only, are read")
                Self.expectRefused(error, output: output, round)
            }
        }
        // Both outcomes occur: the damages are neither all harmless nor all fatal.
        #expect(outcomes.ran > 10 && outcomes.refused > 10, "\(outcomes)")
    }

    @Test("400 damaged de-identified files and rule files: evaluate decides, or refuses them as bad input")
    func damagedEvaluationInputs() throws {
        let folder = try TemporaryDirectory()
        let deidentified = try folder.deidentifiedFile(rows: 300, seed: 64)
        let records = try [UInt8](Data(contentsOf: URL(fileURLWithPath: deidentified)))
        let ruleFiles =
            try RuleSets.names.map { try TestSupport.fixtureBytes("../Sources/SealKit/RuleSets/\($0).json") }
            + [TestSupport.fixtureBytes("rules/gogen-fixture-options.json")]
        let statutory = try RuleSets.load("statutory")
        var random = SeededRandom(seed: 8785)
        var outcomes = (ran: 0, refused: 0)
        for round in 0..<400 {
            // Even rounds damage the records, odd ones a rule file.
            var input = deidentified
            var ruleSet = statutory
            if round % 2 == 0 {
                input = try folder.write("damaged.jsonl", Self.damaged(records, .json, &random))
            } else {
                let rules = try folder.write("rules.json", Self.damaged(random.element(ruleFiles), .json, &random))
                do {
                    ruleSet = try RuleSets.load(rules)
                } catch {
                    outcomes.refused += 1
                    #expect(error.code == .badInputData, "round \(round): \(error)")
                    continue
                }
            }
            let output = folder.file("out-\(round)")
            do {
                _ = try evaluate(input, rules: ruleSet, into: output)
                outcomes.ran += 1
            } catch {
                outcomes.refused += 1
                Self.expectRefused(error, output: output, round)
            }
        }
        #expect(outcomes.ran > 10 && outcomes.refused > 10, "\(outcomes)")
    }
}
