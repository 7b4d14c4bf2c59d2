/// An HMAC-SHA256 tag: 32 bytes.
///
/// `==` compares in constant time (`CRYPTO_memcmp`), so tags can be checked against received ones
/// without a timing side channel. ``hexString`` is lower-case, as `openssl mac ... | tr A-F a-f` prints.
public struct HashedAuthenticationCode: Hashable, Sendable, CustomStringConvertible {
    /// The 32 tag bytes.
    public let bytes: [UInt8]

    /// Wraps 32 tag bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == HMACSHA256.byteCount, "an HMAC-SHA256 tag has 32 bytes")
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, 64 digits.
    public var hexString: String { Hex.encode(bytes) }

    public var description: String { hexString }

    /// Constant-time comparison.
    public static func == (lhs: HashedAuthenticationCode, rhs: HashedAuthenticationCode) -> Bool {
        constantTimeEquals(lhs.bytes, rhs.bytes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }
}
