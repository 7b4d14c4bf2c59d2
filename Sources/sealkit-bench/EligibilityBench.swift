import Deidentified
import Eligibility
import Foundation
import SealCore
import SealKit

/// `make bench`, eligibility part: the engine alone on one core (convictions read and decisions made
/// per second, on subjects just decoded and on subjects long in memory), and `sealkit run` on the
/// 1M-row generated file beside `wc -l` on the same file, with its peak RSS. Medians of interleaved
/// trials.
enum EligibilityBench {
    static func run(trials: Int) throws -> [Row] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sealkit = executable.deletingLastPathComponent().appendingPathComponent("sealkit").path
        let work =
            (ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory())
            + "/sealkit-bench-eligibility-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let rows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "") ?? 1_000_000
        let file = work + "/doj.csv"
        _ = try ReaderBench.measure(
            sealkit,
            ["generate", "--county", "LOS ANGELES", "--rows", "\(rows)", "--seed", "1", "--out", file]
        )
        // The same rows with every two subjects sharing a CII: each pseudonym moves to its SUBJECT_ID
        // after the read (the shape that once made `run` quadratic).
        let paired = work + "/pairs.csv"
        _ = try ReaderBench.measure(
            sealkit,
            [
                "generate", "--county", "LOS ANGELES", "--rows", "\(rows)", "--seed", "1", "--shared-cii-pairs",
                "--out", paired,
            ]
        )
        _ = try ReaderBench.measure(sealkit, ["keygen", "--out", work + "/keys"])
        let secret = work + "/keys/pseudonym.secret"
        print("Eligibility: \(rows) generated rows (LOS ANGELES); \(trials) interleaved trials; medians")

        // 1. sealkit run on the large file, beside wc -l. First, while this process is small: a child's
        //    peak RSS as wait4 reports it includes the parent's at the spawn (Linux keeps the larger
        //    across exec), and the engine part below holds 200,000 rows of subjects.
        var wc: [Double] = []
        var runs: [ReaderBench.Measurement] = []
        var pairedRuns: [Double] = []
        var evaluations: [Double] = []
        var digests: [Double] = []
        for _ in 0..<trials {
            wc.append(try ReaderBench.measure("/usr/bin/wc", ["-l", file]).seconds)
            // Each trial writes into a new folder: replacing the last trial's 540 MB of outputs
            // (`--force`) would time their deletion too (0.14 s in one traced run here).
            try? FileManager.default.removeItem(atPath: work + "/run")
            runs.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "run", "--input", file, "--rules", "los-angeles-2020", "--county", "LOS ANGELES", "--secret",
                        secret, "--as-of", "2020-07-01", "--out", work + "/run",
                    ]
                )
            )
            // `evaluate` of the run's de-identified file, beside the SHA-256 of the same file.
            let deidentified = work + "/run/deidentified.jsonl"
            digests.append(try ReaderBench.measure("/usr/bin/openssl", ["dgst", "-sha256", deidentified]).seconds)
            try? FileManager.default.removeItem(atPath: work + "/evaluate")
            evaluations.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "evaluate", "--input", deidentified, "--rules", "los-angeles-2020", "--county", "LOS ANGELES",
                        "--out", work + "/evaluate",
                    ]
                ).seconds
            )
            try? FileManager.default.removeItem(atPath: work + "/paired")
            pairedRuns.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "run", "--input", paired, "--rules", "los-angeles-2020", "--county", "LOS ANGELES", "--secret",
                        secret, "--as-of", "2020-07-01", "--out", work + "/paired",
                    ]
                ).seconds
            )
        }
        try? FileManager.default.removeItem(atPath: paired)
        // 2. The engine alone on the subjects of a 200,000-row file: hot (each batch decoded just before
        //    it is evaluated, as `evaluate` and `run` hand subjects over) and cold (all decoded first).
        let small = work + "/small.csv"
        _ = try ReaderBench.measure(
            sealkit,
            ["generate", "--county", "LOS ANGELES", "--rows", "200000", "--seed", "3", "--out", small]
        )
        _ = try ReaderBench.measure(
            sealkit,
            [
                "pseudonymize", "--input", small, "--secret", secret, "--as-of", "2020-07-01", "--out",
                work + "/small.jsonl",
            ]
        )
        let lines = try subjectLines(work + "/small.jsonl")
        let evaluators = try RuleSets.names.map {
            Evaluator(
                ruleSet: try RuleSets.load($0),
                county: nil,
                evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!
            )
        }
        var hot: [[Rates]] = Array(repeating: [], count: evaluators.count)
        for _ in 0..<trials {
            for (index, evaluator) in evaluators.enumerated() { hot[index].append(try hotPass(lines, evaluator)) }
        }
        // The same subjects decoded into one array first and evaluated in turn: cold in cache.
        let subjects = try decodeAll(lines)
        var cold: [[Double]] = Array(repeating: [], count: evaluators.count)
        for _ in 0..<trials {
            for (index, evaluator) in evaluators.enumerated() {
                cold[index].append(convictionsPerSecond(subjects, evaluator))
            }
        }

        let rowsText = rows % 1_000_000 == 0 ? "\(rows / 1_000_000)M rows" : "\(rows) rows"
        var result: [Row] = []
        let convictionCount = subjects.reduce(0) { $0 + $1.convictions.count }
        print(
            "Engine: \(subjects.count) subjects, \(convictionCount) convictions; hot: one pass per rule set, "
                + "each batch of \(hotBatch) subjects decoded just before it is evaluated; cold: all decoded first"
        )
        for (index, name) in RuleSets.names.enumerated() {
            // The target counts every conviction the engine reads (priors included); decisions, the
            // in-scope ones it decides, are fewer.
            result.append(
                Row(
                    name: "evaluation, \(name), convictions/s, 1 core (>= 2M)",
                    unit: "/s",
                    ours: median(hot[index].map(\.convictions)),
                    theirs: 2_000_000,
                    target: 1.0
                )
            )
            result.append(
                Row(
                    name: "evaluation, \(name), decisions/s (no target)",
                    unit: "/s",
                    ours: median(hot[index].map(\.decisions)),
                    theirs: 2_000_000,
                    target: nil
                )
            )
            result.append(
                Row(
                    name: "evaluation, \(name), convictions/s, cold subjects (no target)",
                    unit: "/s",
                    ours: median(cold[index]),
                    theirs: 2_000_000,
                    target: nil
                )
            )
        }
        let runSeconds = median(runs.map(\.seconds))
        print(String(format: "sealkit run: %.2f s median; wc -l: %.3f s median", runSeconds, median(wc)))
        result.append(
            Row(
                name: "sealkit run, \(rowsText), seconds (target <= 1.7)",
                unit: "s",
                ours: runSeconds,
                theirs: 1.7,
                target: 1.0,
                lowerIsBetter: true
            )
        )
        result.append(
            Row(
                name: "sealkit run vs wc -l, speed",
                unit: "1/s",
                ours: 1 / runSeconds,
                theirs: 1 / median(wc),
                target: nil
            )
        )
        result.append(
            Row(
                name: "sealkit run, \(rowsText) in CII pairs vs without (<= 300%)",
                unit: "s",
                ours: median(pairedRuns),
                theirs: runSeconds,
                // Every subject moves to its SUBJECT_ID pseudonym: each is made, evaluated and written
                // once more after the read, on one thread. Linear, so a fixed ratio; quadratic was 45x
                // at 500,000 rows.
                target: 3.0,
                lowerIsBetter: true
            )
        )
        result.append(
            Row(
                name: "sealkit evaluate, \(rowsText)' subjects, vs openssl dgst (no target)",
                unit: "s",
                ours: median(evaluations),
                theirs: median(digests),
                target: nil,
                lowerIsBetter: true
            )
        )
        result.append(
            Row(
                name: "peak RSS, sealkit run, \(rowsText) (<= 150 MB)",
                unit: "MB",
                ours: Double(runs.map(\.maxRSSKilobytes).max() ?? 0) / 1000,
                theirs: 150,
                target: 1.0,
                lowerIsBetter: true
            )
        )
        return result
    }

    /// The subject lines of a de-identified file, and the reader its header makes.
    struct SubjectLines {
        var reader: DeidentifiedReader
        var lines: [[UInt8]]
    }

    /// The subject lines of a de-identified file (its header line read).
    static func subjectLines(_ path: String) throws -> SubjectLines {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = data.split(separator: 0x0A).map { Array($0) }
        let header = try lines[0].withUnsafeBytes { try DeidentifiedReader.header($0) }
        return SubjectLines(reader: DeidentifiedReader(header: header), lines: Array(lines.dropFirst()))
    }

    /// Every subject of `lines`, decoded into one array.
    static func decodeAll(_ lines: SubjectLines) throws -> [DeidentifiedSubject] {
        try lines.lines.map { try lines.reader.subject($0) }
    }

    /// How many subjects the hot pass decodes before it evaluates them: about what a worker of
    /// `sealkit run` holds, and small enough to stay in a core's cache.
    static let hotBatch = 16

    /// An evaluator's rates over one pass: convictions read and decisions made per second.
    struct Rates {
        var convictions: Double
        var decisions: Double
    }

    /// One pass of `evaluator` over `lines` as `sealkit evaluate` and `sealkit run` hand the engine its
    /// subjects, under one rule set: each batch of `hotBatch` is decoded, then evaluated; only the
    /// evaluation is timed. Convictions read and decisions made per second.
    static func hotPass(_ file: SubjectLines, _ evaluator: Evaluator) throws -> Rates {
        let lines = file.lines
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var convictions = 0
        var decisions = 0
        var decided: [ConvictionDecision] = []
        var batch: [DeidentifiedSubject] = []
        batch.reserveCapacity(hotBatch)
        var next = lines.startIndex
        while next < lines.endIndex {
            let end = min(next + hotBatch, lines.endIndex)
            batch.removeAll(keepingCapacity: true)
            for line in lines[next..<end] { batch.append(try file.reader.subject(line)) }
            next = end
            for subject in batch { convictions += subject.convictions.count }
            let start = clock.now
            batch.withUnsafeBufferPointer { subjects in
                for position in subjects.indices {
                    decided.removeAll(keepingCapacity: true)
                    evaluator.evaluate(subjects[position], into: &decided)
                    decisions += decided.count
                }
            }
            elapsed += clock.now - start
        }
        let seconds = elapsed.seconds
        return Rates(convictions: Double(convictions) / seconds, decisions: Double(decisions) / seconds)
    }

    /// Convictions read per second by one pass of `evaluator` over `subjects` held in one array
    /// (cold in cache: each subject was decoded long before).
    static func convictionsPerSecond(_ subjects: [DeidentifiedSubject], _ evaluator: Evaluator) -> Double {
        var decided: [ConvictionDecision] = []
        var count = 0
        // The subjects are moved through the timed loop (popped from an array of their own, handed
        // to the engine, kept in another) so that the loop neither copies nor destroys one.
        var pending = Array(subjects.reversed())
        var done: [DeidentifiedSubject] = []
        done.reserveCapacity(pending.count)
        let clock = ContinuousClock()
        let start = clock.now
        while let subject = pending.popLast() {
            decided.removeAll(keepingCapacity: true)
            evaluator.evaluate(subject, into: &decided)
            count += subject.convictions.count
            done.append(subject)
        }
        return Double(count) / (clock.now - start).seconds
    }

    /// `sealkit-bench probe-engine FILE.jsonl RULES`: the engine alone, `BENCH_PASSES` (default 50)
    /// passes over the file's subjects, decoded in batches just before they are evaluated (for
    /// profilers; `BENCH_COLD=1` decodes them all first); prints the median convictions per second.
    static func engineRate(_ path: String, rules: String) throws -> Double {
        let lines = try subjectLines(path)
        let evaluator = Evaluator(
            ruleSet: try RuleSets.load(rules),
            county: nil,
            evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!
        )
        let passes = max(Int(ProcessInfo.processInfo.environment["BENCH_PASSES"] ?? "") ?? 50, 1)
        if ProcessInfo.processInfo.environment["BENCH_COLD"] == "1" {
            let subjects = try decodeAll(lines)
            return median((0..<passes).map { _ in convictionsPerSecond(subjects, evaluator) })
        }
        return median(try (0..<passes).map { _ in try hotPass(lines, evaluator).convictions })
    }
}
