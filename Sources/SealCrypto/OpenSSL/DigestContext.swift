internal import COpenSSL

/// SHA-256 through OpenSSL's EVP digest API, with the algorithm fetched once.
enum DigestOperations {
    /// One-shot SHA-256 (`EVP_Digest` with the fetched `EVP_MD`) into `output` (32 bytes).
    static func sha256(
        _ message: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    )
        throws(SealCryptoError)
    {
        precondition(output.count >= 32, "SHA-256 output buffer must hold 32 bytes")
        var length: UInt32 = 0
        try check(
            EVP_Digest(
                nonNullBase(message),
                message.count,
                output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                &length,
                Algorithms.sha256,
                nil
            ),
            "EVP_Digest"
        )
    }

    /// A new `EVP_MD_CTX` initialised for SHA-256.
    static func newSHA256Context() throws(SealCryptoError) -> OpaquePointer {
        let context = try check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        guard EVP_DigestInit_ex2(context, Algorithms.sha256, nil) == 1 else {
            let error = SealCryptoError.openSSL("EVP_DigestInit_ex2")
            EVP_MD_CTX_free(context)
            throw error
        }
        return context
    }

    static func update(_ context: OpaquePointer, _ message: UnsafeRawBufferPointer) throws(SealCryptoError) {
        try check(EVP_DigestUpdate(context, nonNullBase(message), message.count), "EVP_DigestUpdate")
    }

    static func finalize(
        _ context: OpaquePointer,
        into output: UnsafeMutableRawBufferPointer
    )
        throws(SealCryptoError)
    {
        precondition(output.count >= 32, "SHA-256 output buffer must hold 32 bytes")
        var length: UInt32 = 0
        try check(
            EVP_DigestFinal_ex(context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &length),
            "EVP_DigestFinal_ex"
        )
    }

    /// Starts the context over for SHA-256 (`EVP_DigestInit_ex2`).
    static func reset(_ context: OpaquePointer) throws(SealCryptoError) {
        try check(EVP_DigestInit_ex2(context, Algorithms.sha256, nil), "EVP_DigestInit_ex2")
    }

    static func free(_ context: OpaquePointer) {
        EVP_MD_CTX_free(context)
    }
}
