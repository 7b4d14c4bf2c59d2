/// The pseudonym master secret: the root of every keyed pseudonym, count reference and date shift.
///
/// A master secret is at least 32 random bytes plus an *epoch*, a positive number that changes when
/// the secret is rotated. It is never used directly as an HMAC key: each purpose gets its own key
/// from ``deriveKey(info:)`` (HKDF-SHA256, salt `sealkit/v1`, a versioned `info` label), so one
/// exposed purpose key reveals nothing about another.
///
/// ### Key check value
/// ``keyCheckValue`` is 8 bytes of HKDF-SHA256 under the label `sealkit/v1/key-check`, shown as 16
/// hex digits. It identifies the secret in headers and manifests without revealing anything about it,
/// and it is stored in the secret file so that a mistyped or damaged file is caught on load. For the
/// test master `000102…1f` it is `8666a85d21462a5d`; reproduce it with
/// `openssl kdf -keylen 8 -kdfopt digest:SHA256 -kdfopt hexkey:<master> -kdfopt salt:sealkit/v1 -kdfopt info:sealkit/v1/key-check HKDF`.
///
/// ### File format (`pseudonym.secret`, version 1)
/// ASCII lines ending in LF (a CR before the LF is ignored). Lines starting with `#` and blank lines
/// are comments. Then exactly these four lines, in this order:
///
/// ```
/// sealkit-pseudonym-secret v1
/// epoch 1
/// secret 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
/// check 8666a85d21462a5d
/// ```
///
/// `epoch` is a decimal number from 1 to 999999 without leading zeros; `secret` is at least 64 hex
/// digits (32 bytes); `check` is the key check value, which must match the secret.
///
/// Prints as `MasterSecret(<redacted>, epoch: N)`.
public struct MasterSecret: Sendable {
    /// The shortest secret accepted: 32 bytes, the HMAC-SHA256 output size (RFC 2104 section 3).
    public static let minimumByteCount = 32
    /// The HKDF salt of every SealKit derivation.
    public static let derivationSalt = "sealkit/v1"
    /// The HKDF label of the key check value.
    public static let keyCheckLabel = "sealkit/v1/key-check"
    /// The first line of the file format.
    public static let fileMagic = "sealkit-pseudonym-secret v1"
    /// The largest epoch the file format accepts.
    public static let maximumEpoch = 999_999

    /// The secret bytes, wiped when the last copy is released.
    public let key: SymmetricKey
    /// The key epoch: 1 for the first secret, one more at each rotation.
    public let epoch: Int

    /// Wraps secret bytes and an epoch.
    ///
    /// - Throws: ``SealCryptoError/Code/secretTooShort`` below 32 bytes;
    ///   ``SealCryptoError/Code/invalidSecretFile`` for an epoch outside 1...999999.
    public init(bytes: SecureBytes, epoch: Int) throws(SealCryptoError) {
        guard bytes.count >= Self.minimumByteCount else {
            throw SealCryptoError(
                .secretTooShort,
                "the master secret has \(bytes.count) bytes; at least \(Self.minimumByteCount) are required"
            )
        }
        guard (1...Self.maximumEpoch).contains(epoch) else {
            throw SealCryptoError(.invalidSecretFile, "the epoch must be 1 to \(Self.maximumEpoch)")
        }
        key = SymmetricKey(bytes)
        self.epoch = epoch
    }

    /// A new master secret of 32 bytes from OpenSSL's private generator (`RAND_priv_bytes`).
    public static func generate(epoch: Int = 1) throws(SealCryptoError) -> MasterSecret {
        try MasterSecret(bytes: SecureBytes.random(count: minimumByteCount), epoch: epoch)
    }

    /// Derives a 32-byte purpose key: HKDF-SHA256 with IKM = the secret, salt `sealkit/v1`, and `info`.
    public func deriveKey(info: String) throws(SealCryptoError) -> SymmetricKey {
        try HKDFSHA256.deriveKey(
            inputKeyMaterial: key,
            salt: Array(Self.derivationSalt.utf8),
            info: Array(info.utf8),
            outputByteCount: 32
        )
    }

    /// The key check value: 8 bytes of HKDF under `sealkit/v1/key-check`, as 16 lower-case hex digits.
    public var keyCheckValue: String {
        get throws(SealCryptoError) {
            let check = try HKDFSHA256.deriveKey(
                inputKeyMaterial: key,
                salt: Array(Self.derivationSalt.utf8),
                info: Array(Self.keyCheckLabel.utf8),
                outputByteCount: 8
            )
            return check.withUnsafeBytes { Hex.encode($0) }
        }
    }
}

extension MasterSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "MasterSecret(<redacted>, epoch: \(epoch))" }
    public var debugDescription: String { description }
    /// A mirror with no children: a debugger or `dump` shows no secret byte.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
