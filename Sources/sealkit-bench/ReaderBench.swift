import CriminalRecords
import Foundation
import SealCore
import SealKit

/// `make bench`, reader part: the DOJ reader and generator on generated files, beside `wc -l` on the
/// same file in the same run. Every figure comes from a child process (wall time, and peak RSS from
/// `wait4`), runs are interleaved with the baseline, and medians are quoted.
enum ReaderBench {
    struct Measurement {
        var seconds: Double
        var maxRSSKilobytes: Int
    }

    /// Runs `arguments` as a child process, returning wall time and its peak RSS.
    /// The child is started with `posix_spawn` and reaped here with `wait4`: Foundation's `Process`
    /// reaps its children on a thread of its own, which can leave `wait4` nothing to report.
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed for \(executable)") }
        }
        let elapsed = clock.now - start
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, which Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        return Measurement(seconds: elapsed.seconds, maxRSSKilobytes: Int(usage.ru_maxrss))
    }

    /// Reads `path` in this process: group only, or full typed histories; returns seconds.
    static func readSeconds(_ path: String, build: Bool) throws -> Double {
        var options = DOJReadOptions()
        options.buildHistories = build
        let clock = ContinuousClock()
        let start = clock.now
        var subjects = 0
        _ = try DOJResearchFileReader(path: path, options: options).read { _ in subjects += 1 }
        return (clock.now - start).seconds
    }

    /// Scans `path` as CSV only; returns seconds.
    static func scanSeconds(_ path: String) throws -> Double {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path)") }
        defer { close(descriptor) }
        var scanner = CSVScanner(descriptor: descriptor)
        var record = CSVRecord()
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while try scanner.next(into: &record) { count += 1 }
        return (clock.now - start).seconds
    }

    static func run(trials: Int) throws -> [Row] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let folder = executable.deletingLastPathComponent()
        let bench = executable.path
        let sealkit = folder.appendingPathComponent("sealkit").path
        guard FileManager.default.isExecutableFile(atPath: sealkit) else {
            throw BenchError("build sealkit in release first (make bench does)")
        }
        let work =
            (ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory())
            + "/sealkit-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let rows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "") ?? 1_000_000
        let largeRows = Int(ProcessInfo.processInfo.environment["BENCH_LARGE_ROWS"] ?? "") ?? 10_000_000
        let file = work + "/doj-\(rows).csv"

        print("DOJ reader: \(rows) generated rows; \(trials) interleaved trials; medians")
        var generate: [Double] = []
        for _ in 0..<max(1, trials / 2) {
            generate.append(
                try measure(sealkit, ["generate", "--rows", "\(rows)", "--seed", "1", "--out", file, "--force"]).seconds
            )
        }
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        print(String(format: "file: %.0f MB", bytes / 1e6))

        _ = try measure(sealkit, ["keygen", "--out", work + "/keys"])
        var wc: [Double] = []
        var group: [Measurement] = []
        var scan: [Double] = []
        var typed: [Measurement] = []
        var pseudonymize: [Measurement] = []
        for _ in 0..<trials {
            wc.append(try measure("/usr/bin/wc", ["-l", file]).seconds)
            group.append(try measure(bench, ["probe-group", file]))
            scan.append(try measure(bench, ["probe-scan", file]).seconds)
            typed.append(try measure(sealkit, ["inspect", file]))
            // Each trial writes a new file: replacing the last trial's would time its deletion too.
            try? FileManager.default.removeItem(atPath: work + "/out.jsonl")
            pseudonymize.append(
                try measure(
                    sealkit,
                    [
                        "pseudonymize", "--input", file, "--secret", work + "/keys/pseudonym.secret", "--as-of",
                        "2020-06-30",
                        "--out", work + "/out.jsonl",
                    ]
                )
            )
        }
        try? FileManager.default.removeItem(atPath: work + "/out.jsonl")
        var result: [Row] = []
        let groupSeconds = median(group.map(\.seconds))
        let wcSeconds = median(wc)
        result.append(
            Row(
                name: "generate, MB/s (target >= 200)",
                unit: "MB/s",
                ours: bytes / median(generate) / 1e6,
                theirs: 200,
                target: 1.0
            )
        )
        result.append(
            Row(name: "CSV scan only, MB/s", unit: "MB/s", ours: bytes / median(scan) / 1e6, theirs: 400, target: nil)
        )
        result.append(
            Row(
                name: "read+parse+group, MB/s (target >= 400)",
                unit: "MB/s",
                ours: bytes / groupSeconds / 1e6,
                theirs: 400,
                target: 1.0
            )
        )
        result.append(
            Row(
                name: "read+parse+group vs wc -l, speed (target >= 25%)",
                unit: "MB/s",
                ours: bytes / groupSeconds / 1e6,
                theirs: bytes / wcSeconds / 1e6,
                target: 0.25
            )
        )
        result.append(
            Row(
                name: "typed histories (sealkit inspect), MB/s",
                unit: "MB/s",
                ours: bytes / median(typed.map(\.seconds)) / 1e6,
                theirs: bytes / groupSeconds / 1e6,
                target: nil
            )
        )
        result.append(
            Row(
                name: "pseudonymize vs typed read (inspect) (target >= 80%)",
                unit: "MB/s",
                ours: bytes / median(pseudonymize.map(\.seconds)) / 1e6,
                theirs: bytes / median(typed.map(\.seconds)) / 1e6,
                target: 0.80
            )
        )
        result.append(
            Row(
                name: "peak RSS, pseudonymize, \(rows / 1_000_000)M rows (<= 120 MB)",
                unit: "MB",
                ours: Double(pseudonymize.map(\.maxRSSKilobytes).max() ?? 0) / 1000,
                theirs: 120,
                target: 1.0,
                lowerIsBetter: true
            )
        )
        result.append(
            Row(
                name: "peak RSS, group, \(rows / 1_000_000)M sorted rows (<= 100 MB)",
                unit: "MB",
                ours: Double(group.map(\.maxRSSKilobytes).max() ?? 0) / 1000,
                theirs: 100,
                target: 1.0,
                lowerIsBetter: true
            )
        )
        result.append(
            Row(
                name: "peak RSS, inspect, \(rows / 1_000_000)M sorted rows",
                unit: "MB",
                ours: Double(typed.map(\.maxRSSKilobytes).max() ?? 0) / 1000,
                theirs: 100,
                target: 1.0,
                lowerIsBetter: true
            )
        )
        try? FileManager.default.removeItem(atPath: file)

        if largeRows > 0 {
            let large = work + "/doj-\(largeRows).csv"
            let generated = try measure(
                sealkit,
                ["generate", "--rows", "\(largeRows)", "--seed", "2", "--out", large, "--force"]
            )
            let largeBytes = Double((try FileManager.default.attributesOfItem(atPath: large)[.size] as? Int) ?? 0)
            print(
                String(
                    format: "large file: %d rows, %.0f MB, generated in %.1f s",
                    largeRows,
                    largeBytes / 1e6,
                    generated.seconds
                )
            )
            let largeGroup = try measure(bench, ["probe-group", large])
            result.append(
                Row(
                    name: "peak RSS, group, \(largeRows / 1_000_000)M sorted rows (<= 100 MB)",
                    unit: "MB",
                    ours: Double(largeGroup.maxRSSKilobytes) / 1000,
                    theirs: 100,
                    target: 1.0,
                    lowerIsBetter: true
                )
            )
            result.append(
                Row(
                    name: "read+parse+group, \(largeRows / 1_000_000)M rows, MB/s",
                    unit: "MB/s",
                    ours: largeBytes / largeGroup.seconds / 1e6,
                    theirs: 400,
                    target: nil
                )
            )
            try? FileManager.default.removeItem(atPath: large)
        }
        return result
    }
}
