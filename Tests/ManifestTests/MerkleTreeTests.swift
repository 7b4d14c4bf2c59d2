import Foundation
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import Manifest

/// RFC 9162 trees and proofs, against an independent implementation (Python, straight from the RFC's
/// recursive definitions) and against themselves: every proof SealKit makes verifies, and every
/// altered one fails.
@Suite("RFC 9162 Merkle trees: roots, inclusion and consistency proofs")
struct MerkleTreeTests {
    /// The leaf hashes of `count` entries `entry 0`, `entry 1`, ….
    static func leaves(_ count: Int) throws -> [TreeHash] {
        try (0..<count).map { (index) throws -> TreeHash in try TreeHash.leaf(Array("entry \(index)".utf8)) }
    }

    /// RFC 9162's MTH, PATH and PROOF, recursively, in Python: for each size up to `maximum`, the root;
    /// each leaf's inclusion path; each earlier size's consistency proof. One line per item.
    static let python = """
        import hashlib, sys
        def h(b): return hashlib.sha256(b).digest()
        def k(n):
            p = 1
            while p * 2 < n: p *= 2
            return p
        def mth(d):
            if len(d) == 0: return h(b"")
            if len(d) == 1: return h(b"\\x00" + d[0])
            s = k(len(d)); return h(b"\\x01" + mth(d[:s]) + mth(d[s:]))
        def path(m, d):
            if len(d) <= 1: return []
            s = k(len(d))
            if m < s: return path(m, d[:s]) + [mth(d[s:])]
            return path(m - s, d[s:]) + [mth(d[:s])]
        def subproof(m, d, b):
            n = len(d)
            if m == n: return [] if b else [mth(d)]
            s = k(n)
            if m <= s: return subproof(m, d[:s], b) + [mth(d[s:])]
            return subproof(m - s, d[s:], False) + [mth(d[:s])]
        maximum = int(sys.argv[1])
        for n in range(0, maximum + 1):
            d = [("entry %d" % i).encode() for i in range(n)]
            print("root %d %s" % (n, mth(d).hex()))
            for m in range(n):
                print("path %d %d %s" % (n, m, ",".join(x.hex() for x in path(m, d))))
            for m in range(1, n):
                print("consistency %d %d %s" % (m, n, ",".join(x.hex() for x in subproof(m, d, True))))
        """

    @Test("roots and proofs equal the RFC's recursive definitions for every size up to 70")
    func againstPython() throws {
        let folder = try TemporaryDirectory()
        let script = try folder.write("tree.py", Array(Self.python.utf8))
        let result = try runProcess("/usr/bin/env", ["python3", script, "70"])
        #expect(result.status == 0, "\(result.standardError)")
        var trees: [Int: MerkleTree] = [:]
        func tree(_ size: Int) throws -> MerkleTree {
            if let made = trees[size] { return made }
            let made = try MerkleTree(leaves: try Self.leaves(size))
            trees[size] = made
            return made
        }
        func hashes(_ text: Substring) -> [String] { text.isEmpty ? [] : text.split(separator: ",").map(String.init) }
        var counts = (roots: 0, paths: 0, consistency: 0)
        for line in result.standardOutput.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            switch parts[0] {
            case "root":
                #expect(try tree(Int(parts[1])!).root.description == parts[2], "\(line)")
                counts.roots += 1
            case "path":
                let made = try tree(Int(parts[1])!).inclusionProof(for: Int(parts[2])!)
                #expect(made.map(\.description) == hashes(parts[3]), "\(line)")
                counts.paths += 1
            default:
                let made = try tree(Int(parts[2])!).consistencyProof(from: Int(parts[1])!)
                #expect(made.map(\.description) == hashes(parts[3]), "\(line)")
                counts.consistency += 1
            }
        }
        // 71 sizes, 0 + 1 + … + 70 leaves, and as many earlier sizes less one per size.
        #expect(counts.roots == 71 && counts.paths == 2_485 && counts.consistency == 2_415)
    }

    @Test("the empty tree's root is SHA-256 of nothing; one leaf's root is its leaf hash")
    func smallTrees() throws {
        #expect(
            try MerkleTree(leaves: []).root.description
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        let one = try Self.leaves(1)
        #expect(try MerkleTree(leaves: one).root == one[0])
        #expect(try MerkleTree(leaves: one).inclusionProof(for: 0).isEmpty)
    }

    @Test("every inclusion proof verifies, and fails for another leaf or index, a proof cut or extended, a flipped bit")
    func inclusion() throws {
        // (The tree's size is not checked here alone: a checkpoint signs it with the root.)
        for size in [1, 2, 3, 5, 8, 13, 31, 64] {
            let leaves = try Self.leaves(size)
            let tree = try MerkleTree(leaves: leaves)
            for index in 0..<size {
                let proof = tree.inclusionProof(for: index)
                func verify(
                    _ leaf: TreeHash,
                    _ index: Int,
                    _ size: Int,
                    _ proof: [TreeHash],
                    _ root: TreeHash
                ) throws -> Bool {
                    try MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, proof: proof, root: root)
                }
                #expect(try verify(leaves[index], index, size, proof, tree.root))
                #expect(try !verify(leaves[(index + 1) % size], index, size, proof, tree.root) || size == 1)
                #expect(try !verify(leaves[index], index + 1, size, proof, tree.root))
                #expect(try !verify(leaves[index], index, size, proof + [tree.root], tree.root))
                if !proof.isEmpty {
                    #expect(try !verify(leaves[index], index, size, Array(proof.dropLast()), tree.root))
                    for bit in [0, 100, 255] {
                        var bytes = proof[0].bytes
                        bytes[bit / 8] ^= 1 << (bit % 8)
                        let flipped = [TreeHash(bytes: bytes)!] + proof.dropFirst()
                        #expect(try !verify(leaves[index], index, size, flipped, tree.root))
                    }
                }
            }
        }
    }

    @Test("every consistency proof verifies; a changed old leaf, a proof cut short or extended, or a flipped bit fails")
    func consistency() throws {
        for size in [2, 3, 7, 8, 9, 20] {
            let tree = try MerkleTree(leaves: try Self.leaves(size))
            for old in 0...size {
                let proof = tree.consistencyProof(from: old)
                let oldRoot = try MerkleTree(leaves: try Self.leaves(old)).root
                func holds(_ oldRoot: TreeHash, _ proof: [TreeHash]) throws -> Bool {
                    try MerkleTree.verifyConsistency(
                        oldSize: old,
                        newSize: size,
                        oldRoot: oldRoot,
                        newRoot: tree.root,
                        proof: proof
                    )
                }
                #expect(try holds(oldRoot, proof), "\(old) → \(size)")
                guard old > 0 && old < size else { continue }
                // A history rewritten at leaf 0 has another old root: the proof no longer holds.
                var rewritten = try Self.leaves(old)
                rewritten[0] = try TreeHash.leaf(Array("rewritten".utf8))
                #expect(try !holds(try MerkleTree(leaves: rewritten).root, proof))
                // A proof cut short, or one hash too many.
                #expect(try !holds(oldRoot, Array(proof.dropLast())), "\(old) → \(size)")
                #expect(try !holds(oldRoot, proof + [tree.root]), "\(old) → \(size)")
                var bytes = proof[proof.count - 1].bytes
                bytes[31] ^= 0x80
                #expect(try !holds(oldRoot, Array(proof.dropLast()) + [TreeHash(bytes: bytes)!]))
            }
        }
    }
}
