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
        return [
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
}
