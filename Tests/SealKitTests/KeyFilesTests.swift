import Foundation
import Glibc
import SealCore
import SealCrypto
import SealKit
import TestSupport
import Testing

@Suite("Key files: permissions, types, atomic writes")
struct KeyFilesTests {
    @Test(
        "a secret file with any group or other access is refused",
        arguments: [0o644, 0o640, 0o604, 0o620, 0o602, 0o610, 0o601, 0o666]
    )
    func loosePermissions(mode: Int) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("../keys/test/pseudonym.secret", mode: mode)
        #expect(throws: SealKitError(.keyPermissions, "")) { try KeyFiles.readMasterSecret(at: path) }
        let keyPath = try folder.copyFixture("../keys/test/signing.key.pem", mode: mode)
        #expect(throws: SealKitError(.keyPermissions, "")) { try KeyFiles.readSigningKey(at: keyPath) }
        #expect(throws: SealKitError(.keyPermissions, "")) { try KeyFiles.keyID(ofFileAt: keyPath) }
    }

    @Test("the permission error names the file and the fix, and exits 77")
    func permissionMessage() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("../keys/test/signing.key.pem", mode: 0o644)
        do {
            _ = try KeyFiles.readSigningKey(at: path)
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains(path))
            #expect(error.message.contains("0644"))
            #expect(error.message.contains("chmod 600"))
            #expect(error.exitStatus == 77)
        }
    }

    @Test("a folder or a device is no key file: 65 for key-id and public keys, 77 for a secret")
    func notRegularFiles() throws {
        let folder = try TemporaryDirectory()
        for path in [folder.path, "/dev/null"] {
            for name in ["key-id", "public", "secret"] {
                do {
                    switch name {
                    case "key-id": _ = try KeyFiles.keyID(ofFileAt: path)
                    case "public": _ = try KeyFiles.readVerifyingKey(at: path)
                    default: _ = try KeyFiles.readMasterSecret(at: path)
                    }
                    Issue.record("\(name) read \(path)")
                } catch {
                    let expected: Int32 = name == "secret" ? 77 : 65
                    #expect(error.exitStatus == expected, "\(name) \(path): \(error.message)")
                    #expect(error.message.hasSuffix(name == "secret" ? "must be a regular file" : "not a regular file"))
                }
            }
        }
    }

    @Test("a FIFO with no writer, a socket and a device are refused at once, never a hang")
    func specialFiles() throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let socketPath = folder.file("socket")
        let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(socketPath.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        for path in [fifo, socketPath, "/dev/zero", "/dev/urandom"] {
            for name in ["key-id", "public", "secret"] {
                // Each read on a thread of its own, so that a hang fails the test instead of holding it.
                let done = DispatchSemaphore(value: 0)
                let outcome = LockedBox<Result<Void, SealKitError>?>(nil)
                Thread.detachNewThread {
                    let result = Result { () throws(SealKitError) in
                        switch name {
                        case "key-id": _ = try KeyFiles.keyID(ofFileAt: path)
                        case "public": _ = try KeyFiles.readVerifyingKey(at: path)
                        default: _ = try KeyFiles.readMasterSecret(at: path)
                        }
                    }
                    outcome.set(result)
                    done.signal()
                }
                guard done.wait(timeout: .now() + 5) == .success else {
                    Issue.record("\(name) \(path): still reading after 5 s")
                    continue
                }
                guard case .failure(let error)? = outcome.get() else {
                    Issue.record("\(name) read \(path)")
                    continue
                }
                #expect(error.exitStatus == (name == "secret" ? 77 : 65), "\(name) \(path): \(error.message)")
            }
        }
    }

    @Test("a secret owned by another user is refused (exit 77), whatever its mode")
    func otherOwner() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("../keys/test/pseudonym.secret", mode: 0o600)
        let other: uid_t = geteuid() == 0 ? 1 : 0
        if geteuid() == 0 {
            #expect(chown(path, other, gid_t(other)) == 0)
        }
        do {
            _ = try KeyFiles.readMasterSecret(at: geteuid() == 0 ? path : "/etc/shadow")
            Issue.record("read a secret of another user")
        } catch {
            #expect(error.exitStatus == 77)
            if geteuid() == 0 {
                #expect(error.message.hasSuffix("must be owned by the user who runs SealKit (it is owned by uid 1)"))
            }
        }
    }

    @Test("a secret's content given where its path belongs is never echoed")
    func contentAsPath() throws {
        let text = try String(contentsOf: TestSupport.fixture("../keys/test/pseudonym.secret"), encoding: .utf8)
        let secretLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("secret ") })
        let digits = String(secretLine.dropFirst(7))
        let pem = try String(contentsOf: TestSupport.fixture("../keys/test/signing.key.pem"), encoding: .utf8)
        for path in [text, String(secretLine), digits, pem, "./" + digits.uppercased()] {
            for read in [
                { _ = try KeyFiles.readMasterSecret(at: path) }, { _ = try KeyFiles.readSigningKey(at: path) },
            ] {
                do {
                    try read()
                    Issue.record("read a path made of a secret")
                } catch let error as SealKitError {
                    #expect(error.exitStatus == 66)
                    #expect(!error.message.contains(digits.prefix(16)) && !error.message.contains("PRIVATE"))
                    #expect(!error.message.uppercased().contains(digits.uppercased().prefix(16)))
                    #expect(error.message.contains("not shown"))
                }
            }
        }
        #expect(KeyFiles.shownPath("keys/test/pseudonym.secret") == "keys/test/pseudonym.secret")
    }

    @Test("owner-only modes are accepted", arguments: [0o600, 0o400])
    func strictPermissions(mode: Int) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("../keys/test/pseudonym.secret", mode: mode)
        #expect(try KeyFiles.readMasterSecret(at: path).keyCheckValue == "8666a85d21462a5d")
    }

    @Test("a folder, a missing file and an oversized file are refused with their own codes")
    func notAKeyFile() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: SealKitError(.keyPermissions, "")) { try KeyFiles.readSecret(at: folder.path) }
        #expect(throws: SealKitError(.inputMissing, "")) { try KeyFiles.readSecret(at: folder.file("absent")) }
        let big = try folder.write("big", [UInt8](repeating: 0x41, count: KeyFiles.maximumKeyFileSize + 1))
        #expect(throws: SealKitError(.badInputData, "")) { try KeyFiles.readSecret(at: big) }
    }

    @Test("a public key file needs no special mode; its key ID is the committed test key's")
    func publicKeyFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("../keys/test/signing.pub.pem", mode: 0o644)
        #expect(
            try KeyFiles.keyID(ofFileAt: path).hexString
                == "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9"
        )
        #expect(
            try KeyFiles.readVerifyingKey(at: path).keyID.hexString
                == "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9"
        )
    }

    @Test("wrong key types and encrypted keys map to keyType (exit 77); garbage to badInputData (65)")
    func typeErrors() throws {
        let folder = try TemporaryDirectory()
        for name in ["x25519.key.pem", "rsa.key.pem", "ec.key.pem", "ed25519-encrypted.key.pem"] {
            let path = try folder.copyFixture("keys/\(name)")
            #expect(throws: SealKitError(.keyType, ""), "\(name)") { try KeyFiles.readSigningKey(at: path) }
        }
        for name in ["x25519.pub.pem", "rsa.pub.pem"] {
            let path = try folder.copyFixture("keys/\(name)", mode: 0o644)
            #expect(throws: SealKitError(.keyType, ""), "\(name)") { try KeyFiles.keyID(ofFileAt: path) }
        }
        let garbage = try folder.write("garbage.pem", Array("-----BEGIN PRIVATE KEY-----\nAAAA\n".utf8))
        #expect(throws: SealKitError(.badInputData, "")) { try KeyFiles.readSigningKey(at: garbage) }
        #expect(SealKitError(.badInputData, "").exitStatus == 65)
        #expect(SealKitError(.keyType, "").exitStatus == 77)
    }

    @Test("a key set is written with the documented modes and reads back")
    func keySetRoundTrip() throws {
        let folder = try TemporaryDirectory()
        let directory = folder.file("new/keys")
        let keys = try KeySet.generate(epoch: 2)
        let paths = try keys.write(to: directory, overwrite: false)
        #expect(
            paths.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["signing.key.pem", "signing.pub.pem", "pseudonym.secret"]
        )
        let modes = try paths.map { try FileManager.default.attributesOfItem(atPath: $0)[.posixPermissions] as? Int }
        #expect(modes == [0o600, 0o644, 0o600])
        let folderMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(try KeyFiles.readSigningKey(at: paths[0]).publicKey == keys.signingKey.publicKey)
        #expect(try KeyFiles.readMasterSecret(at: paths[2]).key == keys.masterSecret.key)
        #expect(try KeyFiles.readMasterSecret(at: paths[2]).epoch == 2)
        // No temporary files are left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                == ["pseudonym.secret", "signing.key.pem", "signing.pub.pem"]
        )
    }

    @Test("an existing file stops the whole write; nothing is written or changed")
    func noOverwrite() throws {
        let folder = try TemporaryDirectory()
        let existing = try folder.write("pseudonym.secret", Array("keep me".utf8))
        #expect(throws: SealKitError(.outputExists, "")) {
            try KeySet.generate().write(to: folder.path, overwrite: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pseudonym.secret"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("keep me".utf8))
    }

    @Test("overwrite replaces all three files")
    func overwrite() throws {
        let folder = try TemporaryDirectory()
        let first = try KeySet.generate()
        try first.write(to: folder.path, overwrite: false)
        let second = try KeySet.generate()
        try second.write(to: folder.path, overwrite: true)
        #expect(
            try KeyFiles.readSigningKey(at: folder.file("signing.key.pem")).publicKey == second.signingKey.publicKey
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 3)
    }

    @Test("an unwritable destination leaves no file behind")
    func unwritableDestination() throws {
        let folder = try TemporaryDirectory()
        let blocked = try folder.write("blocked", Array("a file, not a folder".utf8))
        #expect(throws: SealKitError(.cannotCreateOutput, "")) {
            try KeySet.generate().write(to: blocked + "/keys", overwrite: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blocked"])
        // Folders made on the way to one that cannot be made (a name over 255 bytes) are removed again.
        let tooLong = String(repeating: "k", count: 300)
        #expect(throws: SealKitError(.cannotCreateOutput, "")) {
            try KeySet.generate().write(to: folder.file("a/b/\(tooLong)"), overwrite: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blocked"])
    }

    @Test("a file digest streams and equals SHA-256 of the bytes")
    func fileDigest() throws {
        let folder = try TemporaryDirectory()
        let bytes = (0..<(FileDigest.chunkSize + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let path = try folder.write("data", bytes)
        #expect(try FileDigest.sha256(ofFileAt: path) == SHA256.hash(bytes))
        #expect(throws: SealKitError(.inputMissing, "")) { try FileDigest.sha256(ofFileAt: folder.file("absent")) }
    }
}

/// A value shared between threads under a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
