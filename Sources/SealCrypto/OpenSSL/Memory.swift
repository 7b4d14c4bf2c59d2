internal import COpenSSL

/// Overwrites `count` bytes at `pointer` with zeros in a way the compiler cannot elide (`OPENSSL_cleanse`).
func cleanse(_ pointer: UnsafeMutableRawPointer, count: Int) {
    OPENSSL_cleanse(pointer, count)
}

/// Compares two equal-length buffers in time independent of their contents (`CRYPTO_memcmp`).
func constantTimeMemoryEquals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
    precondition(lhs.count == rhs.count, "constant-time comparison needs equal lengths")
    guard lhs.count > 0 else { return true }
    return CRYPTO_memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0
}

/// Fills `buffer` from OpenSSL's CSPRNG.
///
/// - Parameter secret: `true` draws from the private generator (`RAND_priv_bytes`), kept apart from
///   the public one (`RAND_bytes`) so that public nonces never reveal the state that made a key.
func fillRandom(_ buffer: UnsafeMutableRawBufferPointer, secret: Bool) throws(SealCryptoError) {
    var offset = 0
    while offset < buffer.count {
        let chunk = min(buffer.count - offset, Int(Int32.max))
        let pointer = buffer.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
        let result = secret ? RAND_priv_bytes(pointer, Int32(chunk)) : RAND_bytes(pointer, Int32(chunk))
        guard result == 1 else {
            throw .openSSL(
                secret ? "RAND_priv_bytes" : "RAND_bytes",
                code: .randomFailure,
                reason: "random bytes unavailable"
            )
        }
        offset += chunk
    }
}

/// A pointer that is never nil, for OpenSSL calls that treat `(NULL, 0)` differently from `(p, 0)`.
///
/// On 3.0.19 an HMAC key of `(NULL, 0)` makes `EVP_MAC_init` fail, and an empty HKDF salt or info
/// passed as `(NULL, 0)` makes `EVP_KDF_derive` fail, both with an empty error queue. An
/// `UnsafeRawBufferPointer` of count 0 may have a nil base, so callers pass this instead.
func nonNullBase(_ buffer: UnsafeRawBufferPointer) -> UnsafeRawPointer {
    if let base = buffer.baseAddress { return base }
    return UnsafeRawPointer(emptyByte)
}

/// One readable byte whose address stands in for an empty buffer. Never written.
/// Allocated once and never freed or mutated after initialisation, so sharing it across threads is safe.
nonisolated(unsafe) private let emptyByte: UnsafeMutableRawPointer = {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    pointer.storeBytes(of: 0, as: UInt8.self)
    return pointer
}()
