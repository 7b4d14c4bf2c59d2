/// HMAC with SHA-256 (RFC 2104, FIPS 198-1).
///
/// Two forms:
/// - one-shot: ``authenticationCode(for:using:)`` sets up an OpenSSL context per call; convenient,
///   and about four times slower for short inputs.
/// - a reusable keyed ``Context`` for hot loops (pseudonyms over millions of rows): the key is set
///   once, and each tag costs an update, a final and a re-arm, with the tag written into the caller's
///   buffer.
///
/// Tags are checked with ``isValidAuthenticationCode(_:authenticating:using:)``, which compares in
/// constant time.
public enum HMACSHA256 {
    /// Tag length in bytes.
    public static let byteCount = 32

    /// The HMAC-SHA256 tag of `message` under `key`.
    ///
    /// Uses `EVP_MAC_CTX_new`, `EVP_MAC_init`, `EVP_MAC_update` and `EVP_MAC_final`.
    /// - Throws: ``SealCryptoError`` if OpenSSL fails.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        using key: SymmetricKey
    ) throws(SealCryptoError) -> HashedAuthenticationCode {
        var context = try Context(key: key)
        return try context.authenticationCode(for: message)
    }

    /// Whether `code` is the tag of `message` under `key`, compared in constant time.
    ///
    /// A truncated tag (its leading bytes, as RFC 2104 section 5 allows) is accepted when it has at
    /// least 16 bytes, the bound of RFC 4231 section 4.6 ("truncated to 128 bits"); shorter or longer
    /// codes are never valid.
    public static func isValidAuthenticationCode(
        _ code: some Sequence<UInt8>,
        authenticating message: some Sequence<UInt8>,
        using key: SymmetricKey
    ) throws(SealCryptoError) -> Bool {
        let received = Array(code)
        guard received.count >= 16, received.count <= byteCount else { return false }
        let computed = try authenticationCode(for: message, using: key)
        return constantTimeEquals(computed.bytes.prefix(received.count), received)
    }
}

extension HMACSHA256 {
    /// A keyed HMAC-SHA256 context, reused for many messages.
    ///
    /// The key is installed once (`EVP_MAC_init`); each ``authenticationCode(for:into:)`` then runs
    /// `EVP_MAC_update`, `EVP_MAC_final` and re-arms the context with `EVP_MAC_init(ctx, NULL, 0, NULL)`,
    /// which keeps the key. No context is created per message.
    ///
    /// The context is `~Copyable` and not `Sendable`: OpenSSL contexts are not thread-safe, so each
    /// task makes its own. OpenSSL clears the key it holds when the context ends.
    public struct Context: ~Copyable {
        @usableFromInline
        let context: OpaquePointer

        /// A context keyed with `key`.
        ///
        /// - Throws: ``SealCryptoError`` if OpenSSL cannot create or key the context.
        public init(key: SymmetricKey) throws(SealCryptoError) {
            context = try key.withUnsafeBytes { (bytes) throws(SealCryptoError) in
                try MACOperations.newHMACSHA256Context(key: bytes)
            }
        }

        deinit {
            MACOperations.free(context)
        }

        /// Writes the tag of `message` into the first 32 bytes of `tag`, allocating nothing.
        ///
        /// - Precondition: `tag` holds at least 32 bytes.
        @inlinable
        public mutating func authenticationCode<Message: Sequence<UInt8>>(
            for message: Message,
            into tag: UnsafeMutableRawBufferPointer
        ) throws(SealCryptoError) {
            precondition(tag.count >= HMACSHA256.byteCount, "HMAC-SHA256 tag buffer must hold 32 bytes")
            let context = self.context
            try withContiguousBytes(message) { (buffer) throws(SealCryptoError) in
                try MACOperations.authenticate(context, buffer, into: tag)
            }
        }

        /// Writes the tag of the bytes in `message` into the first 32 bytes of `tag`: the form for
        /// callers that assemble each message in a reusable buffer.
        ///
        /// - Precondition: `tag` holds at least 32 bytes.
        @inlinable
        public mutating func authenticationCode(
            bufferPointer message: UnsafeRawBufferPointer,
            into tag: UnsafeMutableRawBufferPointer
        ) throws(SealCryptoError) {
            precondition(tag.count >= HMACSHA256.byteCount, "HMAC-SHA256 tag buffer must hold 32 bytes")
            try MACOperations.authenticate(context, message, into: tag)
        }

        /// The tag of `message`, as a new value.
        public mutating func authenticationCode(
            for message: some Sequence<UInt8>
        ) throws(SealCryptoError) -> HashedAuthenticationCode {
            var tag = [UInt8](repeating: 0, count: HMACSHA256.byteCount)
            try tag.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
                try authenticationCode(for: message, into: UnsafeMutableRawBufferPointer(buffer))
            }
            return HashedAuthenticationCode(bytes: tag)
        }
    }
}
