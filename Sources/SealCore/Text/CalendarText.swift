/// The strict `YYYY-MM-DD` form of a calendar day: ten bytes, four-digit year, a real month and a day
/// that exists in it (so `2020-02-30` and `2016/01/01` are refused). Texts of this form compare as
/// their dates do.
public enum CalendarText {
    /// The year, month and day of `bytes`, or nil when they are not a real day in the strict form.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard ASCII.isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        return (year, month, day)
    }

    /// The year, month and day of `text`, or nil (see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``).
    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
