internal import COpenSSL

/// Algorithm objects fetched once from the default provider.
///
/// An implicit fetch on every call (`EVP_sha256()`) was 2.5 times slower for 32-byte inputs, so each
/// algorithm is fetched once here. The force unwraps fail only on a broken OpenSSL installation (no
/// default provider), which SealKit cannot work around.
enum Algorithms {
    /// SHA-256 digest. Fetched `EVP_MD` objects are immutable, reference-counted and thread-safe.
    nonisolated(unsafe) static let sha256: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)!
    /// HMAC. Fetched `EVP_MAC` objects are immutable, reference-counted and thread-safe.
    nonisolated(unsafe) static let hmac: OpaquePointer = EVP_MAC_fetch(nil, OSSL_MAC_NAME_HMAC, nil)!
    /// HKDF. Fetched `EVP_KDF` objects are immutable, reference-counted and thread-safe.
    nonisolated(unsafe) static let hkdf: OpaquePointer = EVP_KDF_fetch(nil, OSSL_KDF_NAME_HKDF, nil)!
}

/// The version of the OpenSSL library SealKit runs against, as `OpenSSL_version(OPENSSL_VERSION)` says.
public var openSSLVersion: String {
    String(cString: OpenSSL_version(OPENSSL_VERSION))
}
