import Deidentified
import Glibc
package import Manifest
package import SealCore
package import SealCrypto

/// `sealkit verify`: a sealing manifest checked with a public key and nothing else, every layer on
/// the bytes the layer before gave it, and bound to the de-identified file when one is given.
package enum VerifyManifest {
    /// What a verified manifest holds, for the summary line.
    package struct Summary: Sendable {
        /// The verified body.
        package let body: SealingBody
        /// Whether a de-identified file was checked against it.
        package let checkedDeidentified: Bool
        /// Whether a run folder's county report was checked against it (`--run`).
        package var checkedRun = false
    }

    /// A manifest is read whole: larger than this, it is not a manifest SealKit wrote.
    static let sizeLimit = 1 << 30

    /// ``run(manifest:publicKey:deidentified:)`` with `run`, the folder `sealkit run` wrote: its
    /// `deidentified.jsonl` as the de-identified file, and its `summary.json` naming the same rule set
    /// (id, version, SHA-256), evaluation date and input digest as the manifest.
    package static func run(manifest: String, publicKey: String, runFolder: String) throws(SealKitError) -> Summary {
        var summary = try run(manifest: manifest, publicKey: publicKey, deidentified: "\(runFolder)/deidentified.jsonl")
        let folder = try RunFolder(runFolder)
        let body = summary.body
        let expected: [(String, Bool)] = [
            ("ruleSet", folder.ruleSetID == body.ruleSetID),
            ("ruleSetVersion", folder.ruleSetVersion == body.ruleSetVersion),
            ("ruleSetSHA256", folder.ruleSetSHA256 == body.ruleSetSHA256), ("county", folder.county == body.county),
        ]
        if let failed = expected.first(where: { !$0.1 }) {
            throw SealKitError(.verificationFailed, "\(manifest): \(failed.0): not what \(folder.summaryPath) records")
        }
        summary.checkedRun = true
        return summary
    }

    /// Verifies the manifest at `manifest` with the public key at `publicKey`; with `deidentified`,
    /// also that the manifest was made from that file: its SHA-256, and its header's input digest,
    /// normalization, key epoch, master check value and evaluation date.
    ///
    /// - Throws: ``SealKitError/Code/verificationFailed`` (exit 1) with the first failure; missing or
    ///   unreadable files and malformed keys as elsewhere (66, 65).
    package static func run(manifest: String, publicKey: String, deidentified: String?) throws(SealKitError) -> Summary
    {
        let key = try KeyFiles.readVerifyingKey(at: publicKey)
        let body = try Self.body(of: manifest, key: key)
        guard let deidentified else { return Summary(body: body, checkedDeidentified: false) }
        let digest = try FileDigest.sha256(ofFileAt: deidentified).hexString
        guard digest == body.deidentifiedSHA256 else {
            throw SealKitError(
                .verificationFailed,
                "\(manifest): deidentifiedSHA256: not the SHA-256 of \(deidentified) (the manifest was made from another file)"
            )
        }
        let header = try Self.header(of: deidentified)
        let bound: [(String, Bool)] = [
            ("inputSHA256", header.inputSHA256 == body.inputSHA256),
            ("keys.normalization", header.normalization == body.normalization),
            ("keys.epoch", header.epoch == body.epoch),
            ("keys.masterCheckValue", header.keyCheckValues.master == body.masterCheckValue),
            ("evaluationDate", header.evaluationDate == body.evaluationDate),
        ]
        if let failed = bound.first(where: { !$0.1 }) {
            throw SealKitError(.verificationFailed, "\(manifest): \(failed.0): not what \(deidentified) records")
        }
        return Summary(body: body, checkedDeidentified: true)
    }

    /// The body of the manifest at `manifest`, once every layer verifies with `key` (exit 1 with the
    /// first failure otherwise).
    package static func body(of manifest: String, key: Ed25519.PublicKey) throws(SealKitError) -> SealingBody {
        let bytes = try FileIO.readSmallFile(manifest, limit: sizeLimit, what: "a sealing manifest")
        do {
            return try SealingManifest.verify(bytes, key: key)
        } catch {
            throw SealKitError(.verificationFailed, "\(manifest): \(error.message)")
        }
    }

    /// The tree of `body`'s entries (the manifest at `manifest`).
    static func tree(of body: SealingBody, manifest: String) throws(SealKitError) -> MerkleTree {
        do {
            return try SealingBody.tree(body.entries)
        } catch {
            throw SealKitError(.ioError, "\(manifest): \(error.message)")
        }
    }

    /// The header of a de-identified file, read strictly.
    static func header(of path: String) throws(SealKitError) -> DatasetHeader {
        let descriptor = try FileIO.openInput(path)
        defer { close(descriptor) }
        var lines = LineReader(descriptor: descriptor, path: path)
        return try Evaluate.header(&lines, input: path)
    }
}
