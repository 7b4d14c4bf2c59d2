/// Ed25519 signatures (RFC 8032, pure EdDSA over edwards25519).
///
/// SealKit signs sealing manifests with Ed25519, and auditors verify them with the public key alone,
/// also with stock `openssl pkeyutl -verify -rawin`. Signatures are deterministic: the same key and
/// message give the same 64 bytes everywhere.
///
/// ### Keys
/// - ``PrivateKey``: generate, import a 32-byte seed, or read unencrypted PKCS#8 PEM.
/// - ``PublicKey``: 32 raw bytes, or SubjectPublicKeyInfo PEM; identified by its ``KeyID``.
///
/// ### Hot loops
/// ``Signer`` and ``Verifier`` keep one OpenSSL context bound to a key and reuse it; the one-shot
/// ``PrivateKey/signature(for:)`` and ``PublicKey/isValidSignature(_:for:)`` make a context per call
/// (3–8% slower).
public enum Ed25519 {
    /// The length of an Ed25519 signature.
    public static let signatureByteCount = 64
    /// The length of a raw Ed25519 public key or private seed.
    public static let keyByteCount = 32
}

extension Ed25519 {
    /// An Ed25519 private key, held by OpenSSL and exported only as wiped bytes.
    ///
    /// Prints as `Ed25519.PrivateKey(<redacted>)`.
    public struct PrivateKey: Sendable {
        let key: EVPKey

        init(key: EVPKey) {
            self.key = key
        }

        /// A new random key pair (`EVP_PKEY_keygen`, OpenSSL's private generator).
        ///
        /// - Throws: ``SealCryptoError`` if OpenSSL fails.
        public init() throws(SealCryptoError) {
            key = try EVPKey.generateEd25519()
        }

        /// A key from its 32-byte seed, the private key of RFC 8032 (`EVP_PKEY_new_raw_private_key`).
        ///
        /// - Throws: ``SealCryptoError/Code/invalidKeyLength`` unless the seed has 32 bytes.
        public init(rawRepresentation seed: SecureBytes) throws(SealCryptoError) {
            guard seed.count == Ed25519.keyByteCount else {
                throw SealCryptoError(.invalidKeyLength, "an Ed25519 seed has 32 bytes, not \(seed.count)")
            }
            key = try seed.withUnsafeBytes { (bytes) throws(SealCryptoError) in try EVPKey.ed25519Private(seed: bytes) }
        }

        /// The 32-byte seed, in wiped storage (`EVP_PKEY_get_raw_private_key`).
        public var rawRepresentation: SecureBytes {
            get throws(SealCryptoError) { try key.rawPrivateKey() }
        }

        /// The matching public key.
        public var publicKey: PublicKey {
            get throws(SealCryptoError) { try PublicKey(rawRepresentation: key.rawPublicKey()) }
        }

        /// The signature of `message` (`EVP_DigestSign` with a NULL digest), 64 bytes.
        ///
        /// The whole message must be in memory: Ed25519 is one-shot in OpenSSL.
        public func signature(for message: some Sequence<UInt8>) throws(SealCryptoError) -> [UInt8] {
            var signer = try Signer(key: self)
            return try signer.signature(for: message)
        }
    }
}

extension Ed25519.PrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Ed25519.PrivateKey(<redacted>)" }
    public var debugDescription: String { description }
    /// A mirror with no children: a debugger or `dump` shows no secret byte.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension Ed25519 {
    /// An Ed25519 public key.
    public struct PublicKey: Sendable, Hashable {
        let key: EVPKey
        /// The 32 raw key bytes (RFC 8032 encoding of the point A).
        public let rawRepresentation: [UInt8]

        /// A public key from its 32 raw bytes (`EVP_PKEY_new_raw_public_key`).
        ///
        /// - Throws: ``SealCryptoError/Code/invalidKeyLength`` unless there are 32 bytes.
        public init(rawRepresentation: some Sequence<UInt8>) throws(SealCryptoError) {
            let raw = Array(rawRepresentation)
            guard raw.count == Ed25519.keyByteCount else {
                throw SealCryptoError(.invalidKeyLength, "an Ed25519 public key has 32 bytes, not \(raw.count)")
            }
            key = try raw.withUnsafeBufferPointer { (bytes) throws(SealCryptoError) in
                try EVPKey.ed25519Public(raw: UnsafeRawBufferPointer(bytes))
            }
            self.rawRepresentation = raw
        }

        init(key: EVPKey) throws(SealCryptoError) {
            self.key = key
            rawRepresentation = try key.rawPublicKey()
        }

        /// The DER SubjectPublicKeyInfo (`i2d_PUBKEY`): 44 bytes, `302a300506032b6570032100` then the key.
        public var derRepresentation: [UInt8] {
            get throws(SealCryptoError) { try key.publicKeyDER() }
        }

        /// The key ID: lower-case hex SHA-256 of ``derRepresentation``.
        public var keyID: KeyID {
            get throws(SealCryptoError) { KeyID(digest: try SHA256.hash(derRepresentation)) }
        }

        /// Whether `signature` is a valid signature of `message` (`EVP_DigestVerify`).
        ///
        /// A signature that does not verify is `false`, never an error; so is one that is not 64 bytes.
        /// OpenSSL's error queue is cleared either way.
        public func isValidSignature(_ signature: some Sequence<UInt8>, for message: some Sequence<UInt8>) -> Bool {
            guard var verifier = try? Verifier(key: self) else { return false }
            return verifier.isValidSignature(signature, for: message)
        }

        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
            lhs.rawRepresentation == rhs.rawRepresentation
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(rawRepresentation)
        }
    }
}

/// The identifier of a public key: lower-case hex SHA-256 of its DER SubjectPublicKeyInfo.
///
/// The same value comes from `openssl pkey -pubin -in pub.pem -outform DER | openssl dgst -sha256`.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let hexString: String

    init(digest: SHA256Digest) {
        hexString = digest.hexString
    }

    public var description: String { hexString }
}
