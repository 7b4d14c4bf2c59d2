import Foundation
import Manifest
import SealCrypto

/// The manifest part of `make bench`: hashing an RFC 9162 tree, as `verify` does for every manifest,
/// beside OpenSSL's SHA-256 rate on a node's 65 bytes, measured in the same run.
enum ManifestBench {
    /// 2^20 leaves: the order of a county's relief decisions.
    static let leafCount = 1 << 20

    static func run(trials: Int) throws -> [Row] {
        let openssl = try OpenSSLSpeed()
        print("SealKit manifest benchmark: \(trials) interleaved trials, medians")
        var hashes = [UInt8](repeating: 0, count: leafCount * 32)
        for index in 0..<hashes.count { hashes[index] = UInt8(truncatingIfNeeded: index &* 131 &+ index >> 9) }
        var ours: [Double] = []
        var theirs: [Double] = []
        var sink: UInt8 = 0
        for _ in 0..<trials {
            let clock = ContinuousClock()
            let start = clock.now
            let tree = try MerkleTree(leafHashes: hashes)
            let elapsed = (clock.now - start).seconds
            sink ^= tree.root.bytes[0]
            ours.append(Double(leafCount) / elapsed)
            // Node hashes per second, each 65 bytes: a tree of n leaves takes n - 1 of them.
            theirs.append(try openssl.sha256(bytes: 65) / 65)
        }
        blackHole(sink)
        return try workflow(trials: trials) + [
            Row(
                name: "RFC 9162 tree over 2^20 leaf hashes (vs 65-byte SHA-256)",
                unit: "leaves/s",
                ours: median(ours),
                theirs: median(theirs),
                target: 0.80
            ),
            Row(
                name: "RFC 9162 tree over 2^20 leaf hashes (issue: 1M/s)",
                unit: "leaves/s",
                ours: median(ours),
                theirs: 1_000_000,
                target: 1.0
            ),
        ]
    }

    /// `seal`, `verify` and `prove --all` on a 1M-row run under los-angeles-2020 (the most relief
    /// entries of the shipped rule sets), as child processes, interleaved with the `run` they follow
    /// and with `openssl dgst -sha256` of the research file.
    static func workflow(trials: Int) throws -> [Row] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sealkit = executable.deletingLastPathComponent().appendingPathComponent("sealkit").path
        let work =
            (ProcessInfo.processInfo.environment["BENCH_DIR"] ?? NSTemporaryDirectory())
            + "/sealkit-bench-manifest-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let rows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "") ?? 1_000_000
        let file = work + "/doj.csv"
        _ = try ReaderBench.measure(sealkit, ["generate", "--rows", "\(rows)", "--seed", "1", "--out", file])
        _ = try ReaderBench.measure(sealkit, ["keygen", "--out", work + "/keys"])
        let keys = work + "/keys"
        let run = work + "/run"
        let sealed = work + "/sealed"
        var runs: [Double] = []
        var seals: [Double] = []
        var sealRSS: [Int] = []
        var verifies: [Double] = []
        var proves: [Double] = []
        var hashes: [Double] = []
        print("manifest workflow: \(rows) generated rows, los-angeles-2020; \(trials) interleaved trials; medians")
        for _ in 0..<trials {
            hashes.append(try ReaderBench.measure("/usr/bin/openssl", ["dgst", "-sha256", file]).seconds)
            runs.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "run", "--input", file, "--rules", "los-angeles-2020", "--secret", keys + "/pseudonym.secret",
                        "--as-of", "2020-07-01", "--out", run, "--force",
                    ]
                ).seconds
            )
            let seal = try ReaderBench.measure(
                sealkit,
                [
                    "seal", "--run", run, "--key", keys + "/signing.key.pem", "--secret", keys + "/pseudonym.secret",
                    "--date", "2020-08-01", "--out", sealed, "--force",
                ]
            )
            seals.append(seal.seconds)
            sealRSS.append(seal.maxRSSKilobytes)
            verifies.append(
                try ReaderBench.measure(
                    sealkit,
                    ["verify", "--manifest", sealed + "/manifest.json", "--pubkey", keys + "/signing.pub.pem"]
                ).seconds
            )
            proves.append(
                try ReaderBench.measure(
                    sealkit,
                    [
                        "prove", "--manifest", sealed + "/manifest.json", "--pubkey", keys + "/signing.pub.pem",
                        "--all",
                        "--out", work + "/proofs.tar", "--force",
                    ]
                ).seconds
            )
        }
        let manifest = try Data(contentsOf: URL(fileURLWithPath: sealed + "/manifest.json"))
        let entries = Double(try SealingManifest.verify(Array(manifest), key: try publicKey(keys)).entries.count)
        print(
            String(
                format: "entries: %.0f; run %.2f s, seal %.2f s (peak RSS %d MB), verify %.2f s, prove --all %.2f s; "
                    + "openssl dgst -sha256 %.2f s",
                entries,
                median(runs),
                median(seals),
                sealRSS.sorted()[sealRSS.count / 2] / 1024,
                median(verifies),
                median(proves),
                median(hashes)
            )
        )
        var sealShare = Row(
            name: "seal, seconds per second of the run (target <= 15%)",
            unit: "s/s",
            ours: median(seals),
            theirs: median(runs),
            target: 0.15
        )
        sealShare.lowerIsBetter = true
        return [
            sealShare,
            {
                var row = Row(
                    name: "verify, whole command, seconds (vs openssl dgst -sha256 of the DOJ file)",
                    unit: "s",
                    ours: median(verifies),
                    theirs: median(hashes),
                    target: nil
                )
                row.lowerIsBetter = true
                return row
            }(),
            Row(
                name: "prove --all, whole command, proofs/s (target >= 50k)",
                unit: "/s",
                ours: entries / median(proves),
                theirs: 50_000,
                target: 1.0
            ),
        ]
    }

    static func publicKey(_ folder: String) throws -> Ed25519.PublicKey {
        try Ed25519.PublicKey(
            pemRepresentation: try String(contentsOfFile: folder + "/signing.pub.pem", encoding: .utf8)
        )
    }
}
