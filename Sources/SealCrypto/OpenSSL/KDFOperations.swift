internal import COpenSSL

/// HKDF-SHA256 through OpenSSL's `EVP_KDF` API (extract-then-expand, RFC 5869).
enum KDFOperations {
    static func hkdfSHA256(
        key: UnsafeRawBufferPointer,
        salt: UnsafeRawBufferPointer,
        info: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(SealCryptoError) {
        let context = try check(EVP_KDF_CTX_new(Algorithms.hkdf), "EVP_KDF_CTX_new")
        defer { EVP_KDF_CTX_free(context) }
        try withOSSLParameters([
            .utf8String(key: OSSL_KDF_PARAM_DIGEST, value: "SHA256"),
            .octetString(key: OSSL_KDF_PARAM_KEY, value: key),
            .octetString(key: OSSL_KDF_PARAM_SALT, value: salt),
            .octetString(key: OSSL_KDF_PARAM_INFO, value: info),
        ]) { (parameters) throws(SealCryptoError) in
            try check(
                EVP_KDF_derive(
                    context,
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    output.count,
                    parameters
                ),
                "EVP_KDF_derive"
            )
        }
    }
}
