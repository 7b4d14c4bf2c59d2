import Foundation
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

/// `scripts/verify-proof.sh`: the shell-only check of a proof, on good and tampered proofs.
@Suite("scripts/verify-proof.sh: POSIX sh and openssl only")
struct ShellProofTests {
    /// Runs the script with `/bin/sh` on `proof` and `entry`, with the test public key.
    static func check(_ proof: String, _ entry: [UInt8]) throws -> ProcessResult {
        let folder = try TemporaryDirectory()
        return try runProcess(
            "/bin/sh",
            [
                TestSupport.repositoryRoot.appendingPathComponent("scripts/verify-proof.sh").path,
                try folder.write("proof.tlog-proof", Array(proof.utf8)), try folder.write("entry", entry),
                TestSupport.repositoryRoot.appendingPathComponent("keys/test/signing.pub.pem").path,
            ]
        )
    }

    @Test("every proof of a 13-entry log verifies; a tampered entry, index, path, checkpoint or signature does not")
    func goodAndTampered() throws {
        let (entries, proofs, _) = try TlogProofTests.proofs(13)
        var checked = 0
        for (index, proof) in proofs.enumerated() {
            let good = try Self.check(proof.encoded, entries[index])
            #expect(good.status == 0, "\(index): \(good.standardError)")
            #expect(good.standardOutput == "verified: index \(index) of 13 in \(TlogProofTests.origin)\n")
            checked += 1
        }
        #expect(checked == 13)
        let proof = proofs[6]
        let text = proof.encoded
        var tampered: [(String, [UInt8], String)] = [
            ("another entry", entries[7], text),
            ("another index", entries[6], text.replacingOccurrences(of: "\nindex 6\n", with: "\nindex 7\n")),
            (
                "a path hash from another proof", entries[6],
                proofs[5].encoded.replacingOccurrences(of: "\nindex 5\n", with: "\nindex 6\n")
            ),
            (
                "a path cut short", entries[6],
                TlogProof(extra: nil, index: 6, path: Array(proof.path.dropLast()), checkpoint: proof.checkpoint)
                    .encoded
            ),
            ("another size", entries[6], text.replacingOccurrences(of: "\n13\n", with: "\n14\n")),
        ]
        var signature = proof.checkpoint.signatures[0]
        var bytes = signature.bytes
        bytes[10] ^= 1
        signature = SignedNote.Signature(name: signature.name, keyHash: signature.keyHash, bytes: bytes)
        let forged = SignedNote(text: proof.checkpoint.text, signatures: [signature])
        tampered.append(
            (
                "a forged signature", entries[6],
                TlogProof(extra: nil, index: 6, path: proof.path, checkpoint: forged).encoded
            )
        )
        for (what, entry, text) in tampered {
            let result = try Self.check(text, entry)
            #expect(result.status == 1, "\(what): \(result.standardOutput)")
            #expect(result.standardError.hasPrefix("verify-proof: "), "\(what)")
        }
    }
}
