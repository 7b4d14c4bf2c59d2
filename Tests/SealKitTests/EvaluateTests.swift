import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import SealCore
import SealCrypto
import SealKit
import TestSupport
import Testing

@Suite("sealkit evaluate: shipped rule sets, output files, bad input")
struct EvaluateTests {
    /// A de-identified file made from 6,000 generated rows.
    static func deidentified(_ folder: TemporaryDirectory) throws -> String {
        try folder.deidentifiedFile(rows: 6_000, seed: 9)
    }

    @Test("every shipped rule set: one line per decision, a CSV row each, the rule set's hash everywhere")
    func shipped() throws {
        let folder = try TemporaryDirectory()
        let input = try Self.deidentified(folder)
        for name in RuleSets.names {
            let ruleSet = try RuleSets.load(name)
            #expect(ruleSet.sha256.count == 64)
            let out = folder.file("out-\(name)")
            let summary = try evaluate(input, rules: ruleSet, county: "LOS ANGELES", into: out)
            #expect(summary.decisions > 100, "\(name)")
            let lines = try String(contentsOfFile: "\(out)/decisions.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == summary.decisions)
            let sorted = lines.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(lines == sorted, "decision lines in byte order")
            for line in lines.prefix(50) {
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                )
                #expect(object["ruleSetSHA256"] as? String == ruleSet.sha256)
                #expect(Decision(rawValue: object["decision"] as? String ?? "") != nil)
            }
            let csv = try String(contentsOfFile: "\(out)/decisions.csv", encoding: .utf8).split(separator: "\n")
            #expect(csv.count == summary.decisions + 1)
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json")))
                    as? [String: Any]
            )
            #expect(report["ruleSetSHA256"] as? String == ruleSet.sha256)
            #expect(report["evaluationDate"] as? String == "2020-07-01")
            // How the people figures count goes with them.
            #expect((report["peopleNote"] as? String)?.hasSuffix("the record does not tell counts against.") == true)
            let html = try String(contentsOfFile: "\(out)/summary.html", encoding: .utf8)
            #expect(html.contains(ruleSet.sha256) && html.contains("<svg"))
            #expect(html.contains("the record does not tell counts against.</p>"))
            // Self-contained: no script, no fetched resource.
            #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
            let mode = try FileManager.default.attributesOfItem(atPath: "\(out)/decisions.jsonl")[.posixPermissions]
            #expect(mode as? Int == 0o600)
        }
    }

    @Test("a malformed rule file: exit 65, the key path and the problem")
    func malformedRules() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write(
            "rules.json",
            Array(#"{"baselineEligibility":{"dismiss":["11357(a)"]}}"#.utf8)
        )
        #expect {
            try RuleSets.load(path)
        } throws: { error in
            guard let error = error as? SealKitError else { return false }
            return error.exitStatus == 65 && error.message.contains("baselineEligibility.dismiss[0]")
        }
        #expect(throws: SealKitError.self) { try RuleSets.load(folder.file("absent.json")) }
    }

    @Test("a rule file that is a folder, empty, or too large is refused as such; one through a pipe reads")
    func ruleFileKinds() throws {
        let folder = try TemporaryDirectory()
        func refusal(_ path: String) -> (status: Int32, message: String)? {
            do {
                _ = try RuleSets.load(path)
                return nil
            } catch {
                return (error.exitStatus, error.message)
            }
        }
        let folderRefusal = refusal(folder.path)
        #expect(folderRefusal?.status == 66 && folderRefusal?.message.hasSuffix("cannot open: Is a directory") == true)
        let empty = refusal(try folder.write("empty.json", Array(" \n\r\n".utf8)))
        #expect(empty?.status == 65 && empty?.message.hasSuffix("the file is empty: not a rule file") == true)
        let large = refusal(
            try folder.write("large.json", [UInt8](repeating: 0x20, count: RuleSets.maximumFileSize + 1))
        )
        #expect(large?.status == 65 && large?.message.hasSuffix("larger than 4 MiB: not a rule file") == true)
        // At the limit, a file is read (and judged by its content: spaces then an object).
        let atLimit = [UInt8](repeating: 0x20, count: RuleSets.maximumFileSize - 2) + Array("{}".utf8)
        let limitRefusal = refusal(try folder.write("limit.json", atLimit))
        #expect(limitRefusal?.status == 65 && limitRefusal?.message.contains("larger than") == false)
        // A pipe (as `--rules <(…)` gives one) is read to its end, in several reads.
        let options = try folder.copyFixture("rules/gogen-fixture-options.json", as: "options.json")
        let text = try [UInt8](Data(contentsOf: URL(fileURLWithPath: options)))
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writeEnd = ends[1]
        let writer = Thread {
            for byte in text { _ = withUnsafeBytes(of: byte) { write(writeEnd, $0.baseAddress!, 1) } }
            close(writeEnd)
        }
        writer.start()
        let piped = try RuleSets.load("/dev/fd/\(ends[0])")
        #expect(piped.sha256 == (try RuleSets.load(options)).sha256)
    }

    @Test("a folder as the input: exit 66 (cannot open), as for a missing file")
    func folderAsInput() throws {
        let folder = try TemporaryDirectory()
        do {
            _ = try evaluate(folder.path, rules: try RuleSets.load("statutory"), into: folder.file("out"))
            Issue.record("a folder was evaluated")
        } catch {
            #expect(error.code.exitStatus == 66)
            #expect(error.message == "\(folder.path): cannot open: Is a directory")
        }
    }

    @Test("a failed run or evaluation removes the output folders it created, and only those")
    func failedRunRemovesItsFolders() throws {
        let folder = try TemporaryDirectory()
        let (input, secret) = try folder.generatedFile("doj.csv", rows: 400, seed: 9)
        var damaged = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input)))
        damaged.insert(contentsOf: Array("\"x".utf8), at: damaged.firstIndex(of: 0x0A)! + 30)
        let bad = try folder.write("bad.csv", damaged)
        let statutory = try RuleSets.load("statutory")
        // New folders, three deep, and a run that fails on its input (65), then on its rejects file
        // (a folder that does not exist: 73): nothing is left of either.
        for rejects in [nil, folder.file("missing/rejects.csv")] {
            #expect(throws: SealKitError.self) {
                try runPass(
                    rejects == nil ? bad : input,
                    secret: secret,
                    rules: statutory,
                    into: folder.file("a/b/c"),
                    rejects: rejects
                )
            }
            #expect(!FileManager.default.fileExists(atPath: folder.file("a")))
        }
        let empty = try folder.write("empty.jsonl", [])
        #expect(throws: SealKitError.self) {
            try evaluate(empty, rules: statutory, into: folder.file("e/f"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("e")))
        // A folder that was there before stays, with what it held; the one created inside it goes.
        try FileManager.default.createDirectory(atPath: folder.file("kept"), withIntermediateDirectories: false)
        _ = try folder.write("kept/note.txt", Array("mine\n".utf8))
        #expect(throws: SealKitError.self) {
            try runPass(bad, secret: secret, rules: statutory, into: folder.file("kept/out"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("kept")) == ["note.txt"])
        #expect(throws: SealKitError.self) {
            try runPass(bad, secret: secret, rules: statutory, into: folder.file("kept"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("kept")) == ["note.txt"])
        // A run that succeeds keeps its folders.
        _ = try runPass(input, secret: secret, rules: statutory, into: folder.file("a/b/c"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("a/b/c")).count == 5)
    }

    @Test("a line that is not a record: exit 65 naming the line, never its contents; no output left")
    func badLine() throws {
        let folder = try TemporaryDirectory()
        let input = try Self.deidentified(folder)
        var lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = #"{"pseudonym":"JOHN DOE SECRET"}"#
        let broken = try folder.write("broken.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let out = folder.file("out")
        #expect {
            try evaluate(broken, rules: try RuleSets.load("statutory"), into: out)
        } throws: { error in
            guard let error = error as? SealKitError else { return false }
            return error.exitStatus == 65 && error.message.contains("line 4") && !error.message.contains("JOHN")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(out)/decisions.jsonl"))
    }
}

extension EvaluateTests {
    @Test(
        "a subject twice, subjects out of order, a second header, another key epoch: exit 65 naming the lines, nothing written",
        arguments: ["twice", "swapped", "joined", "epoch"]
    )
    func orderAndUniqueness(damage: String) throws {
        let folder = try TemporaryDirectory()
        let input = try Self.deidentified(folder)
        var lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").map(String.init)
        let expected: String
        switch damage {
        case "twice":
            lines.insert(lines[5], at: 6)
            expected = "line 7: the subject of line 6 again (each subject is listed once; were two files joined?)"
        case "swapped":
            lines.swapAt(5, 6)
            expected = "line 7: subjects are not in pseudonym order (this one sorts before line 6's)"
        case "joined":
            lines += lines
            expected =
                "line \(lines.count / 2 + 1): a second header line (were two files joined? evaluate each file on its own)"
        default:
            lines[4] = lines[4].replacingOccurrences(of: #"{"pseudonym":"s1.e1."#, with: #"{"pseudonym":"s1.e2."#)
            expected = "line 5, column 14: pseudonym: a reference of key epoch 2 in a file of epoch 1"
        }
        let damaged = try folder.write("damaged.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let out = folder.file("out")
        do {
            _ = try evaluate(damaged, rules: try RuleSets.load("statutory"), into: out)
            Issue.record("a damaged file (\(damage)) was evaluated")
        } catch {
            #expect(error.code.exitStatus == 65)
            #expect(error.message == "\(damaged): \(expected)")
            #expect(!error.message.contains("s1.e"), "no pseudonym in the message")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(out)/decisions.jsonl"))
    }
}

@Suite("sealkit run: one pass equals pseudonymize then evaluate")
struct RunTests {
    /// `sealkit run` on the folder's `doj.csv` (``EvaluateTests/deidentified(_:)``) at 2020-07-01.
    static func run(
        _ folder: TemporaryDirectory,
        _ ruleSet: RuleSet,
        county: String,
        into output: String,
        workers: Int
    ) throws -> Pseudonymize.Summary {
        try runPass(
            folder.file("doj.csv"),
            secret: folder.file("pseudonym.secret"),
            rules: ruleSet,
            county: county,
            into: output,
            workers: workers
        )
    }

    @Test("run writes the same five files, byte for byte, as pseudonymize followed by evaluate (1 and 3 workers)")
    func sameBytes() throws {
        let folder = try TemporaryDirectory()
        let deidentified = try EvaluateTests.deidentified(folder)
        let ruleSet = try RuleSets.load("los-angeles-2020")
        let separate = folder.file("separate")
        _ = try evaluate(deidentified, rules: ruleSet, county: "LOS ANGELES", into: separate)
        for workers in [1, 3] {
            let together = folder.file("run-\(workers)")
            let summary = try Self.run(folder, ruleSet, county: "LOS ANGELES", into: together, workers: workers)
            #expect(summary.decisions > 100)
            #expect(summary.warnings.isEmpty)
            func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
            #expect(try bytes("\(together)/deidentified.jsonl") == bytes(deidentified))
            for name in ["decisions.jsonl", "decisions.csv", "summary.json", "summary.html"] {
                #expect(try bytes("\(together)/\(name)") == bytes("\(separate)/\(name)"), "\(name), \(workers) workers")
            }
        }
    }

    @Test(
        "every two subjects sharing a CII: run moves each pseudonym to its SUBJECT_ID and still writes what pseudonymize and evaluate write, report included (1 and 3 workers)"
    )
    func sharedCIIPairs() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("pairs.csv")
        _ = try DOJFiles.generate(
            DOJFileGenerator.Options(county: "LOS ANGELES", rows: 20_000, seed: 17, sharedCIIPairs: true),
            to: input,
            overwrite: false
        )
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "pseudonym.secret")
        let deidentified = folder.file("de.jsonl")
        let made = try pseudonymize(input, secret: secret, into: deidentified)
        #expect(made.pseudonymsFromSubjectID >= made.subjects - 1)
        let ruleSet = try RuleSets.load("los-angeles-2020")
        let separate = folder.file("separate")
        _ = try evaluate(deidentified, rules: ruleSet, county: "LOS ANGELES", into: separate)
        func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
        for workers in [1, 3] {
            let together = folder.file("run-\(workers)")
            _ = try runPass(
                input,
                secret: secret,
                rules: ruleSet,
                county: "LOS ANGELES",
                into: together,
                workers: workers
            )
            #expect(try bytes("\(together)/deidentified.jsonl") == bytes(deidentified))
            for name in ["decisions.jsonl", "decisions.csv", "summary.json", "summary.html"] {
                #expect(try bytes("\(together)/\(name)") == bytes("\(separate)/\(name)"), "\(name), \(workers) workers")
            }
        }
    }

    @Test("500,000 rows of subjects in CII pairs take no more than 15 times as long as the same rows without")
    func sharedCIIPairsLinear() throws {
        // Each moved subject was read back with a read of its whole spill bucket, and each spilled line
        // compared with every moved pseudonym: 300,000 such rows took 22 s where 100,000 took 2.7 s. The
        // ratio to the same file without pairs stays near 1 when the time is linear (under 5 even when
        // the other tests load the machine during one run and not the other) and was 45 when it was not.
        let folder = try TemporaryDirectory()
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "pseudonym.secret")
        var seconds: [Bool: Double] = [:]
        for paired in [false, true] {
            let input = folder.file("in-\(paired).csv")
            _ = try DOJFiles.generate(
                DOJFileGenerator.Options(county: "LOS ANGELES", rows: 500_000, seed: 23, sharedCIIPairs: paired),
                to: input,
                overwrite: false
            )
            let clock = ContinuousClock()
            let start = clock.now
            let summary = try runPass(
                input,
                secret: secret,
                rules: try RuleSets.load("statutory"),
                county: "LOS ANGELES",
                into: folder.file("out-\(paired)"),
                workers: 2
            )
            seconds[paired] = (clock.now - start) / .seconds(1)
            #expect(paired == (summary.pseudonymsFromSubjectID > summary.subjects / 2))
            try FileManager.default.removeItem(atPath: input)
            try FileManager.default.removeItem(atPath: folder.file("out-\(paired)"))
        }
        let ratio = seconds[true]! / seconds[false]!
        #expect(ratio < 15, "paired \(seconds[true]!) s, unpaired \(seconds[false]!) s")
    }

    @Test("a county no conviction names: run and evaluate give the same warning (1 and 3 workers), in summary.json")
    func countyNamedByNoConviction() throws {
        let folder = try TemporaryDirectory()
        let deidentified = try EvaluateTests.deidentified(folder)
        let ruleSet = try RuleSets.load("statutory")
        let separate = folder.file("separate")
        let evaluated = try evaluate(deidentified, rules: ruleSet, county: "los angles", into: separate)
        #expect(evaluated.decisions == 0)
        let warning = try #require(evaluated.warnings.first)
        #expect(evaluated.warnings.count == 1)
        #expect(warning.hasPrefix("--county LOS ANGLES matches no conviction in the input"))
        // The generated Los Angeles file names its own county and some others, all of them real.
        #expect(warning.contains("the input's counties: ") && warning.contains("LOS ANGELES"))
        #expect(!warning.contains("in no California county"))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(separate)/summary.json")))
                as? [String: Any]
        )
        #expect(report["warnings"] as? [String] == [warning])
        #expect(try String(contentsOfFile: "\(separate)/summary.html", encoding: .utf8).contains("<h2>Warnings</h2>"))
        for workers in [1, 3] {
            let together = folder.file("run-\(workers)")
            let summary = try Self.run(folder, ruleSet, county: "los angles", into: together, workers: workers)
            #expect(summary.warnings == [warning], "\(workers) workers")
            for name in ["summary.json", "summary.html"] {
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: "\(together)/\(name)"))
                        == Data(contentsOf: URL(fileURLWithPath: "\(separate)/\(name)")),
                    "\(name), \(workers) workers"
                )
            }
        }
    }

    @Test(
        "no decision before Prop 64 took effect: run refuses --as-of 2016-11-08 (exit 64), evaluate a file made then (65)"
    )
    func evaluationDateBeforeProp64() throws {
        let folder = try TemporaryDirectory()
        let (input, secret) = try folder.generatedFile("doj.csv", rows: 600, seed: 4)
        let ruleSet = try RuleSets.load("statutory")
        func run(_ date: String, into output: String) throws(SealKitError) -> Pseudonymize.Summary {
            try runPass(input, secret: secret, asOf: date, rules: ruleSet, into: output)
        }
        do {
            _ = try run("2016-11-08", into: folder.file("early"))
            Issue.record("run took an evaluation date before Prop 64")
        } catch {
            #expect(error.code == .invalidArgument && error.code.exitStatus == 64)
            #expect(error.message.contains("2016-11-08 is before Proposition 64 took effect on 2016-11-09"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("early")), "nothing written")
        // The day itself decides.
        #expect(try run("2016-11-09", into: folder.file("first")).decisions > 0)
        // A de-identified file may have any date; evaluating one made the day before is refused.
        let early = folder.file("early.jsonl")
        try pseudonymize(input, secret: secret, asOf: "2016-11-08", into: early)
        do {
            _ = try evaluate(early, rules: ruleSet, into: folder.file("evaluated"))
            Issue.record("evaluate took a file made before Prop 64")
        } catch {
            #expect(error.code == .badInputData)
            #expect(
                error.message.hasPrefix("\(early): line 1: the evaluation date 2016-11-08 is before Proposition 64")
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("evaluated")), "nothing written")
    }

    @Test("rows rejected by --rejects: counted in the header, warned of in the report; evaluate gives the same report")
    func rejectedRows() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("damaged.csv")
        _ = try DOJFiles.generate(
            DOJFileGenerator.Options(county: "LOS ANGELES", rows: 3_000, seed: 3, defectRate: 0.02),
            to: input,
            overwrite: false
        )
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "pseudonym.secret")
        let ruleSet = try RuleSets.load("statutory")
        let together = folder.file("run")
        let summary = try runPass(
            input,
            secret: secret,
            rules: ruleSet,
            into: together,
            rejects: folder.file("rejects.csv")
        )
        #expect(summary.rejectedRows > 0)
        #expect(summary.header.rejectedRows == summary.rejectedRows)
        let warning =
            "rows of the research file rejected by the reader (--rejects): \(summary.rejectedRows); they are in no "
            + "record, and no figure here counts them"
        #expect(summary.warnings == [warning])
        let header = try String(contentsOfFile: "\(together)/deidentified.jsonl", encoding: .utf8)
            .prefix { $0 != "\n" }
        #expect(header.hasSuffix(#""generator":"sealkit 0.1.0","rejectedRows":\#(summary.rejectedRows)}"#))
        let separate = folder.file("separate")
        let evaluated = try evaluate("\(together)/deidentified.jsonl", rules: ruleSet, into: separate)
        #expect(evaluated.warnings == [warning])
        for name in ["summary.json", "summary.html", "decisions.jsonl", "decisions.csv"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: "\(together)/\(name)"))
                    == Data(contentsOf: URL(fileURLWithPath: "\(separate)/\(name)")),
                "\(name)"
            )
        }
        // A file with no rejected row has no such key, as before.
        let clean = try folder.deidentifiedFile(rows: 300, seed: 5)
        let cleanHeader = try String(contentsOfFile: clean, encoding: .utf8).prefix { $0 != "\n" }
        #expect(cleanHeader.hasSuffix(#""generator":"sealkit 0.1.0"}"#))
        let decoded = try Array(cleanHeader.utf8).withUnsafeBytes { try DeidentifiedReader.header($0) }
        #expect(decoded.rejectedRows == nil)
    }
}
