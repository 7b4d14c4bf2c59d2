package import SealCore

/// The 32 bytes of an HMAC-SHA256 output, held inline as four words (most significant byte first, so
/// that comparing the words compares the bytes, and so the hex digits). A reference is copied,
/// compared and hashed without a string: with its 64 hex digits held as a String, every reference made
/// was an allocation, and every copy of a record a retain and a release of each of its references.
/// The digits are written out only where a reference is printed (``withHexDigits(_:)``).
public struct ReferenceDigest: Hashable, Sendable, Comparable {
    @usableFromInline let words: (UInt64, UInt64, UInt64, UInt64)

    /// From exactly 32 bytes.
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a reference digest is 32 bytes")
        func word(_ offset: Int) -> UInt64 {
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        words = (word(0), word(8), word(16), word(24))
    }

    /// From exactly 32 bytes.
    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ReferenceDigest(bytes: $0) }
    }

    /// From 64 lower-case hex digits; nil for anything else. Read into the words as it goes (no
    /// array of bytes made for each reference read).
    public init?(hex: some StringProtocol) {
        self.init(hexDigits: hex.utf8)
    }

    /// Each byte's value as a lower-case hex digit, 0xFF for any other byte.
    private static let digitValues: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x30...0x39: UInt8(byte - 0x30)
        case 0x61...0x66: UInt8(byte - 0x61 + 10)
        default: 0xFF
        }
    }

    /// From exactly 64 lower-case hex digits in memory; nil for anything else. Sixteen digits a word,
    /// by table: the sequence form cost half a microsecond a reference, and `seal` reads two a row.
    public init?(hexDigits digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let valid = Self.digitValues.withUnsafeBufferPointer { table -> Bool in
            var bad: UInt8 = 0
            func word(_ start: Int) -> UInt64 {
                var value: UInt64 = 0
                for index in start..<(start + 16) {
                    let digit = table[Int(digits[index])]
                    bad |= digit
                    value = value << 4 | UInt64(digit & 0x0F)
                }
                return value
            }
            words = (word(0), word(16), word(32), word(48))
            return bad & 0xF0 == 0
        }
        guard valid else { return nil }
        self.words = words
    }

    /// From the bytes of 64 lower-case hex digits; nil for anything else.
    public init?(hexDigits: some Sequence<UInt8>) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for digit in hexDigits {
            let value: UInt64
            switch digit {
            case 0x30...0x39: value = UInt64(digit - 0x30)
            case 0x61...0x66: value = UInt64(digit - 0x61 + 10)
            default: return nil
            }
            switch count / 16 {
            case 0: words.0 = words.0 << 4 | value
            case 1: words.1 = words.1 << 4 | value
            case 2: words.2 = words.2 << 4 | value
            case 3: words.3 = words.3 << 4 | value
            default: return nil
            }
            count += 1
        }
        guard count == 64 else { return nil }
        self.words = words
    }

    /// The first byte (a spill bucket is picked by its first bits).
    public var firstByte: UInt8 { UInt8(truncatingIfNeeded: words.0 >> 56) }

    /// Writes the 64 lower-case hex digits at `out` (64 bytes of room).
    @inlinable
    public func writeHexDigits(to out: UnsafeMutablePointer<UInt8>) {
        @inline(__always) func write(_ word: UInt64, at start: Int) {
            for index in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: (word >> UInt64(60 - 4 * index)) & 0xF)
                out[start + index] = nibble < 10 ? 0x30 + nibble : 0x61 - 10 + nibble
            }
        }
        write(words.0, at: 0)
        write(words.1, at: 16)
        write(words.2, at: 32)
        write(words.3, at: 48)
    }

    /// The 64 lower-case hex digits, in a buffer that lives for the call (no string made).
    @inlinable
    public func withHexDigits<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            writeHexDigits(to: buffer.baseAddress!)
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// The 64 lower-case hex digits.
    public var hex: String { withHexDigits { String(decoding: $0, as: UTF8.self) } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3) < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3)
    }
}

/// A keyed reference: `<kind>.e<epoch>.<64 lower-case hex>`, the full HMAC-SHA256 output.
///
/// One Swift type per kind (``SubjectPseudonym``, ``CountReference``, ``CaseToken``), so a count
/// reference can never be passed where a pseudonym is expected.
public protocol KeyedReference: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The text prefix: `s1`, `c1`, `k1`.
    static var kind: String { get }
    var epoch: Int { get }
    /// The HMAC output.
    var digest: ReferenceDigest { get }
    init(epoch: Int, digest: ReferenceDigest)
}

extension KeyedReference {
    /// 64 lower-case hex digits (made on each call: writers print ``ReferenceDigest/withHexDigits(_:)``).
    public var hex: String { digest.hex }

    /// From 64 lower-case hex digits (tests, and text already checked).
    ///
    /// - Precondition: `hex` is 64 lower-case hex digits.
    public init(epoch: Int, hex: String) {
        guard let digest = ReferenceDigest(hex: hex) else { preconditionFailure("not 64 lower-case hex digits") }
        self.init(epoch: epoch, digest: digest)
    }

    public var description: String { "\(Self.kind).e\(epoch).\(hex)" }

    /// Parses `<kind>.e<epoch>.<64 hex>`; nil for anything else (another kind included).
    public init?(text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.kind, parts[1].hasPrefix("e"),
            let epoch = Int(parts[1].dropFirst()), epoch >= 1,
            let digest = ReferenceDigest(hex: parts[2])
        else { return nil }
        self.init(epoch: epoch, digest: digest)
    }

    /// Parses the bytes of `<kind>.e<epoch>.<64 hex>`; nil for anything else (another kind, an epoch
    /// with a leading zero or out of range, upper-case hex).
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        let kind = Self.kind.utf8
        let prefixLength = kind.count + 2
        guard bytes.count > prefixLength + 65, bytes.starts(with: kind), bytes[kind.count] == UInt8(ascii: "."),
            bytes[kind.count + 1] == UInt8(ascii: "e")
        else { return nil }
        let digits = bytes.count - 65 - prefixLength
        guard (1...9).contains(digits), bytes[bytes.count - 65] == UInt8(ascii: "."),
            bytes[prefixLength] != UInt8(ascii: "0")
        else { return nil }
        var epoch = 0
        for index in prefixLength..<(prefixLength + digits) {
            guard (0x30...0x39).contains(bytes[index]) else { return nil }
            epoch = epoch * 10 + Int(bytes[index] - 0x30)
        }
        guard let digest = ReferenceDigest(hexDigits: UnsafeBufferPointer(rebasing: bytes[(bytes.count - 64)...]))
        else { return nil }
        self.init(epoch: epoch, digest: digest)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a \(Self.kind) reference")
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.epoch, lhs.digest) < (rhs.epoch, rhs.digest) }
}

/// A subject's pseudonym: HMAC of its normalized identifier under the subject-pseudonym key.
public struct SubjectPseudonym: KeyedReference {
    /// The text prefix of subject pseudonyms.
    public static let kind = "s1"
    /// The master secret's key epoch.
    public let epoch: Int
    /// The HMAC output.
    public let digest: ReferenceDigest
    /// A pseudonym from its epoch and digest.
    public init(epoch: Int, digest: ReferenceDigest) {
        self.epoch = epoch
        self.digest = digest
    }
}

/// A conviction's count reference: HMAC of the identifier, the case number and the count's position,
/// recomputable from a background-check view of the same count.
public struct CountReference: KeyedReference {
    /// The text prefix of count references.
    public static let kind = "c1"
    /// The master secret's key epoch.
    public let epoch: Int
    /// The HMAC output.
    public let digest: ReferenceDigest
    /// A count reference from its epoch and digest.
    public init(epoch: Int, digest: ReferenceDigest) {
        self.epoch = epoch
        self.digest = digest
    }
}

/// A case token: HMAC of a case number, keyed per subject, so equality within a subject is
/// testable and co-defendants are not linked.
public struct CaseToken: KeyedReference {
    /// The text prefix of case tokens.
    public static let kind = "k1"
    /// The master secret's key epoch.
    public let epoch: Int
    /// The HMAC output.
    public let digest: ReferenceDigest
    /// A case token from its epoch and digest.
    public init(epoch: Int, digest: ReferenceDigest) {
        self.epoch = epoch
        self.digest = digest
    }
}

extension JSONReader {
    /// Reads a keyed reference of kind `Reference` (`<kind>.e<epoch>.<64 lower-case hex>`), failing at
    /// the string's start for anything else.
    package mutating func readReference<Reference: KeyedReference>() throws(JSONError) -> Reference {
        let at = position
        let text = try readStringBytes()
        guard let reference = text.withBytes({ Reference(bytes: $0) }) else {
            throw fail("not a \(Reference.kind) reference (\(Reference.kind).e<epoch>.<64 lower-case hex>)", at: at)
        }
        return reference
    }
}
