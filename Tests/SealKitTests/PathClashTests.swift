import CriminalRecords
import Foundation
import Glibc
import SealCore
import SealKit
import TestSupport
import Testing

@Suite("An output that is the input, or two outputs that are one file: refused (exit 64), nothing touched")
struct PathClashTests {
    /// Runs `body`, which must fail with exit 64 and a message containing `expected`.
    func refused(_ expected: String, _ body: () throws(SealKitError) -> Void) {
        do {
            try body()
            Issue.record("not refused: \(expected)")
        } catch {
            #expect(error.code == .invalidArgument && error.code.exitStatus == 64)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test(
        "run, pseudonymize, inspect and evaluate: the input under another spelling or a hard link, or an output twice"
    )
    func clashes() throws {
        let folder = try TemporaryDirectory()
        let deidentified = try folder.deidentifiedFile(rows: 600, seed: 4)
        let input = folder.file("doj.csv")
        let secret = folder.file("pseudonym.secret")
        let original = try bytes(input)
        let ruleSet = try RuleSets.load("statutory")
        func run(out: String, rejects: String?) throws(SealKitError) {
            try runPass(input, secret: secret, rules: ruleSet, into: out, rejects: rejects, overwrite: true)
        }
        // With --force (overwrite) this replaced the research file with the rejected rows.
        refused("--rejects \(input) is the input file (--input)") { () throws(SealKitError) in
            try run(out: folder.file("run1"), rejects: input)
        }
        // A rejects file named like an output: identified rows under an output's name, or lost.
        refused("--out \(folder.file("run2"))/summary.json and --rejects") { () throws(SealKitError) in
            try run(out: folder.file("run2"), rejects: folder.file("run2") + "/summary.json")
        }
        refused("--out \(folder.path)/./doj.csv is the input file") { () throws(SealKitError) in
            try pseudonymize(input, secret: secret, into: folder.path + "/./doj.csv", overwrite: true)
        }
        // The master secret is read, never replaced.
        let secretBytes = try bytes(secret)
        refused("--rejects \(secret) is the secret (--secret)") { () throws(SealKitError) in
            try run(out: folder.file("run3"), rejects: secret)
        }
        refused("--out \(secret) is the secret (--secret)") { () throws(SealKitError) in
            try pseudonymize(input, secret: secret, into: secret, overwrite: true)
        }
        #expect(try bytes(secret) == secretBytes)
        let link = folder.file("link.csv")
        #expect(Glibc.link(input, link) == 0)
        refused("--rejects \(link) is the input file (the file inspected)") { () throws(SealKitError) in
            _ = try DOJFiles.inspect(path: input, options: DOJReadOptions(), rejectsPath: link, overwrite: true)
        }
        // evaluate's input inside its output folder, under an output's name.
        try FileManager.default.createDirectory(atPath: folder.file("ev"), withIntermediateDirectories: true)
        let inside = folder.file("ev/decisions.jsonl")
        try FileManager.default.copyItem(atPath: deidentified, toPath: inside)
        refused("--out \(inside) is the input file (--input)") { () throws(SealKitError) in
            _ = try evaluate(inside, rules: ruleSet, into: folder.file("ev"), overwrite: true)
        }
        #expect(try bytes(inside) == bytes(deidentified))
        #expect(try bytes(input) == original, "the research file is untouched")
        for out in ["run1", "run2", "run3"] { #expect(!FileManager.default.fileExists(atPath: folder.file(out))) }
        // Distinct paths still work, the de-identified file beside its input included.
        try run(out: folder.file("fine"), rejects: folder.file("rejects.csv"))
        #expect(FileManager.default.fileExists(atPath: folder.file("fine/summary.json")))
    }
}
