/// A SHA-256 digest: 32 bytes.
///
/// Digests are not secret, so `==` is ordinary comparison. ``description`` is lower-case hex, the form
/// `openssl dgst -sha256` and `sha256sum` print.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == SHA256.byteCount, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, 64 digits.
    public var hexString: String { Hex.encode(bytes) }

    public var description: String { hexString }
}
