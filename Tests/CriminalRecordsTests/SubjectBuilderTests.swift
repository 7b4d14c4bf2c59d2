import CriminalRecords
import SealCore
import TestSupport
import Testing

@Suite("Derived facts and flags (doj-research-file.md 4 and 5)")
struct SubjectBuilderTests {
    func subject(_ rows: [DOJRowBuilder], options: DOJReadOptions = DOJReadOptions()) throws -> SubjectHistory {
        let result = try readDOJ(DOJText.file(rows), options: options)
        return try #require(result.subjects.first)
    }

    func kinds(_ flags: [RecordFlag]) -> Set<RecordFlag.Kind> { Set(flags.map(\.kind)) }

    @Test("sentence parts attach to their own count whatever the row order (gogen attaches to the last one)")
    func partsByKey() throws {
        let a = DOJRowBuilder.conviction(order: "101002001000", sentence: ("12", "M"))
        let b = DOJRowBuilder.conviction(order: "101002002000", sentence: ("30", "D"))
        var aJail = DOJRowBuilder.conviction(order: "101002001000", sentence: ("90", "D"))
        aJail[.sentLocDescr] = "JAIL"
        let history = try subject([a, b, aJail])
        #expect(history.convictions.count == 2)
        #expect(history.convictions[0].sentenceParts == [.months(12), .days(90)])
        #expect(history.convictions[1].sentenceParts == [.days(30)])
    }

    @Test("the sentence end is an interval: longest part to all parts in order, in calendar terms")
    func sentenceEnd() throws {
        let first = DOJRowBuilder.conviction(date: "20100131", sentence: ("12", "M"))
        let second = DOJRowBuilder.conviction(date: "20100131", sentence: ("90", "D"))
        let end = try subject([first, second]).convictions[0].sentenceEnd
        #expect(end.lower?.description == "2011-01-31")
        #expect(end.upper?.description == "2011-05-01")
        #expect(end.isComplete(at: CalendarDate(iso: "2011-05-01")!) == true)
        #expect(end.isComplete(at: CalendarDate(iso: "2011-01-30")!) == false)
        #expect(end.isComplete(at: CalendarDate(iso: "2011-03-01")!) == nil)
        let unknown = try subject([DOJRowBuilder.conviction(sentence: ("ONE", "D"))]).convictions[0]
        #expect(unknown.sentenceEnd.upper == nil)
        #expect(unknown.flags.contains { $0.kind == .sentenceUnparsed })
        let fine = try subject([DOJRowBuilder.conviction(date: "20100131", sentence: ("", ""))]).convictions[0]
        #expect(fine.sentenceEnd.upper?.description == "2010-01-31")
    }

    @Test("levels: trimmed and case-insensitive; OFFENSE_TOC only when CONV_STAT_DESCR is blank; else unknown")
    func levels() throws {
        func level(_ status: String, toc: String = "") throws -> (ConvictionLevel?, Bool) {
            var row = DOJRowBuilder.conviction(level: status)
            row[.offenseToc] = toc
            let conviction = try subject([row]).convictions[0]
            return (conviction.level, conviction.flags.contains { $0.kind == .levelUnknown })
        }
        #expect(try level("FELONY ") == (.felony, false))
        #expect(try level("misdemeanor") == (.misdemeanor, false))
        #expect(try level("", toc: "F") == (.felony, false))
        #expect(try level("MISDEMEANOR", toc: "F") == (.misdemeanor, false))
        #expect(try level("", toc: "") == (nil, true))
        #expect(try level("WOBBLER") == (nil, true))
    }

    @Test("conviction date: STP_EVENT_DATE, else DISP_DATE (review), else unknown (review); never year 1")
    func convictionDate() throws {
        var fromDisposition = DOJRowBuilder.conviction(date: "")
        fromDisposition[.dispDate] = "20110303"
        let first = try subject([fromDisposition]).convictions[0]
        #expect(first.date == .exact(CalendarDate(iso: "2011-03-03")!))
        #expect(first.flags.contains { $0.kind == .convictionDateFromDispDate })
        let none = try subject([DOJRowBuilder.conviction(date: "")]).convictions[0]
        #expect(none.date == .unknown)
        #expect(none.flags.contains { $0.kind == .convictionDateUnknown })
        var differs = DOJRowBuilder.conviction(date: "20100101")
        differs[.dispDate] = "20100105"
        #expect(try subject([differs]).convictions[0].flags.contains { $0.kind == .dispDateDiffers })
        let partial = try subject([DOJRowBuilder.conviction(date: "20100000")]).convictions[0]
        #expect(partial.date == .range(CalendarDate(iso: "2010-01-01")!, CalendarDate(iso: "2010-12-31")!))
        #expect(partial.flags.contains { $0.kind == .dateImprecise })
    }

    @Test("the offense-date proxy is CYC_DATE unless it is unknown or later than the conviction")
    func offenseDateProxy() throws {
        var row = DOJRowBuilder.conviction(date: "20100601")
        row[.cycDate] = "20100301"
        #expect(try subject([row]).convictions[0].offenseDateProxy == .exact(CalendarDate(iso: "2010-03-01")!))
        row[.cycDate] = "20100901"
        #expect(try subject([row]).convictions[0].offenseDateProxy == .exact(CalendarDate(iso: "2010-06-01")!))
        row[.cycDate] = ""
        #expect(try subject([row]).convictions[0].offenseDateProxy == .exact(CalendarDate(iso: "2010-06-01")!))
    }

    @Test("charge review flags: law code mismatch, suspect section, unparsed, qualifier, other charge columns")
    func chargeFlags() throws {
        #expect(kinds(try subject([.conviction(charge: "11357(A)PC")]).convictions[0].flags).contains(.lawCodeMismatch))
        #expect(kinds(try subject([.conviction(charge: "11357(A)")]).convictions[0].flags).contains(.lawCodeMissing))
        #expect(kinds(try subject([.conviction(charge: "111357 HS")]).convictions[0].flags).contains(.suspectSection))
        #expect(
            kinds(try subject([.conviction(charge: "11357 11359 HS")]).convictions[0].flags).contains(.chargeUnparsed)
        )
        // A combined charge naming a Prop 64 section beside another goes to review; one naming none
        // is read as any other charge.
        let combined = try subject([.conviction(charge: "11357/11359 HS")]).convictions[0]
        #expect(kinds(combined.flags).contains(.combinedProp64Charge))
        #expect(!kinds(combined.flags).contains(.chargeUnparsed))
        #expect(combined.isProp64Candidate)
        let mixed = try subject([.conviction(charge: "484(A) PC/11357 HS")]).convictions[0]
        #expect(kinds(mixed.flags).contains(.combinedProp64Charge) && mixed.isProp64Candidate)
        let neither = try subject([.conviction(charge: "484(A)/490.5 PC-THEFT")]).convictions[0]
        #expect(kinds(neither.flags).isDisjoint(with: [.combinedProp64Charge, .chargeUnparsed]))
        #expect(!neither.isProp64Candidate)
        var qualified = DOJRowBuilder.conviction()
        qualified[.offenseQualLst] = "ATT"
        #expect(kinds(try subject([qualified]).convictions[0].flags).contains(.qualifierPresent))
        var other = DOJRowBuilder.conviction()
        other[.convOffenseDescr] = "11359 HS-POSSESS FOR SALE"
        #expect(kinds(try subject([other]).convictions[0].flags).contains(.offenseFieldsDisagree))
    }

    @Test("comment conflicts (a)-(d); a PC 182 head with its target in the comment is not one")
    func commentConflicts() throws {
        func conflict(_ charge: String, _ comment: String) throws -> (Bool, Bool) {
            var row = DOJRowBuilder.conviction(charge: charge)
            row[.commentText] = comment
            let conviction = try subject([row]).convictions[0]
            return (conviction.flags.contains { $0.kind == .commentConflict }, conviction.isProp64Candidate)
        }
        #expect(try conflict("148 PC-RESIST", "11357 HS-POSSESS") == (true, true))  // (a)
        #expect(try conflict("11357 HS", "11359 HS") == (true, true))  // (b)
        #expect(try conflict("11357(A) HS", "11357(C) HS") == (true, true))  // (c)
        #expect(try conflict("11357 HS", "11357(B) HS") == (true, true))  // (d)
        #expect(try conflict("11357(A) HS", "11357(B) HS") == (false, true))
        #expect(try conflict("182 PC-CONSPIRACY", "11359 HS") == (false, true))
        #expect(try conflict("148 PC", "THIS IS A COMMENT") == (false, false))
    }

    @Test("a later disposition on the same count is flagged for review")
    func laterDisposition() throws {
        var dismissed = DOJRowBuilder.conviction(order: "101003001000", date: "20150101")
        dismissed[.dispDescr] = "DISMISSED/CHARGE DROPPED"
        let history = try subject([DOJRowBuilder.conviction(), dismissed])
        #expect(history.convictions[0].flags.contains { $0.kind == .laterDispositionOnCount })
        var arrest = DOJRowBuilder.conviction(order: "101001001000", date: "20100101")
        arrest[.stpTypeDescr] = "ARREST/DETAINED/CITED"
        arrest[.dispDescr] = ""
        #expect(
            !(try subject([arrest, DOJRowBuilder.conviction()]).convictions[0].flags.contains {
                $0.kind == .laterDispositionOnCount
            })
        )
    }

    @Test("death, PC 290 registration, and conviction rows on non-court steps")
    func eventsOfNote() throws {
        var death = DOJRowBuilder(subject: "10000001")
        death[.stpTypeDescr] = " deceased "
        death[.stpEventDate] = "20180101"
        death[.cntOrder] = "102001001000"
        var registration = DOJRowBuilder(subject: "10000001")
        registration[.stpTypeDescr] = "REGISTRATION"
        registration[.offenseDescr] = "290 PC-REGISTRATION OF SEX OFFENDER"
        registration[.stpEventDate] = "20120101"
        registration[.cntOrder] = "101003001000"
        var convictedOnDeath = death
        convictedOnDeath[.dispDescr] = "CONVICTED"
        convictedOnDeath[.cntOrder] = "102001002000"
        convictedOnDeath[.convStatDescr] = "MISDEMEANOR"
        let history = try subject([DOJRowBuilder.conviction(), registration, death, convictedOnDeath])
        #expect(history.death == .exact(CalendarDate(iso: "2018-01-01")!))
        #expect(history.registrations.map(\.date) == [.exact(CalendarDate(iso: "2012-01-01")!)])
        #expect(history.convictions.count == 2)
        #expect(history.convictions[1].flags.contains { $0.kind == .convictionOnNonCourtStep })
    }

    @Test("plausibility: event before birth, convicted before age 10, date after the evaluation date")
    func plausibility() throws {
        var options = DOJReadOptions()
        options.referenceDate = CalendarDate(iso: "2020-01-01")
        var early = DOJRowBuilder.conviction(date: "19650101")
        early[.priDob] = "19700101"
        #expect(kinds(try subject([early]).flags).contains(.eventBeforeBirth))
        var child = DOJRowBuilder.conviction(date: "19750101")
        child[.priDob] = "19700101"
        #expect(kinds(try subject([child]).convictions[0].flags).contains(.implausibleAge))
        let future = DOJRowBuilder.conviction(date: "20210101")
        #expect(kinds(try subject([future], options: options).convictions[0].flags).contains(.dateInFuture))
    }

    @Test("identity conflicts: a second DOB is review, a second CII advisory")
    func identityConflicts() throws {
        var second = DOJRowBuilder.conviction(order: "102002001000")
        second[.priDob] = "19710101"
        second[.ciiNumber] = "B87654321"
        let history = try subject([DOJRowBuilder.conviction(), second])
        #expect(kinds(history.flags).isSuperset(of: [.subjectDOBConflict, .subjectCIIConflict]))
        #expect(history.convictions[0].flags.contains { $0.kind == .subjectDOBConflict })
    }

    @Test("CNT_ORDER: split into parts; a malformed one flags the subject; varying suffixes flagged")
    func countOrder() throws {
        let order = CountOrder(Array("117002003000".utf8))
        #expect(order?.cycle == 117)
        #expect(order?.step == 2)
        #expect(order?.count == 3)
        #expect(CountOrder(Array("1010010".utf8)) == nil)
        let padded = CountOrder(Array(" 999001002345 ".utf8))
        #expect([padded?.cycle, padded?.step, padded?.count, padded?.suffix] == [999, 1, 2, 345])
        for bad in ["11700200300A", "117002003 00", "+17002003000", "1170020030000", "", "            "] {
            #expect(CountOrder(Array(bad.utf8)) == nil, "\(bad)")
        }
        let malformed = try subject([DOJRowBuilder.conviction(order: "101")])
        #expect(kinds(malformed.flags).isSuperset(of: [.malformedCountOrder, .malformedRow]))
        #expect(malformed.convictions.count == 1)
        let varying = try subject([.conviction(order: "101002001000"), .conviction(order: "101002001001")])
        #expect(kinds(varying.flags).contains(.countSuffixVaries))
    }

    @Test("case numbers: OFN of the court event, trimmed, NULL dropped, then FE_NUM_CRT_CASE")
    func caseNumbers() throws {
        var first = DOJRowBuilder.conviction(order: "101002001000")
        first[.ofn] = "NULL  "
        var second = DOJRowBuilder.conviction(order: "101002002000")
        second[.ofn] = " 12 140189-B "
        second[.feNumCrtCase] = "BA123456"
        let history = try subject([first, second])
        #expect(history.convictions[0].caseNumbers.map(\.revealedText) == ["12 140189-B"])
        #expect(history.convictions[1].caseNumbers.map(\.revealedText) == ["12 140189-B", "BA123456"])
    }

    @Test("a short history (searched in place) and a long one (dictionaries) group convictions alike")
    func shortAndLongHistories() throws {
        // Sentence parts of one count apart and in any order, a count whose suffix varies, a row with
        // a malformed CNT_ORDER, case numbers that repeat, change, and come back.
        var rows: [DOJRowBuilder] = []
        for (order, length, ofn) in [
            ("101002001000", "30", "A1"), ("102003001000", "60", "A1"), ("101002001000", "90", "A1"),
            ("101002002000", "10", "B2"), ("101002001001", "20", "B2"), ("102003001000", "5", "NULL"),
            ("7", "1", "A1"), ("103004001000", "2", " A1 "), ("102003002000", "3", "B2"),
        ] {
            var row = DOJRowBuilder.conviction(order: order, sentence: (length, "D"))
            row[.ofn] = ofn
            row[.feNumCrtCase] = order.hasPrefix("102") ? "BA1" : "BA2"
            rows.append(row)
        }
        // Later dispositions: on the count 101-?-001 (flagged), on a count with no conviction, and
        // on 102-003-001 before its conviction (not flagged); a conviction whose dates differ (a row
        // flag of its own).
        for (order, date) in [("101003001000", "20150101"), ("101003009000", "20150101"), ("102004001000", "19990101")]
        {
            var dismissed = DOJRowBuilder.conviction(order: order, date: date)
            dismissed[.dispDescr] = "DISMISSED/CHARGE DROPPED"
            rows.append(dismissed)
        }
        var differing = DOJRowBuilder.conviction(order: "104002001000")
        differing[.dispDate] = "20111111"
        rows.append(differing)
        // Arrests of other cycles, without dispositions, push the history past the in-place limit.
        var padding: [DOJRowBuilder] = []
        for cycle in 0..<70 {
            var row = DOJRowBuilder.conviction(order: "9\(cycle < 10 ? "0" : "")\(cycle)001001000")
            row[.stpTypeDescr] = "ARREST/DETAINED/CITED"
            row[.dispDescr] = ""
            padding.append(row)
        }
        func summary(_ history: SubjectHistory) -> [String] {
            history.convictions.map { conviction in
                "\(conviction.countOrder.map(\.description) ?? "-") row \(conviction.rowIndex) parts "
                    + "\(conviction.sentenceParts) cases \(conviction.caseNumbers.map(\.revealedText)) flags "
                    + "\(conviction.flags.map(\.description))"
            }
        }
        let short = try subject(rows)
        let long = try subject(rows + padding)
        #expect(short.events.count <= 64 && long.events.count > 64)
        #expect(summary(short) == summary(long))
        #expect(short.convictions.count == 8)
        let flagged = { (history: SubjectHistory) in
            history.convictions.filter { $0.flags.contains { $0.kind == .laterDispositionOnCount } }.map(\.rowIndex)
        }
        // Both convictions of count 101-?-001 (suffixes 000 and 001) have the later dismissal.
        #expect(flagged(short) == [0, 4] && flagged(long) == [0, 4])
        #expect(long.convictions.last?.flags.map(\.kind) == [.malformedRow, .dispDateDiffers])
        let suffixFlags = { (history: SubjectHistory) in history.flags.filter { $0.kind == .countSuffixVaries } }
        #expect(suffixFlags(short).map(\.description) == suffixFlags(long).map(\.description))
        #expect(suffixFlags(short).count == 1)
        // The count 101-002-001 gathers its three parts, in row order.
        #expect(short.convictions[0].sentenceParts == [.days(30), .days(90)])
        #expect(short.convictions[0].caseNumbers.map(\.revealedText) == ["A1", "B2", "BA2"])
    }

    @Test("ages use calendar birthdays, as ranges when a date is partial")
    func ages() throws {
        var row = DOJRowBuilder.conviction()
        row[.priDob] = "19700615"
        let history = try subject([row])
        #expect(history.age(at: .exact(CalendarDate(iso: "2020-06-15")!)) == 50...50)
        #expect(history.age(at: .exact(CalendarDate(iso: "2020-06-14")!)) == 49...49)
        #expect(history.age(at: .range(CalendarDate(iso: "2020-01-01")!, CalendarDate(iso: "2020-12-31")!)) == 49...50)
    }
}
