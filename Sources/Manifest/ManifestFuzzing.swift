package import SealCrypto

/// Every reader of the manifest formats on one input, for the fuzz target and its replay in the
/// tests: none may crash, hang or leak on any bytes, and each either reads or refuses.
package enum ManifestFuzzing {
    /// Reads `bytes` as each format, and verifies it as a sealing manifest and a proof under `key`.
    package static func readAll(_ bytes: [UInt8], key: Ed25519.PublicKey) {
        _ = try? DSSEEnvelope.parse(bytes)
        _ = try? SealingBody.parse(bytes)
        _ = try? SealingManifest.verify(bytes, key: key)
        if let note = try? SignedNote.parse(bytes) {
            _ = try? Checkpoint.parse(note.text, origin: "sealkit.example/fuzz")
        }
        if let proof = try? TlogProof.parse(bytes),
            let verifier = try? NoteVerifier(name: "sealkit.example/fuzz", publicKey: key)
        {
            _ = try? proof.verify(entry: proof.extra ?? [], verifier: verifier, origin: "sealkit.example/fuzz")
        }
    }
}
