import Foundation
import SealCore
import SealCrypto

/// `make bench`: SealKit's throughput beside a baseline measured on the same machine in the same run.
///
/// Each figure is the median of several trials, and SealKit's trials are interleaved with the
/// baseline's (ours, theirs, ours, theirs, ...) so that load from other tenants of a shared machine
/// falls on both. Both sides are wall-clock rates (`openssl speed -elapsed`).
@main
struct Bench {
    static let trials = Int(ProcessInfo.processInfo.environment["BENCH_TRIALS"] ?? "") ?? 7
    static let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "") ?? 1.0

    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        // Child-process probes used by the reader benchmark.
        if arguments.first == "probe-scan", arguments.count == 2 {
            print(try ReaderBench.scanSeconds(arguments.last!))
            return
        }
        if arguments.first == "probe-build", arguments.count == 2 {
            print(try ReaderBench.readSeconds(arguments.last!, build: true))
            return
        }
        if arguments.first == "probe-group", arguments.count == 2 {
            print(try ReaderBench.readSeconds(arguments.last!, build: false))
            return
        }
        if arguments.first == "probe-engine", arguments.count == 3 {
            let rate = try EligibilityBench.engineRate(arguments[arguments.startIndex + 1], rules: arguments.last!)
            print(rate)
            return
        }
        let part = arguments.first ?? "all"
        guard ["all", "crypto", "reader", "eligibility", "manifest"].contains(part) else {
            print("usage: sealkit-bench [all|crypto|reader|eligibility|manifest]")
            return
        }
        var rows: [Row] = []
        if part == "all" || part == "crypto" { rows += try cryptoRows() }
        if part == "all" || part == "reader" { rows += try ReaderBench.run(trials: trials) }
        if part == "all" || part == "eligibility" { rows += try EligibilityBench.run(trials: trials) }
        if part == "all" || part == "manifest" { rows += try ManifestBench.run(trials: trials) }
        print("")
        print(Row.header)
        for row in rows { print(row.line) }
        print("")
        print("Baselines: openssl speed -elapsed -seconds 1 -hmac sha256 -bytes 32 | -evp sha256 -bytes 16384 | 65 |")
        print("ed25519; wc -l on the same file; the issues' fixed figures (MB/s, MB) where no program is the bar.")
        let failed = rows.filter { !$0.meetsTarget }
        if failed.isEmpty {
            print("All targets met.")
        } else {
            print("Below target: \(failed.map(\.name).joined(separator: "; "))")
        }
    }

    static func cryptoRows() throws -> [Row] {
        let openssl = try OpenSSLSpeed()
        print("SealKit crypto benchmark: \(trials) interleaved trials of ~\(seconds) s each, medians")
        print("OpenSSL: \(openSSLVersion); openssl command: \(openssl.version)")
        print("")
        var rows: [Row] = []

        let key = SymmetricKey(bytes: [UInt8](repeating: 0x42, count: 32))
        var context = try HMACSHA256.Context(key: key)
        var hmacOurs: [(array: Double, buffer: Double)] = []
        var hmacTheirs: [Double] = []
        for trial in 0..<trials {
            // Alternate which form runs first after the openssl process, so neither always gets the
            // cold start.
            if trial % 2 == 0 {
                let array = try hmacRate(&context)
                hmacOurs.append((array, try hmacBufferRate(&context)))
            } else {
                let buffer = try hmacBufferRate(&context)
                hmacOurs.append((try hmacRate(&context), buffer))
            }
            hmacTheirs.append(try openssl.hmacSHA256(bytes: 32))
        }
        rows.append(
            Row(
                name: "HMAC-SHA256, 32-byte [UInt8], reused context",
                unit: "calls/s",
                ours: median(hmacOurs.map(\.array)),
                theirs: median(hmacTheirs),
                target: 0.90
            )
        )
        rows.append(
            Row(
                name: "HMAC-SHA256, 32-byte buffer, reused context",
                unit: "calls/s",
                ours: median(hmacOurs.map(\.buffer)),
                theirs: median(hmacTheirs),
                target: 0.90
            )
        )
        rows.append(
            try compare(
                "SHA-256, 16 KiB blocks",
                unit: "MB/s",
                target: nil,
                ours: { try sha256Throughput(blockSize: 16384) / 1e6 },
                theirs: { try openssl.sha256(bytes: 16384) / 1e6 }
            )
        )
        // Ed25519: each trial runs SealKit's sign and verify, then one `openssl speed ed25519`, which
        // measures both.
        let signingKey = try Ed25519.PrivateKey()
        var signer = try Ed25519.Signer(key: signingKey)
        var verifier = try Ed25519.Verifier(key: signingKey.publicKey)
        let message = [UInt8](repeating: 7, count: 20)
        let signature = try signingKey.signature(for: message)
        var ours: [(sign: Double, verify: Double)] = []
        var theirs: [(sign: Double, verify: Double)] = []
        for _ in 0..<trials {
            ours.append((try signRate(&signer), verifyRate(&verifier, signature: signature, message: message)))
            theirs.append(try openssl.ed25519())
        }
        rows.append(
            Row(
                name: "Ed25519 sign, 20-byte message, reused context",
                unit: "sign/s",
                ours: median(ours.map(\.sign)),
                theirs: median(theirs.map(\.sign)),
                target: 0.90
            )
        )
        rows.append(
            Row(
                name: "Ed25519 verify, 20-byte message, reused context",
                unit: "verify/s",
                ours: median(ours.map(\.verify)),
                theirs: median(theirs.map(\.verify)),
                target: 0.90
            )
        )

        return rows
    }

    // MARK: measurements

    /// Runs `body` (which does `batch` operations) until `seconds` have passed; returns operations per second.
    ///
    /// A tenth of the time is spent first, unmeasured, to warm caches and settle the CPU after the
    /// previous trial (often an `openssl speed` process).
    static func rate(batch: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let warmUpEnd = clock.now + .seconds(seconds / 10)
        while clock.now < warmUpEnd { try body() }
        let start = clock.now
        var operations = 0
        while true {
            try body()
            operations += batch
            let elapsed = clock.now - start
            if elapsed >= .seconds(seconds) {
                return Double(operations) / elapsed.seconds
            }
        }
    }

    static func hmacRate(_ context: inout HMACSHA256.Context) throws -> Double {
        // The message is constant: the HMAC is an opaque C call, so nothing can be hoisted, and
        // mutating an array here would time copy-on-write checks instead of the API (callgrind: the
        // [UInt8] shell costs 6,442 instructions per call against 6,427 for the buffer form).
        let message = [UInt8](repeating: 0x61, count: 32)
        var tag = [UInt8](repeating: 0, count: 32)
        var sink: UInt8 = 0
        let result = try tag.withUnsafeMutableBytes { tagBuffer in
            try rate(batch: 10_000) {
                for _ in 0..<10_000 {
                    try context.authenticationCode(for: message, into: tagBuffer)
                    sink ^= tagBuffer[0]
                }
            }
        }
        blackHole(sink)
        return result
    }

    static func hmacBufferRate(_ context: inout HMACSHA256.Context) throws -> Double {
        let message = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 16)
        defer { message.deallocate() }
        message.initializeMemory(as: UInt8.self, repeating: 0x61)
        var tag = [UInt8](repeating: 0, count: 32)
        var sink: UInt8 = 0
        let result = try tag.withUnsafeMutableBytes { tagBuffer in
            try rate(batch: 10_000) {
                for _ in 0..<10_000 {
                    try context.authenticationCode(bufferPointer: UnsafeRawBufferPointer(message), into: tagBuffer)
                    sink ^= tagBuffer[0]
                }
            }
        }
        blackHole(sink)
        return result
    }

    static func sha256Throughput(blockSize: Int) throws -> Double {
        let block = [UInt8](repeating: 0x5a, count: blockSize)
        var digest = [UInt8](repeating: 0, count: 32)
        var sink: UInt8 = 0
        let blocksPerSecond = try digest.withUnsafeMutableBytes { output in
            try block.withUnsafeBytes { input in
                try rate(batch: 100) {
                    for _ in 0..<100 {
                        try SHA256.hash(bufferPointer: input, into: output)
                        sink ^= output[0]
                    }
                }
            }
        }
        blackHole(sink)
        return blocksPerSecond * Double(blockSize)
    }

    static func signRate(_ signer: inout Ed25519.Signer) throws -> Double {
        var message = [UInt8](repeating: 7, count: 20)
        var signature = [UInt8](repeating: 0, count: 64)
        var sink: UInt8 = 0
        let result = try signature.withUnsafeMutableBytes { output in
            try rate(batch: 100) {
                for index in 0..<100 {
                    message[0] = UInt8(truncatingIfNeeded: index)
                    try signer.signature(for: message, into: output)
                    sink ^= output[0]
                }
            }
        }
        blackHole(sink)
        return result
    }

    static func verifyRate(_ verifier: inout Ed25519.Verifier, signature: [UInt8], message: [UInt8]) -> Double {
        var valid = 0
        let result = rate(batch: 100) {
            for _ in 0..<100 where verifier.isValidSignature(signature, for: message) {
                valid += 1
            }
        }
        precondition(valid > 0, "the benchmark signature must verify")
        return result
    }

    static func compare(
        _ name: String,
        unit: String,
        target: Double?,
        ours: () throws -> Double,
        theirs: () throws -> Double
    ) throws -> Row {
        var oursTrials: [Double] = []
        var theirsTrials: [Double] = []
        for _ in 0..<trials {
            oursTrials.append(try ours())
            theirsTrials.append(try theirs())
        }
        return Row(name: name, unit: unit, ours: median(oursTrials), theirs: median(theirsTrials), target: target)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

@inline(never)
func blackHole(_ value: UInt8) {
    if value == 0xff && ProcessInfo.processInfo.environment["BENCH_NEVER"] != nil { print(value) }
}

struct Row {
    let name: String
    let unit: String
    let ours: Double
    let theirs: Double
    let target: Double?
    var lowerIsBetter = false

    var ratio: Double { theirs > 0 ? ours / theirs : 0 }
    var meetsTarget: Bool { target.map { lowerIsBetter ? ratio <= $0 : ratio >= $0 } ?? true }

    static let header =
        pad("measurement", 58) + pad("SealKit", 16) + pad("baseline", 16) + pad("ratio", 8) + "target"

    var line: String {
        let targetText =
            target.map {
                String(format: "%@ %.0f%% %@", lowerIsBetter ? "<=" : ">=", $0 * 100, meetsTarget ? "met" : "MISSED")
            } ?? "-"
        return Self.pad(name, 58) + Self.pad(format(ours), 16) + Self.pad(format(theirs), 16)
            + Self.pad(String(format: "%.1f%%", ratio * 100), 8) + targetText
    }

    func format(_ value: Double) -> String {
        if value >= 1e6 { return String(format: "%.2f M %@", value / 1e6, unit) }
        return String(format: value < 100 ? "%.2f %@" : "%.0f %@", value, unit)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
