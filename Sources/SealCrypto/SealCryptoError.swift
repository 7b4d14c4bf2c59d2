/// An error thrown by SealCrypto.
///
/// Tests and callers compare ``code``; two errors with the same code are equal whatever their reason.
/// The ``description`` carries a human-readable reason, the OpenSSL function that failed (when one
/// did) and OpenSSL's error queue, drained at the moment of failure. No error ever carries key bytes,
/// secret material or the input that was being processed.
///
/// New codes may be added in any release without breaking callers: switch on ``code`` with a
/// `default:` branch, or compare with `==`.
public struct SealCryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Hashable, Sendable {
            case invalidPEM
            case wrongKeyType
            case encryptedPrivateKey
            case invalidKeyLength
            case secretTooShort
            case invalidSecretFile
            case invalidOutputLength
            case invalidSignatureLength
            case randomFailure
            case openSSLFailure
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The PEM text is truncated, garbage, or not exactly one block of the expected label.
        public static let invalidPEM = Code(.invalidPEM)
        /// The key is of another algorithm (RSA, EC, X25519, ...) where an Ed25519 key is expected.
        public static let wrongKeyType = Code(.wrongKeyType)
        /// The private key is encrypted. SealKit never prompts for a passphrase.
        public static let encryptedPrivateKey = Code(.encryptedPrivateKey)
        /// A raw key or seed has the wrong number of bytes.
        public static let invalidKeyLength = Code(.invalidKeyLength)
        /// A master secret is shorter than 32 bytes.
        public static let secretTooShort = Code(.secretTooShort)
        /// A master secret file does not follow the documented format, or its check value does not match.
        public static let invalidSecretFile = Code(.invalidSecretFile)
        /// A requested output length is out of range (HKDF-SHA256 allows 1 to 8160 bytes).
        public static let invalidOutputLength = Code(.invalidOutputLength)
        /// A signature does not have the 64 bytes Ed25519 requires.
        public static let invalidSignatureLength = Code(.invalidSignatureLength)
        /// The random number generator failed.
        public static let randomFailure = Code(.randomFailure)
        /// An OpenSSL call failed; the error names it.
        public static let openSSLFailure = Code(.openSSLFailure)

        public var description: String { backing.rawValue }
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable reason. Never contains key material or processed input.
    public let reason: String
    /// The OpenSSL function that failed, when one did.
    public let failingFunction: String?
    /// OpenSSL's error queue at the moment of failure, formatted by `ERR_error_string_n`, oldest first.
    public let openSSLErrors: [String]

    /// Creates an error. OpenSSL failures are created inside SealCrypto with the drained error queue.
    public init(_ code: Code, _ reason: String) {
        self.init(code, reason, failingFunction: nil, openSSLErrors: [])
    }

    init(_ code: Code, _ reason: String, failingFunction: String?, openSSLErrors: [String]) {
        self.code = code
        self.reason = reason
        self.failingFunction = failingFunction
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        var text = reason
        if let failingFunction {
            text += " (\(failingFunction) failed)"
        }
        if !openSSLErrors.isEmpty {
            text += ": " + openSSLErrors.joined(separator: "; ")
        }
        return text
    }
}

extension SealCryptoError {
    /// Errors compare by code only, so tests can write `#expect(throws: SealCryptoError(.wrongKeyType, ""))`.
    public static func == (lhs: SealCryptoError, rhs: SealCryptoError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}
