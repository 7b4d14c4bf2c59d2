package import Deidentified
package import Manifest
package import SealCore
import SealCrypto

/// `sealkit prove`: self-contained C2SP tlog-proof files that one entry of a verified manifest is in
/// its signed checkpoint's tree, checkable with `scripts/verify-proof.sh` and stock `openssl`.
package enum Prove {
    /// Which entries to prove.
    package enum Selection: Sendable {
        /// The entry of one count reference.
        case reference(CountReference)
        /// Every entry.
        case all
    }

    /// What was written.
    package struct Summary: Sendable {
        /// Proofs written.
        package let proofs: Int
        /// The checkpoint they are against.
        package let checkpoint: Checkpoint
    }

    /// The file name of an entry's proof in a `--all` folder.
    package static func fileName(_ reference: CountReference) -> String { "\(reference).tlog-proof" }

    /// Verifies the manifest at `manifest` with the key at `publicKey`, and its checkpoint
    /// (`checkpoint`, by default the file `checkpoint` beside the manifest) by the same key under the
    /// manifest's log origin, for the manifest's tree; then writes the selected proofs: one file at
    /// `output` for a reference, or for all a POSIX tar archive at `output` of one
    /// `<count reference>.tlog-proof` per entry, in leaf order.
    package static func run(
        manifest: String,
        publicKey: String,
        checkpoint checkpointPath: String?,
        selection: Selection,
        output: String,
        overwrite: Bool
    ) throws(SealKitError) -> Summary {
        let key = try KeyFiles.readVerifyingKey(at: publicKey)
        let body = try VerifyManifest.body(of: manifest, key: key)
        let notePath = checkpointPath ?? "\(FileIO.directory(of: manifest))/\(Seal.checkpointName)"
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote.parse(try FileIO.readSmallFile(notePath, limit: 1 << 16, what: "a checkpoint"))
            guard let verifier = try NoteVerifier(name: body.origin, publicKey: key) else {
                throw ManifestError(.malformed, "the manifest's log origin is not a key name")
            }
            checkpoint = try Checkpoint.parse(try note.verifiedText(by: verifier), origin: body.origin)
        } catch let error as ManifestError {
            throw SealKitError(.verificationFailed, "\(notePath): \(error.message)")
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(notePath): \(error)")
        }
        guard checkpoint.size == body.entries.count, checkpoint.root == body.root else {
            throw SealKitError(
                .verificationFailed,
                "\(notePath): not the checkpoint of \(manifest)'s tree (size \(checkpoint.size), the manifest has "
                    + "\(body.entries.count) entries)"
            )
        }
        let tree = try VerifyManifest.tree(of: body, manifest: manifest)
        let writer = TlogProof.Writer(checkpoint: note)
        func proof(_ index: Int) -> [UInt8] {
            writer.bytes(extra: body.entries[index].leaf.bytes, index: index, path: tree.inclusionProof(for: index))
        }
        switch selection {
        case .reference(let reference):
            guard let index = body.entries.firstIndex(where: { $0.leaf.countReference == reference }) else {
                throw SealKitError(.badInputData, "\(manifest): no entry for that count reference")
            }
            try PathClash.check(
                input: .init(flag: "--manifest", path: manifest),
                outputs: [.init(flag: "--out", path: output)]
            )
            try Seal.writeSet(
                [(output, 0o600, proof(index))],
                folder: FileIO.directory(of: output),
                overwrite: overwrite
            )
            return Summary(proofs: 1, checkpoint: checkpoint)
        case .all:
            try PathClash.check(
                input: .init(flag: "--manifest", path: manifest),
                outputs: [.init(flag: "--out", path: output)]
            )
            var archive = TarArchive()
            for (index, entry) in body.entries.enumerated() {
                archive.append(name: fileName(entry.leaf.countReference), contents: proof(index))
            }
            try Seal.writeSet(
                [(output, 0o600, archive.finish())],
                folder: FileIO.directory(of: output),
                overwrite: overwrite
            )
            return Summary(proofs: body.entries.count, checkpoint: checkpoint)
        }
    }
}
