import SealCrypto
import TestSupport
import Testing

struct RFCFile<Test: Decodable & Sendable>: Decodable {
    let source: String
    let tests: [Test]
}

struct RFC4231Case: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let key: String
    let data: String
    let tag: String
    var testDescription: String { name }
}

struct RFC5869Case: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let ikm: String
    let salt: String
    let info: String
    let length: Int
    let okm: String
    var testDescription: String { name }
}

struct RFC8032Case: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let secretKey: String
    let publicKey: String
    let message: String
    let signature: String
    var testDescription: String { name }
}

@Suite("RFC known answers")
struct RFCVectorTests {
    static let hmacCases = try! TestSupport.decodeFixture(
        RFCFile<RFC4231Case>.self,
        "vectors/rfc/rfc4231-hmac-sha256.json"
    ).tests
    static let hkdfCases = try! TestSupport.decodeFixture(
        RFCFile<RFC5869Case>.self,
        "vectors/rfc/rfc5869-hkdf-sha256.json"
    ).tests
    static let ed25519Cases = try! TestSupport.decodeFixture(
        RFCFile<RFC8032Case>.self,
        "vectors/rfc/rfc8032-ed25519.json"
    ).tests

    @Test("the fixture files hold every case of the RFCs")
    func counts() {
        #expect(Self.hmacCases.count == 7)
        #expect(Self.hkdfCases.count == 3)
        #expect(Self.ed25519Cases.count == 5)
    }

    @Test("RFC 4231 HMAC-SHA-256", arguments: hmacCases)
    func rfc4231(_ vector: RFC4231Case) throws {
        let key = SymmetricKey(bytes: try TestSupport.hex(vector.key))
        let data = try TestSupport.hex(vector.data)
        let expected = try TestSupport.hex(vector.tag)
        let oneShot = try HMACSHA256.authenticationCode(for: data, using: key)
        #expect(Array(oneShot.bytes.prefix(expected.count)) == expected)
        var context = try HMACSHA256.Context(key: key)
        let reused = try context.authenticationCode(for: data)
        #expect(reused == oneShot)
        #expect(try HMACSHA256.isValidAuthenticationCode(expected, authenticating: data, using: key))
    }

    @Test("RFC 5869 HKDF-SHA-256", arguments: hkdfCases)
    func rfc5869(_ vector: RFC5869Case) throws {
        let okm = try HKDFSHA256.deriveKey(
            inputKeyMaterial: SymmetricKey(bytes: try TestSupport.hex(vector.ikm)),
            salt: try TestSupport.hex(vector.salt),
            info: try TestSupport.hex(vector.info),
            outputByteCount: vector.length
        )
        #expect(okm.withUnsafeBytes { Array($0) } == (try TestSupport.hex(vector.okm)))
    }

    @Test("RFC 8032 section 7.1 Ed25519: public key and signature bytes reproduced exactly", arguments: ed25519Cases)
    func rfc8032(_ vector: RFC8032Case) throws {
        let seed = SecureBytes(try TestSupport.hex(vector.secretKey))
        let key = try Ed25519.PrivateKey(rawRepresentation: seed)
        let message = try TestSupport.hex(vector.message)
        let expected = try TestSupport.hex(vector.signature)
        #expect(try key.publicKey.rawRepresentation == (try TestSupport.hex(vector.publicKey)))
        #expect(try key.rawRepresentation == seed)
        #expect(try key.signature(for: message) == expected)
        var signer = try Ed25519.Signer(key: key)
        let first = try signer.signature(for: message)
        let second = try signer.signature(for: message)
        #expect(first == expected)
        #expect(second == expected)
        let publicKey = try Ed25519.PublicKey(rawRepresentation: try TestSupport.hex(vector.publicKey))
        #expect(publicKey.isValidSignature(expected, for: message))
        var tampered = expected
        tampered[0] ^= 0x01
        #expect(!publicKey.isValidSignature(tampered, for: message))
    }
}
