/// Cryptographically secure random bytes for values that are not secret (nonces, identifiers).
///
/// Secret values (keys, master secrets) come from ``SecureBytes/random(count:)`` instead, which draws
/// from OpenSSL's separate private generator and keeps the result in wiped storage.
public enum SecureRandom {
    /// `count` random bytes from OpenSSL's public generator (`RAND_bytes`).
    ///
    /// - Throws: ``SealCryptoError/Code/randomFailure`` if the generator fails.
    public static func bytes(count: Int) throws(SealCryptoError) -> [UInt8] {
        precondition(count >= 0, "random byte count must not be negative")
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
            try fillRandom(UnsafeMutableRawBufferPointer(buffer), secret: false)
        }
        return bytes
    }
}
