import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import SealKitCLI

@Suite("sealkit command line")
struct CommandLineTests {
    var binary: String { TestSupport.productsDirectory.appendingPathComponent("sealkit").path }

    func sealkit(_ arguments: String...) throws -> ProcessResult {
        try runProcess(binary, arguments)
    }

    // MARK: parsing, in process

    @Test("keygen parses --out, --epoch and --force")
    func parseKeygen() throws {
        let command = try SealKitCommand.parseAsRoot(["keygen", "--out", "k", "--epoch", "4", "--force"])
        let keygen = try #require(command as? SealKitCommand.Keygen)
        #expect(keygen.directory == "k")
        #expect(keygen.epoch == 4)
        #expect(keygen.force)
    }

    @Test(
        "keygen requires --out and a valid epoch",
        arguments: [["keygen"], ["keygen", "--out", "k", "--epoch", "0"]]
    )
    func parseKeygenErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try SealKitCommand.parseAsRoot(arguments) }
    }

    @Test(
        "generate takes --until from 1962-01-01 to 9999-12-31 (histories start in 1961), nothing else",
        arguments: [("1961-12-31", false), ("1962-01-01", true), ("9999-12-31", true), ("0001-01-01", false)]
    )
    func generateUntil(until: String, accepted: Bool) {
        let arguments = ["generate", "--rows", "5", "--seed", "1", "--until", until, "--out", "g.csv"]
        if accepted {
            #expect(throws: Never.self) { try SealKitCommand.parseAsRoot(arguments) }
        } else {
            #expect(throws: (any Error).self) { try SealKitCommand.parseAsRoot(arguments) }
        }
    }

    // MARK: end to end, the built binary

    @Test("keygen writes three files, prints the key ID that key-id and openssl print")
    func keygenEndToEnd() throws {
        let folder = try TemporaryDirectory()
        let result = try sealkit("keygen", "--out", folder.file("keys"))
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        let keyID = try #require(lines.first?.split(separator: " ").last.map(String.init))
        #expect(keyID.count == 64)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("pseudonym secret check value: "))

        for file in ["signing.key.pem", "signing.pub.pem"] {
            let idResult = try sealkit("key-id", folder.file("keys/\(file)"))
            #expect(idResult.status == 0, "\(idResult.standardError)")
            #expect(idResult.standardOutput == keyID + "\n")
        }
        let openssl = try #require(which("openssl"))
        let privateRead = try runProcess(openssl, ["pkey", "-in", folder.file("keys/signing.key.pem"), "-noout"])
        #expect(privateRead.status == 0, "\(privateRead.standardError)")
        let publicRead = try runProcess(
            openssl,
            ["pkey", "-pubin", "-in", folder.file("keys/signing.pub.pem"), "-noout"]
        )
        #expect(publicRead.status == 0, "\(publicRead.standardError)")

        // The secret never reaches standard output or error.
        let secretText = try String(contentsOfFile: folder.file("keys/pseudonym.secret"), encoding: .utf8)
        let secretLine = try #require(secretText.split(separator: "\n").first { $0.hasPrefix("secret ") })
        let secretHex = String(secretLine.dropFirst("secret ".count))
        #expect(!result.standardOutput.contains(secretHex))
        #expect(!result.standardError.contains(secretHex))
    }

    @Test("keygen refuses to overwrite (73) and replaces with --force (0)")
    func keygenOverwrite() throws {
        let folder = try TemporaryDirectory()
        #expect(try sealkit("keygen", "--out", folder.path).status == 0)
        let before = try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem"))
        let refused = try sealkit("keygen", "--out", folder.path)
        #expect(refused.status == 73)
        #expect(refused.standardError.contains("--force"))
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem")) == before)
        #expect(try sealkit("keygen", "--out", folder.path, "--force").status == 0)
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem")) != before)
    }

    @Test("key-id exit codes: 77 for loose permissions and wrong types, 66 missing, 65 garbage, 64 usage")
    func keyIDExitCodes() throws {
        let folder = try TemporaryDirectory()
        let loose = try folder.copyFixture("../keys/test/signing.key.pem", mode: 0o644)
        let looseResult = try sealkit("key-id", loose)
        #expect(looseResult.status == 77)
        #expect(looseResult.standardError.hasPrefix("sealkit: error: "))
        #expect(looseResult.standardOutput.isEmpty)
        #expect(try sealkit("key-id", try folder.copyFixture("keys/x25519.pub.pem", mode: 0o644)).status == 77)
        #expect(try sealkit("key-id", try folder.copyFixture("keys/ed25519-encrypted.key.pem")).status == 77)
        #expect(try sealkit("key-id", folder.file("absent.pem")).status == 66)
        #expect(try sealkit("key-id", try folder.write("junk.pem", Array("junk".utf8))).status == 65)
        #expect(try sealkit("key-id").status == 64)
        #expect(try sealkit("no-such-command").status == 64)
    }

    @Test("an encrypted key fails at once and never waits for a passphrase on the terminal")
    func encryptedKeyDoesNotPrompt() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("keys/ed25519-encrypted.key.pem")
        let result = try sealkit("key-id", path)
        #expect(result.status == 77)
        #expect(result.standardError.contains("encrypted"))
    }

    @Test("--help lists the subcommands and every exit code")
    func help() throws {
        let result = try sealkit("--help")
        #expect(result.status == 0)
        for text in ["keygen", "key-id", "64", "65", "66", "73", "74", "77"] {
            #expect(result.standardOutput.contains(text), "\(text)")
        }
    }
}

@Suite("sealkit generate and inspect")
struct DOJCommandLineTests {
    var binary: String { TestSupport.productsDirectory.appendingPathComponent("sealkit").path }

    func sealkit(_ arguments: String...) throws -> ProcessResult {
        try runProcess(binary, arguments)
    }

    @Test("generate is deterministic, writes mode 0600 atomically, and refuses to overwrite")
    func generate() throws {
        let folder = try TemporaryDirectory()
        let first = try sealkit(
            "generate",
            "--rows",
            "500",
            "--seed",
            "9",
            "--county",
            "Kern",
            "--out",
            folder.file("a.csv")
        )
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("rows: 500"))
        #expect(
            try sealkit("generate", "--rows", "500", "--seed", "9", "--county", "Kern", "--out", folder.file("b.csv"))
                .status == 0
        )
        let a = try Data(contentsOf: folder.url.appendingPathComponent("a.csv"))
        #expect(a == (try Data(contentsOf: folder.url.appendingPathComponent("b.csv"))))
        #expect(
            try FileManager.default.attributesOfItem(atPath: folder.file("a.csv"))[.posixPermissions] as? Int == 0o600
        )
        #expect(try sealkit("generate", "--rows", "10", "--seed", "1", "--out", folder.file("a.csv")).status == 73)
        #expect(
            try sealkit(
                "generate",
                "--rows",
                "10",
                "--seed",
                "1",
                "--until",
                "2020-13-01",
                "--out",
                folder.file("c.csv")
            ).status == 64
        )
        #expect(
            try sealkit("generate", "--rows", "10", "--seed", "1", "--out", folder.file("missing/dir/c.csv")).status
                == 73
        )
        // Nothing but the two outputs is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.csv", "b.csv"])
    }

    @Test("inspect prints a profile without identities; --json is machine-readable")
    func inspect() throws {
        let folder = try TemporaryDirectory()
        #expect(try sealkit("generate", "--rows", "2000", "--seed", "4", "--out", folder.file("doj.csv")).status == 0)
        let text = try sealkit("inspect", folder.file("doj.csv"))
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("rows: 2000"))
        #expect(text.standardOutput.contains("HS 11357"))
        let json = try sealkit("inspect", "--json", folder.file("doj.csv"))
        let profile = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(profile?["dataRows"] as? Int == 2000)
        // No name, SSN or SUBJECT_ID from the file appears in the output.
        let content = try String(contentsOfFile: folder.file("doj.csv"), encoding: .utf8)
        let firstRow = content.split(separator: "\n")[1]
        let name = try #require(
            firstRow.split(separator: "\"").dropFirst().first { $0.contains(",") && !$0.hasPrefix(",") }
        )
        for output in [text.standardOutput, json.standardOutput] {
            #expect(!output.contains(String(name)))
            #expect(!output.contains(String(firstRow.split(separator: ",")[2])))
        }
    }

    @Test("a bad file exits 65 listing file:line: column: problem; --rejects goes on and writes a 0600 rejects file")
    func badInput() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("bad.csv")
        #expect(
            try sealkit("generate", "--rows", "3000", "--seed", "5", "--defects", "0.02", "--out", input).status == 0
        )
        let strict = try sealkit("inspect", input)
        #expect(strict.status == 65)
        #expect(strict.standardOutput.isEmpty)
        let listed = strict.standardError.split(separator: "\n").filter { $0.hasPrefix(input + ":") }
        #expect(!listed.isEmpty && listed.count <= 20)
        #expect(listed.allSatisfy { $0.contains(": column ") })
        let rejects = folder.file("rejects.csv")
        let lenient = try sealkit("inspect", input, "--rejects", rejects)
        #expect(lenient.status == 0, "\(lenient.standardError)")
        #expect(lenient.standardOutput.contains("rejected rows: "))
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(rejected.first == "LINE,COLUMN,PROBLEM,RECORD")
        #expect(rejected.count > 1)
        #expect(try FileManager.default.attributesOfItem(atPath: rejects)[.posixPermissions] as? Int == 0o600)
        // A file that stops even with --rejects leaves no rejects file behind.
        let stops = try folder.copyFixture("doj/bad-subject-unknown.csv", mode: 0o600)
        let stopped = try sealkit("inspect", stops, "--rejects", folder.file("none.csv"))
        #expect(stopped.status == 65)
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.csv")))
        #expect(try sealkit("inspect", folder.file("absent.csv")).status == 66)
    }
}

@Suite("sealkit pseudonymize")
struct PseudonymizeCommandLineTests {
    var binary: String { TestSupport.productsDirectory.appendingPathComponent("sealkit").path }

    func sealkit(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(binary, arguments)
    }

    @Test("writes a header and one line per subject; refuses loose secrets (77), bad dates (64), existing output (73)")
    func pseudonymize() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("doj.csv")
        #expect(try sealkit(["generate", "--rows", "1000", "--seed", "8", "--out", input]).status == 0)
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let output = folder.file("out.jsonl")
        let arguments = [
            "pseudonymize", "--input", input, "--secret", secret, "--as-of", "2020-06-30", "--out", output,
        ]
        let result = try sealkit(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("master check value: 8666a85d21462a5d"))
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix("{\"format\":\"sealkit-deidentified\",\"schemaVersion\":6,") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("{\"pseudonym\":\"s1.e1.") })
        #expect(!(try String(contentsOfFile: output, encoding: .utf8)).contains("000102030405060708090a0b0c0d0e0f"))
        #expect(try sealkit(arguments).status == 73)
        let loose = try folder.copyFixture("../keys/test/pseudonym.secret", as: "loose", mode: 0o644)
        var looseArguments = arguments
        looseArguments[4] = loose
        looseArguments[8] = folder.file("x.jsonl")
        #expect(try sealkit(looseArguments).status == 77)
        var badDate = arguments
        badDate[6] = "2020-02-30"
        #expect(try sealkit(badDate).status == 64)
        // A damaged input: exit 65 and no output file.
        let damaged = folder.file("bad.csv")
        #expect(
            try sealkit(["generate", "--rows", "2000", "--seed", "3", "--defects", "0.02", "--out", damaged]).status
                == 0
        )
        let failed = try sealkit([
            "pseudonymize", "--input", damaged, "--secret", secret, "--as-of", "2020-06-30", "--out",
            folder.file("y.jsonl"),
        ])
        #expect(failed.status == 65)
        #expect(!FileManager.default.fileExists(atPath: folder.file("y.jsonl")))
    }

    @Test(
        "run and evaluate with a county no conviction names: exit 0 and a warning; an empty one, or --as-of before Prop 64: exit 64"
    )
    func countyWarning() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("doj.csv")
        #expect(try sealkit(["generate", "--rows", "1000", "--seed", "8", "--out", input]).status == 0)
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let run = try sealkit([
            "run", "--input", input, "--rules", "statutory", "--secret", secret, "--as-of", "2020-07-01",
            "--county", "Nowhere", "--out", folder.file("run"),
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("convictions decided: 0"))
        let expected =
            "warning: --county NOWHERE matches no conviction in the input, so no conviction was decided"
            + " (NOWHERE is not one of California's 58 counties as the DOJ file spells them); the input's counties: "
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        let evaluate = try sealkit([
            "evaluate", "--input", folder.file("run/deidentified.jsonl"), "--rules", "statutory", "--county",
            "Nowhere", "--out", folder.file("evaluate"),
        ])
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        #expect(evaluate.standardError.contains(expected), "\(evaluate.standardError)")
        // The generated file's own county: no warning.
        let scoped = try sealkit([
            "evaluate", "--input", folder.file("run/deidentified.jsonl"), "--rules", "statutory", "--county",
            "los angeles", "--out", folder.file("scoped"),
        ])
        #expect(scoped.status == 0 && !scoped.standardError.contains("warning"), "\(scoped.standardError)")
        // An evaluation date before Prop 64 took effect is a usage error, and nothing is written.
        let early = try sealkit([
            "run", "--input", input, "--rules", "statutory", "--secret", secret, "--as-of", "2016-11-08", "--out",
            folder.file("early"),
        ])
        #expect(early.status == 64)
        #expect(early.standardError.contains("--as-of 2016-11-08 is before Proposition 64 took effect on 2016-11-09"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("early")))
        // An empty --county would scope the convictions with no county: a usage error for both.
        for arguments in [
            ["run", "--input", input, "--rules", "statutory", "--secret", secret, "--as-of", "2020-07-01"],
            ["evaluate", "--input", folder.file("run/deidentified.jsonl"), "--rules", "statutory"],
        ] {
            let empty = try sealkit(arguments + ["--county", "  ", "--out", folder.file("empty")])
            #expect(empty.status == 64, "\(arguments[0])")
            #expect(empty.standardError.contains("--county is empty"), "\(empty.standardError)")
            #expect(!FileManager.default.fileExists(atPath: folder.file("empty")))
        }
    }

    @Test(
        "a county value outside the 58 (here a spreadsheet formula) never reaches an output: it is (other) everywhere"
    )
    func csvFormulaCounty() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("doj.csv")
        let generated = try sealkit([
            "generate", "--rows", "600", "--seed", "2", "--county", "=SUM(1+1)", "--out", input,
        ])
        #expect(generated.status == 0)
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let run = try sealkit([
            "run", "--input", input, "--rules", "statutory", "--secret", secret, "--as-of", "2020-07-01",
            "--out", folder.file("run"),
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try String(contentsOfFile: folder.file("run/decisions.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.contains { $0.contains(",(other),") }, "\(rows.first ?? "")")
        for name in ["deidentified.jsonl", "decisions.jsonl", "decisions.csv", "summary.json", "summary.html"] {
            let text = try String(contentsOfFile: folder.file("run/\(name)"), encoding: .utf8)
            #expect(!text.uppercased().contains("SUM(1+1)"), "\(name)")
        }
        let inspect = try sealkit(["inspect", input])
        #expect(inspect.standardOutput.contains("(other):") && !inspect.standardOutput.contains("SUM(1+1)"))
    }

    @Test("summary.json carries gogen's summary figures under a reference profile, suppressed; null under the statute")
    func referenceSummary() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        let options = try folder.copyFixture("rules/gogen-fixture-options.json", as: "options.json")
        func summary(_ rules: String, _ name: String) throws -> (json: [String: Any], html: String) {
            let run = try sealkit([
                "run", "--input", TestSupport.fixture("gogen/sacramento.csv").path, "--rules", rules, "--secret",
                secret, "--as-of", "2019-11-11", "--county", "SACRAMENTO", "--out", folder.file(name),
            ])
            #expect(run.status == 0, "\(run.standardError)")
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("\(name)/summary.json")))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let html = try String(contentsOfFile: folder.file("\(name)/summary.html"), encoding: .utf8)
            return (json, html)
        }
        let gogen = try summary(options, "gogen")
        let reference = try #require(gogen.json["reference"] as? [String: Any])
        #expect(reference["tool"] as? String == "gogen")
        let figures = try #require(reference["figures"] as? [String: Any])
        #expect(figures["subjectsWithProp64ConvictionCountInCounty"] as? Int == 12)
        // 5 people: a count of 1 to 10 is published as null.
        #expect(figures["reliefWithCurrentEligibilityChoices.CountSubjectsNoFelony"] is NSNull)
        let tables = try #require(reference["tables"] as? [[String: Any]])
        let bySection = try #require(
            tables.first { $0["id"] as? String == "prop64ConvictionsCountInCountyByCodeSection" }
        )
        let rows = try #require(bySection["rows"] as? [[String: Any]])
        #expect(rows[0]["total"] as? Int == 18)
        #expect(gogen.html.contains("What gogen would have summarized (reference)"))
        let statute = try summary("statutory", "statute")
        #expect(statute.json["reference"] is NSNull)
        #expect(!statute.html.contains("would have summarized"))
    }

    @Test("the spill files have no names while a run works, and a killed run leaves no spilled line behind")
    func killedRunLeavesNothing() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("doj.csv")
        #expect(try sealkit(["generate", "--rows", "300000", "--seed", "4", "--out", input]).status == 0)
        let run = try WatchedRun(binary: binary, folder: folder, input: input)
        // Wait until every spill file is open (three spills, one file per worker in each) and none
        // has a name: the run's descriptors then point at deleted files in the spill folders. Where
        // the file system has O_TMPFILE a spill file never has a name; elsewhere it has one from its
        // creation to its unlink, which a look can fall between, so the wait is for both. Watching the
        // descriptors, not the folders, tells "all created" from "not yet".
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 4)
        let expected = 3 * workers
        var open: [String] = []
        func settled() -> Bool { open.count == expected && open.allSatisfy { $0.hasSuffix(" (deleted)") } }
        for _ in 0..<1_000 where !settled() && run.process.isRunning {
            usleep(10_000)
            open = run.spillDescriptors("sealkit-order-")
        }
        let (spills, named) = try run.spillFolders("sealkit-order-")
        let running = run.kill()
        #expect(running, "the run ended before it could be observed: make the input larger")
        #expect(open.count == expected, "open spill files: \(open.count) of \(expected)")
        #expect(open.allSatisfy { $0.hasSuffix(" (deleted)") }, "a spill file still has a name")
        #expect(spills == 3)
        #expect(named.isEmpty, "spill files with names: \(named)")
        // What a killed run leaves: at most its empty private folders, and an output folder with only
        // its empty lock file: no output and no temporary file (the outputs being written have no
        // names yet).
        #expect(try run.leftBehind().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == [".sealkit-lock"])
        let lock = try FileManager.default.attributesOfItem(atPath: folder.file("out/.sealkit-lock"))
        #expect((lock[.size] as? Int) == 0)
    }

    @Test("an unsorted file's grouping spill (identified rows) has no names, and a killed run leaves none")
    func killedUnsortedReadLeavesNothing() throws {
        let folder = try TemporaryDirectory()
        let sorted = folder.file("sorted.csv")
        #expect(try sealkit(["generate", "--rows", "300000", "--seed", "5", "--out", sorted]).status == 0)
        // The first data row again at the end: its subject's rows are not contiguous, which the
        // reader finds at the last row, and it reads the file again through the spill buckets.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sorted))
        let headerEnd = bytes.firstIndex(of: UInt8(ascii: "\n"))!
        let rowEnd = bytes[(headerEnd + 1)...].firstIndex(of: UInt8(ascii: "\n"))!
        let input = folder.file("doj.csv")
        try (bytes + bytes[(headerEnd + 1)...rowEnd]).write(to: URL(fileURLWithPath: input))
        let run = try WatchedRun(binary: binary, folder: folder, input: input)
        // Wait for the buckets (one spill folder, its files all created before the second read).
        var open: [String] = []
        for _ in 0..<1_000 where open.isEmpty && run.process.isRunning {
            usleep(10_000)
            open = run.spillDescriptors("sealkit-spill-")
        }
        usleep(20_000)
        open = run.spillDescriptors("sealkit-spill-")
        let (spills, named) = try run.spillFolders("sealkit-spill-")
        let running = run.kill()
        #expect(running, "the run ended before it could be observed: make the input larger")
        #expect(!open.isEmpty, "no bucket was seen open")
        #expect(open.allSatisfy { $0.hasSuffix(" (deleted)") }, "a bucket has a name: \(open.prefix(3))")
        #expect(spills == 1)
        #expect(named.isEmpty, "buckets with names: \(named.prefix(3))")
        let left = try run.leftBehind()
        #expect(left.isEmpty, "left behind: \(left.prefix(3))")
    }
}

/// A `sealkit run` of a file under the test secret, with `TMPDIR` at a fresh folder `tmp` of the
/// test's folder, watched through its descriptors (`/proc/PID/fd`) and then killed.
struct WatchedRun {
    let process = Process()
    let scratch: String
    /// `scratch` as the descriptors' targets spell it.
    let resolved: String

    init(binary: String, folder: TemporaryDirectory, input: String) throws {
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        scratch = folder.file("tmp")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        resolved = URL(fileURLWithPath: scratch).resolvingSymlinksInPath().path
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "run", "--input", input, "--rules", "statutory", "--secret", secret, "--as-of", "2020-07-01", "--out",
            folder.file("out"),
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": scratch]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Where the run's open descriptors into the spill folders `PREFIX*` point: a path ending in
    /// " (deleted)" is a file without a name.
    func spillDescriptors(_ prefix: String) -> [String] {
        let fd = "/proc/\(process.processIdentifier)/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: fd)) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: fd + "/" + $0) }
            .filter { $0.hasPrefix(resolved + "/" + prefix) }
    }

    /// How many spill folders `PREFIX*` there are, and the names in them.
    func spillFolders(_ prefix: String) throws -> (count: Int, names: [String]) {
        let folders = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(prefix) }
        let names = try folders.flatMap { try FileManager.default.contentsOfDirectory(atPath: scratch + "/" + $0) }
        return (folders.count, names)
    }

    /// Kills the run (SIGKILL: nothing of its own can clean up) and says whether it was still running.
    func kill() -> Bool {
        let running = process.isRunning
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    /// What the killed run left inside its private folders.
    func leftBehind() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch).flatMap {
            try FileManager.default.contentsOfDirectory(atPath: scratch + "/" + $0)
        }
    }
}
