import Glibc
package import SealCore
package import SealCrypto

/// The keys of one SealKit installation: an Ed25519 signing key for sealing manifests, and the
/// pseudonym master secret.
///
/// On disk, in one folder (created with mode 0700 if missing):
///
/// | file | content | mode |
/// |---|---|---|
/// | `signing.key.pem` | Ed25519 private key, unencrypted PKCS#8 PEM | 0600 |
/// | `signing.pub.pem` | Ed25519 public key, SubjectPublicKeyInfo PEM | 0644 |
/// | `pseudonym.secret` | master secret, `sealkit-pseudonym-secret v1` text | 0600 |
package struct KeySet: Sendable {
    package static let signingKeyFileName = "signing.key.pem"
    package static let verifyingKeyFileName = "signing.pub.pem"
    package static let masterSecretFileName = "pseudonym.secret"

    package let signingKey: Ed25519.PrivateKey
    package let masterSecret: MasterSecret

    package init(signingKey: Ed25519.PrivateKey, masterSecret: MasterSecret) {
        self.signingKey = signingKey
        self.masterSecret = masterSecret
    }

    /// New random keys: an Ed25519 key pair and a 32-byte master secret of the given epoch.
    package static func generate(epoch: Int = 1) throws(SealKitError) -> KeySet {
        do {
            return KeySet(signingKey: try Ed25519.PrivateKey(), masterSecret: try MasterSecret.generate(epoch: epoch))
        } catch {
            throw SealKitError(.keyType, "cannot generate keys: \(error)")
        }
    }

    /// The public facts of the key set, safe to print and log.
    package struct Summary: Sendable {
        package let signingKeyID: KeyID
        package let masterSecretCheckValue: String
        package let epoch: Int
    }

    /// The key ID of the signing key and the master secret's check value.
    package var summary: Summary {
        get throws(SealKitError) {
            try KeyFiles.mapCryptoError("key set") { () throws(SealCryptoError) in
                Summary(
                    signingKeyID: try signingKey.publicKey.keyID,
                    masterSecretCheckValue: try masterSecret.keyCheckValue,
                    epoch: masterSecret.epoch
                )
            }
        }
    }

    /// Writes the three files into `directory`, all or none (see ``AtomicFiles``).
    ///
    /// - Parameter overwrite: replace existing files; without it, any existing file of the three stops
    ///   the write before anything is written.
    /// - Returns: the paths written, in the order of the table above.
    @discardableResult
    package func write(to directory: String, overwrite: Bool) throws(SealKitError) -> [String] {
        let created = try FileIO.makeDirectories(directory, mode: 0o700)
        do {
            return try write(into: directory, overwrite: overwrite)
        } catch {
            // Nothing of a failed write stays, not even the folders it made.
            FileIO.removeFolders(created)
            throw error
        }
    }

    private func write(into directory: String, overwrite: Bool) throws(SealKitError) -> [String] {
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let entries = try KeyFiles.mapCryptoError(directory) { () throws(SealCryptoError) in
            [
                AtomicFiles.Entry(
                    path: "\(folder)/\(Self.signingKeyFileName)",
                    mode: 0o600,
                    contents: try signingKey.pemRepresentation
                ),
                AtomicFiles.Entry(
                    path: "\(folder)/\(Self.verifyingKeyFileName)",
                    mode: 0o644,
                    contents: SecureBytes(try signingKey.publicKey.pemRepresentation.utf8)
                ),
                AtomicFiles.Entry(
                    path: "\(folder)/\(Self.masterSecretFileName)",
                    mode: 0o600,
                    contents: try masterSecret.fileRepresentation
                ),
            ]
        }
        try AtomicFiles.write(entries, overwrite: overwrite, set: OutputSet(directory: folder))
        return entries.map(\.path)
    }
}
