import Deidentified
import Foundation
import SealCore
import TestSupport
import Testing

@testable import SealKit

/// A stage that is not the evaluation, plugged into the reading pass as a later stage (a seal stage
/// would be): it lists the pseudonyms it is given, in pseudonym order, in a file of its own.
final class PseudonymListStage: SubjectStage {
    let path: String
    /// Whether ``StagePass/prepare(inputSHA256:rejectedRows:)`` fails, as a stage's disk can.
    let failing: Bool
    private(set) var passes = 0

    init(path: String, failing: Bool = false) {
        self.path = path
        self.failing = failing
    }

    func beginPass(workers: Int) throws(SealKitError) -> any StagePass {
        passes += 1
        return ListPass(stage: self, workers: workers)
    }

    final class ListPass: StagePass {
        let stage: PseudonymListStage
        let workers: [ListWorker]
        var moved: [(before: String, after: String)] = []
        var listed: [String] = []
        private(set) var committedSet = false

        init(stage: PseudonymListStage, workers: Int) {
            self.stage = stage
            self.workers = (0..<workers).map { _ in ListWorker() }
        }

        func worker(_ index: Int) -> any StageWorker { workers[index] }
        func workersFinished() { listed = workers.flatMap(\.seen) }
        func move(before: DeidentifiedSubject, after: DeidentifiedSubject) throws(SealKitError) {
            moved.append((before.pseudonym.description, after.pseudonym.description))
        }
        func movesFinished() throws(SealKitError) {
            for (before, after) in moved {
                listed.removeAll { $0 == before }
                listed.append(after)
            }
        }
        func drain(skipping skipped: Set<String>) throws(SealKitError) {
            #expect(Set(moved.map(\.before)) == skipped)
            listed.sort()
        }
        func prepare(inputSHA256: String, rejectedRows: Int) throws(SealKitError) -> StageOutputs {
            if stage.failing { throw SealKitError(.ioError, "\(stage.path): the stage's disk failed") }
            let writer = try AtomicFileWriter(path: stage.path, mode: 0o600, overwrite: false)
            try writer.write(Array(listed.map { $0 + "\n" }.joined().utf8))
            return StageOutputs(writers: [writer], warnings: ["a warning from the list stage"])
        }
        func committed() { committedSet = true }
        func removeSpills() {}
    }

    final class ListWorker: StageWorker {
        var seen: [String] = []
        func add(_ record: DeidentifiedSubject, using line: inout JSONOutput) throws(SealKitError) {
            seen.append(record.pseudonym.description)
        }
        func flush() throws(SealKitError) {}
    }
}

@Suite("The pipeline as stages: a later stage plugs into the reading pass")
struct StageTests {
    /// The pseudonyms of a de-identified file, in its order.
    static func pseudonyms(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map {
            String($0.split(separator: "\"")[3])
        }
    }

    @Test("a new stage sees every subject once, moved ones as moved, and its file is committed with the set")
    func addedStage() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        // Two SUBJECT_IDs sharing one CII: both move to SUBJECT_ID pseudonyms after the read.
        let text = try String(contentsOf: TestSupport.fixture("doj/valid-basic.csv"), encoding: .utf8)
        let input = try folder.write(
            "shared.csv",
            Array(text.replacingOccurrences(of: "1008675309", with: "A12345678").utf8)
        )
        let stage = PseudonymListStage(path: folder.file("pseudonyms.txt"))
        let summary = try Pseudonymize.runPass(
            input: input,
            secretPath: secret,
            evaluationDate: CalendarDate(iso: "2020-07-01")!,
            output: folder.file("deidentified.jsonl"),
            rejectsPath: nil,
            overwrite: false,
            workers: 2,
            stages: [stage],
            progress: { _, _ in }
        )
        #expect(summary.pseudonymsFromSubjectID == 2)
        #expect(summary.warnings == ["a warning from the list stage"])
        let written = try Self.pseudonyms(folder.file("deidentified.jsonl"))
        #expect(written.count == summary.subjects && written.count == 2)
        let listed = try String(contentsOfFile: folder.file("pseudonyms.txt"), encoding: .utf8)
        #expect(listed == written.map { $0 + "\n" }.joined())
        #expect(stage.passes == 1)
    }

    @Test("a stage that fails leaves no file of the set behind, not even the de-identified file")
    func failingStage() throws {
        let folder = try TemporaryDirectory()
        let (input, secret) = try folder.generatedFile("doj.csv", rows: 2_000, seed: 5)
        let out = folder.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let stage = PseudonymListStage(path: "\(out)/pseudonyms.txt", failing: true)
        do {
            _ = try Pseudonymize.runPass(
                input: input,
                secretPath: secret,
                evaluationDate: CalendarDate(iso: "2020-07-01")!,
                output: "\(out)/deidentified.jsonl",
                rejectsPath: nil,
                overwrite: false,
                workers: 2,
                stages: [stage],
                progress: { _, _ in }
            )
            Issue.record("the pass succeeded")
        } catch {
            #expect(error.code == .ioError)
            #expect(error.message.hasSuffix("the stage's disk failed"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.isEmpty)
    }
}
