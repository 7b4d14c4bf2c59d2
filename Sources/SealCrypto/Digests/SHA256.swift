/// SHA-256 (FIPS 180-4), one-shot or streaming.
///
/// For whole messages in memory use ``hash(_:)``. For files and other streams create a hasher, call
/// ``update(_:)`` for each chunk and ``finalize()`` once:
///
/// ```swift
/// var hasher = try SHA256()
/// try hasher.update(chunk)
/// let digest = try hasher.finalize()
/// ```
///
/// A hasher owns an OpenSSL `EVP_MD_CTX`, freed when the hasher ends. It is `~Copyable` and not
/// `Sendable`: use one per task. The digest algorithm is fetched once per process.
public struct SHA256: ~Copyable {
    /// Digest length in bytes.
    public static let byteCount = 32

    private let context: OpaquePointer

    /// Starts a streaming hash.
    ///
    /// Uses `EVP_MD_CTX_new` and `EVP_DigestInit_ex2`.
    /// - Throws: ``SealCryptoError`` if OpenSSL cannot allocate or initialise the context.
    public init() throws(SealCryptoError) {
        context = try DigestOperations.newSHA256Context()
    }

    deinit {
        DigestOperations.free(context)
    }

    /// Adds `bytes` to the hash (`EVP_DigestUpdate`).
    public mutating func update(_ bytes: some Sequence<UInt8>) throws(SealCryptoError) {
        try withContiguousBytes(bytes) { (buffer) throws(SealCryptoError) in
            try update(bufferPointer: buffer)
        }
    }

    /// Adds the bytes of `buffer` to the hash without copying them (`EVP_DigestUpdate`).
    public mutating func update(bufferPointer buffer: UnsafeRawBufferPointer) throws(SealCryptoError) {
        try DigestOperations.update(context, buffer)
    }

    /// Finishes the hash and returns the digest (`EVP_DigestFinal_ex`). The hasher is consumed.
    public consuming func finalize() throws(SealCryptoError) -> SHA256Digest {
        try digest()
    }

    /// The digest of what was hashed (`EVP_DigestFinal_ex`); the context then needs a reset.
    private func digest() throws(SealCryptoError) -> SHA256Digest {
        var output = [UInt8](repeating: 0, count: Self.byteCount)
        try output.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
            try DigestOperations.finalize(context, into: UnsafeMutableRawBufferPointer(buffer))
        }
        return SHA256Digest(bytes: output)
    }

    /// Finishes the hash, returns the digest, and starts a new one on the same context (for owners
    /// that cannot consume the hasher, such as a class property).
    public mutating func finalizeAndReset() throws(SealCryptoError) -> SHA256Digest {
        let result = try digest()
        try DigestOperations.reset(context)
        return result
    }

    /// Discards what was hashed and starts again.
    public mutating func reset() throws(SealCryptoError) {
        try DigestOperations.reset(context)
    }

    /// The SHA-256 digest of `bytes` in one call (`EVP_Digest` with the fetched algorithm).
    public static func hash(_ bytes: some Sequence<UInt8>) throws(SealCryptoError) -> SHA256Digest {
        var output = [UInt8](repeating: 0, count: byteCount)
        try withContiguousBytes(bytes) { (message) throws(SealCryptoError) in
            try output.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
                try DigestOperations.sha256(message, into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
        return SHA256Digest(bytes: output)
    }

    /// The SHA-256 digest of `message` written into `output` (at least 32 bytes), with no allocation.
    public static func hash(
        bufferPointer message: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(SealCryptoError) {
        try DigestOperations.sha256(message, into: output)
    }
}
