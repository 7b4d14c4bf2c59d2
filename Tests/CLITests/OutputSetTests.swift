import Foundation
import Glibc
import TestSupport
import Testing

/// A command's outputs are one commit: killed at any rename or link of it (strace's fault injection,
/// not timing), the folder holds, once the next command has finished the journal, the whole old set or
/// the whole new one; and two commands never write one folder at once.
@Suite("Output sets: all or none across a kill, one writer at a time")
struct OutputSetTests {
    var binary: String { TestSupport.productsDirectory.appendingPathComponent("sealkit").path }

    func sealkit(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments)
    }

    /// `sealkit ARGUMENTS` under strace, killed (SIGKILL) on entering the `when`-th `call`.
    func killed(at call: String, when: Int, _ arguments: [String]) throws -> ProcessResult {
        try runProcess(
            "/usr/bin/strace",
            [
                "-f", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2,link,linkat",
                "-e", "inject=\(call):signal=KILL:when=\(when)", binary,
            ] + arguments
        )
    }

    /// The files of `folder`, names and bytes.
    static func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        return files
    }

    @Test(
        "evaluate --force killed at each rename and link of its commit: the old set or the new, whole, after recovery"
    )
    func killedEvaluate() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("doj.csv")
        #expect(try sealkit(["generate", "--rows", "3000", "--seed", "4", "--out", input]).status == 0)
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s.secret")
        let deidentified = folder.file("de.jsonl")
        let made = try sealkit([
            "pseudonymize", "--input", input, "--secret", secret, "--as-of", "2020-07-01", "--out", deidentified,
        ])
        #expect(made.status == 0)
        func evaluate(_ rules: String, into out: String, force: Bool = false) throws -> ProcessResult {
            try sealkit(
                ["evaluate", "--input", deidentified, "--rules", rules, "--out", out] + (force ? ["--force"] : [])
            )
        }
        #expect(try evaluate("statutory", into: folder.file("old")).status == 0)
        #expect(try evaluate("dismiss-all", into: folder.file("new")).status == 0)
        let old = try Self.contents(folder.file("old"))
        let new = try Self.contents(folder.file("new"))
        #expect(old.count == 4 && new.count == 4 && old != new)
        // A commit of four files: the journal (rename), four links to staging names, the journal at
        // its commit point (rename), four renames into place.
        var outcomes: [String] = []
        for (call, count) in [("linkat", 4), ("rename", 6)] {
            for when in 1...count {
                let out = folder.file("out-\(call)-\(when)")
                #expect(try evaluate("statutory", into: out).status == 0)
                let run = try killed(
                    at: call,
                    when: when,
                    ["evaluate", "--input", deidentified, "--rules", "dismiss-all", "--out", out, "--force"]
                )
                #expect(run.status != 0, "\(call) \(when): the command was not killed")
                // The next command that writes there finishes the journal first (this one then refuses
                // to overwrite: it changes nothing else).
                let next = try evaluate("statutory", into: out)
                #expect(next.status == 73, "\(call) \(when): \(next.standardError)")
                let after = try Self.contents(out)
                #expect(after == old || after == new, "\(call) \(when): a mixed set: \(after.keys.sorted())")
                outcomes.append(after == new ? "new" : "old")
            }
        }
        // Killed before the commit point: the old set; after it: the new one.
        #expect(outcomes == ["old", "old", "old", "old", "old", "old", "new", "new", "new", "new"])
    }

    @Test("keygen --force killed at each rename and link: a private key that matches its public key, no stray secret")
    func killedKeygen() throws {
        let folder = try TemporaryDirectory()
        var keyIDs: Set<String> = []
        for call in ["linkat", "rename"] {
            for when in 1...(call == "linkat" ? 3 : 5) {
                let keys = folder.file("keys-\(call)-\(when)")
                #expect(try sealkit(["keygen", "--out", keys]).status == 0)
                let before = try Self.contents(keys)
                let run = try killed(at: call, when: when, ["keygen", "--out", keys, "--force"])
                #expect(run.status != 0, "\(call) \(when): the command was not killed")
                #expect(try sealkit(["keygen", "--out", keys]).status == 73)
                let after = try Self.contents(keys)
                #expect(after.keys.sorted() == ["pseudonym.secret", "signing.key.pem", "signing.pub.pem"])
                let privateID = try sealkit(["key-id", "\(keys)/signing.key.pem"]).standardOutput
                let publicID = try sealkit(["key-id", "\(keys)/signing.pub.pem"]).standardOutput
                #expect(!privateID.isEmpty && privateID == publicID, "\(call) \(when): the key pair does not match")
                // Each of the three files is the old one or the new one, and all are the same one.
                let same = after.filter { before[$0.key] == $0.value }.count
                #expect(same == 0 || same == 3, "\(call) \(when): \(same) of 3 files are the old ones")
                keyIDs.insert(privateID)
            }
        }
        #expect(keyIDs.count == 8)
    }

    @Test("a second command writing the same folder stops at once (exit 73), and the first's files stay")
    func oneWriterAtATime() throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("keys")
        #expect(try sealkit(["keygen", "--out", out]).status == 0)
        let before = try Self.contents(out)
        // Another command holds the folder's lock.
        let lock = open("\(out)/.sealkit-lock", O_RDWR | O_CREAT, 0o600)
        #expect(lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0)
        let second = try sealkit(["keygen", "--out", out, "--force"])
        #expect(second.status == 73)
        #expect(second.standardError.contains("another sealkit command is writing its outputs here"))
        #expect(try Self.contents(out).filter { $0.key != ".sealkit-lock" } == before)
        close(lock)
        #expect(try sealkit(["keygen", "--out", out, "--force"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.sealkit-lock"), "the lock file is removed on release")
    }
}
