internal import COpenSSL

/// Owns one OpenSSL `EVP_PKEY` holding an Ed25519 key, freed in `deinit`.
///
/// `@unchecked Sendable`: the key is never mutated after creation, and OpenSSL locks its own
/// internal caches, so one `EVP_PKEY` may be used from several threads at once.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// A new Ed25519 key pair (`EVP_PKEY_keygen`), drawing on OpenSSL's private generator.
    static func generateEd25519() throws(SealCryptoError) -> EVPKey {
        let context = try check(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil), "EVP_PKEY_CTX_new_id")
        defer { EVP_PKEY_CTX_free(context) }
        try check(EVP_PKEY_keygen_init(context), "EVP_PKEY_keygen_init")
        var key: OpaquePointer? = nil
        try check(EVP_PKEY_keygen(context, &key), "EVP_PKEY_keygen")
        return EVPKey(taking: try check(key, "EVP_PKEY_keygen"))
    }

    /// An Ed25519 private key from its 32-byte seed (`EVP_PKEY_new_raw_private_key`).
    static func ed25519Private(seed: UnsafeRawBufferPointer) throws(SealCryptoError) -> EVPKey {
        let key = EVP_PKEY_new_raw_private_key(
            EVP_PKEY_ED25519,
            nil,
            nonNullBase(seed).assumingMemoryBound(to: UInt8.self),
            seed.count
        )
        return EVPKey(taking: try check(key, "EVP_PKEY_new_raw_private_key"))
    }

    /// An Ed25519 public key from its 32 raw bytes (`EVP_PKEY_new_raw_public_key`).
    static func ed25519Public(raw: UnsafeRawBufferPointer) throws(SealCryptoError) -> EVPKey {
        let key = EVP_PKEY_new_raw_public_key(
            EVP_PKEY_ED25519,
            nil,
            nonNullBase(raw).assumingMemoryBound(to: UInt8.self),
            raw.count
        )
        return EVPKey(taking: try check(key, "EVP_PKEY_new_raw_public_key"))
    }

    /// Whether the key is an Ed25519 key (`EVP_PKEY_is_a`). An X25519 key parses without complaint
    /// and fails only this check.
    var isEd25519: Bool {
        EVP_PKEY_is_a(pointer, "ED25519") == 1
    }

    /// The 32-byte seed (`EVP_PKEY_get_raw_private_key`), in wiped storage.
    func rawPrivateKey() throws(SealCryptoError) -> SecureBytes {
        try SecureBytes(count: 32) { (buffer) throws(SealCryptoError) in
            var length = 32
            try check(
                EVP_PKEY_get_raw_private_key(
                    pointer,
                    buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    &length
                ),
                "EVP_PKEY_get_raw_private_key"
            )
        }
    }

    /// The 32 raw public-key bytes (`EVP_PKEY_get_raw_public_key`).
    func rawPublicKey() throws(SealCryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        var length = 32
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
            try check(
                EVP_PKEY_get_raw_public_key(pointer, buffer.baseAddress!, &length),
                "EVP_PKEY_get_raw_public_key"
            )
        }
        return bytes
    }

    /// The DER SubjectPublicKeyInfo of the public key (`i2d_PUBKEY`), 44 bytes for Ed25519.
    func publicKeyDER() throws(SealCryptoError) -> [UInt8] {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw .openSSL("i2d_PUBKEY") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw .openSSL("i2d_PUBKEY") }
        return der
    }

    // MARK: PEM

    /// Unencrypted PKCS#8 PEM (`PEM_write_bio_PrivateKey`), in wiped storage. The memory BIO is
    /// cleansed when freed.
    func privateKeyPEM() throws(SealCryptoError) -> SecureBytes {
        try withMemoryBIO { (bio) throws(SealCryptoError) in
            try check(PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil), "PEM_write_bio_PrivateKey")
            return try contents(of: bio)
        }
    }

    /// SubjectPublicKeyInfo PEM (`PEM_write_bio_PUBKEY`).
    func publicKeyPEM() throws(SealCryptoError) -> [UInt8] {
        try withMemoryBIO { (bio) throws(SealCryptoError) in
            try check(PEM_write_bio_PUBKEY(bio, pointer), "PEM_write_bio_PUBKEY")
            return try contents(of: bio).withUnsafeBytes { Array($0) }
        }
    }

    /// Parses a private key PEM (`PEM_read_bio_PrivateKey`) with a password callback that refuses,
    /// so an encrypted key is an error and never a terminal prompt.
    static func fromPrivateKeyPEM(_ pem: UnsafeRawBufferPointer) throws(SealCryptoError) -> EVPKey {
        try withReadBIO(pem) { (bio) throws(SealCryptoError) in
            guard let key = PEM_read_bio_PrivateKey(bio, nil, refusePassword, nil) else {
                throw .openSSL("PEM_read_bio_PrivateKey", code: .invalidPEM, reason: "cannot read the private key PEM")
            }
            return EVPKey(taking: key)
        }
    }

    /// Parses a SubjectPublicKeyInfo PEM (`PEM_read_bio_PUBKEY`).
    static func fromPublicKeyPEM(_ pem: UnsafeRawBufferPointer) throws(SealCryptoError) -> EVPKey {
        try withReadBIO(pem) { (bio) throws(SealCryptoError) in
            guard let key = PEM_read_bio_PUBKEY(bio, nil, refusePassword, nil) else {
                throw .openSSL("PEM_read_bio_PUBKEY", code: .invalidPEM, reason: "cannot read the public key PEM")
            }
            return EVPKey(taking: key)
        }
    }
}

/// Refuses every passphrase request. Returning 0 would supply an *empty* passphrase (and a key
/// encrypted with one would load); -1 makes OpenSSL fail cleanly.
private let refusePassword:
    @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?)
        -> Int32 = { _, _, _, _ in -1 }

/// Lends a new writable memory BIO to `body`; freeing a memory BIO cleanses its buffer.
private func withMemoryBIO<Result>(
    _ body: (OpaquePointer) throws(SealCryptoError) -> Result
) throws(SealCryptoError) -> Result {
    let bio = try check(BIO_new(BIO_s_mem()), "BIO_new")
    defer { BIO_free(bio) }
    return try body(bio)
}

/// Lends a read-only memory BIO over `bytes` to `body`.
private func withReadBIO<Result>(
    _ bytes: UnsafeRawBufferPointer,
    _ body: (OpaquePointer) throws(SealCryptoError) -> Result
) throws(SealCryptoError) -> Result {
    guard bytes.count <= Int(Int32.max) else {
        throw SealCryptoError(.invalidPEM, "PEM input is too large")
    }
    let bio = try check(BIO_new_mem_buf(nonNullBase(bytes), Int32(bytes.count)), "BIO_new_mem_buf")
    defer { BIO_free(bio) }
    return try body(bio)
}

/// Copies what was written to a memory BIO into wiped storage.
private func contents(of bio: OpaquePointer) throws(SealCryptoError) -> SecureBytes {
    var data: UnsafeMutablePointer<CChar>? = nil
    let length = c_openssl_BIO_get_mem_data(bio, &data)
    guard length >= 0, let data else { throw .openSSL("BIO_get_mem_data") }
    return SecureBytes(copying: UnsafeRawBufferPointer(start: data, count: length))
}

extension EVPKey {
    /// OpenSSL's name for the key's algorithm (`EVP_PKEY_get0_type_name`): "ED25519", "X25519", "RSA", "EC", ...
    var typeName: String {
        guard let name = EVP_PKEY_get0_type_name(pointer) else { return "unknown" }
        return String(cString: name)
    }
}
