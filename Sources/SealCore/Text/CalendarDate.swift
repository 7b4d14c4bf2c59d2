/// A date in the proleptic Gregorian calendar, with no time and no time zone.
///
/// Research-file dates are `YYYYMMDD` text; SealKit never turns a date it cannot read into a
/// placeholder such as year 1 (gogen's silent default). Arithmetic is by whole days
/// (``adding(days:)``, ``days(since:)``) or calendar units (``adding(months:)``,
/// ``adding(years:)``), with a month end clamped (01-31 + 1 month = 02-28 or 02-29) and a
/// 29 February birthday falling on 1 March in non-leap years (Go's `AddDate`, which gogen uses).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year (1 to 9999).
    public let year: Int
    /// The month (1 to 12).
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// A valid date, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (the CLI's `--as-of`, `--until`).
    public init?(iso text: some StringProtocol) {
        // Read on the UTF-8 bytes: splitting the text made three substrings and walked each twice,
        // 14% of `sealkit seal`, which reads a date on every decision line.
        let parsed = text.utf8.withContiguousStorageIfAvailable { Self.isoFields($0) }
        guard let (year, month, day) = parsed ?? Self.isoFields(Array(text.utf8)) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day of exactly `YYYY-MM-DD` in ASCII digits, else nil.
    private static func isoFields(_ bytes: some RandomAccessCollection<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10 else { return nil }
        var values = (0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (0x30...0x39).contains(byte) else { return nil }
            let digit = Int(byte - 0x30)
            switch offset {
            case 0..<4: values.0 = values.0 * 10 + digit
            case 5..<7: values.1 = values.1 * 10 + digit
            default: values.2 = values.2 * 10 + digit
            }
        }
        return values
    }

    /// Whether `year` is a leap year of the Gregorian calendar.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` in `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let (year, month, day) = Self.civil(dayNumber: dayNumber)
        self.init(unchecked: year, month, day)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date, any year (Howard Hinnant's
    /// `days_from_civil`): shared with the shifted dates of the de-identified zone, whose years may
    /// fall outside 1…9999.
    @inlinable
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day `dayNumber` days after 1970-01-01, any year (`civil_from_days`).
    @inlinable
    public static func civil(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Whole days from `other` to this date.
    public func days(since other: CalendarDate) -> Int {
        dayNumber - other.dayNumber
    }

    /// This date plus `months` calendar months, the day clamped to the month's end.
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        return CalendarDate(unchecked: newYear, newMonth, min(day, Self.daysIn(month: newMonth, year: newYear)))
    }

    /// This date plus `years` calendar years, the day clamped (29 Feb + 1 year = 28 Feb).
    public func adding(years: Int) -> CalendarDate {
        adding(months: 12 * years)
    }

    /// The `n`th birthday of someone born on this date: 29 February gives 1 March in non-leap
    /// years, as Go's `AddDate` (and so gogen) computes it.
    public func anniversary(_ n: Int) -> CalendarDate {
        let target = year + n
        if month == 2 && day == 29 && !Self.isLeap(target) {
            return CalendarDate(unchecked: target, 3, 1)
        }
        return CalendarDate(unchecked: target, month, day)
    }

    /// Completed years from this date (a birth date) to `date`.
    public func completedYears(at date: CalendarDate) -> Int {
        var years = date.year - year
        if years > 0 && anniversary(years) > date { years -= 1 }
        if years < 0 && anniversary(years + 1) <= date { years += 1 }
        return years
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }
}
