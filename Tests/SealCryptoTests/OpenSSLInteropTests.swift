import Foundation
import SealCrypto
import TestSupport
import Testing

/// Interoperability with the stock `openssl` command (OpenSSL 3): what SealKit writes, openssl reads,
/// and the other way round. `make test` installs the command; a missing one fails these tests.
@Suite("Interoperability with the openssl command")
struct OpenSSLInteropTests {
    let openssl: String
    let folder: TemporaryDirectory

    init() throws {
        openssl = try #require(which("openssl"), "the openssl command is needed (apt-get install openssl)")
        folder = try TemporaryDirectory()
    }

    func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(openssl, arguments)
    }

    @Test("a SealKit signature verifies with openssl pkeyutl -verify -rawin, and a tampered one does not")
    func sealKitSignatureVerifiesWithOpenSSL() throws {
        let key = try Ed25519.PrivateKey()
        // pkeyutl -rawin refuses empty input in OpenSSL 3.0, so the message is not empty.
        let message = Array("DSSEv1 51 application/vnd.sealkit.sealing-manifest+json 2 {}".utf8)
        let publicPath = try folder.write("pub.pem", Array(try key.publicKey.pemRepresentation.utf8), mode: 0o644)
        let messagePath = try folder.write("msg", message)
        let signaturePath = try folder.write("sig", try key.signature(for: message))
        let verified = try run([
            "pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", messagePath, "-sigfile",
            signaturePath,
        ])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("Signature Verified Successfully"))

        var tampered = try key.signature(for: message)
        tampered[63] ^= 0x01
        let tamperedPath = try folder.write("sig.bad", tampered)
        let refused = try run([
            "pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", messagePath, "-sigfile",
            tamperedPath,
        ])
        #expect(refused.status == 1)
    }

    @Test("an openssl-made key and signature verify in SealKit, byte-identical to SealKit's own")
    func openSSLSignatureVerifiesInSealKit() throws {
        let keyPath = folder.file("key.pem")
        #expect(try run(["genpkey", "-algorithm", "ed25519", "-out", keyPath]).status == 0)
        let messagePath = try folder.write("msg", Array("auditor check".utf8))
        let signaturePath = folder.file("sig")
        let signed = try run([
            "pkeyutl", "-sign", "-rawin", "-inkey", keyPath, "-in", messagePath, "-out", signaturePath,
        ])
        #expect(signed.status == 0, "\(signed.standardError)")

        let key = try Ed25519.PrivateKey(
            pemRepresentation: SecureBytes(try Data(contentsOf: URL(fileURLWithPath: keyPath)))
        )
        let signature = Array(try Data(contentsOf: URL(fileURLWithPath: signaturePath)))
        let message = Array("auditor check".utf8)
        #expect(try key.publicKey.isValidSignature(signature, for: message))
        #expect(try key.signature(for: message) == signature)
    }

    @Test("openssl pkey reads the PEM files SealKit writes, and agrees on the public key and key ID")
    func openSSLReadsSealKitPEM() throws {
        let key = try Ed25519.PrivateKey()
        let privatePath = try folder.write("key.pem", try key.pemRepresentation.withUnsafeBytes { Array($0) })
        let publicPath = try folder.write("pub.pem", Array(try key.publicKey.pemRepresentation.utf8), mode: 0o644)

        let privateRead = try run(["pkey", "-in", privatePath, "-pubout"])
        #expect(privateRead.status == 0, "\(privateRead.standardError)")
        #expect(privateRead.standardOutput == (try key.publicKey.pemRepresentation))

        let publicRead = try run([
            "pkey", "-pubin", "-in", publicPath, "-outform", "DER", "-out", folder.file("pub.der"),
        ])
        #expect(publicRead.status == 0, "\(publicRead.standardError)")
        let der = Array(try Data(contentsOf: folder.url.appendingPathComponent("pub.der")))
        #expect(der == (try key.publicKey.derRepresentation))
        let digest = try run(["dgst", "-sha256", "-r", folder.file("pub.der")])
        #expect(digest.standardOutput.hasPrefix(try key.publicKey.keyID.hexString + " "))
    }

    @Test("HMAC-SHA256 equals openssl mac")
    func hmacMatchesOpenSSL() throws {
        let keyBytes = try SecureRandom.bytes(count: 32)
        let message = Array("10:subject-id,8:18675309,".utf8)
        let messagePath = try folder.write("msg", message)
        let result = try run([
            "mac", "-digest", "SHA256", "-macopt", "hexkey:" + TestSupport.hexString(keyBytes), "-in", messagePath,
            "HMAC",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let tag = try HMACSHA256.authenticationCode(for: message, using: SymmetricKey(bytes: keyBytes))
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == tag.hexString)
    }

    @Test("HKDF-SHA256 and the master secret's derivations equal openssl kdf (privacy.md 1.2)")
    func hkdfMatchesOpenSSL() throws {
        let master = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        let secret = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(master)), epoch: 1)
        for (info, length) in [("sealkit/v1/subject-pseudonym/norm-1/epoch-1", 32), ("sealkit/v1/key-check", 8)] {
            let result = try run([
                "kdf", "-keylen", "\(length)", "-kdfopt", "digest:SHA256", "-kdfopt", "hexkey:\(master)",
                "-kdfopt", "salt:sealkit/v1", "-kdfopt", "info:\(info)", "HKDF",
            ])
            #expect(result.status == 0, "\(result.standardError)")
            let fromCLI = result.standardOutput.filter { $0.isHexDigit }.lowercased()
            let derived =
                length == 8
                ? try secret.keyCheckValue
                : try secret.deriveKey(info: info).withUnsafeBytes { TestSupport.hexString($0) }
            #expect(fromCLI == derived, "\(info)")
        }
    }

    @Test("SHA-256 equals openssl dgst")
    func sha256MatchesOpenSSL() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = try folder.write("data", bytes)
        let result = try run(["dgst", "-sha256", "-r", path])
        #expect(result.standardOutput.hasPrefix(try SHA256.hash(bytes).hexString + " "))
    }
}
