import Deidentified
import Eligibility
import Foundation
import SealKit

/// `make bench`, eligibility part: the engine alone on one core (decisions per second over
/// de-identified subjects held in memory), and `sealkit run` on the 1M-row generated file beside
/// `wc -l` on the same file, with its peak RSS. Medians of interleaved trials.
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
        _ = try ReaderBench.measure(sealkit, ["keygen", "--out", work + "/keys"])
        let secret = work + "/keys/pseudonym.secret"
        print("Eligibility: \(rows) generated rows (LOS ANGELES); \(trials) interleaved trials; medians")

        // 1. sealkit run on the large file, beside wc -l. First, while this process is small: a child's
        //    peak RSS as wait4 reports it includes the parent's at the spawn (Linux keeps the larger
        //    across exec), and the engine part below holds 200,000 rows of subjects.
        var wc: [Double] = []
        var runs: [ReaderBench.Measurement] = []
        for _ in 0..<trials {
            wc.append(try ReaderBench.measure("/usr/bin/wc", ["-l", file]).seconds)
            runs.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "run", "--input", file, "--rules", "los-angeles-2020", "--county", "LOS ANGELES", "--secret",
                        secret, "--as-of", "2020-07-01", "--out", work + "/run", "--force",
                    ]
                )
            )
        }
        // 2. The engine alone: subjects of a 200,000-row file decoded once, then evaluated.
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
        let subjects = try decodeSubjects(work + "/small.jsonl")
        let convictionCount = subjects.reduce(0) { $0 + $1.convictions.count }
        var engine: [String: [Double]] = [:]
        var engineDecisions: [String: Int] = [:]
        for _ in 0..<trials {
            for name in RuleSets.names {
                let (rate, decisions) = try decisionsPerSecond(subjects, rules: name)
                engine[name, default: []].append(rate)
                engineDecisions[name] = decisions
            }
        }

        let rowsText = rows % 1_000_000 == 0 ? "\(rows / 1_000_000)M rows" : "\(rows) rows"
        var result: [Row] = []
        print("Engine: \(subjects.count) subjects, \(convictionCount) convictions in memory")
        for name in RuleSets.names {
            // The target counts every conviction the engine reads (priors included); decisions, the
            // in-scope ones it decides, are fewer.
            let decisions = Double(engineDecisions[name] ?? 0)
            let perDecision = median(engine[name] ?? [0])
            result.append(
                Row(
                    name: "evaluation, \(name), convictions/s, 1 core (>= 2M)",
                    unit: "/s",
                    ours: decisions > 0 ? perDecision * Double(convictionCount) / decisions : 0,
                    theirs: 2_000_000,
                    target: 1.0
                )
            )
            result.append(
                Row(
                    name: "evaluation, \(name), decisions/s (no target)",
                    unit: "/s",
                    ours: perDecision,
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

    /// The subjects of a de-identified file, decoded into memory.
    static func decodeSubjects(_ path: String) throws -> [DeidentifiedSubject] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        return try data.split(separator: 0x0A).dropFirst().map {
            try decoder.decode(DeidentifiedSubject.self, from: Data($0))
        }
    }

    /// Decisions per second of one pass of the engine over `subjects` under the rule set `rules`, and
    /// how many decisions the pass made.
    static func decisionsPerSecond(_ subjects: [DeidentifiedSubject], rules: String) throws -> (Double, Int) {
        let evaluator = Evaluator(ruleSet: try RuleSets.load(rules), county: nil, evaluationDate: "2020-07-01")
        var decided: [ConvictionDecision] = []
        var count = 0
        // The subjects are moved through the timed loop (popped from an array of their own, handed
        // to the engine, kept in another) so that the loop neither copies nor destroys one, as a
        // pipeline hands over the subject it made: a subject read out of a shared array is copied for
        // the call, every string and array retained and released.
        var pending = Array(subjects.reversed())
        var done: [DeidentifiedSubject] = []
        done.reserveCapacity(pending.count)
        let clock = ContinuousClock()
        let start = clock.now
        while let subject = pending.popLast() {
            decided.removeAll(keepingCapacity: true)
            evaluator.evaluate(subject, into: &decided)
            count += decided.count
            done.append(subject)
        }
        let (whole, fraction) = (clock.now - start).components
        return (Double(count) / (Double(whole) + Double(fraction) / 1e18), count)
    }

    /// `sealkit-bench probe-engine FILE.jsonl RULES`: the engine alone, `BENCH_PASSES` (default 50)
    /// passes over the file's subjects (for profilers); prints the median rate.
    static func engineRate(_ path: String, rules: String) throws -> Double {
        let subjects = try decodeSubjects(path)
        let passes = Int(ProcessInfo.processInfo.environment["BENCH_PASSES"] ?? "") ?? 50
        return median(try (0..<max(passes, 1)).map { _ in try decisionsPerSecond(subjects, rules: rules).0 })
    }
}
