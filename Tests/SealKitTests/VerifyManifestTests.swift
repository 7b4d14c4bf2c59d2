import Deidentified
import Eligibility
import Foundation
import Manifest
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import SealKit

/// `sealkit verify`: a manifest made from a de-identified file, checked with the public key alone and
/// bound to that file.
@Suite("sealkit verify: a signed manifest, every layer, and the file it was made from")
struct VerifyManifestTests {
    static let publicKey = TestSupport.repositoryRoot.appendingPathComponent("keys/test/signing.pub.pem").path

    /// A manifest of three entries made from the de-identified file at `deidentified`, signed with the
    /// test key, written into `folder`.
    static func manifest(
        for deidentified: String,
        in folder: TemporaryDirectory,
        inputSHA256: String? = nil,
        ruleSet: (id: String, version: String, sha256: String) = (
            "statutory", "2026.1", String(repeating: "3", count: 64)
        ),
        name: String = "manifest.dsse.json"
    ) throws -> String {
        let key = try KeyFiles.readSigningKey(
            at: try folder.copyFixture("../keys/test/signing.key.pem", as: "signing.key.pem")
        )
        let header = try VerifyManifest.header(of: deidentified)
        var entries: [SealingEntry] = []
        for index in 0..<3 {
            let leaf = try #require(
                SealingLeaf(
                    action: .dismissAndSeal,
                    statute: "HS 11361.8(e)-(h)",
                    effectiveDate: CalendarDate(year: 2026, month: 12, day: 7)!,
                    countReference: CountReference(epoch: header.epoch, hex: String(repeating: "\(index)", count: 64)),
                    reasonCodes: ["statuteDismiss"],
                    nonce: [UInt8](repeating: UInt8(index), count: 32)
                )
            )
            entries.append(
                SealingEntry(
                    pseudonym: SubjectPseudonym(epoch: header.epoch, hex: String(repeating: "c", count: 64)),
                    leaf: leaf
                )
            )
        }
        let body = try SealingBody(
            inputSHA256: inputSHA256 ?? header.inputSHA256,
            deidentifiedSHA256: try FileDigest.sha256(ofFileAt: deidentified).hexString,
            ruleSetID: ruleSet.id,
            ruleSetVersion: ruleSet.version,
            ruleSetSHA256: ruleSet.sha256,
            evaluationDate: header.evaluationDate,
            sealDate: CalendarDate(year: 2026, month: 12, day: 7)!,
            normalization: header.normalization,
            epoch: header.epoch,
            masterCheckValue: header.keyCheckValues.master,
            tool: "sealkit 0.1.0",
            signingKeyID: try key.publicKey.keyID.hexString,
            origin: "sealkit.example/test/prop64",
            entries: entries
        )
        return try folder.write(name, try SealingManifest.sign(body, key: key).encoded, mode: 0o644)
    }

    @Test(
        "a manifest verifies alone and against its de-identified file; a flipped byte, another key or file, or none, does not"
    )
    func verify() throws {
        let folder = try TemporaryDirectory()
        let deidentified = try folder.deidentifiedFile(rows: 2_000, seed: 31)
        let manifest = try Self.manifest(for: deidentified, in: folder)
        #expect(
            try VerifyManifest.run(manifest: manifest, publicKey: Self.publicKey, deidentified: nil).body.entries.count
                == 3
        )
        #expect(
            try VerifyManifest.run(manifest: manifest, publicKey: Self.publicKey, deidentified: deidentified)
                .checkedDeidentified
        )

        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: manifest)))
        bytes[bytes.count / 2] ^= 0x04
        let tampered = try folder.write("tampered.json", bytes)
        #expect(throws: SealKitError(.verificationFailed, "")) {
            _ = try VerifyManifest.run(manifest: tampered, publicKey: Self.publicKey, deidentified: nil)
        }
        let otherKey = try Ed25519.PrivateKey()
        let otherPublic = try folder.write(
            "other.pub.pem",
            Array(try otherKey.publicKey.pemRepresentation.utf8),
            mode: 0o644
        )
        #expect(throws: SealKitError(.verificationFailed, "")) {
            _ = try VerifyManifest.run(manifest: manifest, publicKey: otherPublic, deidentified: nil)
        }
        // Another de-identified file (one line less): another SHA-256.
        let text = try String(contentsOfFile: deidentified, encoding: .utf8)
        let shorter = try folder.write(
            "shorter.jsonl",
            Array(text.split(separator: "\n").dropLast().joined(separator: "\n").appending("\n").utf8)
        )
        do {
            _ = try VerifyManifest.run(manifest: manifest, publicKey: Self.publicKey, deidentified: shorter)
            Issue.record("verified against another file")
        } catch {
            #expect(error.code == .verificationFailed && error.message.contains("deidentifiedSHA256"), "\(error)")
        }
        // Signed, of the right file, but naming another research file than the one it records.
        let unbound = try Self.manifest(
            for: deidentified,
            in: folder,
            inputSHA256: String(repeating: "f", count: 64),
            name: "unbound.json"
        )
        do {
            _ = try VerifyManifest.run(manifest: unbound, publicKey: Self.publicKey, deidentified: deidentified)
            Issue.record("verified with another input digest")
        } catch {
            #expect(error.code == .verificationFailed && error.message.contains("inputSHA256"), "\(error)")
        }
        #expect(throws: SealKitError(.inputMissing, "")) {
            _ = try VerifyManifest.run(manifest: folder.file("none.json"), publicKey: Self.publicKey, deidentified: nil)
        }
    }

    @Test(
        "the sealkit binary: exit 0 and a summary line; exit 1 and the failure for a tampered manifest; 64 without a key"
    )
    func binary() throws {
        let sealkit = TestSupport.productsDirectory.appendingPathComponent("sealkit").path
        let folder = try TemporaryDirectory()
        let deidentified = try folder.deidentifiedFile(rows: 1_000, seed: 32)
        let manifest = try Self.manifest(for: deidentified, in: folder)
        let good = try runProcess(
            sealkit,
            ["verify", "--manifest", manifest, "--pubkey", Self.publicKey, "--deidentified", deidentified]
        )
        #expect(good.status == 0, "\(good.standardError)")
        #expect(
            good.standardOutput.hasPrefix(
                "verified: a request; 3 entries, log sealkit.example/test/prop64, signed 2026-12-07"
            )
        )
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: manifest)))
        bytes[40] ^= 0x01
        let tampered = try folder.write("tampered.json", bytes)
        let bad = try runProcess(sealkit, ["verify", "--manifest", tampered, "--pubkey", Self.publicKey])
        #expect(bad.status == 1)
        #expect(bad.standardError.hasPrefix("sealkit: error: \(tampered): "), "\(bad.standardError)")
        #expect(try runProcess(sealkit, ["verify", "--manifest", manifest]).status == 64)
    }

    @Test("--run: the run's de-identified file and its county report's rule set must be the manifest's")
    func runFolder() throws {
        let folder = try TemporaryDirectory()
        let (input, secret) = try folder.generatedFile("doj.csv", rows: 1_500, seed: 33)
        let rules = try RuleSets.load("statutory")
        let out = folder.file("run")
        try runPass(input, secret: secret, rules: rules, into: out)
        let deidentified = "\(out)/deidentified.jsonl"
        let good = try Self.manifest(
            for: deidentified,
            in: folder,
            ruleSet: (rules.id, rules.version, rules.sha256),
            name: "good.json"
        )
        #expect(try VerifyManifest.run(manifest: good, publicKey: Self.publicKey, runFolder: out).checkedRun)
        // Signed over the right file, but naming another rule set than the run's report.
        let other = try RuleSets.load("dismiss-all")
        let mismatched = try Self.manifest(
            for: deidentified,
            in: folder,
            ruleSet: (other.id, other.version, other.sha256),
            name: "other.json"
        )
        do {
            _ = try VerifyManifest.run(manifest: mismatched, publicKey: Self.publicKey, runFolder: out)
            Issue.record("verified against a run of another rule set")
        } catch {
            #expect(error.code == .verificationFailed && error.message.contains("ruleSet"), "\(error)")
        }
    }
}
