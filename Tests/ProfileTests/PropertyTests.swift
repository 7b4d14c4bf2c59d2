import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import SealCore
import TestSupport
import Testing

@Suite("Engine properties: reader flags, gogen options, date-shift invariance")
struct PropertyTests {
    @Test("the flags that send a conviction to review are the documented seventeen")
    func reviewFlagTable() {
        // docs/deidentified-format.md lists these; a severity changed in the vocabulary changes decisions, so the
        // list is written out here rather than derived.
        let documented: Set<String> = [
            "convictionDateUnknown", "convictionDateFromDispDate", "dateInFuture", "eventBeforeBirth", "implausibleAge",
            "suspectSection", "lawCodeMismatch", "commentConflict", "offenseFieldsDisagree", "chargeUnparsed",
            "laterDispositionOnCount", "levelUnknown", "malformedRow", "subjectDOBConflict", "qualifierPresent",
            "combinedProp64Charge", "ciiSharedWithAnotherSubject",
        ]
        #expect(ReviewFlags.names == documented)
        #expect(Set(RecordFlag.Kind.allCases.filter { $0.severity == .review }.map(\.rawValue)) == documented)
    }

    /// A subject that every additional-relief option would dismiss, and only that option: a felony
    /// 11359 (in the reduce list) convicted at 20, 60 years old at E, deceased, 12 years since, only
    /// Prop 64 convictions.
    static func candidate() throws -> DeidentifiedSubject {
        var subject = ExampleSubject(dob: "19600101")
        subject.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "19800601")
        subject.step("DECEASED", "20200101")
        return try #require(Pipeline.deidentify([subject], evaluationDate: "2020-07-01").first)
    }

    @Test(
        "each gogen option decides when on and is skipped when off",
        arguments: [
            ("under21", "21 years or younger"), ("age", "57 years or older"),
            ("yearsSince", "Conviction occurred 10 or more years ago"),
            ("crimeFree", "No convictions in the past 5 years"),
            ("only", "Only has 11357-60 charges"), ("deceased", "Individual is deceased"),
        ]
    )
    func optionOnAndOff(_ option: String, _ reason: String) throws {
        let subject = try Self.candidate()
        var options = GogenOptions()
        options.reduce = ["11359"]
        func decide(_ options: GogenOptions) -> ConvictionDecision? {
            let ruleSet = RuleSet(id: "t", version: "1", profile: .gogen(options), sha256: "")
            return Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(subject).first
        }
        let off = decide(options)
        #expect(off?.decision == .reduceToMisdemeanor)
        #expect(off?.gogen.reason == "Reduce all HS 11359 convictions")
        switch option {
        case "under21": options.subjectUnder21AtConviction = true
        case "age": options.subjectAgeThreshold = 57
        case "yearsSince": options.yearsSinceConvictionThreshold = 10
        case "crimeFree": options.yearsCrimeFreeThreshold = 5
        case "only": options.subjectHasOnlyProp64Charges = true
        default: options.subjectIsDeceased = true
        }
        let on = decide(options)
        #expect(on?.decision == .dismissAndSeal)
        #expect(on?.reason == reason)
        #expect(on?.gogen.reason == reason)
        #expect(on?.checks.last?.answer == .yes)
    }

    @Test("a dismiss-list entry wins over the reduce list; an unlisted felony goes to review")
    func lists() throws {
        let subject = try Self.candidate()
        var options = GogenOptions()
        options.dismiss = ["11359"]
        var ruleSet = RuleSet(id: "t", version: "1", profile: .gogen(options), sha256: "")
        let listed = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(subject)
        #expect(listed.first?.reason == "Dismiss all HS 11359 convictions")
        ruleSet.profile = .gogen(GogenOptions())
        let unlisted = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(subject)
        #expect(unlisted.first?.decision == .needsReview)
        #expect(unlisted.first?.reasonCodes == [.sectionNotConfigured])
        #expect(unlisted.first?.gogen.label == "")
    }

    @Test("the county scopes decisions; other counties' convictions still count as priors")
    func countyScope() throws {
        var rows = ExampleSubject(dob: "19750101")
        rows.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20010201")
        rows.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20030201")
        rows.conviction("11359 HS-POSSESS MARIJUANA FOR SALE", "20060201")
        rows.rows[0][.stpOriCntyName] = "YOLO"
        let subject = try #require(Pipeline.deidentify([rows], evaluationDate: "2020-07-01").first)
        let ruleSet = RuleSet(
            id: "la",
            version: "1",
            profile: .losAngeles2020(LosAngelesParameters(under21Basis: .atEvaluation)),
            sha256: ""
        )
        let decisions = Evaluator(ruleSet: ruleSet, county: " los angeles ", evaluationDate: "2020-07-01")
            .evaluate(subject)
        #expect(decisions.map(\.index) == [1, 2])
        #expect(decisions.last?.reason == "Two priors")
        let everywhere = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(subject)
        #expect(everywhere.count == 3)
    }

    /// Moves every shifted date of a subject by `days`.
    static func shifted(_ subject: DeidentifiedSubject, by days: Int) -> DeidentifiedSubject {
        func move(_ date: ShiftedDate) -> ShiftedDate { ShiftedDate(dayNumber: date.dayNumber + days) }
        func move(_ value: ShiftedDateValue) -> ShiftedDateValue {
            switch value {
            case .exact(let date): .exact(move(date))
            case .range(let low, let high): .range(move(low), move(high))
            case .unknown: .unknown
            }
        }
        var copy = subject
        copy.birthday18 = move(subject.birthday18)
        copy.birthday21 = move(subject.birthday21)
        copy.deathDate = subject.deathDate.map(move)
        copy.registrations = subject.registrations.map(move)
        for index in copy.convictions.indices {
            copy.convictions[index].date = move(copy.convictions[index].date)
            copy.convictions[index].offenseDate = move(copy.convictions[index].offenseDate)
            copy.convictions[index].sentenceEnd.lower = copy.convictions[index].sentenceEnd.lower.map(move)
            copy.convictions[index].sentenceEnd.upper = copy.convictions[index].sentenceEnd.upper.map(move)
        }
        return copy
    }

    @Test("any per-subject date shift leaves every decision, reason and check unchanged (all profiles)")
    func shiftInvariance() throws {
        let subjects = try Pipeline.deidentify(WorkedExample.all.map { $0.subject() }, evaluationDate: "2020-07-01")
        let ruleSets = [
            try WorkedExamplesTests.ruleSet("O1"), try WorkedExamplesTests.ruleSet("O2"),
            WorkedExamplesTests.losAngeles,
            RuleSet(id: "s", version: "1", profile: .statutory, sha256: ""),
            RuleSet(id: "d", version: "1", profile: .dismissAll, sha256: ""),
        ]
        var random = SystemRandomNumberGenerator()
        var compared = 0
        for ruleSet in ruleSets {
            let evaluator = Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01")
            for subject in subjects {
                let base = evaluator.evaluate(subject)
                for _ in 0..<5 {
                    let days = Int.random(in: -36_500...36_500, using: &random)
                    #expect(evaluator.evaluate(Self.shifted(subject, by: days)) == base, "shift \(days)")
                    compared += base.count
                }
            }
        }
        #expect(compared > 700)
    }
}
