import CriminalRecords
import SealCore
import Testing

@Suite("Calendar dates and DOJ date fields")
struct DateTests {
    func parse(_ text: String) -> DateParse {
        Array(text.utf8).withUnsafeBytes { DateValue.parseDOJ($0) }
    }

    @Test("YYYYMMDD, YYYYMM00 and YYYY0000; everything else unparseable, never year 1")
    func dojDates() {
        guard case .exact(let date) = parse("19790601") else {
            Issue.record("not exact")
            return
        }
        #expect(date.description == "1979-06-01")
        guard case .imprecise(.range(let low, let high)) = parse("20100000") else {
            Issue.record("year")
            return
        }
        #expect("\(low)...\(high)" == "2010-01-01...2010-12-31")
        guard case .imprecise(.range(let mLow, let mHigh)) = parse("20160200") else {
            Issue.record("month")
            return
        }
        #expect("\(mLow)...\(mHigh)" == "2016-02-01...2016-02-29")
        for bad in ["2015-01-01", "00000000", "19791332", "19790230", "abcdefgh", "1979061", "2015 1 1"] {
            guard case .unparseable = parse(bad) else {
                Issue.record("\(bad) parsed")
                continue
            }
        }
        for empty in ["", "   ", "  -  "] {
            guard case .empty = parse(empty) else {
                Issue.record("'\(empty)' not empty")
                continue
            }
        }
        guard case .exact = parse(" 19790601 ") else {
            Issue.record("trimmed")
            return
        }
    }

    @Test("day numbers round-trip across eras and leap days")
    func dayNumbers() {
        for text in ["1961-01-01", "1970-01-01", "2000-02-29", "2016-11-09", "1900-03-01", "2400-12-31"] {
            let date = CalendarDate(iso: text)!
            #expect(CalendarDate(dayNumber: date.dayNumber) == date)
        }
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "2016-11-09")!.days(since: CalendarDate(iso: "2016-11-08")!) == 1)
    }

    @Test("calendar arithmetic: month ends clamp, 29 February birthdays fall on 1 March")
    func calendarArithmetic() {
        let jan31 = CalendarDate(iso: "2019-01-31")!
        #expect(jan31.adding(months: 1).description == "2019-02-28")
        #expect(CalendarDate(iso: "2020-01-31")!.adding(months: 1).description == "2020-02-29")
        #expect(CalendarDate(iso: "2020-02-29")!.adding(years: 1).description == "2021-02-28")
        let leapBirth = CalendarDate(iso: "2000-02-29")!
        #expect(leapBirth.anniversary(21).description == "2021-03-01")
        #expect(leapBirth.anniversary(24).description == "2024-02-29")
        #expect(leapBirth.completedYears(at: CalendarDate(iso: "2021-02-28")!) == 20)
        #expect(leapBirth.completedYears(at: CalendarDate(iso: "2021-03-01")!) == 21)
        let birth = CalendarDate(iso: "1970-06-15")!
        #expect(birth.completedYears(at: CalendarDate(iso: "2020-06-14")!) == 49)
        #expect(birth.completedYears(at: CalendarDate(iso: "2020-06-15")!) == 50)
    }

    @Test("three-valued comparisons of ranges")
    func threeValued() {
        let year = DateValue.range(CalendarDate(iso: "2016-01-01")!, CalendarDate(iso: "2016-12-31")!)
        #expect(year.isBefore(CalendarDate(iso: "2017-01-01")!) == true)
        #expect(year.isBefore(CalendarDate(iso: "2016-01-01")!) == false)
        #expect(year.isBefore(CalendarDate(iso: "2016-11-09")!) == nil)
        #expect(DateValue.unknown.isBefore(CalendarDate(iso: "2016-11-09")!) == nil)
    }
}
