import SealCore

/// A date moved by the subject's secret offset. It is a different type from any true calendar date,
/// so a rule cannot compare it with a calendar constant (such as Prop 64's 2016-11-09): those
/// comparisons are made before shifting and carried as flags.
///
/// Shifted dates of one subject compare with each other exactly (same offset), and intervals in days
/// are exact. Encoded as `YYYY-MM-DD` of the shifted day.
public struct ShiftedDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 of the shifted day.
    public let dayNumber: Int

    /// The shifted day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    public static func < (lhs: ShiftedDate, rhs: ShiftedDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Whole days from `other` to this date.
    public func days(since other: ShiftedDate) -> Int { dayNumber - other.dayNumber }

    public var description: String {
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the ten bytes of `YYYY-MM-DD` (years clamped to 0…9999) at `target`, without making a
    /// string.
    public func writeText(to target: UnsafeMutablePointer<UInt8>) {
        let (year, month, day) = CalendarDate.civil(dayNumber: dayNumber)
        let clamped = min(max(year, 0), 9999)
        target[0] = UInt8(48 + clamped / 1000)
        target[1] = UInt8(48 + clamped / 100 % 10)
        target[2] = UInt8(48 + clamped / 10 % 10)
        target[3] = UInt8(48 + clamped % 10)
        target[4] = UInt8(ascii: "-")
        target[5] = UInt8(48 + month / 10)
        target[6] = UInt8(48 + month % 10)
        target[7] = UInt8(ascii: "-")
        target[8] = UInt8(48 + day / 10)
        target[9] = UInt8(48 + day % 10)
    }

    /// Appends the ten bytes of `YYYY-MM-DD` to `bytes`.
    public func appendText(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            writeText(to: buffer.baseAddress!)
            bytes.append(contentsOf: buffer)
        }
    }

    /// Parses `YYYY-MM-DD`, strictly: a day that exists (``CalendarText``).
    public init?(text: String) {
        guard let (year, month, day) = CalendarText.parse(text) else { return nil }
        dayNumber = CalendarDate.dayNumber(year: year, month: month, day: day)
    }

    /// Parses the bytes of `YYYY-MM-DD`, strictly: a day that exists (``CalendarText``).
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (year, month, day) = CalendarText.parse(bytes) else { return nil }
        dayNumber = CalendarDate.dayNumber(year: year, month: month, day: day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ShiftedDate(text: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date")
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A shifted date as far as the file tells it: exact, a range (a partial date), or unknown.
/// Encoded as `"YYYY-MM-DD"`, `["YYYY-MM-DD", "YYYY-MM-DD"]`, or `null`.
public enum ShiftedDateValue: Hashable, Sendable, Codable {
    case exact(ShiftedDate)
    case range(ShiftedDate, ShiftedDate)
    case unknown

    /// The earliest day the value may be; nil when unknown.
    public var earliest: ShiftedDate? {
        switch self {
        case .exact(let date): date
        case .range(let low, _): low
        case .unknown: nil
        }
    }

    /// The latest day the value may be; nil when unknown.
    public var latest: ShiftedDate? {
        switch self {
        case .exact(let date): date
        case .range(_, let high): high
        case .unknown: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .unknown
        } else if let single = try? container.decode(ShiftedDate.self) {
            self = .exact(single)
        } else {
            let pair = try container.decode([ShiftedDate].self)
            guard pair.count == 2 else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "a date range has two ends")
                )
            }
            self = .range(pair[0], pair[1])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .exact(let date): try container.encode(date)
        case .range(let low, let high): try container.encode([low, high])
        case .unknown: try container.encodeNil()
        }
    }
}

/// Yes, no, or unknown: the answer to a question the file may not settle.
public enum ThreeValued: String, Hashable, Sendable, Codable {
    case yes
    case no
    case unknown

    /// The raw value as a static string (the JSON writer copies it without an escape check).
    public var text: StaticString {
        switch self {
        case .yes: "yes"
        case .no: "no"
        case .unknown: "unknown"
        }
    }

    /// `yes` for true, `no` for false, `unknown` for nil.
    public init(_ value: Bool?) {
        switch value {
        case true?: self = .yes
        case false?: self = .no
        case nil: self = .unknown
        }
    }
}

/// Completed years between two true dates, computed before shifting (the evaluation date never
/// enters the record as a date): a range when a date is partial, and whether the later date falls
/// exactly on an anniversary, which settles both "at least N years" and "more than N years".
public struct CompletedYears: Hashable, Sendable, Codable {
    /// The fewest completed years the dates allow.
    public let low: Int
    /// The most completed years the dates allow.
    public let high: Int
    /// Whether the later date is exactly an anniversary of the earlier one.
    public let onAnniversary: ThreeValued

    /// Completed years from their bounds.
    public init(low: Int, high: Int, onAnniversary: ThreeValued) {
        self.low = low
        self.high = high
        self.onAnniversary = onAnniversary
    }

    /// "At least `n` completed years": three-valued.
    public func atLeast(_ n: Int) -> ThreeValued {
        if low >= n { return .yes }
        if high < n { return .no }
        return .unknown
    }
}
