import Deidentified
import SealCore
import TestSupport
import Testing

@testable import Eligibility

@Suite("County report: small-cell and complementary suppression, percentages")
struct ReportTests {
    /// Checks the suppression rules on a table: every 1–10 entry hidden, and no row, column or totals
    /// line with exactly one hidden entry (which its total would give away).
    func checkSuppression(_ table: ReportTable) {
        let rows = table.rowLabels.count
        let columns = table.columnLabels.count
        for r in 0...rows {
            for c in 0...columns {
                let value =
                    r == rows
                    ? (c == columns ? table.total : table.columnTotals[c])
                    : (c == columns ? table.rowTotals[r] : table.counts[r][c])
                if ReportTable.isSmall(value) { #expect(table.isSuppressed(row: r, column: c)) }
                // "All" or "none" of a small group is as telling as a small count.
                let rowTotal = r == rows ? table.total : table.rowTotals[r]
                let columnTotal = c == columns ? table.total : table.columnTotals[c]
                if value == 0, ReportTable.isSmall(rowTotal) || ReportTable.isSmall(columnTotal) {
                    #expect(table.isSuppressed(row: r, column: c), "a zero beside a small total at \(r), \(c)")
                }
            }
        }
        for r in 0...rows {
            #expect((0...columns).filter { table.isSuppressed(row: r, column: $0) }.count != 1, "row \(r)")
        }
        for c in 0...columns {
            #expect((0...rows).filter { table.isSuppressed(row: $0, column: c) }.count != 1, "column \(c)")
        }
    }

    @Test("a single small cell takes a second cell with it, and the totals that would reveal them")
    func complementary() {
        let table = ReportTable(
            id: "t",
            title: "t",
            rowLabels: ["a"],
            columnLabels: ["x", "y", "z"],
            counts: [[50, 5, 30]]
        )
        #expect(table.shown(row: 0, column: 1) == nil)
        #expect(table.shown(row: 0, column: 2) == nil)
        #expect(table.shown(row: 0, column: 0) == 50)
        #expect(table.shown(row: 0, column: 3) == 85)
        checkSuppression(table)
    }

    @Test("reason codes are a set: each once, in the order first found, the primary first")
    func distinctCodes() {
        #expect(
            Evaluator.distinct([.attempt, .twoPriors, .attempt, .dobUnknown, .twoPriors]) == [
                .attempt, .twoPriors, .dobUnknown,
            ]
        )
        #expect(Evaluator.distinct([.attempt]) == [.attempt])
        #expect(Evaluator.distinct([]) == [])
    }

    @Test("all or none of a small group: the zero beside a hidden count is hidden too")
    func allOrNoneOfASmallGroup() {
        // Five people of one group, all with relief: a shown 0 under "no relief" would say so.
        let table = ReportTable(
            id: "t",
            title: "t",
            rowLabels: ["small group", "large group"],
            columnLabels: ["relief", "no relief"],
            counts: [[5, 0], [40, 60]]
        )
        #expect(table.shown(row: 0, column: 0) == nil)
        #expect(table.shown(row: 0, column: 1) == nil)
        #expect(table.shown(row: 0, column: 2) == nil)
        checkSuppression(table)
    }

    @Test("random tables: every rule holds, and percentages add up to exactly 100.0")
    func randomTables() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let rows = Int.random(in: 1...5, using: &generator)
            let columns = Int.random(in: 1...5, using: &generator)
            let counts = (0..<rows).map { _ in
                (0..<columns).map { _ in
                    Bool.random(using: &generator)
                        ? Int.random(in: 0...12, using: &generator) : Int.random(in: 0...400, using: &generator)
                }
            }
            let table = ReportTable(
                id: "t",
                title: "t",
                rowLabels: (0..<rows).map(String.init),
                columnLabels: (0..<columns).map(String.init),
                counts: counts
            )
            checkSuppression(table)
            for row in 0...rows {
                guard let shares = table.percentages(row: row) else { continue }
                #expect(shares.cells.compactMap { $0 }.reduce(0, +) + shares.suppressedShare == 1000)
            }
        }
    }

    @Test("largest remainder: shares add up, larger fractions get the extra tenths")
    func largestRemainder() {
        #expect(ReportTable.largestRemainder([1, 1, 1], total: 3, units: 1000) == [334, 333, 333])
        #expect(ReportTable.largestRemainder([2, 1], total: 3, units: 1000) == [667, 333])
        #expect(ReportTable.largestRemainder([0, 0], total: 0, units: 1000) == [0, 0])
    }
}

@Suite("Report tallies: per-decision and relief counters")
struct ReportTallyTests {
    @Test("each decision is counted in its own counter, and two tallies add counter by counter")
    func decisionTally() {
        var first = DecisionTally()
        var second = DecisionTally()
        for (index, decision) in Decision.allCases.enumerated() {
            for _ in 0...index { first.count(decision) }  // 1, 2, 3, 4, 5
            for _ in 0..<(10 * (index + 1)) { second.count(decision) }  // 10, 20, 30, 40, 50
        }
        #expect(Decision.allCases.map { first[$0] } == [1, 2, 3, 4, 5])
        first.add(second)
        #expect(Decision.allCases.map { first[$0] } == [11, 22, 33, 44, 55])
        var relief = ReliefTally()
        relief.count(true)
        relief.count(false)
        relief.count(false)
        var other = ReliefTally()
        other.count(true)
        relief.add(other)
        #expect(relief.relief == 2 && relief.noRelief == 2)
    }
}

@Suite("Report bands: years since conviction, whatever the dates")
struct ReportBandTests {
    @Test("bands from 60+ years down to convictions dated decades after the evaluation date, and unknown")
    func bands() throws {
        let rules = try RuleSet.load(
            Array(#"{"ruleSet": "d", "version": "1", "profile": "dismiss-all"}"#.utf8),
            source: "rules.json",
            sha256: "00"
        )
        let evaluator = Evaluator(ruleSet: rules, county: nil, evaluationDate: "2020-07-01")
        var report = CountyReport()
        // Completed years since conviction: 65, 12, 0, and -5, -15, -75 (dates after the evaluation
        // date: a reader flag, and a band of their own), and unknown.
        let years: [Int?] = [65, 12, 0, -5, -15, -75, nil]
        for (index, low) in years.enumerated() {
            var item = conviction(charge("HS", "11357"), date: day(1_000 + index))
            item.yearsSinceConviction = low.map { CompletedYears(low: $0, high: $0, onAnniversary: .no) }
            let subject = subject([item])
            let decided = evaluator.evaluate(subject)
            #expect(decided.count == 1)
            report.add(subject, decided)
        }
        let table = try #require(report.tables().first { $0.id == "convictionsByDecade" })
        #expect(
            table.rowLabels == [
                "possibly after the evaluation date", "date unknown", "0–9 years before", "10–19 years before",
                "60+ years before",
            ]
        )
        #expect(table.rowTotals == [3, 1, 1, 1, 1])
        // Two workers' reports add up to the same table.
        var merged = CountyReport()
        merged.merge(report)
        merged.merge(CountyReport())
        #expect(merged.tables().first { $0.id == "convictionsByDecade" }?.rowTotals == table.rowTotals)
    }
}

@Suite("Report people figures: who is left with no felony, no conviction, none in 7 years")
struct ReportPeopleTests {
    /// A conviction of `section` (law code HS or VC), completed `years` before the evaluation date
    /// (nil: the date is unknown), at `level`.
    func item(_ lawCode: String, _ section: String, years: Int?, level: Level? = .felony) -> DeidentifiedConviction {
        var made = conviction(charge(lawCode, section), date: day(1_000))
        made.yearsSinceConviction = years.map { CompletedYears(low: $0, high: $0, onAnniversary: .no) }
        made.level = level
        return made
    }

    /// The report over one subject under dismiss-all (each Prop 64 conviction dismissed, nothing else
    /// decided).
    func report(_ convictions: [DeidentifiedConviction]) throws -> CountyReport {
        let rules = try RuleSet.load(
            Array(#"{"ruleSet": "d", "version": "1", "profile": "dismiss-all"}"#.utf8),
            source: "rules.json",
            sha256: "00"
        )
        let evaluator = Evaluator(ruleSet: rules, county: nil, evaluationDate: "2020-07-01")
        let subject = subject(convictions)
        let decided = evaluator.evaluate(subject)
        #expect(decided.allSatisfy { $0.decision == .dismissAndSeal })
        var report = CountyReport()
        report.add(subject, decided)
        return report
    }

    @Test("one dismissed felony, 3 years ago: in every figure")
    func onlyProp64() throws {
        let report = try report([item("HS", "11359", years: 3)])
        #expect(report.people == 1 && report.peopleWithRelief == 1)
        #expect(report.peopleNoFelony == 1 && report.peopleNoConviction == 1)
        #expect(report.peopleNoConvictionLast7Years == 1)
    }

    @Test("another felony stays: no figure but relief and the 7 years (it is 20 years old)")
    func anotherFelony() throws {
        let report = try report([item("HS", "11359", years: 3), item("VC", "10851", years: 20)])
        #expect(report.peopleWithRelief == 1)
        #expect(report.peopleNoFelony == 0 && report.peopleNoConviction == 0)
        #expect(report.peopleNoConvictionLast7Years == 1)
    }

    @Test("a recent conviction that stays, or one of unknown date: not left with none in 7 years")
    func recentOrUnknownStays() throws {
        #expect(
            try report([item("HS", "11359", years: 3), item("VC", "23152", years: 2)]).peopleNoConvictionLast7Years == 0
        )
        // The unknown date may be recent: the figure must not claim it is not.
        #expect(
            try report([item("HS", "11359", years: 3), item("VC", "23152", years: nil)]).peopleNoConvictionLast7Years
                == 0
        )
        // No recent conviction to begin with: not counted as left with none.
        #expect(try report([item("HS", "11359", years: 12)]).peopleNoConvictionLast7Years == 0)
    }

    @Test("a conviction of unknown level that stays may be a felony: not left with no felony")
    func unknownLevelStays() throws {
        let report = try report([item("HS", "11359", years: 3), item("VC", "10851", years: 20, level: nil)])
        #expect(report.peopleNoFelony == 0)
        // A misdemeanor that stays does not keep a felony.
        #expect(
            try self.report([item("HS", "11359", years: 3), item("VC", "23152", years: 20, level: .misdemeanor)])
                .peopleNoFelony == 1
        )
        // No felony to begin with: not counted as left with none.
        #expect(try self.report([item("HS", "11357", years: 3, level: .misdemeanor)]).peopleNoFelony == 0)
    }
}
