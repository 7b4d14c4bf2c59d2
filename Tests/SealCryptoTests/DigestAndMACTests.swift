import SealCrypto
import TestSupport
import Testing

@Suite("SHA-256 and HMAC-SHA256")
struct DigestAndMACTests {
    @Test("SHA-256 known answers (FIPS 180-4 examples)")
    func sha256KnownAnswers() throws {
        #expect(
            try SHA256.hash(Array("abc".utf8)).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        #expect(
            try SHA256.hash([UInt8]()).hexString
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(
            try SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test("streaming SHA-256 equals one-shot for every chunking", arguments: [1, 7, 63, 64, 65, 1000])
    func sha256Streaming(chunk: Int) throws {
        let message = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = try SHA256()
        var offset = 0
        while offset < message.count {
            try hasher.update(message[offset..<min(offset + chunk, message.count)])
            offset += chunk
        }
        let streamed = try hasher.finalize()
        #expect(streamed == (try SHA256.hash(message)))
    }

    @Test("one million 'a' (FIPS 180-4) streamed in 1000 updates")
    func sha256MillionA() throws {
        var hasher = try SHA256()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { try hasher.update(block) }
        let digest = try hasher.finalize()
        #expect(digest.hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a reused HMAC context gives the same known tag three times (re-arm guard, openssl#17811)")
    func hmacContextRearms() throws {
        let key = SymmetricKey(bytes: [UInt8](repeating: 0x0b, count: 20))
        var context = try HMACSHA256.Context(key: key)
        let expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        var tags: [String] = []
        for _ in 0..<3 {
            tags.append(try context.authenticationCode(for: Array("Hi There".utf8)).hexString)
        }
        // Interleaving other messages does not disturb it.
        _ = try context.authenticationCode(for: Array("something else".utf8))
        tags.append(try context.authenticationCode(for: Array("Hi There".utf8)).hexString)
        #expect(tags == [String](repeating: expected, count: 4))
    }

    @Test("the into: form writes the tag into the caller's buffer")
    func hmacIntoBuffer() throws {
        let key = SymmetricKey(bytes: Array("Jefe".utf8))
        var context = try HMACSHA256.Context(key: key)
        var tag = [UInt8](repeating: 0, count: 40)
        try tag.withUnsafeMutableBytes { buffer in
            try context.authenticationCode(for: Array("what do ya want for nothing?".utf8), into: buffer)
        }
        #expect(
            TestSupport.hexString(tag.prefix(32)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        #expect(tag.suffix(8) == [UInt8](repeating: 0, count: 8))
        // A non-contiguous sequence gives the same tag as its array.
        let lazy = "what do ya want for nothing?".utf8.lazy.map { $0 }
        let fromLazy = try context.authenticationCode(for: lazy)
        #expect(fromLazy.bytes == Array(tag.prefix(32)))
    }

    @Test("an empty key and an empty message are valid HMAC inputs")
    func hmacEmptyInputs() throws {
        // openssl mac -digest SHA256 -macopt hexkey: HMAC < /dev/null
        let tag = try HMACSHA256.authenticationCode(for: [UInt8](), using: SymmetricKey(bytes: [UInt8]()))
        #expect(tag.hexString == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("tag checks: wrong, too short and too long codes are rejected")
    func hmacValidation() throws {
        let key = SymmetricKey(bytes: Array("key".utf8))
        let message = Array("message".utf8)
        let tag = try HMACSHA256.authenticationCode(for: message, using: key).bytes
        #expect(try HMACSHA256.isValidAuthenticationCode(tag, authenticating: message, using: key))
        #expect(try HMACSHA256.isValidAuthenticationCode(tag.prefix(16), authenticating: message, using: key))
        #expect(try !HMACSHA256.isValidAuthenticationCode(tag.prefix(15), authenticating: message, using: key))
        #expect(try !HMACSHA256.isValidAuthenticationCode(tag + [0], authenticating: message, using: key))
        var wrong = tag
        wrong[31] ^= 0x80
        #expect(try !HMACSHA256.isValidAuthenticationCode(wrong, authenticating: message, using: key))
    }

    @Test("HKDF output lengths outside 1...8160 throw; the bounds themselves work")
    func hkdfBounds() throws {
        let ikm = SymmetricKey(bytes: [UInt8](repeating: 1, count: 32))
        for length in [0, -1, 8161] {
            #expect(throws: SealCryptoError(.invalidOutputLength, "")) {
                try HKDFSHA256.deriveKey(
                    inputKeyMaterial: ikm,
                    salt: [UInt8](),
                    info: [UInt8](),
                    outputByteCount: length
                )
            }
        }
        for length in [1, 8160] {
            let key = try HKDFSHA256.deriveKey(
                inputKeyMaterial: ikm,
                salt: [UInt8](),
                info: [UInt8](),
                outputByteCount: length
            )
            #expect(key.byteCount == length)
        }
    }

    @Test("an HMAC tag buffer shorter than 32 bytes is a programmer error")
    func hmacShortBufferTraps() async {
        await #expect(processExitsWith: .failure) {
            var context = try HMACSHA256.Context(key: SymmetricKey(bytes: [1, 2, 3]))
            var tag = [UInt8](repeating: 0, count: 31)
            try tag.withUnsafeMutableBytes { try context.authenticationCode(for: [UInt8](), into: $0) }
        }
    }
}
