import Foundation
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import Manifest

/// DSSE envelopes, C2SP signed notes and tlog-checkpoints: the published examples, round trips, every
/// single-bit flip refused, the wrong key refused, and the stock `openssl` command verifying what
/// SealKit signs.
@Suite("DSSE envelopes, signed notes and checkpoints")
struct EnvelopeAndNoteTests {
    static let payloadType = "application/vnd.sealkit.sealing-manifest+json"

    /// The test signing key of the repository.
    static func testKey() throws -> Ed25519.PrivateKey {
        try Ed25519.PrivateKey(
            pemRepresentation: String(
                decoding: try TestSupport.repositoryBytes("keys/test/signing.key.pem"),
                as: UTF8.self
            )
        )
    }

    /// Whether `openssl pkeyutl -verify -rawin` accepts `signature` over `message` with the repository's
    /// test public key.
    static func opensslVerifies(_ message: [UInt8], _ signature: [UInt8]) throws -> ProcessResult {
        let openssl = try #require(which("openssl"), "the openssl command is needed")
        let folder = try TemporaryDirectory()
        let publicKey = TestSupport.repositoryRoot.appendingPathComponent("keys/test/signing.pub.pem").path
        return try runProcess(
            openssl,
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in",
                try folder.write("message", message),
                "-sigfile", try folder.write("signature", signature),
            ]
        )
    }

    @Test("PAE is the DSSE specification's example byte for byte")
    func pae() {
        let pae = DSSEEnvelope.pae(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        #expect(DSSEEnvelope.pae(payloadType: "t", payload: []) == Array("DSSEv1 1 t 0 ".utf8))
    }

    @Test("an envelope signs, encodes canonically, reads back and verifies; the same inputs give the same bytes")
    func roundTrip() throws {
        let key = try Self.testKey()
        let body = Array(#"{"entries":[],"tree":{"size":0}}"#.utf8)
        let envelope = try DSSEEnvelope.sign(payloadType: Self.payloadType, payload: body, key: key)
        let bytes = envelope.encoded
        #expect(bytes == (try DSSEEnvelope.sign(payloadType: Self.payloadType, payload: body, key: key)).encoded)
        // The encoding is RFC 8785: canonicalizing it changes nothing.
        #expect(try JSONCanonical.encode(try JSONValue.parse(bytes)) == bytes)
        let read = try DSSEEnvelope.parse(bytes)
        #expect(read == envelope)
        #expect(try read.verifiedPayload(key: key.publicKey, payloadType: Self.payloadType) == body)
    }

    @Test("every single-bit flip of an envelope is refused: by the reader, the signature or the binding")
    func bitFlips() throws {
        let key = try Self.testKey()
        let bytes = try DSSEEnvelope.sign(payloadType: Self.payloadType, payload: Array(#"{"a":1}"#.utf8), key: key)
            .encoded
        var refused = 0
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            do {
                _ = try DSSEEnvelope.parse(flipped).verifiedPayload(key: key.publicKey, payloadType: Self.payloadType)
                Issue.record("bit \(bit) of the envelope flipped and still verified")
            } catch {
                refused += 1
            }
        }
        #expect(refused == bytes.count * 8)
    }

    @Test("another key, another payload type, an altered key ID, extra or missing keys: each refused with its reason")
    func refusals() throws {
        let key = try Self.testKey()
        let envelope = try DSSEEnvelope.sign(payloadType: Self.payloadType, payload: Array("{}".utf8), key: key)
        let other = try Ed25519.PrivateKey()
        #expect(throws: ManifestError(.signature, "")) {
            _ = try envelope.verifiedPayload(key: other.publicKey, payloadType: Self.payloadType)
        }
        #expect(throws: ManifestError(.binding, "")) {
            _ = try envelope.verifiedPayload(key: key.publicKey, payloadType: "application/json")
        }
        let text = String(decoding: envelope.encoded, as: UTF8.self)
        let keyID = try key.publicKey.keyID.hexString
        let altered = text.replacingOccurrences(
            of: keyID,
            with: String(keyID.dropLast()) + (keyID.hasSuffix("0") ? "1" : "0")
        )
        #expect(throws: ManifestError(.signature, "")) {
            _ = try DSSEEnvelope.parse(Array(altered.utf8)).verifiedPayload(
                key: key.publicKey,
                payloadType: Self.payloadType
            )
        }
        for bad in [
            text.replacingOccurrences(of: "{\"payload\"", with: "{\"extra\":1,\"payload\""),
            text.replacingOccurrences(of: "\"payloadType\":\"\(Self.payloadType)\",", with: ""),
            text.replacingOccurrences(of: "\"sig\":\"", with: "\"sig\":\" "),
            text.replacingOccurrences(of: "{\"payload\"", with: "{\"payload\":\"e30=\",\"payload\""),
            text.replacingOccurrences(of: "\"signatures\":[{", with: "\"signatures\":[],\"x\":[{"),
        ] {
            #expect(throws: ManifestError(.malformed, "")) { _ = try DSSEEnvelope.parse(Array(bad.utf8)) }
        }
    }

    @Test("the stock openssl command verifies the envelope's signature over the PAE")
    func opensslVerifiesPAE() throws {
        let key = try Self.testKey()
        let envelope = try DSSEEnvelope.sign(payloadType: Self.payloadType, payload: Array(#"{"x":[]}"#.utf8), key: key)
        let pae = DSSEEnvelope.pae(payloadType: envelope.payloadType, payload: envelope.payload)
        let result = try Self.opensslVerifies(pae, envelope.signatures[0].bytes)
        #expect(result.status == 0, "\(result.standardError)")
    }

    // MARK: - Signed notes

    static let goText =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote =
        goText
        + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test("Go's note example: the key hash, the verifier key, the signature byte for byte, and its verification")
    func goExample() throws {
        let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        let raw = try #require(Base64.decode(verifierKey.split(separator: "+")[2]))
        #expect(raw.first == 0x01 && raw.count == 33)
        let verifier = try #require(
            try NoteVerifier(name: "PeterNeumann", publicKey: try Ed25519.PublicKey(rawRepresentation: raw.dropFirst()))
        )
        #expect(Hex.encode(verifier.keyHash) == "c74f20a3")
        #expect(verifier.encoded == verifierKey)
        let note = try SignedNote.parse(Array(Self.goNote.utf8))
        #expect(try note.verifiedText(by: verifier) == Self.goText)
        let seed = try #require(Base64.decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")).dropFirst()
        let key = try Ed25519.PrivateKey(rawRepresentation: SecureBytes(Array(seed)))
        #expect(try SignedNote.sign(text: Self.goText, name: "PeterNeumann", key: key).encoded == Self.goNote)
    }

    @Test("every single-bit flip of a signed checkpoint is refused; another key's verifier finds no signature")
    func noteBitFlips() throws {
        let key = try Self.testKey()
        let verifier = try #require(try NoteVerifier(name: "sealkit.example/test", publicKey: key.publicKey))
        let checkpoint = Checkpoint(origin: "sealkit.example/test", size: 3, root: try TreeHash.leaf([1, 2, 3]))
        let bytes = Array(try SignedNote.sign(text: checkpoint.text, name: verifier.name, key: key).encoded.utf8)
        func open(_ bytes: [UInt8]) throws -> Checkpoint {
            try Checkpoint.parse(try SignedNote.parse(bytes).verifiedText(by: verifier), origin: "sealkit.example/test")
        }
        #expect(try open(bytes) == checkpoint)
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: ManifestError.self, "bit \(bit)") { _ = try open(flipped) }
        }
        let other = try #require(
            try NoteVerifier(name: "sealkit.example/test", publicKey: try Ed25519.PrivateKey().publicKey)
        )
        #expect(throws: ManifestError(.signature, "")) { _ = try SignedNote.parse(bytes).verifiedText(by: other) }
    }

    @Test("a checkpoint is exactly origin, size and root: another origin, a leading zero, an extra line are refused")
    func checkpointText() throws {
        let root = try TreeHash.leaf([])
        let checkpoint = Checkpoint(origin: "sealkit.example/la", size: 120, root: root)
        #expect(checkpoint.text == "sealkit.example/la\n120\n\(Base64.encode(root.bytes))\n")
        #expect(try Checkpoint.parse(checkpoint.text, origin: "sealkit.example/la") == checkpoint)
        #expect(throws: ManifestError(.binding, "")) {
            _ = try Checkpoint.parse(checkpoint.text, origin: "sealkit.example/sf")
        }
        for bad in [
            checkpoint.text.replacingOccurrences(of: "\n120\n", with: "\n0120\n"),
            checkpoint.text.replacingOccurrences(of: "\n120\n", with: "\n-1\n"),
            checkpoint.text + "extension\n",
            String(checkpoint.text.dropLast()),
        ] {
            #expect(throws: ManifestError(.malformed, "")) {
                _ = try Checkpoint.parse(bad, origin: "sealkit.example/la")
            }
        }
    }

    @Test("the stock openssl command verifies a checkpoint's signature once the key hash is dropped")
    func opensslVerifiesNote() throws {
        let key = try Self.testKey()
        let checkpoint = Checkpoint(origin: "sealkit.example/test", size: 1, root: try TreeHash.leaf([7]))
        let note = try SignedNote.sign(text: checkpoint.text, name: "sealkit.example/test", key: key)
        let result = try Self.opensslVerifies(Array(note.text.utf8), note.signatures[0].bytes)
        #expect(result.status == 0, "\(result.standardError)")
    }
}
