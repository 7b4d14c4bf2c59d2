import Foundation
import SealCrypto
import TestSupport
import Testing

@Suite("Ed25519 keys, PEM and signatures")
struct Ed25519KeyTests {
    @Test("a generated key signs, verifies, and round-trips through PEM")
    func generatedKeyRoundTrip() throws {
        let key = try Ed25519.PrivateKey()
        let message = Array("sealing manifest".utf8)
        let signature = try key.signature(for: message)
        #expect(signature.count == 64)
        #expect(try key.publicKey.isValidSignature(signature, for: message))
        #expect(try !key.publicKey.isValidSignature(signature, for: Array("sealing manifesto".utf8)))

        let pem = try key.pemRepresentation
        #expect(pem.count == 119)
        let reread = try Ed25519.PrivateKey(pemRepresentation: pem)
        #expect(try reread.rawRepresentation == key.rawRepresentation)
        let publicPEM = try key.publicKey.pemRepresentation
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(publicPEM.utf8.count == 113)
        #expect(try Ed25519.PublicKey(pemRepresentation: publicPEM) == key.publicKey)
    }

    @Test("two generated keys differ")
    func generatedKeysDiffer() throws {
        #expect(try Ed25519.PrivateKey().publicKey != Ed25519.PrivateKey().publicKey)
    }

    @Test("the key ID is SHA-256 of the 44-byte DER SubjectPublicKeyInfo")
    func keyID() throws {
        // RFC 8032 TEST 1 public key.
        let raw = try TestSupport.hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let key = try Ed25519.PublicKey(rawRepresentation: raw)
        let der = try key.derRepresentation
        #expect(der == (try TestSupport.hex("302a300506032b6570032100")) + raw)
        #expect(try key.keyID.hexString == SHA256.hash(der).hexString)
        // keys/test/signing.pub.pem holds this key; `openssl pkey -pubin -outform DER | openssl dgst -sha256` agrees.
        #expect(try key.keyID.hexString == "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9")
    }

    @Test("signatures of the wrong length are invalid, not errors", arguments: [0, 1, 63, 65, 128])
    func wrongSignatureLength(length: Int) throws {
        let key = try Ed25519.PrivateKey()
        let message = Array("m".utf8)
        var signature = try key.signature(for: message)
        signature = Array((signature + signature + signature).prefix(length))
        #expect(try !key.publicKey.isValidSignature(signature, for: message))
    }

    @Test("a reused verifier recovers after a failed verification")
    func verifierRecovers() throws {
        let key = try Ed25519.PrivateKey()
        let message = Array("manifest".utf8)
        let good = try key.signature(for: message)
        var bad = good
        bad[10] ^= 1
        var verifier = try Ed25519.Verifier(key: key.publicKey)
        let outcomes = [
            verifier.isValidSignature(good, for: message),
            verifier.isValidSignature(bad, for: message),
            verifier.isValidSignature(good, for: message),
            verifier.isValidSignature(good, for: Array("other".utf8)),
            verifier.isValidSignature(good, for: message),
        ]
        #expect(outcomes == [true, false, true, false, true])
    }

    @Test("raw keys of the wrong length are rejected")
    func rawKeyLengths() throws {
        #expect(throws: SealCryptoError(.invalidKeyLength, "")) {
            try Ed25519.PrivateKey(rawRepresentation: SecureBytes([UInt8](repeating: 1, count: 31)))
        }
        #expect(throws: SealCryptoError(.invalidKeyLength, "")) {
            try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33))
        }
    }

    static let wrongTypePrivateKeys = ["x25519.key.pem", "rsa.key.pem", "ec.key.pem", "rsa-traditional.key.pem"]
    static let wrongTypePublicKeys = ["x25519.pub.pem", "rsa.pub.pem", "ec.pub.pem"]

    @Test("a private key of another algorithm is rejected as the wrong key type", arguments: wrongTypePrivateKeys)
    func wrongTypePrivate(file: String) throws {
        let pem = SecureBytes(try TestSupport.fixtureBytes("keys/\(file)"))
        #expect(throws: SealCryptoError(.wrongKeyType, "")) { try Ed25519.PrivateKey(pemRepresentation: pem) }
    }

    @Test("a public key of another algorithm is rejected as the wrong key type", arguments: wrongTypePublicKeys)
    func wrongTypePublic(file: String) throws {
        let pem = try TestSupport.fixtureBytes("keys/\(file)")
        #expect(throws: SealCryptoError(.wrongKeyType, "")) { try Ed25519.PublicKey(pemRepresentation: pem) }
    }

    @Test("the wrong-type error names what was found")
    func wrongTypeMessage() throws {
        let pem = SecureBytes(try TestSupport.fixtureBytes("keys/x25519.key.pem"))
        do {
            _ = try Ed25519.PrivateKey(pemRepresentation: pem)
            Issue.record("an X25519 key was accepted")
        } catch {
            #expect(error.description.contains("X25519"))
        }
    }

    @Test(
        "encrypted private keys are refused without prompting, even with an empty passphrase",
        arguments: ["ed25519-encrypted.key.pem", "ed25519-empty-passphrase.key.pem"]
    )
    func encrypted(file: String) throws {
        let pem = SecureBytes(try TestSupport.fixtureBytes("keys/\(file)"))
        #expect(throws: SealCryptoError(.encryptedPrivateKey, "")) { try Ed25519.PrivateKey(pemRepresentation: pem) }
    }

    @Test("public and private PEMs are not interchangeable")
    func publicPrivateSwap() throws {
        let privatePEM = try TestSupport.fixtureBytes("keys/ed25519.key.pem")
        let publicPEM = try TestSupport.fixtureBytes("keys/ed25519.pub.pem")
        #expect(throws: SealCryptoError(.wrongKeyType, "")) {
            try Ed25519.PrivateKey(pemRepresentation: SecureBytes(publicPEM))
        }
        #expect(throws: SealCryptoError(.wrongKeyType, "")) { try Ed25519.PublicKey(pemRepresentation: privatePEM) }
        // The file reader for either kind picks by label.
        let either = try Ed25519KeyFile(pemRepresentation: SecureBytes(privatePEM))
        #expect(try either.publicKey == Ed25519.PublicKey(pemRepresentation: publicPEM))
    }

    /// Malformed variants of a valid private key PEM, each with why it must fail.
    static func malformedPEMs() throws -> [(String, [UInt8])] {
        let good = String(decoding: try TestSupport.fixtureBytes("keys/ed25519.key.pem"), as: UTF8.self)
        let lines = good.split(separator: "\n").map(String.init)
        let publicText = String(decoding: try TestSupport.fixtureBytes("keys/ed25519.pub.pem"), as: UTF8.self)
        return [
            ("empty", []),
            ("garbage", Array("this is not a key\n".utf8)),
            ("binary", [0x30, 0x2e, 0x02, 0x01, 0x00, 0xff, 0xfe]),
            ("no END line", Array((lines.dropLast().joined(separator: "\n") + "\n").utf8)),
            ("BEGIN only", Array((lines[0] + "\n").utf8)),
            (
                "body cut short",
                Array(([lines[0], String(lines[1].prefix(20)), lines[2]].joined(separator: "\n") + "\n").utf8)
            ),
            ("body not base64", Array(([lines[0], "!!!!", lines[2]].joined(separator: "\n") + "\n").utf8)),
            (
                "mismatched END",
                Array(([lines[0], lines[1], "-----END PUBLIC KEY-----"].joined(separator: "\n") + "\n").utf8)
            ),
            ("two blocks", Array((good + publicText).utf8)),
            ("text before", Array(("hello\n" + good).utf8)),
            ("text after", Array((good + "trailing\n").utf8)),
            ("certificate label", Array(good.replacingOccurrences(of: "PRIVATE KEY", with: "CERTIFICATE").utf8)),
            // The outer SEQUENCE length 0x2e becomes 0x2f: the DER no longer parses.
            ("corrupted DER", Array(good.replacingOccurrences(of: "MC4CAQAw", with: "MC8CAQAw").utf8)),
        ]
    }

    @Test("truncated, garbage or multi-block PEM is invalidPEM")
    func malformed() throws {
        for (name, bytes) in try Self.malformedPEMs() {
            #expect(throws: SealCryptoError(.invalidPEM, ""), "\(name)") {
                try Ed25519.PrivateKey(pemRepresentation: SecureBytes(bytes))
            }
        }
    }

    @Test("an OpenSSL failure carries the drained error queue, and the next failure starts from an empty queue")
    func errorQueueDrained() throws {
        let good = String(decoding: try TestSupport.fixtureBytes("keys/ed25519.key.pem"), as: UTF8.self)
        let corrupt = SecureBytes(good.replacingOccurrences(of: "MC4CAQAw", with: "MC8CAQAw").utf8)
        var counts: [Int] = []
        for _ in 0..<3 {
            do {
                _ = try Ed25519.PrivateKey(pemRepresentation: corrupt)
                Issue.record("a corrupt key was accepted")
            } catch {
                #expect(error.failingFunction == "PEM_read_bio_PrivateKey")
                #expect(!error.openSSLErrors.isEmpty)
                counts.append(error.openSSLErrors.count)
            }
        }
        // Entries do not pile up: each failure reports only its own.
        #expect(Set(counts).count == 1)
        // And a later success is unaffected.
        #expect(try Ed25519.PrivateKey(pemRepresentation: good).publicKey.rawRepresentation.count == 32)
    }

    @Test("CRLF line endings and surrounding blank lines are accepted")
    func crlf() throws {
        let good = String(decoding: try TestSupport.fixtureBytes("keys/ed25519.key.pem"), as: UTF8.self)
        let crlf = "\n" + good.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n"
        let key = try Ed25519.PrivateKey(pemRepresentation: crlf)
        #expect(
            try key.publicKey
                == Ed25519.PublicKey(pemRepresentation: try TestSupport.fixtureBytes("keys/ed25519.pub.pem"))
        )
    }

    @Test("secret-bearing types never print their bytes")
    func redaction() throws {
        let key = try Ed25519.PrivateKey()
        #expect("\(key)" == "Ed25519.PrivateKey(<redacted>)")
        #expect(String(reflecting: key) == "Ed25519.PrivateKey(<redacted>)")
        let seedHex = TestSupport.hexString(try key.rawRepresentation.withUnsafeBytes { Array($0) })
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(seedHex))
        #expect(!"\(try key.rawRepresentation)".contains(seedHex))
        #expect("\(SymmetricKey(bytes: [1, 2, 3]))" == "SymmetricKey(<redacted>)")
        #expect("\(SecureBytes([0xde, 0xad]))" == "SecureBytes(<redacted>, count: 2)")
    }
}
