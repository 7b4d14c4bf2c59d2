/// A secret key for HMAC-SHA256 and HKDF-SHA256, held in wiped storage.
///
/// Mirrors CryptoKit's `SymmetricKey`. It prints as `SymmetricKey(<redacted>)`, and `==` compares in
/// constant time.
public struct SymmetricKey: Sendable, Equatable {
    /// The key bytes, wiped when the last copy is released.
    public let bytes: SecureBytes

    /// Wraps key bytes already held in protected storage.
    public init(_ bytes: SecureBytes) {
        self.bytes = bytes
    }

    /// Copies `bytes` into protected storage. The caller's copy is not wiped.
    public init(bytes: some Sequence<UInt8>) {
        self.bytes = SecureBytes(bytes)
    }

    /// A new random key of `byteCount` bytes from OpenSSL's private generator.
    ///
    /// - Throws: ``SealCryptoError/Code/randomFailure`` if the generator fails.
    public init(randomByteCount byteCount: Int) throws(SealCryptoError) {
        bytes = try SecureBytes.random(count: byteCount)
    }

    /// The key length in bytes.
    public var byteCount: Int { bytes.count }

    /// Lends the key bytes to `body` without copying them.
    @inlinable
    public func withUnsafeBytes<Result, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> Result
    ) throws(E) -> Result {
        try bytes.withUnsafeBytes(body)
    }
}

extension SymmetricKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SymmetricKey(<redacted>)" }
    public var debugDescription: String { description }
    /// A mirror with no children: a debugger or `dump` shows no secret byte.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
