/// Bytes that are wiped from memory when the last copy is released.
///
/// `SecureBytes` holds key material: purpose keys, Ed25519 seeds, the pseudonym master secret, and
/// the text of private key files on their way to disk. Its storage is a class buffer whose `deinit`
/// overwrites the whole allocation with `OPENSSL_cleanse`, which the compiler cannot optimise away.
/// Copies of a `SecureBytes` share that buffer (it is immutable once created), so copying a value is
/// cheap and wipes happen once.
///
/// - Important: Bytes read out with ``withUnsafeBytes(_:)`` and copied elsewhere (into an `Array`, a
///   `String`) leave the protection. Keep secrets inside `SecureBytes` and hand them to SealCrypto
///   APIs or straight to a file.
///
/// Equality is constant time (`CRYPTO_memcmp`) for equal lengths. The type prints as
/// `SecureBytes(<redacted>, count: N)`: no `description`, `Codable` or mirror exposes the contents.
public struct SecureBytes: Sendable {
    @usableFromInline
    final class Storage: Sendable {
        /// Never mutated after `init` returns, so sharing it across threads is safe.
        @usableFromInline nonisolated(unsafe) let buffer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            self.count = count
        }

        @usableFromInline let count: Int

        deinit {
            cleanse(buffer.baseAddress!, count: buffer.count)
            buffer.deallocate()
        }
    }

    @usableFromInline
    let storage: Storage

    /// Creates `count` bytes filled by `initializer`, which writes into the protected buffer directly.
    ///
    /// If `initializer` throws, the partly written buffer is wiped and released.
    public init<E: Error>(
        count: Int,
        initializingWith initializer: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        precondition(count >= 0, "SecureBytes count must not be negative")
        let storage = Storage(count: count)
        try initializer(UnsafeMutableRawBufferPointer(rebasing: storage.buffer[0..<count]))
        self.storage = storage
    }

    /// Copies `bytes` into protected storage. The caller's copy is not wiped.
    public init(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        self.init(count: array.count) { buffer in
            buffer.copyBytes(from: array)
        }
    }

    /// Copies the bytes of `buffer` into protected storage.
    public init(copying buffer: UnsafeRawBufferPointer) {
        self.init(count: buffer.count) { target in
            if buffer.count > 0 { target.copyMemory(from: buffer) }
        }
    }

    /// `count` bytes from OpenSSL's private random generator (`RAND_priv_bytes`).
    ///
    /// - Throws: ``SealCryptoError/Code/randomFailure`` if the generator fails.
    public static func random(count: Int) throws(SealCryptoError) -> SecureBytes {
        try SecureBytes(count: count) { (buffer) throws(SealCryptoError) in
            try fillRandom(buffer, secret: true)
        }
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.count == 0 }

    /// Lends the bytes to `body` without copying them.
    ///
    /// The buffer is valid only inside `body`. Typed errors pass through unchanged.
    @inlinable
    public func withUnsafeBytes<Result, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> Result
    ) throws(E) -> Result {
        try body(UnsafeRawBufferPointer(rebasing: storage.buffer[0..<storage.count]))
    }
}

extension SecureBytes: Equatable {
    /// Constant-time comparison of the contents (the lengths are compared first, and are not secret).
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in constantTimeEquals(left, right) }
        }
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecureBytes(<redacted>, count: \(count))" }
    public var debugDescription: String { description }
    /// A mirror with no children: a debugger or `dump` shows no secret byte.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
