internal import COpenSSL

/// HMAC-SHA256 through OpenSSL's `EVP_MAC` API.
///
/// The fast path keeps one keyed `EVP_MAC_CTX` and, after every `EVP_MAC_final`, re-arms it with
/// `EVP_MAC_init(ctx, NULL, 0, NULL)`, which keeps the key. Re-arming is not optional: on 3.0.19 an
/// update on a finalised context returns 1 and the next final returns a wrong tag with no error.
/// (Libraries before the April 2022 fix of openssl/openssl#17811 ignored the NULL-key re-init; a test
/// computes the same known tag three times on one context to catch such a library.)
@usableFromInline
enum MACOperations {
    /// A new `EVP_MAC_CTX` keyed with `key` for HMAC-SHA256.
    static func newHMACSHA256Context(key: UnsafeRawBufferPointer) throws(SealCryptoError) -> OpaquePointer {
        let context = try check(EVP_MAC_CTX_new(Algorithms.hmac), "EVP_MAC_CTX_new")
        do {
            try withOSSLParameters([.utf8String(key: OSSL_MAC_PARAM_DIGEST, value: "SHA256")]) {
                (parameters) throws(SealCryptoError) in
                try check(
                    EVP_MAC_init(
                        context,
                        nonNullBase(key).assumingMemoryBound(to: UInt8.self),
                        key.count,
                        parameters
                    ),
                    "EVP_MAC_init"
                )
            }
        } catch {
            EVP_MAC_CTX_free(context)
            throw error
        }
        return context
    }

    /// Computes the tag of `message` into `tag` (32 bytes) and re-arms the context with the same key.
    @usableFromInline
    static func authenticate(
        _ context: OpaquePointer,
        _ message: UnsafeRawBufferPointer,
        into tag: UnsafeMutableRawBufferPointer
    ) throws(SealCryptoError) {
        try check(
            EVP_MAC_update(context, nonNullBase(message).assumingMemoryBound(to: UInt8.self), message.count),
            "EVP_MAC_update"
        )
        var length = 0
        try check(
            EVP_MAC_final(context, tag.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, 32),
            "EVP_MAC_final"
        )
        try check(EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
    }

    /// Frees the context; OpenSSL clears the key it holds.
    static func free(_ context: OpaquePointer) {
        EVP_MAC_CTX_free(context)
    }
}
