/// The level of a conviction (CONV_STAT_DESCR, or OFFENSE_TOC when the description is blank).
public enum ConvictionLevel: String, Hashable, Sendable, Codable {
    case felony
    case misdemeanor
    case infraction
}

/// What the offense parser made of a charge's text: a code section was read (`parsed`), the text has no
/// readable head (`unparsed`, a typed unknown that sends the conviction to review), or both
/// OFFENSE_DESCR and COMMENT_TEXT were blank (`missing`).
public enum ChargeReading: String, Hashable, Sendable, Codable {
    case parsed
    case unparsed
    case missing
}

/// Where a charge's text came from: OFFENSE_DESCR, or COMMENT_TEXT (whose text itself never leaves
/// the identified zone).
public enum ChargeSource: String, Hashable, Sendable, Codable {
    case offenseDescription
    case comment
}

/// One sentence part of a conviction row: SENT_LENGTH in SENT_TIME_CODE units.
public enum SentencePart: Hashable, Sendable {
    case days(Int)
    case months(Int)
    case years(Int)
    /// Both fields blank (a fine, for example): adds nothing.
    case none
    /// A non-numeric length or a length without a D/M/Y unit.
    case unknown

    /// The end of this part when it starts on `date`, in calendar terms; nil when unknown.
    public func end(from date: CalendarDate) -> CalendarDate? {
        switch self {
        case .days(let n): date.adding(days: n)
        case .months(let n): date.adding(months: n)
        case .years(let n): date.adding(years: n)
        case .none: date
        case .unknown: nil
        }
    }

    /// The unit as the de-identified format writes it: `D`, `M`, `Y`, `none` or `unknown`.
    public var unitName: String {
        switch self {
        case .days: "D"
        case .months: "M"
        case .years: "Y"
        case .none: "none"
        case .unknown: "unknown"
        }
    }

    /// The length of a timed part (days, months or years), nil otherwise.
    public var length: Int? {
        switch self {
        case .days(let n), .months(let n), .years(let n): n
        case .none, .unknown: nil
        }
    }

    /// The part of unit `unit` (``unitName``) and `length`, or nil when they do not fit together (a
    /// timed unit needs a length; `none` and `unknown` have none).
    public init?(unit: String, length: Int?) {
        switch (unit, length) {
        case ("D", let n?): self = .days(n)
        case ("M", let n?): self = .months(n)
        case ("Y", let n?): self = .years(n)
        case ("none", nil): self = .none
        case ("unknown", nil): self = .unknown
        default: return nil
        }
    }
}

/// A Proposition 64 section of the Health and Safety Code: the four the measure changed.
public enum Prop64Section: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Possession.
    case hs11357 = "11357"
    /// Cultivation.
    case hs11358 = "11358"
    /// Possession for sale.
    case hs11359 = "11359"
    /// Transportation, sale, furnishing.
    case hs11360 = "11360"

    public static func < (lhs: Prop64Section, rhs: Prop64Section) -> Bool { lhs.index < rhs.index }

    /// The section number as text (`11357`).
    @inlinable
    public var text: String { rawValue }

    /// 0 to 3, in number order.
    @inlinable
    public var index: Int {
        switch self {
        case .hs11357: 0
        case .hs11358: 1
        case .hs11359: 2
        case .hs11360: 3
        }
    }

    /// This section's bit in a set of sections held in a byte.
    @inlinable
    public var bit: UInt8 { 1 << UInt8(index) }

    /// The section whose number is the five bytes at `index` of `bytes` (which holds at least
    /// `index + 5`), or nil: the four share `113`, then `57`, `58`, `59` or `60`.
    @inlinable @inline(__always)
    public init?(digits bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
        guard bytes[index] == 0x31 && bytes[index + 1] == 0x31 && bytes[index + 2] == 0x33 else { return nil }
        switch (bytes[index + 3], bytes[index + 4]) {
        case (0x35, 0x37): self = .hs11357
        case (0x35, 0x38): self = .hs11358
        case (0x35, 0x39): self = .hs11359
        case (0x36, 0x30): self = .hs11360
        default: return nil
        }
    }

    /// The section `number` is exactly, read on its bytes (a string `switch` compares the number with
    /// each case in turn, and most numbers are not Prop 64 sections).
    @inlinable @inline(__always)
    public init?(number: String?) {
        guard let number, number.utf8.count == 5 else { return nil }
        if let found = number.utf8.withContiguousStorageIfAvailable({ Prop64Section(digits: $0, at: 0) }) {
            guard let found else { return nil }
            self = found
        } else {
            self.init(rawValue: number)
        }
    }
}
