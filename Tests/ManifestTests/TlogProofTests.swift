import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import Manifest

@Suite("C2SP tlog-proof: self-contained inclusion proofs")
struct TlogProofTests {
    static let origin = "sealkit.example/test/prop64"

    /// A signed checkpoint over `count` entries and the proof of each.
    static func proofs(_ count: Int) throws -> (entries: [[UInt8]], proofs: [TlogProof], verifier: NoteVerifier) {
        let key = try Ed25519.PrivateKey(
            pemRepresentation: String(
                decoding: try TestSupport.repositoryBytes("keys/test/signing.key.pem"),
                as: UTF8.self
            )
        )
        let verifier = try #require(try NoteVerifier(name: origin, publicKey: key.publicKey))
        let entries = (0..<count).map { Array("{\"entry\":\($0)}".utf8) }
        let tree = try MerkleTree(leaves: try entries.map { (entry) throws -> TreeHash in try TreeHash.leaf(entry) })
        let note = try SignedNote.sign(
            text: Checkpoint(origin: origin, size: count, root: tree.root).text,
            name: origin,
            key: key
        )
        let proofs = (0..<count).map { index in
            TlogProof(extra: entries[index], index: index, path: tree.inclusionProof(for: index), checkpoint: note)
        }
        return (entries, proofs, verifier)
    }

    @Test("each proof reads back as written and verifies its own entry, and no other")
    func roundTrip() throws {
        let (entries, proofs, verifier) = try Self.proofs(11)
        for (index, proof) in proofs.enumerated() {
            let read = try TlogProof.parse(Array(proof.encoded.utf8))
            #expect(read == proof)
            #expect(try read.verify(entry: entries[index], verifier: verifier, origin: Self.origin).size == 11)
            #expect(throws: ManifestError(.binding, "")) {
                _ = try read.verify(entry: entries[(index + 1) % 11], verifier: verifier, origin: Self.origin)
            }
            #expect(throws: ManifestError(.binding, "")) {
                _ = try read.verify(entry: entries[index], verifier: verifier, origin: "sealkit.example/other")
            }
        }
    }

    @Test(
        "every single-bit flip of a proof is refused, or leaves it showing the same entry (the unauthenticated extra)"
    )
    func bitFlips() throws {
        let (entries, proofs, verifier) = try Self.proofs(5)
        let bytes = Array(proofs[3].encoded.utf8)
        let extraLine = try #require(proofs[3].encoded.split(separator: "\n").first { $0.hasPrefix("extra ") })
        let extraStart = try #require(proofs[3].encoded.utf8.firstRange(of: extraLine.utf8)).lowerBound
        let extraRange = proofs[3].encoded.utf8.distance(from: proofs[3].encoded.utf8.startIndex, to: extraStart)
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            let byte = bit / 8
            do {
                _ = try TlogProof.parse(flipped).verify(entry: entries[3], verifier: verifier, origin: Self.origin)
                // Only the unauthenticated extra may change and still verify: the entry is the caller's.
                #expect(
                    byte >= extraRange + 6 && byte < extraRange + extraLine.utf8.count,
                    "bit \(bit) flipped outside extra and the proof still verified"
                )
            } catch {}
        }
    }
}
