import Foundation
import SealCrypto
import TestSupport
import Testing

@testable import Manifest

/// The manifest-reader fuzz target's corpus and every crash reproducer, replayed through the same
/// readers in the ordinary build (scripts/fuzz.sh runs the target itself). The seeds were written by
/// SealKit's own writers (a three-entry manifest of `SealingManifestTests.body`, its checkpoint, and
/// entry 1's proof, under the test key); the test below fails if they stop verifying.
@Suite("Fuzz replay: the manifest readers")
struct ManifestFuzzReplayTests {
    static let folder = TestSupport.repositoryRoot.appendingPathComponent("Fixtures/fuzz/manifest-reader")

    static func inputs() throws -> [URL] {
        var urls: [URL] = []
        for sub in ["corpus", "crashes"] {
            let path = folder.appendingPathComponent(sub).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            urls += names.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        }
        return urls
    }

    @Test("the seeds are a verifying manifest, checkpoint and proof under the test key, and replay without a crash")
    func replay() throws {
        let key = try Ed25519.PublicKey(
            pemRepresentation: String(
                decoding: try TestSupport.repositoryBytes("keys/test/signing.pub.pem"),
                as: UTF8.self
            )
        )
        let inputs = try Self.inputs()
        #expect(inputs.count >= 4)
        for input in inputs { ManifestFuzzing.readAll(Array(try Data(contentsOf: input)), key: key) }
        let corpus = Self.folder.appendingPathComponent("corpus")
        let manifest = Array(try Data(contentsOf: corpus.appendingPathComponent("manifest.dsse.json")))
        #expect(try SealingManifest.verify(manifest, key: key).entries.count == 3)
        let proof = try TlogProof.parse(
            Array(try Data(contentsOf: corpus.appendingPathComponent("entry-1.tlog-proof")))
        )
        let verifier = try #require(try NoteVerifier(name: "sealkit.example/fuzz", publicKey: key))
        #expect(
            try proof.verify(entry: proof.extra ?? [], verifier: verifier, origin: "sealkit.example/fuzz").size == 3
        )
    }
}
