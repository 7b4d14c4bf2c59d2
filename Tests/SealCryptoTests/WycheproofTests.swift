import SealCrypto
import TestSupport
import Testing

// Wycheproof (C2SP/wycheproof, Apache-2.0; Fixtures/vectors/README.md): every test of the three files
// runs, each result is honoured (`valid` must pass, `invalid` must fail; none of these files has
// `acceptable` cases), and each suite checks how many ran against the file's own `numberOfTests`.

struct WycheproofFile<Group: Decodable>: Decodable {
    let algorithm: String
    let numberOfTests: Int
    let testGroups: [Group]
}

struct MACGroup: Decodable {
    let keySize: Int
    let tagSize: Int
    let tests: [MACTest]
}

struct MACTest: Decodable {
    let tcId: Int
    let key: String
    let msg: String
    let tag: String
    let result: String
}

struct HKDFGroup: Decodable {
    let tests: [HKDFTest]
}

struct HKDFTest: Decodable {
    let tcId: Int
    let ikm: String
    let salt: String
    let info: String
    let size: Int
    let okm: String
    let result: String
    let flags: [String]
}

struct EdDSAGroup: Decodable {
    struct Key: Decodable { let pk: String }
    let publicKey: Key
    let publicKeyPem: String
    let tests: [EdDSATest]
}

struct EdDSATest: Decodable {
    let tcId: Int
    let msg: String
    let sig: String
    let result: String
}

@Suite("Wycheproof conformance")
struct WycheproofTests {
    @Test("HMAC-SHA256: all 174 vectors, including 128-bit truncated tags")
    func hmacSHA256() throws {
        let file = try TestSupport.decodeFixture(
            WycheproofFile<MACGroup>.self,
            "vectors/wycheproof/hmac_sha256_test.json"
        )
        var ran = 0
        var valid = 0
        for group in file.testGroups {
            for test in group.tests {
                let key = SymmetricKey(bytes: try TestSupport.hex(test.key))
                let message = try TestSupport.hex(test.msg)
                let expected = try TestSupport.hex(test.tag)
                #expect(expected.count * 8 == group.tagSize, "tcId \(test.tcId)")
                let computed = try HMACSHA256.authenticationCode(for: message, using: key)
                let matches = Array(computed.bytes.prefix(expected.count)) == expected
                let accepted = try HMACSHA256.isValidAuthenticationCode(expected, authenticating: message, using: key)
                switch test.result {
                case "valid":
                    #expect(matches, "tcId \(test.tcId)")
                    #expect(accepted, "tcId \(test.tcId)")
                    valid += 1
                case "invalid":
                    #expect(!matches, "tcId \(test.tcId)")
                    #expect(!accepted, "tcId \(test.tcId)")
                default:
                    Issue.record("tcId \(test.tcId): unexpected result \(test.result)")
                }
                ran += 1
            }
        }
        print(
            "Wycheproof HMAC-SHA256: \(ran) of \(file.numberOfTests) vectors ran (\(valid) valid, \(ran - valid) invalid)"
        )
        #expect(ran == file.numberOfTests)
        #expect(ran == 174)
        #expect(valid == 66)
    }

    @Test("HKDF-SHA256: all 86 vectors; SizeTooLarge (8161 bytes) throws")
    func hkdfSHA256() throws {
        let file = try TestSupport.decodeFixture(
            WycheproofFile<HKDFGroup>.self,
            "vectors/wycheproof/hkdf_sha256_test.json"
        )
        var ran = 0
        var rejected = 0
        for group in file.testGroups {
            for test in group.tests {
                let ikm = SymmetricKey(bytes: try TestSupport.hex(test.ikm))
                let derive = {
                    try HKDFSHA256.deriveKey(
                        inputKeyMaterial: ikm,
                        salt: try TestSupport.hex(test.salt),
                        info: try TestSupport.hex(test.info),
                        outputByteCount: test.size
                    )
                }
                switch test.result {
                case "valid":
                    let okm = try derive()
                    #expect(okm.withUnsafeBytes { Array($0) } == (try TestSupport.hex(test.okm)), "tcId \(test.tcId)")
                case "invalid":
                    #expect(test.flags.contains("SizeTooLarge"), "tcId \(test.tcId)")
                    #expect(throws: SealCryptoError(.invalidOutputLength, "")) { try derive() }
                    rejected += 1
                default:
                    Issue.record("tcId \(test.tcId): unexpected result \(test.result)")
                }
                ran += 1
            }
        }
        print("Wycheproof HKDF-SHA256: \(ran) of \(file.numberOfTests) vectors ran (\(rejected) SizeTooLarge rejected)")
        #expect(ran == file.numberOfTests)
        #expect(ran == 86)
        #expect(rejected == 3)
    }

    @Test("Ed25519 verification: all 151 vectors, with one-shot and reused verifiers")
    func ed25519() throws {
        let file = try TestSupport.decodeFixture(
            WycheproofFile<EdDSAGroup>.self,
            "vectors/wycheproof/ed25519_test.json"
        )
        var ran = 0
        var valid = 0
        for group in file.testGroups {
            let key = try Ed25519.PublicKey(rawRepresentation: try TestSupport.hex(group.publicKey.pk))
            // The group's PEM is the same key.
            #expect(try Ed25519.PublicKey(pemRepresentation: group.publicKeyPem) == key)
            var verifier = try Ed25519.Verifier(key: key)
            for test in group.tests {
                let message = try TestSupport.hex(test.msg)
                let signature = try TestSupport.hex(test.sig)
                let oneShot = key.isValidSignature(signature, for: message)
                let reused = verifier.isValidSignature(signature, for: message)
                switch test.result {
                case "valid":
                    #expect(oneShot, "tcId \(test.tcId)")
                    #expect(reused, "tcId \(test.tcId)")
                    valid += 1
                case "invalid":
                    #expect(!oneShot, "tcId \(test.tcId)")
                    #expect(!reused, "tcId \(test.tcId)")
                default:
                    Issue.record("tcId \(test.tcId): unexpected result \(test.result)")
                }
                ran += 1
            }
        }
        print(
            "Wycheproof Ed25519: \(ran) of \(file.numberOfTests) vectors ran (\(valid) valid, \(ran - valid) invalid)"
        )
        #expect(ran == file.numberOfTests)
        #expect(ran == 151)
        #expect(valid == 88)
    }
}
