internal import COpenSSL

/// Ed25519 signing and verification through `EVP_DigestSign` / `EVP_DigestVerify` (one-shot, with a
/// NULL digest: Ed25519 hashes internally, and passing SHA-512 fails with "invalid digest").
///
/// A context may be reused: before each operation it is re-initialised with a NULL key, which keeps
/// the key it was first bound to (what OpenSSL's own benchmark does; it also recovers after a
/// failed verification).
enum SignatureOperations {
    /// A new `EVP_MD_CTX` bound to `key` for signing (`EVP_DigestSignInit`) or verifying
    /// (`EVP_DigestVerifyInit`). The context is freed if binding fails.
    static func newContext(boundTo key: EVPKey, forSigning signing: Bool) throws(SealCryptoError) -> OpaquePointer {
        let context = try check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        let bound =
            signing
            ? EVP_DigestSignInit(context, nil, nil, nil, key.pointer)
            : EVP_DigestVerifyInit(context, nil, nil, nil, key.pointer)
        guard bound == 1 else {
            let error = SealCryptoError.openSSL(signing ? "EVP_DigestSignInit" : "EVP_DigestVerifyInit")
            EVP_MD_CTX_free(context)
            throw error
        }
        return context
    }

    static func free(_ context: OpaquePointer) {
        EVP_MD_CTX_free(context)
    }

    /// Signs `message` into `signature` (64 bytes) with a bound context, re-armed first.
    static func sign(
        _ context: OpaquePointer,
        rearm: Bool,
        _ message: UnsafeRawBufferPointer,
        into signature: UnsafeMutableRawBufferPointer
    ) throws(SealCryptoError) {
        precondition(signature.count >= 64, "Ed25519 signature buffer must hold 64 bytes")
        if rearm {
            try check(EVP_DigestSignInit(context, nil, nil, nil, nil), "EVP_DigestSignInit")
        }
        var length = 64
        try check(
            EVP_DigestSign(
                context,
                signature.baseAddress!.assumingMemoryBound(to: UInt8.self),
                &length,
                message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                message.count
            ),
            "EVP_DigestSign"
        )
    }

    /// Whether `signature` is valid for `message` under the bound key. The error queue is cleared
    /// whatever happens: an invalid signature is an outcome, not an error.
    static func verify(
        _ context: OpaquePointer,
        rearm: Bool,
        _ signature: UnsafeRawBufferPointer,
        _ message: UnsafeRawBufferPointer
    ) -> Bool {
        defer { clearOpenSSLErrors() }
        guard signature.count == 64 else { return false }
        if rearm {
            guard EVP_DigestVerifyInit(context, nil, nil, nil, nil) == 1 else { return false }
        }
        return EVP_DigestVerify(
            context,
            signature.baseAddress!.assumingMemoryBound(to: UInt8.self),
            64,
            message.baseAddress?.assumingMemoryBound(to: UInt8.self),
            message.count
        ) == 1
    }
}
