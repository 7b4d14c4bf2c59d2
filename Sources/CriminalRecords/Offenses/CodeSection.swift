public import SealCore

/// A code section as a value: law code, section number and subdivisions, rendered as text
/// (`HS 11357(A)`) only for display.
///
/// The section number keeps decimals and letters that belong to it (`148.9`, `288A`, `653F`);
/// subdivisions are a separate list, upper-cased (`11357(b)` → `["B"]`).
public struct CodeSection: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The law code, or nil when the charge does not say (`11357(A)` alone).
    public var lawCode: LawCode?
    /// The section number: digits, an optional decimal part, optional letters.
    public var number: String
    /// Subdivisions in order: `11357(B)(2)` → `["B", "2"]`.
    public var subsections: [String]

    public init(lawCode: LawCode?, number: String, subsections: [String] = []) {
        self.lawCode = lawCode
        self.number = number
        self.subsections = subsections
    }

    /// `HS 11357(A)`, or `11357(A)` without a law code.
    public var description: String {
        let body = number + subsections.map { "(\($0))" }.joined()
        return lawCode.map { "\($0.rawValue) \(body)" } ?? body
    }

    /// The Prop 64 section this number is, if it is exactly one of 11357–11360. Read on the bytes:
    /// `init(rawValue:)`, a string `switch`, compared the number with each case (about 270
    /// instructions, twice for every conviction row).
    public var prop64Section: Prop64Section? {
        let found = number.utf8.withContiguousStorageIfAvailable { digits in
            digits.count == 5 ? Prop64Section(digits: digits, at: 0) : nil
        }
        if let found { return found }
        return Prop64Section(rawValue: number)
    }
}

/// The four Health and Safety Code sections Proposition 64 changed.
public enum Prop64Section: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Possession.
    case hs11357 = "11357"
    /// Cultivation.
    case hs11358 = "11358"
    /// Possession for sale.
    case hs11359 = "11359"
    /// Transportation, sale, furnishing.
    case hs11360 = "11360"

    public static func < (lhs: Prop64Section, rhs: Prop64Section) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The section whose number is the five bytes at `index` of `bytes` (which holds at least
    /// `index + 5`), or nil: the four share `113`, then `57`, `58`, `59` or `60`.
    @inline(__always)
    init?(digits bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
        guard bytes[index] == 0x31 && bytes[index + 1] == 0x31 && bytes[index + 2] == 0x33 else { return nil }
        switch (bytes[index + 3], bytes[index + 4]) {
        case (0x35, 0x37): self = .hs11357
        case (0x35, 0x38): self = .hs11358
        case (0x35, 0x39): self = .hs11359
        case (0x36, 0x30): self = .hs11360
        default: return nil
        }
    }
}
