import CriminalRecords
import Deidentified
import Eligibility
import SealCore
import TestSupport
import Testing

/// Only fixed vocabularies leave the identified zone: a damaged GENDER, RACE_DESCR, county or
/// disposition (here an SSN-shaped value) becomes `(other)` in the de-identified record, and so in the
/// decisions and the county report, which never print it.
@Suite("Fixed vocabularies for county, gender, race and disposition")
struct VocabularyTests {
    @Test("values outside the vocabularies become (other); known ones and blanks are kept")
    func mapped() throws {
        let damaged = "123-45-6789"
        var odd = ExampleSubject(dob: "19800101")
        odd.conviction("11357(A) HS-POSSESS MARIJUANA", "20100301", level: "MISDEMEANOR")
        for index in odd.rows.indices {
            odd.rows[index][.raceDescr] = damaged
            odd.rows[index][.gender] = damaged
            odd.rows[index][.stpOriCntyName] = damaged
            odd.rows[index][.dispDescr] = "CONVICTED " + damaged
        }
        var plain = ExampleSubject(dob: "19800101")
        plain.conviction("11357(A) HS-POSSESS MARIJUANA", "20100301", level: "MISDEMEANOR")
        for index in plain.rows.indices {
            plain.rows[index][.raceDescr] = "hispanic "
            plain.rows[index][.gender] = "F"
            plain.rows[index][.stpOriCntyName] = "San Diego"
        }
        let records = try Pipeline.deidentify([odd, plain], evaluationDate: "2020-07-01")
        let other = try #require(records.first { $0.race == PublicVocabulary.other })
        #expect(other.gender == "(other)")
        #expect(other.convictions.allSatisfy { $0.county == "(other)" && $0.disposition == "(other)" })
        let kept = try #require(records.first { $0.race != PublicVocabulary.other })
        #expect(kept.race == "HISPANIC" && kept.gender == "F")
        #expect(kept.convictions.allSatisfy { $0.county == "SAN DIEGO" && $0.disposition == "CONVICTED" })
        var report = CountyReport()
        for record in records {
            let ruleSet = RuleSet(id: "s", version: "1", profile: .statutory, sha256: "")
            report.add(record, Evaluator(ruleSet: ruleSet, county: nil, evaluationDate: "2020-07-01").evaluate(record))
        }
        let labels = report.tables().flatMap(\.rowLabels)
        #expect(labels.contains("(other)") && !labels.contains { $0.contains("123") })
    }

    @Test("every vocabulary value maps to itself; blank stays blank")
    func identity() {
        for list in [
            PublicVocabulary.counties, PublicVocabulary.genders, PublicVocabulary.races, PublicVocabulary.dispositions,
            PublicVocabulary.stepTypes,
        ] {
            for value in list { #expect(PublicVocabulary.map(value, list) == value) }
            #expect(PublicVocabulary.map("", list) == "")
            #expect(PublicVocabulary.map("JOHN DOE", list) == PublicVocabulary.other)
        }
        #expect(PublicVocabulary.counties.count == 58)
    }
}
