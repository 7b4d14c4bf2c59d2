import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import sealkit

@Suite("sealkit command line")
struct CommandLineTests {
    var binary: String { TestSupport.productsDirectory.appendingPathComponent("sealkit").path }

    func sealkit(_ arguments: String...) throws -> ProcessResult {
        try runProcess(binary, arguments)
    }

    // MARK: parsing, in process

    @Test("keygen parses --out, --epoch and --force")
    func parseKeygen() throws {
        let command = try SealKitCommand.parseAsRoot(["keygen", "--out", "k", "--epoch", "4", "--force"])
        let keygen = try #require(command as? SealKitCommand.Keygen)
        #expect(keygen.directory == "k")
        #expect(keygen.epoch == 4)
        #expect(keygen.force)
    }

    @Test(
        "keygen requires --out and a valid epoch",
        arguments: [["keygen"], ["keygen", "--out", "k", "--epoch", "0"]]
    )
    func parseKeygenErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try SealKitCommand.parseAsRoot(arguments) }
    }

    // MARK: end to end, the built binary

    @Test("keygen writes three files, prints the key ID that key-id and openssl print")
    func keygenEndToEnd() throws {
        let folder = try TemporaryDirectory()
        let result = try sealkit("keygen", "--out", folder.file("keys"))
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        let keyID = try #require(lines.first?.split(separator: " ").last.map(String.init))
        #expect(keyID.count == 64)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("pseudonym secret check value: "))

        for file in ["signing.key.pem", "signing.pub.pem"] {
            let idResult = try sealkit("key-id", folder.file("keys/\(file)"))
            #expect(idResult.status == 0, "\(idResult.standardError)")
            #expect(idResult.standardOutput == keyID + "\n")
        }
        let openssl = try #require(which("openssl"))
        let privateRead = try runProcess(openssl, ["pkey", "-in", folder.file("keys/signing.key.pem"), "-noout"])
        #expect(privateRead.status == 0, "\(privateRead.standardError)")
        let publicRead = try runProcess(
            openssl,
            ["pkey", "-pubin", "-in", folder.file("keys/signing.pub.pem"), "-noout"]
        )
        #expect(publicRead.status == 0, "\(publicRead.standardError)")

        // The secret never reaches standard output or error.
        let secretText = try String(contentsOfFile: folder.file("keys/pseudonym.secret"), encoding: .utf8)
        let secretLine = try #require(secretText.split(separator: "\n").first { $0.hasPrefix("secret ") })
        let secretHex = String(secretLine.dropFirst("secret ".count))
        #expect(!result.standardOutput.contains(secretHex))
        #expect(!result.standardError.contains(secretHex))
    }

    @Test("keygen refuses to overwrite (73) and replaces with --force (0)")
    func keygenOverwrite() throws {
        let folder = try TemporaryDirectory()
        #expect(try sealkit("keygen", "--out", folder.path).status == 0)
        let before = try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem"))
        let refused = try sealkit("keygen", "--out", folder.path)
        #expect(refused.status == 73)
        #expect(refused.standardError.contains("--force"))
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem")) == before)
        #expect(try sealkit("keygen", "--out", folder.path, "--force").status == 0)
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("signing.pub.pem")) != before)
    }

    @Test("key-id exit codes: 77 for loose permissions and wrong types, 66 missing, 65 garbage, 64 usage")
    func keyIDExitCodes() throws {
        let folder = try TemporaryDirectory()
        let loose = try folder.copyFixture("../keys/test/signing.key.pem", mode: 0o644)
        let looseResult = try sealkit("key-id", loose)
        #expect(looseResult.status == 77)
        #expect(looseResult.standardError.hasPrefix("sealkit: error: "))
        #expect(looseResult.standardOutput.isEmpty)
        #expect(try sealkit("key-id", try folder.copyFixture("keys/x25519.pub.pem", mode: 0o644)).status == 77)
        #expect(try sealkit("key-id", try folder.copyFixture("keys/ed25519-encrypted.key.pem")).status == 77)
        #expect(try sealkit("key-id", folder.file("absent.pem")).status == 66)
        #expect(try sealkit("key-id", try folder.write("junk.pem", Array("junk".utf8))).status == 65)
        #expect(try sealkit("key-id").status == 64)
        #expect(try sealkit("no-such-command").status == 64)
    }

    @Test("an encrypted key fails at once and never waits for a passphrase on the terminal")
    func encryptedKeyDoesNotPrompt() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.copyFixture("keys/ed25519-encrypted.key.pem")
        let result = try sealkit("key-id", path)
        #expect(result.status == 77)
        #expect(result.standardError.contains("encrypted"))
    }

    @Test("--help lists the subcommands and every exit code")
    func help() throws {
        let result = try sealkit("--help")
        #expect(result.status == 0)
        for text in ["keygen", "key-id", "64", "65", "66", "73", "74", "77"] {
            #expect(result.standardOutput.contains(text), "\(text)")
        }
    }
}
