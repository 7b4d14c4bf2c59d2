import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Pseudonymization
import SealCore
import SealCrypto
import TestSupport
import Testing

/// gogen's summary figures (prop64-rules.md A.7), reproduced from the reference outcomes: on gogen's
/// own SACRAMENTO fixture every deterministic figure its authors published, and the definitions on
/// hand cases.
@Suite("gogen's summary figures, reproduced from the reference")
struct ReferenceSummaryTests {
    /// The county report of `path` under `ruleSet` at `date`, every county or one.
    func report(_ path: String, _ ruleSet: RuleSet, _ date: String, county: String?) throws -> CountyReport {
        let evaluation = CalendarDate(iso: date)!
        var options = DOJReadOptions()
        options.referenceDate = evaluation
        let pseudonymizer = try Pseudonymizer(keys: PurposeKeys(master: Pipeline.master), evaluationDate: evaluation)
        var records: [DeidentifiedSubject] = []
        _ = try DOJResearchFileReader(path: path, options: options).read(
            rejected: { _ in },
            restart: { records.removeAll() },
            subject: { records.append(try! pseudonymizer.deidentify($0)) }
        )
        let evaluator = Evaluator(ruleSet: ruleSet, county: county, evaluationDate: evaluation)
        var report = CountyReport()
        for record in records { report.add(record, evaluator.evaluate(record)) }
        return report
    }

    @Test("gogen's SACRAMENTO fixture (options O1, 2019-11-11): every deterministic figure of its published summary")
    func sacramentoFixture() throws {
        let bytes = try TestSupport.fixtureBytes("rules/gogen-fixture-options.json")
        let ruleSet = try RuleSet.load(bytes, source: "options.json", sha256: "")
        let summary = try report(
            TestSupport.fixture("gogen/sacramento.csv").path,
            ruleSet,
            "2019-11-11",
            county: "SACRAMENTO"
        ).reference
        #expect(summary.tool == "gogen")
        #expect(summary.bySection == ["11357": 3, "11358": 7, "11359": 8])
        #expect(summary.felonies == 15 && summary.nonFelonies == 3)
        #expect(summary.subjectsInScope == 12)
        #expect(summary.subjectsWithSomeRelief == 12)
        #expect(summary.dismissalsBySection == ["11357": 2, "11358": 6])
        // gogen lists every configured section, 0 included; SealKit those that occur.
        #expect(summary.reductionsBySection == ["11359": 1])
        #expect(
            summary.additionalRelief == [
                "21 years or younger": 1, "57 years or older": 2, "Conviction occurred 10 or more years ago": 1,
                "Individual is deceased": 1, "Only has 11357-60 charges": 1,
            ]
        )
        #expect(summary.current.noFelony == 5)
        #expect(summary.current.noConviction == 4)
        #expect(summary.current.noConvictionLast7Years == 2)
        #expect(summary.dismissAll == summary.current)
    }

    @Test(
        "the definitions: any county's felonies, every conviction, the last 7 years from the evaluation date; dismiss-all"
    )
    func definitions() throws {
        let options = try TestSupport.fixtureBytes("rules/gogen-fixture-options.json")
        let ruleSet = try RuleSet.load(options, source: "options.json", sha256: "")
        // A: an 11357 felony dismissed (listed), nothing else: no felony, no conviction, none recent.
        var a = ExampleSubject(dob: "19800101")
        a.conviction("11357 HS-POSSESS MARIJUANA", "20150301")
        // B: an 11359 felony reduced, and an older burglary felony that stays: relief, but a felony stays;
        // under dismiss-all the burglary still stays.
        var b = ExampleSubject(dob: "19800101")
        b.conviction("459 PC-BURGLARY", "20000301")
        b.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20150301")
        // C: an 11360 felony and a recent 11357 misdemeanor: only Prop 64 charges (G7) dismisses the
        // felony, G1 the misdemeanor.
        var c = ExampleSubject(dob: "19800101")
        c.conviction("11360 HS-TRANSPORT MARIJUANA", "20160301")
        c.conviction("11357 HS-POSSESS MARIJUANA", "20170301", level: "MISDEMEANOR")
        let folder = try TemporaryDirectory()
        var rows: [DOJRowBuilder] = []
        for (index, subject) in [a, b, c].enumerated() {
            for var row in subject.rows {
                row[.subjectId] = String(10_000_001 + index)
                row[.ciiNumber] = String(format: "A%08d", 10_000_001 + index)
                row[.stpOriCntyName] = "SACRAMENTO"
                rows.append(row)
            }
        }
        let path = try folder.write("doj.csv", Array(DOJText.file(rows).utf8))
        let summary = try report(path, ruleSet, "2020-07-01", county: "SACRAMENTO").reference
        #expect(summary.subjectsInScope == 3)
        #expect(summary.subjectsWithSomeRelief == 3)
        #expect(summary.bySection == ["11357": 2, "11359": 1, "11360": 1])
        #expect(summary.felonies == 3 && summary.nonFelonies == 1)
        // A and C are left with no felony and no conviction; B keeps its burglary.
        #expect(summary.current.noFelony == 2)
        #expect(summary.current.noConviction == 2)
        // Recent (after 2013-07-01): A's and C's are dismissed; B's 2015 11359 is reduced, not dismissed.
        #expect(summary.current.noConvictionLast7Years == 2)
        // Dismiss all: B's only recent conviction (the 11359) counts as dismissed too.
        #expect(summary.dismissAll.noFelony == 2)
        #expect(summary.dismissAll.noConviction == 2)
        #expect(summary.dismissAll.noConvictionLast7Years == 3)
        #expect(summary.dismissalsBySection == ["11357": 1])
        #expect(summary.reductionsBySection == ["11359": 1])
        // C's misdemeanor ("Misdemeanor or Infraction") is not additional relief.
        #expect(summary.additionalRelief == ["Only has 11357-60 charges": 1])
    }
}
