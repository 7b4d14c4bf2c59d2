import CriminalRecords
import Foundation
import SealKit

/// `make bench`, reader part: the DOJ reader and generator on generated files, beside `wc -l` on the
/// same file in the same run; peak memory from child processes (`/usr/bin/time`-style via wait4).
enum ReaderBench {
    struct Measurement {
        var seconds: Double
        var maxRSSKilobytes: Int
    }

    /// Runs `arguments` as a child process, returning wall time and its peak RSS.
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(process.processIdentifier, &status, 0, &usage)
        let elapsed = clock.now - start
        let (whole, fraction) = elapsed.components
        guard status == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed (\(status))")
        }
        return Measurement(seconds: Double(whole) + Double(fraction) / 1e18, maxRSSKilobytes: Int(usage.ru_maxrss))
    }

    /// Reads `path` in-process: scan only, group only, or full typed histories; returns seconds.
    static func readSeconds(_ path: String, build: Bool) throws -> Double {
        var options = DOJReadOptions()
        options.buildHistories = build
        let clock = ContinuousClock()
        let start = clock.now
        var subjects = 0
        _ = try DOJResearchFileReader(path: path, options: options).read { _ in subjects += 1 }
        let (whole, fraction) = (clock.now - start).components
        return Double(whole) + Double(fraction) / 1e18
    }

    static func scanSeconds(_ path: String) throws -> Double {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var scanner = CSVScanner(descriptor: descriptor)
        var record = CSVRecord()
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while try scanner.next(into: &record) { count += 1 }
        let (whole, fraction) = (clock.now - start).components
        return Double(whole) + Double(fraction) / 1e18
    }
}
