/// HKDF with SHA-256 (RFC 5869): extract-then-expand key derivation.
///
/// SealKit derives every purpose key from the pseudonym master secret with HKDF, each under its own
/// versioned `info` label, so that one exposed key or output set reveals nothing about another.
public enum HKDFSHA256 {
    /// The largest output RFC 5869 allows for SHA-256: 255 × 32 bytes.
    public static let maximumOutputByteCount = 255 * 32

    /// Derives `outputByteCount` bytes of key material.
    ///
    /// Uses `EVP_KDF_derive` with the HKDF algorithm in its default extract-then-expand mode. An empty
    /// salt means HashLen zero bytes, as RFC 5869 says.
    ///
    /// - Parameters:
    ///   - inputKeyMaterial: the secret input (IKM).
    ///   - salt: a non-secret salt; may be empty.
    ///   - info: the context and purpose label; may be empty.
    ///   - outputByteCount: 1 to 8160.
    /// - Returns: the output key material, in wiped storage.
    /// - Throws: ``SealCryptoError/Code/invalidOutputLength`` for a length outside 1...8160 (OpenSSL
    ///   itself fails those with an empty error queue), or ``SealCryptoError`` if OpenSSL fails.
    public static func deriveKey(
        inputKeyMaterial: SymmetricKey,
        salt: some Sequence<UInt8>,
        info: some Sequence<UInt8>,
        outputByteCount: Int
    ) throws(SealCryptoError) -> SymmetricKey {
        guard outputByteCount >= 1, outputByteCount <= maximumOutputByteCount else {
            throw SealCryptoError(
                .invalidOutputLength,
                "HKDF-SHA256 output length must be 1 to \(maximumOutputByteCount) bytes, not \(outputByteCount)"
            )
        }
        let saltBytes = Array(salt)
        let infoBytes = Array(info)
        let output = try SecureBytes(count: outputByteCount) { (output) throws(SealCryptoError) in
            try inputKeyMaterial.withUnsafeBytes { (key) throws(SealCryptoError) in
                try saltBytes.withUnsafeBufferPointer { (salt) throws(SealCryptoError) in
                    try infoBytes.withUnsafeBufferPointer { (info) throws(SealCryptoError) in
                        try KDFOperations.hkdfSHA256(
                            key: key,
                            salt: UnsafeRawBufferPointer(salt),
                            info: UnsafeRawBufferPointer(info),
                            into: output
                        )
                    }
                }
            }
        }
        return SymmetricKey(output)
    }
}
