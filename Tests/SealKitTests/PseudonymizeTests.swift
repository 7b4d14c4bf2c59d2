import CriminalRecords
import Deidentified
import Foundation
import Pseudonymization
import SealCore
import SealCrypto
import SealKit
import TestSupport
import Testing

/// The pipeline on a generated 100,000-row file: what leaves the identified zone, and how. One test
/// makes the file once and runs the pipeline three times (twice with the test secret, once with
/// another).
@Suite("Pseudonymize: leaks, determinism, key separation")
struct PseudonymizeTests {
    func run(input: String, secret: String, output: String, workers: Int? = nil) throws -> Pseudonymize.Summary {
        try Pseudonymize.run(
            input: input,
            secretPath: secret,
            evaluationDate: CalendarDate(iso: "2020-06-30")!,
            output: output,
            rejectsPath: nil,
            overwrite: false,
            workers: workers
        )
    }

    func subjects(_ path: String) throws -> (DatasetHeader, [DeidentifiedSubject], [[UInt8]]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = data.split(separator: 0x0A).map { Array($0) }
        // The project's strict reader and its writer give back every line's bytes (nothing read is lost
        // or changed), and Foundation's parser, a second reader for the test only, reads each line as
        // one JSON object with the same value as the line written again.
        let header = try lines[0].withUnsafeBytes { try DeidentifiedReader.header($0) }
        #expect(JSONLines.encode(header) == lines[0] + [0x0A])
        let reader = DeidentifiedReader(header: header)
        let subjects = try lines.dropFirst().map { line in
            let subject = try reader.subject(line)
            let written = JSONLines.encode(subject)
            #expect(written == line + [0x0A])
            let foundation = try JSONSerialization.jsonObject(with: Data(line)) as? NSDictionary
            let again = try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary
            #expect(foundation != nil && foundation == again)
            return subject
        }
        return (header, subjects, Array(lines.dropFirst()))
    }

    @Test("100,000 rows: no identity leaks, identical bytes for the same secret, nothing shared with another")
    func hundredThousandRows() throws {
        let folder = try TemporaryDirectory()
        let (input, secret) = try folder.generatedFile("doj.csv", rows: 100_000, seed: 64)
        let first = folder.file("a.jsonl")
        let summary = try run(input: input, secret: secret, output: first, workers: 2)
        #expect(summary.subjects > 10_000)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: first)))

        // 1. Canary scan. Canaries: every value of an ID, LNK or free-text column, and name parts of
        // six letters or more. The output's tokens (runs of letters and digits) go into a set: a
        // one-token canary is a hit when it is a token; a longer one when all its tokens are and the
        // bytes occur.
        var tokens = Set<ArraySlice<UInt8>>()
        var start = 0
        for (index, byte) in bytes.enumerated() where !isWord(byte) {
            if index > start { tokens.insert(bytes[start..<index]) }
            start = index + 1
        }
        var canaries = Set<[UInt8]>()
        let content = try String(contentsOfFile: input, encoding: .utf8)
        for line in content.split(separator: "\n").dropFirst() {
            let fields = parseLine(String(line))
            for column in DOJColumn.allCases where !column.dataClass.isPrintable && column.dataClass != .quasiIdentifier
            {
                let value = fields[column.rawValue].trimmingCharacters(in: .whitespaces)
                if value.count >= 6 { canaries.insert(Array(value.utf8)) }
            }
            for part in fields[DOJColumn.priName.rawValue].split(whereSeparator: { $0 == "," || $0 == " " })
            where part.count >= 6 {
                canaries.insert(Array(part.utf8))
            }
        }
        #expect(canaries.count > 30_000)
        var hits = 0
        for canary in canaries {
            let parts = canary.split(whereSeparator: { !isWord($0) })
            guard parts.allSatisfy({ tokens.contains($0) }) else { continue }
            if parts.count == 1 || contains(bytes, canary) { hits += 1 }
        }
        #expect(hits == 0, "\(hits) identity values found in the output")
        #expect(!contains(bytes, Array(VectorSecret.hex.utf8)))

        // 2. True dates of birth: not in the subject's own line, in any format.
        let (header, records, lines) = try subjects(first)
        #expect(header.inputSHA256 == (try FileDigest.sha256(ofFileAt: input).hexString))
        let keys = try PurposeKeys(master: KeyFiles.readMasterSecret(at: secret))
        let pseudonymizer = try Pseudonymizer(keys: keys, evaluationDate: CalendarDate(iso: "2020-06-30")!)
        var lineByPseudonym: [String: [UInt8]] = [:]
        for (record, line) in zip(records, lines) { lineByPseudonym[record.pseudonym.description] = line }
        var histories: [SubjectHistory] = []
        _ = try DOJResearchFileReader(path: input).read { histories.append($0) }
        var dobHits = 0
        for history in histories {
            guard let birth = history.dateOfBirth.revealed.exactDate else { continue }
            let record = try pseudonymizer.deidentify(history)
            let line = try #require(lineByPseudonym[record.pseudonym.description])
            let month = birth.month < 10 ? "0\(birth.month)" : "\(birth.month)"
            let day = birth.day < 10 ? "0\(birth.day)" : "\(birth.day)"
            for form in ["\(birth.year)\(month)\(day)", birth.description, "\(month)/\(day)/\(birth.year)"]
            where contains(line, Array(form.utf8)) {
                dobHits += 1
            }
            // Intervals in days are exact after the shift.
            for (conviction, original) in zip(record.convictions, history.convictions) {
                if let shifted = conviction.date.earliest, let offense = conviction.offenseDate.earliest,
                    let trueDate = original.date.earliest, let trueOffense = original.offenseDateProxy.earliest
                {
                    #expect(shifted.days(since: offense) == trueDate.days(since: trueOffense))
                }
            }
        }
        #expect(dobHits == 0)

        // 3. Round trip and order.
        for (record, line) in zip(records, lines).prefix(3000) {
            #expect(JSONLines.encode(record) == line + [0x0A])
        }
        #expect(records.map(\.pseudonym) == records.map(\.pseudonym).sorted())
        #expect(try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int == 0o600)

        // 4. Determinism: the same secret gives the same bytes, with three workers as with two.
        let second = folder.file("b.jsonl")
        _ = try run(input: input, secret: secret, output: second, workers: 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: second)) == Data(bytes))

        // 5. Another secret: entirely different pseudonyms, references and shifts; the same numbers.
        let otherSecret = folder.file("other.secret")
        try KeySet.generate().masterSecret.fileRepresentation.withUnsafeBytes { raw in
            try Data(raw).write(to: URL(fileURLWithPath: otherSecret))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: otherSecret)
        let third = folder.file("c.jsonl")
        _ = try run(input: input, secret: otherSecret, output: third)
        let (headerC, c, _) = try subjects(third)
        #expect(records.count == c.count)
        #expect(header.keyCheckValues.master != headerC.keyCheckValues.master)
        #expect(Set(records.map(\.pseudonym)).isDisjoint(with: Set(c.map(\.pseudonym))))
        #expect(
            Set(records.flatMap { $0.convictions.compactMap(\.reference) })
                .isDisjoint(with: Set(c.flatMap { $0.convictions.compactMap(\.reference) }))
        )
        // Per subject, the other secret's date offset differs (equal by chance once in 7,304).
        let otherShifts = try Pseudonymizer(
            keys: PurposeKeys(master: KeyFiles.readMasterSecret(at: otherSecret)),
            evaluationDate: CalendarDate(iso: "2020-06-30")!
        )
        var sameOffsets = 0
        for history in histories {
            let id = history.subjectID.revealedBytes
            if try pseudonymizer.dateOffset(subjectID: id) == otherShifts.dateOffset(subjectID: id) { sameOffsets += 1 }
        }
        #expect(sameOffsets < 10)
        func numbers(_ subjects: [DeidentifiedSubject]) -> [String] {
            subjects.flatMap { subject in
                subject.convictions.map { conviction in
                    "\(subject.ageAtEvaluation.map { "\($0.low)-\($0.high)" } ?? "-")|"
                        + "\(conviction.yearsSinceConviction.map { "\($0.low)" } ?? "-")|"
                        + "\(conviction.sentenceCompleteAtEvaluation)|\(conviction.cutoffs)|"
                        + "\(conviction.charge.section ?? "-")|\(conviction.flags)"
                }
            }.sorted()
        }
        #expect(numbers(records) == numbers(c))
    }
}

/// The committed test master, in hex.
enum VectorSecret {
    static let hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
}

/// A letter or a digit.
func isWord(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
}

/// Whether `needle` occurs in `haystack` (Foundation's substring search).
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    Data(haystack).range(of: Data(needle)) != nil
}

/// Splits one CSV line honouring quotes (enough for generated files).
func parseLine(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var iterator = Array(line).makeIterator()
    while let character = iterator.next() {
        if quoted {
            if character == "\"" { quoted = false } else { current.append(character) }
        } else if character == "\"" {
            quoted = true
        } else if character == "," {
            fields.append(current)
            current = ""
        } else {
            current.append(character)
        }
    }
    fields.append(current)
    while fields.count < DOJColumn.count { fields.append("") }
    return fields
}

@Suite("Pseudonymize: unsorted input and failures")
struct PseudonymizeOrderTests {
    @Test("an unsorted file (read through the restart) gives the same subject lines as the sorted file")
    func unsortedEqualsSorted() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let unsorted = try folder.copyFixture("doj/unsorted.csv", as: "unsorted.csv")
        // The same rows with each subject's rows together: header, rows 1 and 3, then row 2.
        let lines = try String(contentsOfFile: unsorted, encoding: .utf8).split(separator: "\n")
        let sorted = try folder.write(
            "sorted.csv",
            Array(([lines[0], lines[1], lines[3], lines[2]].joined(separator: "\n") + "\n").utf8)
        )
        var outputs: [[Substring]] = []
        for (input, name) in [(unsorted, "u.jsonl"), (sorted, "s.jsonl")] {
            let summary = try Pseudonymize.run(
                input: input,
                secretPath: secret,
                evaluationDate: CalendarDate(iso: "2020-06-30")!,
                output: folder.file(name),
                rejectsPath: nil,
                overwrite: false
            )
            #expect(summary.subjects == 2)
            // The digest is computed while reading; after the unsorted file's restart it still covers
            // the whole input exactly once.
            #expect(summary.header.inputSHA256 == (try FileDigest.sha256(ofFileAt: input).hexString))
            let text = try String(contentsOfFile: folder.file(name), encoding: .utf8)
            let header = try Array(text.split(separator: "\n")[0].utf8).withUnsafeBytes {
                try DeidentifiedReader.header($0)
            }
            #expect(header.inputSHA256 == summary.header.inputSHA256)
            outputs.append(text.split(separator: "\n").dropFirst().map { $0 })
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test("a file that fails to read leaves no output and no spill folder")
    func failureLeavesNothing() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let bad = try folder.copyFixture("doj/bad-wrong-field-count.csv", as: "bad.csv")
        #expect(throws: SealKitError(.badInputData, "")) {
            try Pseudonymize.run(
                input: bad,
                secretPath: secret,
                evaluationDate: CalendarDate(iso: "2020-06-30")!,
                output: folder.file("out.jsonl"),
                rejectsPath: nil,
                overwrite: false
            )
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.csv", "s"])
    }
}

@Suite("Pseudonymize: a CII shared by two subjects")
struct SharedCIITests {
    func pseudonymize(
        _ input: String,
        _ output: String,
        secret: String,
        workers: Int? = nil
    ) throws -> Pseudonymize.Summary {
        try Pseudonymize.run(
            input: input,
            secretPath: secret,
            evaluationDate: CalendarDate(iso: "2020-06-30")!,
            output: output,
            rejectsPath: nil,
            overwrite: false,
            workers: workers
        )
    }

    func subjects(_ path: String) throws -> [DeidentifiedSubject] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let reader = DeidentifiedReader(
            header: try Array(lines[0].utf8).withUnsafeBytes { try DeidentifiedReader.header($0) }
        )
        return try lines.dropFirst().map { try reader.subject(Array($0.utf8)) }
    }

    @Test(
        "two SUBJECT_IDs with one CII get two pseudonyms from SUBJECT_ID, both flagged, in one pass and in either order"
    )
    func sharedCII() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let text = try String(contentsOf: TestSupport.fixture("doj/valid-basic.csv"), encoding: .utf8)
        #expect(text.contains("A12345678") && text.contains("1008675309"))
        let sharedText = text.replacingOccurrences(of: "1008675309", with: "A12345678")
        let input = try folder.write("shared.csv", Array(sharedText.utf8))
        let summary = try pseudonymize(input, folder.file("out.jsonl"), secret: secret)
        #expect(summary.subjects == 2)
        #expect(summary.pseudonymsFromSubjectID == 2)
        let shared = try subjects(folder.file("out.jsonl"))
        #expect(Set(shared.map(\.pseudonym)).count == 2)
        #expect(
            shared.allSatisfy {
                $0.pseudonymBasis == .subjectId && $0.flags.contains(.ciiSharedWithAnotherSubject)
                    && $0.flags.contains(.pseudonymFromSubjectID)
            }
        )
        #expect(shared.map(\.pseudonym) == shared.map(\.pseudonym).sorted())

        // The second subject first: the other one is now the subject written before the collision
        // was seen and corrected afterwards. The bytes are the same.
        var rows = sharedText.split(separator: "\n", omittingEmptySubsequences: false)
        let header = rows.removeFirst()
        let first = rows.filter { $0.contains(",10000001,") }
        let rest = rows.filter { !$0.contains(",10000001,") && !$0.isEmpty }
        let reordered = ([header] + rest + first).joined(separator: "\n") + "\n"
        let swapped = try folder.write("swapped.csv", Array(reordered.utf8))
        _ = try pseudonymize(swapped, folder.file("swapped.jsonl"), secret: secret)
        let sharedLines = try String(contentsOfFile: folder.file("out.jsonl"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let swappedLines = try String(contentsOfFile: folder.file("swapped.jsonl"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(Array(sharedLines) == Array(swappedLines))

        // One worker or three: the same bytes (the CII registry is shared by the workers).
        for workers in [1, 3] {
            let name = "workers-\(workers).jsonl"
            let counted = try pseudonymize(swapped, folder.file(name), secret: secret, workers: workers)
            #expect(counted.pseudonymsFromSubjectID == 2)
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: folder.file(name)))
                    == Data(contentsOf: URL(fileURLWithPath: folder.file("swapped.jsonl")))
            )
        }

        // Without the collision the same subjects are CII-based; the count references of the subject
        // that owned the CII are the same either way (they name counts, by CII, case and count).
        let plain = try pseudonymize(
            try folder.copyFixture("doj/valid-basic.csv", as: "plain.csv"),
            folder.file("plain.jsonl"),
            secret: secret
        )
        #expect(plain.pseudonymsFromSubjectID == 0)
        let plainSubjects = try subjects(folder.file("plain.jsonl"))
        let sharedReferences = Set(shared.flatMap { $0.convictions.compactMap(\.reference) })
        let plainReferences = plainSubjects.map { Set($0.convictions.compactMap(\.reference)) }
        #expect(plainReferences.filter { !$0.isEmpty && $0.isSubset(of: sharedReferences) }.count == 1)
        #expect(Set(plainSubjects.map(\.pseudonym)).isDisjoint(with: shared.map(\.pseudonym)))
    }
}
