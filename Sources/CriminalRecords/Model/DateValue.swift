package import SealCore

/// A date as far as the file tells it: exact, known only to lie in a range, or unknown.
///
/// `YYYY0000` is the year (1 January … 31 December), `YYYYMM00` the month; anything unreadable is
/// ``unknown``, never a default. Rules compare with three-valued logic: a comparison that gives the
/// same answer at both ends of a range uses that answer, otherwise the answer is unknown.
package enum DateValue: Hashable, Sendable {
    case exact(CalendarDate)
    case range(CalendarDate, CalendarDate)
    case unknown

    /// The earliest possible date, if known.
    package var earliest: CalendarDate? {
        switch self {
        case .exact(let date): date
        case .range(let low, _): low
        case .unknown: nil
        }
    }

    /// The latest possible date, if known.
    package var latest: CalendarDate? {
        switch self {
        case .exact(let date): date
        case .range(_, let high): high
        case .unknown: nil
        }
    }

    /// The date, if it is known exactly.
    package var exactDate: CalendarDate? {
        if case .exact(let date) = self { return date }
        return nil
    }

    package var isKnown: Bool { self != .unknown }

    /// Applies a per-day shift to every date it holds (used by pseudonymization).
    package func shifted(byDays days: Int) -> DateValue {
        switch self {
        case .exact(let date): .exact(date.adding(days: days))
        case .range(let low, let high): .range(low.adding(days: days), high.adding(days: days))
        case .unknown: .unknown
        }
    }

    /// Whether this date is before `other`: `true`/`false` when certain, nil when unknown.
    package func isBefore(_ other: CalendarDate) -> Bool? {
        guard let earliest, let latest else { return nil }
        if latest < other { return true }
        if earliest >= other { return false }
        return nil
    }

    /// Whether this date is on or after `other`, three-valued.
    package func isOnOrAfter(_ other: CalendarDate) -> Bool? {
        isBefore(other).map { !$0 }
    }
}

/// How a date field was read.
package enum DateParse: Sendable {
    case exact(CalendarDate)
    case imprecise(DateValue)
    case unparseable
    case empty
}

extension DateValue {
    /// Reads a research-file date: `YYYYMMDD`, `YYYYMM00` or `YYYY0000` (8 ASCII digits after
    /// trimming spaces). Everything else is unparseable; an empty or filler (`  -  `) field is empty.
    package static func parseDOJ(_ field: UnsafeRawBufferPointer) -> DateParse {
        var start = 0
        var end = field.count
        while start < end && (field[start] == 0x20 || field[start] == 0x09) { start += 1 }
        while end > start && (field[end - 1] == 0x20 || field[end - 1] == 0x09) { end -= 1 }
        if start == end { return .empty }
        if end - start == 1 && field[start] == UInt8(ascii: "-") { return .empty }
        guard end - start == 8 else { return .unparseable }
        var number = 0
        for index in start..<end {
            let byte = field[index]
            guard byte >= 0x30 && byte <= 0x39 else { return .unparseable }
            number = number * 10 + Int(byte - 0x30)
        }
        let year = number / 10_000
        let month = number / 100 % 100
        let day = number % 100
        if month == 0 && day == 0 {
            guard let low = CalendarDate(year: year, month: 1, day: 1),
                let high = CalendarDate(year: year, month: 12, day: 31)
            else { return .unparseable }
            return .imprecise(.range(low, high))
        }
        if day == 0 {
            guard let low = CalendarDate(year: year, month: month, day: 1) else { return .unparseable }
            let high = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
            return .imprecise(.range(low, high))
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else { return .unparseable }
        return .exact(date)
    }
}
