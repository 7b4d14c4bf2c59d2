package import Deidentified
import Eligibility
import Glibc
package import Manifest
package import Pseudonymization
package import SealCore
import SealCrypto

/// `sealkit seal`: the relief a run decided (and staff decided on review) as a signed sealing
/// manifest, with a signed checkpoint of its tree (docs/manifests.md).
package enum Seal {
    /// What `sealkit seal` is asked to do.
    package struct Request {
        /// The folder `sealkit run` wrote.
        package var runFolder: String
        /// The office's Ed25519 signing key (PKCS#8 PEM, mode 0600).
        package var signingKey: String
        /// The pseudonym master secret the run was keyed with.
        package var secret: String
        /// The seal date (given, never the clock).
        package var sealDate: CalendarDate
        /// The review list, filled in by staff.
        package var reviewed: String?
        /// The log's name; nil for the manifest's own (`sealkit-manifest/<16 hex of the root>`).
        package var origin: String?
        /// The output folder.
        package var output: String
        /// Replace existing outputs.
        package var overwrite: Bool

        package init(
            runFolder: String,
            signingKey: String,
            secret: String,
            sealDate: CalendarDate,
            reviewed: String? = nil,
            origin: String? = nil,
            output: String,
            overwrite: Bool = false
        ) {
            self.runFolder = runFolder
            self.signingKey = signingKey
            self.secret = secret
            self.sealDate = sealDate
            self.reviewed = reviewed
            self.origin = origin
            self.output = output
            self.overwrite = overwrite
        }
    }

    /// What a seal wrote.
    package struct Summary: Sendable {
        /// The signed body.
        package let body: SealingBody
        /// Entries by action.
        package let byAction: [SealingAction: Int]
        /// `needsReview` decisions staff decided (any way), and those still undecided.
        package let reviewed: Int
        /// (Still undecided: not in the manifest.)
        package let undecided: Int
        /// The files written.
        package let manifestPath: String
        /// (The checkpoint.)
        package let checkpointPath: String
    }

    /// The files a seal writes into its folder.
    package static let manifestName = "manifest.json"
    /// (The checkpoint of the manifest's tree.)
    package static let checkpointName = "checkpoint"

    /// Seals a run's relief, as the type says.
    ///
    /// - Throws: exit 65 for a malformed run folder or review list, 77 for a secret that is not the
    ///   one the run was keyed with, 64 for a seal date before the evaluation date, 73 when an output
    ///   exists (without `overwrite`).
    package static func run(_ request: Request) throws(SealKitError) -> Summary {
        let manifestPath = "\(request.output)/\(manifestName)"
        let checkpointPath = "\(request.output)/\(checkpointName)"
        let folder = try RunFolder(request.runFolder)
        try PathClash.check(
            input: .init(flag: "--run", path: folder.decisionsCSVPath),
            secret: .init(flag: "--secret", path: request.secret, role: "the secret"),
            outputs: [.init(flag: "--out", path: manifestPath), .init(flag: "--out", path: checkpointPath)]
        )
        guard request.sealDate >= folder.evaluationDate else {
            throw SealKitError(
                .invalidArgument,
                "--date \(request.sealDate) is before the run's evaluation date \(folder.evaluationDate): a seal "
                    + "cannot take effect before the decisions it asks for were made"
            )
        }
        if let origin = request.origin, !SignedNote.isKeyName(origin) {
            throw SealKitError(.invalidArgument, "--origin: a log name has no space, `+` or control character")
        }
        let references = try keyedReferences(request.secret, matching: folder.header, file: folder.deidentifiedPath)
        let key = try KeyFiles.readSigningKey(at: request.signingKey)
        let keyID = try KeyFiles.mapCryptoError(request.signingKey) { () throws(SealCryptoError) in
            try key.publicKey.keyID.hexString
        }

        // The review list first: a malformed one stops the seal before any other work starts.
        var review = try request.reviewed.map { (path) throws(SealKitError) in
            try ReviewList.Decisions(path: path, run: folder)
        }

        // The de-identified file's SHA-256 on a thread of its own, beside the read of the decisions
        // (joined below whatever happens to the read).
        let deidentifiedDigest = DigestBox()
        let deidentifiedPath = folder.deidentifiedPath
        let hashing = WorkerThread {
            deidentifiedDigest.result = Result { () throws(SealKitError) in
                try FileDigest.sha256(ofFileAt: deidentifiedPath).hexString
            }
        }
        var entries: [SealingEntry] = []
        var sealed = Set<CountReference>()
        var byAction: [SealingAction: Int] = [:]
        var reviewed = 0
        var undecided = 0
        let readFailure: SealKitError?
        do {
            try folder.forEachDecisionRow { (decision, line) throws(SealKitError) in
                let source: DecisionSource
                let action: SealingAction
                var noteHash: [UInt8]? = nil
                switch decision.decision {
                case .dismissAndSeal, .reduceToMisdemeanor, .reduceToInfraction:
                    try review?.refuseDecisionOf(decision, line: line)
                    source = .rules
                    action = SealingAction(rawValue: decision.decision.rawValue)!
                case .notEligible:
                    try review?.refuseDecisionOf(decision, line: line)
                    return
                case .needsReview:
                    guard let staff = try review?.take(decision, line: line) else {
                        undecided += 1
                        return
                    }
                    reviewed += 1
                    guard let granted = staff.action else { return }
                    source = .review
                    action = granted
                    noteHash = staff.noteSHA256
                }
                guard let reference = decision.reference else {
                    throw SealKitError(
                        .badInputData,
                        "\(folder.decisionsCSVPath): line \(line): relief for a conviction without a count reference "
                            + "(no CNT_ORDER): it cannot be named in a manifest; decide it by hand"
                    )
                }
                guard sealed.insert(reference).inserted else {
                    throw SealKitError(
                        .badInputData,
                        "\(folder.decisionsCSVPath): line \(line): a count reference an earlier decision has: one count "
                            + "cannot be sealed twice in one manifest"
                    )
                }
                let nonce = try KeyFiles.mapCryptoError(request.secret) { () throws(SealCryptoError) in
                    try references.leafNonce(for: reference)
                }
                // The statute, reason codes and nonce are in the format's domain by construction.
                let leaf = SealingLeaf(
                    action: action,
                    statute: decision.authority,
                    effectiveDate: request.sealDate,
                    countReference: reference,
                    reasonCodes: decision.reasonCodes.map(\.name),
                    nonce: nonce,
                    decidedBy: source,
                    reviewNoteSHA256: noteHash
                )!
                entries.append(SealingEntry(pseudonym: decision.pseudonym, leaf: leaf))
                byAction[action, default: 0] += 1
            }
            try review?.finish()
            readFailure = nil
        } catch {
            readFailure = error
        }
        do {
            try hashing.join()
        } catch {
            throw SealKitError(.ioError, "\(deidentifiedPath): hashing failed: \(error)")
        }
        if let readFailure { throw readFailure }
        let deidentifiedSHA256 = try deidentifiedDigest.result!.get()

        let body: SealingBody
        let tree: MerkleTree
        do {
            tree = try SealingBody.tree(entries)
            body = try SealingBody(
                inputSHA256: folder.header.inputSHA256,
                deidentifiedSHA256: deidentifiedSHA256,
                ruleSetID: folder.ruleSetID,
                ruleSetVersion: folder.ruleSetVersion,
                ruleSetSHA256: folder.ruleSetSHA256,
                evaluationDate: folder.evaluationDate,
                sealDate: request.sealDate,
                normalization: folder.header.normalization,
                epoch: folder.header.epoch,
                masterCheckValue: folder.header.keyCheckValues.master,
                tool: "sealkit 0.1.0",
                signingKeyID: keyID,
                origin: request.origin ?? "sealkit-manifest/\(Hex.encode(tree.root.bytes.prefix(8)))",
                entries: entries,
                tree: tree,
                county: folder.county
            )
        } catch {
            throw SealKitError(.ioError, "the manifest could not be made: \(error.message)")
        }
        try signAndWrite(
            body,
            tree: tree,
            key: key,
            files: (manifestPath, checkpointPath),
            folder: request.output,
            overwrite: request.overwrite
        )
        return Summary(
            body: body,
            byAction: byAction,
            reviewed: reviewed,
            undecided: undecided,
            manifestPath: manifestPath,
            checkpointPath: checkpointPath
        )
    }

    /// The keyed references of the secret at `path`, which must be the one the de-identified file at
    /// `file` (whose header is `header`) was keyed with: its normalization, key epoch and master check
    /// value. Anything else stops (exit 77): a manifest or a list keyed with another secret would name
    /// nobody, or the wrong people.
    package static func keyedReferences(
        _ path: String,
        matching header: DatasetHeader,
        file: String
    ) throws(SealKitError) -> KeyedReferences {
        try keyedReferences(
            path,
            epoch: header.epoch,
            masterCheckValue: header.keyCheckValues.master,
            normalization: header.normalization,
            of: file
        )
    }

    /// The keyed references of the secret at `path`, which must be of key epoch `epoch`, master check
    /// value `masterCheckValue` and normalization `normalization`, as `what` records them (exit 77
    /// otherwise, naming both epochs and check values).
    package static func keyedReferences(
        _ path: String,
        epoch: Int,
        masterCheckValue: String,
        normalization: String,
        of what: String
    ) throws(SealKitError) -> KeyedReferences {
        let master = try KeyFiles.readMasterSecret(at: path)
        let keys = try KeyFiles.mapCryptoError(path) { () throws(SealCryptoError) in try PurposeKeys(master: master) }
        guard keys.epoch == epoch, keys.masterCheckValue == masterCheckValue, PurposeKeys.normalization == normalization
        else {
            throw SealKitError(
                .keyType,
                "\(KeyFiles.shownPath(path)) is not the secret \(what) was keyed with (epoch \(keys.epoch), check "
                    + "value \(keys.masterCheckValue); it records epoch \(epoch), check value \(masterCheckValue), "
                    + "\(normalization))"
            )
        }
        return try KeyFiles.mapCryptoError(path) { () throws(SealCryptoError) in try KeyedReferences(keys: keys) }
    }

    /// Signs `body` (whose entries' tree is `tree`) and the checkpoint of its tree with `key`, and
    /// writes the manifest (mode 0600: it goes to the court and auditors) and the checkpoint (0644: it
    /// may be published) into `folder` as one set.
    static func signAndWrite(
        _ body: SealingBody,
        tree: MerkleTree,
        key: Ed25519.PrivateKey,
        files: (manifest: String, checkpoint: String),
        folder: String,
        overwrite: Bool
    ) throws(SealKitError) {
        let envelope: DSSEEnvelope
        let checkpoint: SignedNote
        do {
            envelope = try SealingManifest.sign(body, key: key)
            checkpoint = try SignedNote.sign(
                text: Checkpoint(origin: body.origin, size: tree.size, root: tree.root).text,
                name: body.origin,
                key: key
            )
        } catch {
            throw SealKitError(.ioError, "the \(body.kind.rawValue) could not be signed: \(error.message)")
        }
        try writeSet(
            [(files.manifest, 0o600, envelope.encoded), (files.checkpoint, 0o644, Array(checkpoint.encoded.utf8))],
            folder: folder,
            overwrite: overwrite
        )
    }

    /// Writes `files` (path, mode, bytes) into `folder` (made mode 0700 when missing) as one set:
    /// all or none.
    package static func writeSet(
        _ files: [(String, UInt32, [UInt8])],
        folder: String,
        overwrite: Bool
    ) throws(SealKitError) {
        let created = try FileIO.makeDirectories(folder, mode: 0o700)
        var committed = false
        defer { if !committed { FileIO.removeFolders(created) } }
        let set = try OutputSet(directory: folder)
        defer { set.release() }
        var writers: [AtomicFileWriter] = []
        for (path, mode, bytes) in files {
            let writer = try AtomicFileWriter(path: path, mode: mode, overwrite: overwrite)
            try bytes.withUnsafeBytes { raw in Result { () throws(SealKitError) in try writer.write(raw) } }.get()
            writers.append(writer)
        }
        try set.commit(writers, overwrite: overwrite)
        committed = true
    }
}

/// The result of a hash made on another thread, read after the thread is joined.
private final class DigestBox: @unchecked Sendable {
    var result: Result<String, SealKitError>?
}
