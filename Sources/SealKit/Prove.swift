package import Deidentified
import Glibc
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
    /// `output` for a reference, or a new folder `output` of one `<count reference>.tlog-proof` per
    /// entry for all (put in place whole, or not at all).
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
        func proof(_ index: Int) -> [UInt8] {
            Array(
                TlogProof(
                    extra: body.entries[index].leaf.bytes,
                    index: index,
                    path: tree.inclusionProof(for: index),
                    checkpoint: note
                ).encoded.utf8
            )
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
            try ProofFolder.write(at: output, overwrite: overwrite, count: body.entries.count) { index in
                (fileName(body.entries[index].leaf.countReference), proof(index))
            }
            return Summary(proofs: body.entries.count, checkpoint: checkpoint)
        }
    }
}

/// A folder of many small files, put in place whole: written under a hidden temporary name beside
/// it, synced once (`syncfs`, not a `fsync` per file), then renamed to its name. A failure or a kill
/// leaves no folder of that name half-filled (a hidden `.NAME.tmp-XXXXXX` at most).
enum ProofFolder {
    static func write(
        at path: String,
        overwrite: Bool,
        count: Int,
        file: (Int) -> (String, [UInt8])
    ) throws(SealKitError) {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if !overwrite && FileIO.exists(trimmed) {
            throw SealKitError(.outputExists, "refusing to overwrite existing \(trimmed) (use --force to replace)")
        }
        let parent = FileIO.directory(of: trimmed)
        _ = try FileIO.makeDirectories(parent, mode: 0o700)
        let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        var template = Array("\(parent)/.\(name).tmp-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SealKitError(
                .cannotCreateOutput,
                "\(trimmed): cannot create a folder in \(parent): \(FileIO.errorText())"
            )
        }
        let temporary = String(cString: made)
        var placed = false
        defer { if !placed { removeTree(temporary) } }
        for index in 0..<count {
            let (fileName, bytes) = file(index)
            let target = "\(temporary)/\(fileName)"
            let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw SealKitError(.cannotCreateOutput, "\(trimmed)/\(fileName): cannot create: \(FileIO.errorText())")
            }
            defer { close(descriptor) }
            try bytes.withUnsafeBytes { raw in
                Result { () throws(SealKitError) in try FileIO.writeAll(descriptor, raw, path: "\(trimmed)/\(fileName)")
                }
            }.get()
        }
        // One sync of the file system for all the files (a `fsync` each would cost a disk flush per
        // proof).
        let folder = open(temporary, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0, syncFileSystem(folder) == 0 else {
            if folder >= 0 { close(folder) }
            throw SealKitError(.ioError, "\(trimmed): cannot sync: \(FileIO.errorText())")
        }
        close(folder)
        var old: String? = nil
        if FileIO.exists(trimmed) {
            // --force: the old folder steps aside first, and goes once the new one is in place.
            let aside = "\(parent)/.\(name).old-\(getpid())"
            guard rename(trimmed, aside) == 0 else {
                throw SealKitError(.cannotCreateOutput, "\(trimmed): cannot replace: \(FileIO.errorText())")
            }
            old = aside
        }
        guard rename(temporary, trimmed) == 0 else {
            if let old { _ = rename(old, trimmed) }
            throw SealKitError(.cannotCreateOutput, "\(trimmed): cannot put in place: \(FileIO.errorText())")
        }
        placed = true
        FileIO.syncDirectory(parent)
        if let old { removeTree(old) }
    }

    /// Removes a folder of plain files (one level, as ``write(at:overwrite:count:file:)`` makes).
    private static func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink("\(path)/\(name)") }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// Linux's `syncfs(2)` (glibc declares it only under `_GNU_SOURCE`, which Swift's Glibc module does
/// not set): flushes the file system that holds `descriptor`.
@_silgen_name("syncfs")
private func syncFileSystem(_ descriptor: Int32) -> Int32
