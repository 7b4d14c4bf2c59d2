import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import SealCore
import TestSupport
import Testing

/// Decisions where the statute, not the tool, decides (prop64-rules.md C.3 and C.5, as corrected in
/// December 2026): hand cases built from the statute, through the reader, the pseudonymizer and the
/// statutory and los-angeles-2020 profiles. Each failed on the engine before the correction.
@Suite("Statutory corrections: what the law supports, not what the tool listed")
struct StatutoryCorrectionsTests {
    static let statutory = RuleSet(id: "s", version: "1", profile: .statutory, sha256: "")
    static let losAngeles = RuleSet(
        id: "la",
        version: "1",
        profile: .losAngeles2020(LosAngelesParameters(under21Basis: .atEvaluation)),
        sha256: ""
    )

    /// The decision of the subject's last Prop 64 conviction under `ruleSet`.
    func decide(_ subject: ExampleSubject, _ ruleSet: RuleSet = statutory) throws -> ConvictionDecision {
        let record = try #require(try Pipeline.deidentify([subject], evaluationDate: "2020-07-01").first)
        let decisions = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(record)
        return try #require(decisions.last)
    }

    @Test("a prior attempt or conspiracy to commit a PC 290(c) offense is a prior 290(c) conviction: the felony stays")
    func attemptedRegistrableOffense() throws {
        for prior in ["664/288(A) PC-LEWD ACT W/CHILD", "182/288(A) PC-CONSPIRACY"] {
            var subject = ExampleSubject(dob: "19700101")
            subject.conviction(prior, "20050301")
            subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
            let decision = try decide(subject)
            #expect(decision.decision == .notEligible, "\(prior): \(decision.decision) \(decision.reasonCodes)")
            #expect(decision.reasonCodes.contains(.priorPC290), "\(prior)")
        }
    }

    @Test("no CYC_DATE and a conviction days after 2016-11-09: the offense may predate AUMA, so review")
    func offenseDateUnknownAfterAUMA() throws {
        var subject = ExampleSubject(dob: "19800101")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20161120", cycDate: "")
        for ruleSet in [Self.statutory, Self.losAngeles] {
            let decision = try decide(subject, ruleSet)
            #expect(decision.decision == .needsReview, "\(ruleSet.id): \(decision.decision) \(decision.reasonCodes)")
            #expect(decision.reasonCodes.contains(.offenseBeforeAUMA), "\(ruleSet.id): \(decision.reasonCodes)")
        }
        // With CYC_DATE after AUMA as well, it is certain.
        var certain = ExampleSubject(dob: "19800101")
        certain.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20161120", cycDate: "20161112")
        #expect(try decide(certain).reasonCodes.contains(.postAUMA))
    }

    @Test(
        "simple kidnapping (PC 207) and PC 217.1(a) are not superstrikes; 217.1(b) is; the reference keeps gogen's list"
    )
    func lifePunishable() throws {
        for (prior, superstrike) in [
            ("207 PC-KIDNAPPING", false), ("217.1(A) PC-ASSAULT PUBLIC OFFICIAL", false),
            ("217.1(B) PC-ATTEMPT MURDER PUBLIC OFFICIAL", true), ("209(A) PC-KIDNAP FOR RANSOM", true),
        ] {
            var subject = ExampleSubject(dob: "19700101")
            subject.conviction(prior, "20050301")
            subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
            let decision = try decide(subject)
            #expect(
                decision.reasonCodes.contains(.priorSuperstrike) == superstrike,
                "\(prior): \(decision.decision) \(decision.reasonCodes)"
            )
            // gogen's reference (los-angeles-2020: gogen_pilots) still counts gogen's whole list, and a
            // decision that departs from it says why.
            let la = try decide(subject, Self.losAngeles)
            #expect(la.gogen.reason == "PC 667(e)(2)(c)(iv)", "\(prior): \(String(describing: la.gogen.reason))")
            #expect(Divergence.isExplained(la), "\(prior): \(la.decision) \(la.reasonCodes) \(la.advisories)")
            #expect(la.advisories.contains("referenceExclusionLists") == !superstrike, "\(prior): \(la.advisories)")
        }
    }

    @Test("a bare 653F may be any subdivision: an unknown superstrike (review); 653F(B) is one")
    func bareSolicitation() throws {
        for (prior, expected) in [
            ("653F PC-SOLICIT", Decision.needsReview), ("653F(B) PC-SOLICIT MURDER", .notEligible),
        ] {
            var subject = ExampleSubject(dob: "19700101")
            subject.conviction(prior, "20050301")
            subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301")
            let decision = try decide(subject)
            #expect(decision.decision == expected, "\(prior): \(decision.decision) \(decision.reasonCodes)")
        }
    }

    @Test(
        "two priors: one dated between this conviction's offense and its conviction may not precede the offense: review"
    )
    func twoPriorsTimingWindow() throws {
        var subject = ExampleSubject(dob: "19700101")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20050301")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20090601")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301", cycDate: "20090101")
        let decision = try decide(subject, Self.losAngeles)
        #expect(decision.decision == .needsReview, "\(decision.decision) \(decision.reasonCodes)")
        #expect(decision.reasonCodes.contains(.priorTimingUnclear), "\(decision.reasonCodes)")
        // Both priors before the offense: two priors, certainly.
        var certain = ExampleSubject(dob: "19700101")
        certain.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20050301")
        certain.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20080601")
        certain.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20100301", cycDate: "20090101")
        let two = try decide(certain, Self.losAngeles)
        #expect(two.decision == .notEligible && two.reason == "Two priors", "\(two.decision) \(two.reasonCodes)")
    }

    @Test(
        "an LA misdemeanor held by a reader flag still goes to the City Attorneys: the referral first, the flag after"
    )
    func cityAttorneyReferralKept() throws {
        var subject = ExampleSubject(dob: "19800101")
        subject.conviction("11357(A) HS-POSSESS MARIJUANA", "20100301", level: "MISDEMEANOR")
        subject.rows[0][.stpEventDate] = ""
        subject.rows[0][.dispDate] = "20100301"
        let decision = try decide(subject, Self.losAngeles)
        #expect(decision.decision == .needsReview)
        #expect(
            decision.reasonCodes == [.cityAttorneyReview, .convictionDateFromDispDate],
            "\(decision.reasonCodes)"
        )
    }

    @Test("a conviction months after the evaluation date is counted after it, not 0-9 years before")
    func afterTheEvaluationDate() throws {
        var subject = ExampleSubject(dob: "19800101")
        subject.conviction("11357(A) HS-POSSESS MARIJUANA", "20200901", level: "MISDEMEANOR")
        let record = try #require(try Pipeline.deidentify([subject], evaluationDate: "2020-07-01").first)
        #expect(record.convictions[0].flags.contains(.dateInFuture))
        let decisions = Evaluator(ruleSet: Self.statutory, county: nil, evaluationDate: "2020-07-01").evaluate(record)
        var report = CountyReport()
        report.add(record, decisions)
        let bands = try #require(report.tables().first { $0.id == "convictionsByDecade" })
        let row = try #require(bands.rowLabels.firstIndex(of: "possibly after the evaluation date"))
        #expect(bands.rowTotals[row] == 1)
        #expect(bands.rowLabels.firstIndex(of: "0–9 years before").map { bands.rowTotals[$0] } ?? 0 == 0)
    }

    @Test("11357A without parentheses: SealKit dismisses where gogen_pilots says Other 11357, and says why")
    func subsectionNormalized() throws {
        for (charge, normalized) in [("11357A HS-POSSESS MARIJUANA", true), ("11357(A) HS-POSSESS MARIJUANA", false)] {
            var subject = ExampleSubject(dob: "19800101")
            subject.conviction(charge, "20100301")
            let decision = try decide(subject, Self.losAngeles)
            #expect(decision.decision == .dismissAndSeal, "\(charge)")
            #expect(
                decision.advisories.contains("subsectionNormalized") == normalized,
                "\(charge): \(decision.advisories)"
            )
            #expect((decision.gogen.reason == "Other 11357") == normalized, "\(charge)")
        }
    }
}
