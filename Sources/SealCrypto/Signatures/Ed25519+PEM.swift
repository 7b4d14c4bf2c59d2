extension Ed25519.PrivateKey {
    /// Reads an unencrypted PKCS#8 private key PEM (`-----BEGIN PRIVATE KEY-----`), as
    /// `openssl genpkey -algorithm ed25519` writes it.
    ///
    /// The text must be exactly one PEM block. Uses `PEM_read_bio_PrivateKey` with a password callback
    /// that refuses, so an encrypted key fails instead of prompting on the terminal.
    ///
    /// - Parameter pem: the file's bytes, kept in wiped storage.
    /// - Throws: ``SealCryptoError/Code/invalidPEM`` for garbage, truncated or multi-block text;
    ///   ``SealCryptoError/Code/encryptedPrivateKey`` for an encrypted key;
    ///   ``SealCryptoError/Code/wrongKeyType`` for a public key, or a key of another algorithm
    ///   (RSA, EC, X25519).
    public init(pemRepresentation pem: SecureBytes) throws(SealCryptoError) {
        let key = try pem.withUnsafeBytes { (bytes) throws(SealCryptoError) -> EVPKey in
            switch try PEMKeyKind.classify(PEMEnvelope.parse(bytes)) {
            case .privateKey:
                return try EVPKey.fromPrivateKeyPEM(bytes)
            case .publicKey:
                throw SealCryptoError(.wrongKeyType, "expected a private key, found a public key")
            }
        }
        guard key.isEd25519 else {
            throw SealCryptoError(.wrongKeyType, "expected an Ed25519 key, found \(key.typeName)")
        }
        self.init(key: key)
    }

    /// Reads a private key PEM from a string. Prefer ``init(pemRepresentation:)-(SecureBytes)``: a
    /// `String` copy of a private key can never be wiped.
    public init(pemRepresentation pem: String) throws(SealCryptoError) {
        try self.init(pemRepresentation: SecureBytes(pem.utf8))
    }

    /// The unencrypted PKCS#8 PEM text (`PEM_write_bio_PrivateKey`), 119 bytes, in wiped storage.
    ///
    /// Write it straight to a file created with mode 0600.
    public var pemRepresentation: SecureBytes {
        get throws(SealCryptoError) { try key.privateKeyPEM() }
    }
}

extension Ed25519.PublicKey {
    /// Reads a SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl pkey -pubout` writes it.
    ///
    /// - Throws: ``SealCryptoError/Code/invalidPEM`` for garbage, truncated or multi-block text;
    ///   ``SealCryptoError/Code/wrongKeyType`` for a private key, or a key of another algorithm.
    public init(pemRepresentation pem: some Sequence<UInt8>) throws(SealCryptoError) {
        let bytes = Array(pem)
        let key = try bytes.withUnsafeBufferPointer { (buffer) throws(SealCryptoError) -> EVPKey in
            let raw = UnsafeRawBufferPointer(buffer)
            switch try PEMKeyKind.classify(PEMEnvelope.parse(raw)) {
            case .publicKey:
                return try EVPKey.fromPublicKeyPEM(raw)
            case .privateKey:
                throw SealCryptoError(.wrongKeyType, "expected a public key, found a private key")
            }
        }
        guard key.isEd25519 else {
            throw SealCryptoError(.wrongKeyType, "expected an Ed25519 key, found \(key.typeName)")
        }
        try self.init(key: key)
    }

    /// Reads a public key PEM from a string.
    public init(pemRepresentation pem: String) throws(SealCryptoError) {
        try self.init(pemRepresentation: Array(pem.utf8))
    }

    /// The SubjectPublicKeyInfo PEM text (`PEM_write_bio_PUBKEY`), 113 bytes.
    public var pemRepresentation: String {
        get throws(SealCryptoError) { String(decoding: try key.publicKeyPEM(), as: UTF8.self) }
    }
}

/// What a PEM key file holds: used by tools that accept either kind (`sealkit key-id`).
public enum Ed25519KeyFile: Sendable {
    case privateKey(Ed25519.PrivateKey)
    case publicKey(Ed25519.PublicKey)

    /// Reads either a private or a public Ed25519 key PEM, deciding by its label.
    ///
    /// - Throws: the errors of ``Ed25519/PrivateKey/init(pemRepresentation:)-(SecureBytes)`` and
    ///   ``Ed25519/PublicKey/init(pemRepresentation:)-(Sequence<UInt8>)``.
    public init(pemRepresentation pem: SecureBytes) throws(SealCryptoError) {
        let kind = try pem.withUnsafeBytes { (bytes) throws(SealCryptoError) in
            try PEMKeyKind.classify(PEMEnvelope.parse(bytes))
        }
        switch kind {
        case .privateKey:
            self = .privateKey(try Ed25519.PrivateKey(pemRepresentation: pem))
        case .publicKey:
            self = .publicKey(try Ed25519.PublicKey(pemRepresentation: pem.withUnsafeBytes { Array($0) }))
        }
    }

    /// The public key: the key itself, or the public half of the private key.
    public var publicKey: Ed25519.PublicKey {
        get throws(SealCryptoError) {
            switch self {
            case .privateKey(let key): try key.publicKey
            case .publicKey(let key): key
            }
        }
    }
}
