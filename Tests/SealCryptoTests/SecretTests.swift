import SealCrypto
import TestSupport
import Testing

@Suite("Secrets: SecureBytes, constant-time compare, master secret file")
struct SecretTests {
    static let testMaster = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

    @Test("constant-time equality: equal, different, different lengths, empty")
    func constantTime() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(constantTimeEquals([] as [UInt8], [] as [UInt8]))
        #expect(SecureBytes([9, 9]) == SecureBytes([9, 9]))
        #expect(SecureBytes([9, 9]) != SecureBytes([9, 8]))
    }

    @Test("random secrets have the requested length and differ")
    func randomness() throws {
        let a = try SecureBytes.random(count: 32)
        let b = try SecureBytes.random(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(try SecureRandom.bytes(count: 16) != SecureRandom.bytes(count: 16))
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test("the key check value of the published test master is 8666a85d21462a5d (privacy.md 1.2)")
    func keyCheckValue() throws {
        let master = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(Self.testMaster)), epoch: 1)
        #expect(try master.keyCheckValue == "8666a85d21462a5d")
        // Purpose key of privacy.md 1.2, also reproduced with `openssl kdf` by the interop tests.
        let key = try master.deriveKey(info: "sealkit/v1/subject-pseudonym/norm-1/epoch-1")
        #expect(
            key.withUnsafeBytes { TestSupport.hexString($0) }
                == "c6adad3203d2a9c3415a9456c0154ace3a0daf739e1975c08458b7455b03b806"
        )
    }

    @Test("a master secret shorter than 32 bytes is refused", arguments: [0, 16, 31])
    func tooShort(length: Int) {
        #expect(throws: SealCryptoError(.secretTooShort, "")) {
            try MasterSecret(bytes: SecureBytes([UInt8](repeating: 7, count: length)), epoch: 1)
        }
    }

    @Test("the secret file round-trips, and the committed test secret reads")
    func fileRoundTrip() throws {
        let master = try MasterSecret.generate(epoch: 3)
        let reread = try MasterSecret(fileRepresentation: master.fileRepresentation)
        #expect(reread.key == master.key)
        #expect(reread.epoch == 3)
        let committed = try MasterSecret(
            fileRepresentation: SecureBytes(try TestSupport.fixtureBytes("../keys/test/pseudonym.secret"))
        )
        #expect(try committed.keyCheckValue == "8666a85d21462a5d")
        #expect(committed.epoch == 1)
    }

    @Test("the secret never appears in the description")
    func secretRedacted() throws {
        let master = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(Self.testMaster)), epoch: 1)
        #expect("\(master)" == "MasterSecret(<redacted>, epoch: 1)")
        var dumped = ""
        dump(master, to: &dumped)
        #expect(!dumped.contains("0001020304"))
    }

    static func file(_ lines: [String]) -> SecureBytes {
        SecureBytes((lines.joined(separator: "\n") + "\n").utf8)
    }

    static let valid = [
        "sealkit-pseudonym-secret v1", "epoch 1", "secret \(testMaster)", "check 8666a85d21462a5d",
    ]

    @Test("malformed secret files are refused with the line number and never the secret")
    func malformedFiles() throws {
        let cases: [(String, [String], SealCryptoError.Code, String)] = [
            ("wrong magic", ["sealkit-pseudonym-secret v2"] + Self.valid.dropFirst(), .invalidSecretFile, "line 1"),
            ("missing check", Array(Self.valid.dropLast()), .invalidSecretFile, "missing the 'check' line"),
            ("altered check", Self.valid.dropLast() + ["check 8666a85d21462a5e"], .invalidSecretFile, "line 4"),
            (
                "odd digits", ["sealkit-pseudonym-secret v1", "epoch 1", "secret 0001020", "check 0000000000000000"],
                .invalidSecretFile, "line 3"
            ),
            (
                "not hex",
                [
                    "sealkit-pseudonym-secret v1", "epoch 1", "secret " + String(repeating: "zz", count: 32),
                    "check 0000000000000000",
                ], .invalidSecretFile, "line 3"
            ),
            (
                "short secret",
                [
                    "sealkit-pseudonym-secret v1", "epoch 1", "secret " + String(repeating: "ab", count: 31),
                    "check 0000000000000000",
                ], .secretTooShort, "line 3"
            ),
            (
                "epoch zero", ["sealkit-pseudonym-secret v1", "epoch 0"] + Self.valid.dropFirst(2), .invalidSecretFile,
                "line 2"
            ),
            (
                "epoch leading zero", ["sealkit-pseudonym-secret v1", "epoch 01"] + Self.valid.dropFirst(2),
                .invalidSecretFile, "line 2"
            ),
            (
                "out of order", [Self.valid[0], Self.valid[2], Self.valid[1], Self.valid[3]], .invalidSecretFile,
                "line 2"
            ),
            ("extra line", Self.valid + ["note hello"], .invalidSecretFile, "line 5"),
            (
                "two secrets", [Self.valid[0], Self.valid[1], Self.valid[2], Self.valid[2], Self.valid[3]],
                .invalidSecretFile, "line 4"
            ),
            ("empty", [], .invalidSecretFile, "missing"),
        ]
        for (name, lines, code, location) in cases {
            do {
                _ = try MasterSecret(fileRepresentation: Self.file(lines))
                Issue.record("\(name): accepted")
            } catch {
                #expect(error.code == code, "\(name)")
                #expect(error.description.contains(location), "\(name): \(error)")
                #expect(!error.description.contains("0001020304"), "\(name)")
                #expect(!error.description.contains("abababab"), "\(name)")
            }
        }
    }

    @Test("comments, blank lines, CRLF and upper-case hex are accepted")
    func lenientWhitespace() throws {
        let text =
            "# a comment\r\n\r\nsealkit-pseudonym-secret v1\r\nepoch 1\r\nsecret \(Self.testMaster.uppercased())\r\n"
            + "# another\r\ncheck 8666A85D21462A5D\r\n"
        let master = try MasterSecret(fileRepresentation: SecureBytes(text.utf8))
        #expect(try master.keyCheckValue == "8666a85d21462a5d")
    }
}
