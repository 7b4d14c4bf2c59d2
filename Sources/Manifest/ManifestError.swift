package import SealCrypto

/// Why a manifest, envelope, checkpoint or proof is refused, or could not be made. Messages name what
/// is wrong (the layer and the field), never a value from an entry.
package struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    package enum Kind: String, Hashable, Sendable {
        /// The bytes are not the format (strict JSON, exact keys, canonical base64, note grammar).
        case malformed
        /// No signature by the trusted key, or one that does not verify.
        case signature
        /// A bound value (payload type, origin, size, root, digest) is not what it must be.
        case binding
        /// OpenSSL failed (out of memory, a missing algorithm).
        case crypto
    }

    /// What kind of failure.
    package let kind: Kind
    /// What is wrong, in words.
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The ID of `key` (hex SHA-256 of its DER SubjectPublicKeyInfo), an OpenSSL failure as a
    /// ``Kind/crypto`` error.
    package static func keyID(of key: Ed25519.PublicKey) throws(ManifestError) -> String {
        do {
            return try key.keyID.hexString
        } catch {
            throw ManifestError(error)
        }
    }

    /// An OpenSSL failure while making or checking a signature or a hash.
    package init(_ error: SealCryptoError) {
        self.init(.crypto, "\(error)")
    }

    package var description: String { message }

    /// Two errors are equal when their kinds are (the message words the particular case).
    package static func == (lhs: ManifestError, rhs: ManifestError) -> Bool { lhs.kind == rhs.kind }

    package func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
