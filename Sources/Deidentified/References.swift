/// A keyed reference: `<kind>.e<epoch>.<64 lower-case hex>`, the full HMAC-SHA256 output.
///
/// One Swift type per kind (``SubjectPseudonym``, ``CountReference``, ``CaseToken``), so a count
/// reference can never be passed where a pseudonym is expected.
public protocol KeyedReference: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The text prefix: `s1`, `c1`, `k1`.
    static var kind: String { get }
    var epoch: Int { get }
    /// 64 lower-case hex digits.
    var hex: String { get }
    init(epoch: Int, hex: String)
}

extension KeyedReference {
    public var description: String { "\(Self.kind).e\(epoch).\(hex)" }

    /// Parses `<kind>.e<epoch>.<64 hex>`; nil for anything else (another kind included).
    public init?(text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.kind, parts[1].hasPrefix("e"),
            let epoch = Int(parts[1].dropFirst()), epoch >= 1,
            parts[2].utf8.count == 64,
            parts[2].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        self.init(epoch: epoch, hex: String(parts[2]))
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

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.epoch, lhs.hex) < (rhs.epoch, rhs.hex) }
}

/// A subject's pseudonym: HMAC of its normalized identifier under the subject-pseudonym key.
public struct SubjectPseudonym: KeyedReference {
    public static let kind = "s1"
    public let epoch: Int
    public let hex: String
    public init(epoch: Int, hex: String) {
        self.epoch = epoch
        self.hex = hex
    }
}

/// A conviction's count reference: HMAC of the identifier, the case number and the count's position,
/// recomputable from a background-check view of the same count.
public struct CountReference: KeyedReference {
    public static let kind = "c1"
    public let epoch: Int
    public let hex: String
    public init(epoch: Int, hex: String) {
        self.epoch = epoch
        self.hex = hex
    }
}

/// A case token: HMAC of a case number, keyed per subject, so equality within a subject is
/// testable and co-defendants are not linked.
public struct CaseToken: KeyedReference {
    public static let kind = "k1"
    public let epoch: Int
    public let hex: String
    public init(epoch: Int, hex: String) {
        self.epoch = epoch
        self.hex = hex
    }
}
