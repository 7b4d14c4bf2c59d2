import Deidentified
import Foundation
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import Manifest

/// The sealing manifest's body: canonical bytes, strict reading, every layer bound to the next.
@Suite("Sealing manifests: canonical bodies bound to their entries, their key and their envelope")
struct SealingManifestTests {
    static func key() throws -> Ed25519.PrivateKey {
        try Ed25519.PrivateKey(
            pemRepresentation: String(
                decoding: try TestSupport.repositoryBytes("keys/test/signing.key.pem"),
                as: UTF8.self
            )
        )
    }

    /// A body of `count` entries, signed by the test key.
    static func body(_ count: Int, origin: String = "sealkit.example/test/prop64") throws -> SealingBody {
        var entries: [SealingEntry] = []
        for index in 0..<count {
            let action: SealingAction = index % 3 == 0 ? .reduceToMisdemeanor : .dismissAndSeal
            let hex = String(repeating: index % 2 == 0 ? "a" : "b", count: 64)
            let reference = String(repeating: "0", count: 63) + String(index % 10)
            let leaf = try #require(
                SealingLeaf(
                    action: action,
                    statute: "HS 11361.8(e)-(h)",
                    effectiveDate: CalendarDate(year: 2026, month: 12, day: 7)!,
                    countReference: CountReference(epoch: 1, hex: reference),
                    reasonCodes: ["statuteDismiss"],
                    nonce: [UInt8](repeating: UInt8(index), count: 32),
                    // Every third entry decided by staff on review, with its note's hash.
                    decidedBy: index % 3 == 2 ? .review : .rules,
                    reviewNoteSHA256: index % 3 == 2 ? [UInt8](repeating: 0x5A, count: 32) : nil
                )
            )
            entries.append(SealingEntry(pseudonym: SubjectPseudonym(epoch: 1, hex: hex), leaf: leaf))
        }
        return try SealingBody(
            inputSHA256: String(repeating: "1", count: 64),
            deidentifiedSHA256: String(repeating: "2", count: 64),
            ruleSetID: "statutory",
            ruleSetVersion: "2026.1",
            ruleSetSHA256: String(repeating: "3", count: 64),
            evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!,
            sealDate: CalendarDate(year: 2026, month: 12, day: 7)!,
            normalization: "norm-1",
            epoch: 1,
            masterCheckValue: "8666a85d21462a5d",
            tool: "sealkit 0.1.0",
            signingKeyID: try key().publicKey.keyID.hexString,
            origin: origin,
            entries: entries
        )
    }

    @Test("a body and its leaves are RFC 8785 canonical, read back equal, and the envelope verifies to it")
    func roundTrip() throws {
        for count in [0, 1, 5] {
            let body = try Self.body(count)
            #expect(try JSONCanonical.encode(try JSONValue.parse(body.bytes)) == body.bytes)
            for entry in body.entries {
                #expect(try JSONCanonical.encode(try JSONValue.parse(entry.leaf.bytes)) == entry.leaf.bytes)
            }
            #expect(try SealingBody.parse(body.bytes) == body)
            let envelope = try SealingManifest.sign(body, key: try Self.key())
            #expect(try SealingManifest.verify(envelope.encoded, key: try Self.key().publicKey) == body)
        }
    }

    @Test("the same body and key give the same bytes; no leaf names the subject")
    func deterministicAndNonDisclosing() throws {
        let first = try SealingManifest.sign(try Self.body(4), key: try Self.key()).encoded
        #expect(first == (try SealingManifest.sign(try Self.body(4), key: try Self.key())).encoded)
        for entry in try Self.body(4).entries {
            #expect(!String(decoding: entry.leaf.bytes, as: UTF8.self).contains("s1."))
        }
    }

    @Test("every single-bit flip of a small signed manifest is refused")
    func bitFlips() throws {
        let bytes = try SealingManifest.sign(try Self.body(2), key: try Self.key()).encoded
        let publicKey = try Self.key().publicKey
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: ManifestError.self, "bit \(bit)") {
                _ = try SealingManifest.verify(flipped, key: publicKey)
            }
        }
    }

    @Test(
        "a body re-signed after a rewrite is caught at its own layer: entries swapped, root or size wrong, keys reordered"
    )
    func boundLayers() throws {
        let key = try Self.key()
        let body = try Self.body(3)
        let text = String(decoding: body.bytes, as: UTF8.self)
        func verify(_ text: String) throws -> SealingBody {
            let envelope = try DSSEEnvelope.sign(
                payloadType: SealingManifest.payloadType,
                payload: Array(text.utf8),
                key: key
            )
            return try SealingManifest.verify(envelope.encoded, key: key.publicKey)
        }
        // Two entries swapped: the stated root is no longer the entries' root.
        let entries = body.entries.map { entry in
            "{\"leaf\":" + String(decoding: entry.leaf.bytes, as: UTF8.self) + ",\"pseudonym\":\"\(entry.pseudonym)\"}"
        }
        let swapped = text.replacingOccurrences(of: entries[0] + "," + entries[1], with: entries[1] + "," + entries[0])
        #expect(swapped != text)
        #expect(throws: ManifestError(.binding, "")) { _ = try verify(swapped) }
        #expect(throws: ManifestError(.binding, "")) {
            _ = try verify(text.replacingOccurrences(of: "\"size\":3", with: "\"size\":4"))
        }
        // Not canonical (as `jq -S` would write it, with spaces): refused even though it reads.
        #expect(throws: ManifestError(.binding, "")) {
            _ = try verify(text.replacingOccurrences(of: "\"format\":", with: "\"format\": "))
        }
        // Signed by the key, but naming another signing key.
        #expect(throws: ManifestError(.binding, "")) {
            _ = try verify(text.replacingOccurrences(of: body.signingKeyID, with: String(repeating: "0", count: 64)))
        }
        // Another payload type.
        let other = try DSSEEnvelope.sign(payloadType: "application/json", payload: body.bytes, key: key)
        #expect(throws: ManifestError(.binding, "")) {
            _ = try SealingManifest.verify(other.encoded, key: key.publicKey)
        }
        // A key other than the body's cannot sign it.
        #expect(throws: ManifestError(.binding, "")) {
            _ = try SealingManifest.sign(body, key: try Ed25519.PrivateKey())
        }
    }

    /// A ruling on ``body(_:origin:)`` of `count` entries: entry 0 denied, entry 1 modified to an
    /// infraction, the rest granted, by order 2026-CR-1 of 2026-12-20.
    static func ruling(_ count: Int) throws -> SealingBody {
        let request = try body(count)
        let orderDate = CalendarDate(year: 2026, month: 12, day: 20)!
        var entries: [SealingEntry] = []
        for (index, entry) in request.entries.enumerated() where index > 0 {
            let action: SealingAction = index == 1 ? .reduceToInfraction : entry.leaf.action
            entries.append(
                SealingEntry(
                    pseudonym: entry.pseudonym,
                    leaf: entry.leaf.ruled(action, effective: orderDate),
                    ruling: EntryRuling(
                        decision: index == 1 ? .modified : .granted,
                        requestIndex: index,
                        requested: entry.leaf.action,
                        orderNumber: "2026-CR-1",
                        orderDate: orderDate
                    )
                )
            )
        }
        return try SealingBody(
            inputSHA256: request.inputSHA256,
            deidentifiedSHA256: request.deidentifiedSHA256,
            ruleSetID: request.ruleSetID,
            ruleSetVersion: request.ruleSetVersion,
            ruleSetSHA256: request.ruleSetSHA256,
            evaluationDate: request.evaluationDate,
            sealDate: CalendarDate(year: 2026, month: 12, day: 21)!,
            normalization: request.normalization,
            epoch: request.epoch,
            masterCheckValue: request.masterCheckValue,
            tool: request.tool,
            signingKeyID: request.signingKeyID,
            origin: "sealkit.example/test/rulings",
            entries: entries,
            ruling: (
                RequestLink(
                    manifestSHA256: String(repeating: "4", count: 64),
                    origin: request.origin,
                    size: request.entries.count,
                    root: request.root,
                    sealDate: request.sealDate
                ),
                [0]
            )
        )
    }

    @Test("a ruling is canonical, reads back, verifies only as a ruling, and must rule on every request entry once")
    func rulings() throws {
        let key = try Self.key()
        let body = try Self.ruling(4)
        #expect(body.kind == .ruling && body.entries.count == 3 && body.denied == [0])
        #expect(try JSONCanonical.encode(try JSONValue.parse(body.bytes)) == body.bytes)
        #expect(try SealingBody.parse(body.bytes) == body)
        let envelope = try SealingManifest.sign(body, key: key)
        #expect(try SealingManifest.verify(envelope.encoded, key: key.publicKey) == body)
        #expect(try SealingManifest.verify(envelope.encoded, key: key.publicKey, kind: .ruling) == body)
        #expect(throws: ManifestError(.binding, "")) {
            _ = try SealingManifest.verify(envelope.encoded, key: key.publicKey, kind: .request)
        }
        let request = try SealingManifest.sign(try Self.body(4), key: key)
        #expect(throws: ManifestError(.binding, "")) {
            _ = try SealingManifest.verify(request.encoded, key: key.publicKey, kind: .ruling)
        }
        // A ruling leaf never has a request leaf's bytes.
        #expect(body.entries[1].leaf.bytes != (try Self.body(4)).entries[2].leaf.bytes)

        // Rewritten and re-signed: each inconsistency is refused at its layer.
        let text = String(decoding: body.bytes, as: UTF8.self)
        func verify(_ text: String, type: String = ManifestKind.ruling.payloadType) throws -> SealingBody {
            let envelope = try DSSEEnvelope.sign(payloadType: type, payload: Array(text.utf8), key: key)
            return try SealingManifest.verify(envelope.encoded, key: key.publicKey)
        }
        #expect(try verify(text) == body)
        for (change, why) in [
            (text.replacingOccurrences(of: "\"denied\":[0]", with: "\"denied\":[]"), "entry 0 unruled"),
            (text.replacingOccurrences(of: "\"denied\":[0]", with: "\"denied\":[0,1]"), "entry 1 ruled twice"),
            (text.replacingOccurrences(of: "\"requestIndex\":3", with: "\"requestIndex\":2"), "entry 2 twice"),
            (
                text.replacingOccurrences(of: "\"decision\":\"modified\"", with: "\"decision\":\"granted\""),
                "granted, another action"
            ),
            (
                text.replacingOccurrences(of: "\"orderDate\":\"2026-12-20\"", with: "\"orderDate\":\"2026-12-19\""),
                "another date"
            ),
            (text.replacingOccurrences(of: "\"size\":4", with: "\"size\":5"), "a request larger than ruled on"),
        ] {
            #expect(change != text, "\(why)")
            #expect(throws: ManifestError.self, "\(why)") { _ = try verify(change) }
        }
        // A ruling's body under a request's payload type, and a request leaf in a ruling.
        #expect(throws: ManifestError(.binding, "")) { _ = try verify(text, type: ManifestKind.request.payloadType) }
        #expect(throws: ManifestError(.binding, "")) {
            _ = try verify(text.replacingOccurrences(of: "\"manifest\":\"ruling\"", with: "\"manifest\":\"request\""))
        }
        // Every single-bit flip of a signed ruling is refused.
        let bytes = try SealingManifest.sign(try Self.ruling(2), key: key).encoded
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: ManifestError.self, "bit \(bit)") {
                _ = try SealingManifest.verify(flipped, key: key.publicKey)
            }
        }
    }

    @Test("a body rewritten by jq -S (sorted keys, not RFC 8785) and re-signed is refused as not canonical")
    func jqRewrite() throws {
        let key = try Self.key()
        for body in [try Self.body(3), try Self.ruling(3)] {
            for arguments in [["-S", "."], ["-S", "-c", "."]] {
                let rewritten = try runProcess("/usr/bin/jq", arguments, input: body.bytes)
                #expect(rewritten.status == 0, "\(rewritten.standardError)")
                let bytes = Array(rewritten.standardOutput.utf8)
                #expect(bytes != body.bytes)
                // It still reads as the same body: only its bytes are not the canonical ones.
                #expect(try JSONCanonical.encode(try JSONValue.parse(bytes)) == body.bytes)
                let envelope = try DSSEEnvelope.sign(payloadType: body.kind.payloadType, payload: bytes, key: key)
                #expect(throws: ManifestError(.binding, "")) {
                    _ = try SealingManifest.verify(envelope.encoded, key: key.publicKey)
                }
            }
        }
    }

    @Test("every entry's leaf is in the tree the body states: its inclusion proof verifies against the root")
    func inclusion() throws {
        let body = try Self.body(7)
        let tree = try SealingBody.tree(body.entries)
        #expect(tree.root == body.root)
        for (index, entry) in body.entries.enumerated() {
            #expect(
                try MerkleTree.verifyInclusion(
                    leaf: try TreeHash.leaf(entry.leaf.bytes),
                    index: index,
                    size: body.entries.count,
                    proof: tree.inclusionProof(for: index),
                    root: body.root
                )
            )
        }
    }
}
