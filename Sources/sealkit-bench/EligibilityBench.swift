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

        // 1. The engine alone: subjects of a 200,000-row file decoded once, then evaluated.
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
        var engine: [String: [Double]] = [:]
        for _ in 0..<trials {
            for name in RuleSets.names {
                engine[name, default: []].append(try decisionsPerSecond(subjects, rules: name))
            }
        }

        // 2. sealkit run on the large file, beside wc -l.
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
        var result: [Row] = []
        for name in RuleSets.names {
            result.append(
                Row(
                    name: "evaluation, \(name), decisions/s, 1 core (target >= 2M)",
                    unit: "/s",
                    ours: median(engine[name] ?? [0]),
                    theirs: 2_000_000,
                    target: 1.0
                )
            )
        }
        let runSeconds = median(runs.map(\.seconds))
        print(String(format: "sealkit run: %.2f s median; wc -l: %.3f s median", runSeconds, median(wc)))
        result.append(
            Row(
                name: "sealkit run, \(rows / 1_000_000)M rows, seconds (target <= 1.7)",
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
                name: "peak RSS, sealkit run, \(rows / 1_000_000)M rows (<= 150 MB)",
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

    /// Decisions per second of one pass of the engine over `subjects` under the rule set `rules`.
    static func decisionsPerSecond(_ subjects: [DeidentifiedSubject], rules: String) throws -> Double {
        let evaluator = Evaluator(ruleSet: try RuleSets.load(rules), county: nil, evaluationDate: "2020-07-01")
        var decided: [ConvictionDecision] = []
        var count = 0
        let clock = ContinuousClock()
        let start = clock.now
        subjects.withUnsafeBufferPointer { subjects in
            for index in subjects.indices {
                decided.removeAll(keepingCapacity: true)
                evaluator.evaluate(subjects[index], into: &decided)
                count += decided.count
            }
        }
        let (whole, fraction) = (clock.now - start).components
        return Double(count) / (Double(whole) + Double(fraction) / 1e18)
    }

    /// `sealkit-bench probe-engine FILE.jsonl RULES`: the engine alone, fifty passes over the file's
    /// subjects (for profilers); prints the median rate.
    static func engineRate(_ path: String, rules: String) throws -> Double {
        let subjects = try decodeSubjects(path)
        return median(try (0..<50).map { _ in try decisionsPerSecond(subjects, rules: rules) })
    }
}
