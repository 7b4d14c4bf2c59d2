import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import SealCore
import TestSupport
import Testing

/// Combined charges (`484(A)/490.5 PC`) and the raw facts gogen reads where SealKit reads the same
/// column otherwise (doj-research-file.md 4.1, 5.4, 5.7, 5.8; gogen_pilots' `EarliestSuperstrike`):
/// hand cases through the reader, the pseudonymizer and the profiles. Each failed before the change.
@Suite("Combined charges, and the raw facts of gogen's reference")
struct CombinedChargesAndRawFactsTests {
    static let statutory = RuleSet(id: "s", version: "1", profile: .statutory, sha256: "")
    static let losAngeles = RuleSet(
        id: "la",
        version: "1",
        profile: .losAngeles2020(LosAngelesParameters(under21Basis: .atEvaluation)),
        sha256: ""
    )

    func record(_ subject: ExampleSubject) throws -> DeidentifiedSubject {
        try #require(try Pipeline.deidentify([subject], evaluationDate: "2020-07-01").first)
    }

    /// The decision of the subject's last decided conviction under `ruleSet`.
    func decide(_ subject: ExampleSubject, _ ruleSet: RuleSet = losAngeles) throws -> ConvictionDecision {
        let decisions = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(
            try record(subject)
        )
        return try #require(decisions.last)
    }

    // MARK: - Combined charges

    @Test("a prior '484(A)/490.5 PC' is a known non-Prop 64 conviction, no longer an unread charge")
    func combinedOtherCharge() throws {
        var subject = ExampleSubject(dob: "19800101")
        subject.conviction("484(A)/490.5 PC-PETTY THEFT", "20050301", level: "MISDEMEANOR")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        let charge = try record(subject).convictions[0].charge
        #expect(charge.section == "484" && charge.lawCode == .penal && charge.subsections == ["A"])
        #expect(charge.otherSections == [ChargeSection(lawCode: .penal, section: "490.5", subsections: [])])
        for ruleSet in [Self.statutory, Self.losAngeles] {
            let decision = try decide(subject, ruleSet)
            #expect(!decision.reasonCodes.contains(.chargesUnknown), "\(ruleSet.id): \(decision.reasonCodes)")
            #expect(!decision.reasonCodes.contains(.chargeUnparsed), "\(ruleSet.id): \(decision.reasonCodes)")
        }
    }

    @Test("a charge naming a Prop 64 section beside another goes to review, whichever comes first")
    func combinedProp64Charge() throws {
        for charge in ["11359/11360 HS-SELL MARIJUANA", "484(A) PC/11357 HS", "11357(A)/11359 HS"] {
            var subject = ExampleSubject(dob: "19800101")
            subject.conviction(charge, "20100301")
            for ruleSet in [Self.statutory, Self.losAngeles] {
                let decision = try decide(subject, ruleSet)
                #expect(decision.decision == .needsReview, "\(charge) \(ruleSet.id): \(decision.decision)")
                #expect(decision.reasonCodes.contains(.combinedProp64Charge), "\(charge): \(decision.reasonCodes)")
                #expect(Divergence.isExplained(decision), "\(charge): \(decision.reasonCodes)")
            }
        }
    }

    @Test("136.1 with the 186.22(B)(4) gang enhancement in one charge is a superstrike prior, for both lists")
    func combinationInOneCharge() throws {
        var subject = ExampleSubject(dob: "19700101")
        subject.conviction("136.1/186.22(B)(4) PC-DISSUADE WITNESS", "20050301")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        #expect(try decide(subject, Self.statutory).reasonCodes.contains(.priorSuperstrike))
        #expect(try decide(subject).gogen.reason == "PC 667(e)(2)(c)(iv)")
        // Either section alone is no superstrike.
        var alone = ExampleSubject(dob: "19700101")
        alone.conviction("136.1 PC-DISSUADE WITNESS", "20050301")
        alone.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        #expect(!(try decide(alone, Self.statutory).reasonCodes.contains(.priorSuperstrike)))
    }

    // MARK: - gogen's raw reading

    /// A felony 11359 that reaches gogen_pilots' last steps: under 50, over 21, another conviction in
    /// the last ten years (not only Prop 64, not conviction-free), sentences complete.
    func lateStepSubject(dob: String = "19800101") -> ExampleSubject {
        var subject = ExampleSubject(dob: dob)
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        subject.other("20150301")
        return subject
    }

    @Test("deceased: gogen reads STP_TYPE_DESCR byte for byte, SealKit trimmed and upper-cased")
    func deceasedSpelling() throws {
        for (spelling, gogenDeceased) in [("DECEASED", true), ("Deceased", false), (" DECEASED", false)] {
            var subject = lateStepSubject()
            subject.step(spelling, "20190101")
            let record = try record(subject)
            #expect(record.deceased, "\(spelling)")
            #expect(record.gogenView.deceased == gogenDeceased, "\(spelling)")
            let decision = try decide(subject)
            #expect(
                decision.gogen.reason == (gogenDeceased ? "Deceased" : "No applicable eligibility criteria"),
                "\(spelling): \(String(describing: decision.gogen.reason))"
            )
        }
    }

    @Test("date of birth: gogen reads the first row's alone; blank or invalid there is its zero date (50 or older)")
    func firstRowBirthDate() throws {
        for (first, zero) in [("", true), ("19800231", true), ("1980", true), ("19800101", false)] {
            var subject = lateStepSubject()
            subject.rows[0][.priDob] = first
            let record = try record(subject)
            // SealKit knows the date from the other rows either way.
            #expect(record.ageAtEvaluation?.low == 40, "\(first)")
            #expect(record.gogenView.zeroBirthDate == zero, "\(first)")
            let reason = try decide(subject).gogen.reason
            #expect((reason == "50 years or older") == zero, "\(first): \(String(describing: reason))")
        }
    }

    @Test("PC 290 registration: gogen needs REGISTRATION and a description starting '290', both untrimmed")
    func registrationSpelling() throws {
        for (type, offense, gogenRegistered) in [
            ("REGISTRATION", "290 PC-REGISTRATION OF SEX OFFENDER", true),
            ("REGISTRATION", " 290 PC-REGISTRATION OF SEX OFFENDER", false),
            ("Registration", "290 PC-REGISTRATION OF SEX OFFENDER", false),
        ] {
            var subject = lateStepSubject()
            subject.step(type, "20000101", offense: offense)
            let record = try record(subject)
            #expect(!record.registrations.isEmpty, "\(type) \(offense)")
            #expect(record.gogenView.pc290Registration == gogenRegistered, "\(type) \(offense)")
            let reason = try decide(subject).gogen.reason
            #expect((reason == "PC 290") == gogenRegistered, "\(type) \(offense): \(String(describing: reason))")
        }
    }

    @Test("level: gogen reads a blank CONV_STAT_DESCR with OFFENSE_TOC F as a felony, a single space as not")
    func felonyFromTypeOfCharge() throws {
        for (level, gogenFelony) in [("", true), (" ", false)] {
            var subject = lateStepSubject()
            subject.rows[0][.convStatDescr] = level
            subject.rows[0][.offenseToc] = "F"
            let decision = Evaluator(ruleSet: Self.losAngeles, county: nil, evaluationDate: "2020-07-01")
                .evaluate(try record(subject))[0]
            #expect((decision.gogen.reason != "Misdemeanor or Infraction") == gogenFelony, "'\(level)'")
        }
    }

    @Test(
        "gogen_pilots' earliest superstrike: a zero date is overwritten by the next superstrike, and wins after a real one"
    )
    func zeroDatedSuperstrike() throws {
        // A zero-dated superstrike, then one after the Prop 64 conviction: the exclusion is dated from
        // the second, which is later, so it does not apply.
        var overwritten = ExampleSubject(dob: "19800101")
        overwritten.conviction("187 PC-MURDER", "")
        overwritten.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        overwritten.conviction("187 PC-MURDER", "20120301")
        #expect(try decide(overwritten, Self.losAngeles).gogen.reason != "PC 667(e)(2)(c)(iv)")
        // The same when DISP_DATE gives SealKit the date: gogen reads STP_EVENT_DATE alone.
        overwritten.rows[0][.dispDate] = "20050301"
        let record = try record(overwritten)
        #expect(record.convictions[0].date != .unknown)
        #expect(record.convictions[0].gogenView.zeroDate)
        let decision = try decide(overwritten, Self.losAngeles)
        #expect(decision.gogen.reason != "PC 667(e)(2)(c)(iv)")
        #expect(Divergence.isExplained(decision), "\(decision.decision) \(decision.reasonCodes)")
        // A real date first, then a zero date: the zero date is before everything, so it applies.
        var replaced = ExampleSubject(dob: "19800101")
        replaced.conviction("187 PC-MURDER", "20120301")
        replaced.conviction("187 PC-MURDER", "")
        replaced.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
        #expect(try decide(replaced, Self.losAngeles).gogen.reason == "PC 667(e)(2)(c)(iv)")
    }
}
