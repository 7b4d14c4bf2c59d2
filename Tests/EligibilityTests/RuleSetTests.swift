import Eligibility
import Foundation
import TestSupport
import Testing

@Suite("Eligibility: rule files")
struct RuleSetTests {
    func load(_ text: String) throws -> RuleSet {
        try RuleSet.load(Array(text.utf8), source: "rules.json", sha256: "00")
    }

    func error(_ text: String) -> RuleSetError? {
        do {
            _ = try load(text)
            return nil
        } catch let error as RuleSetError {
            return error
        } catch {
            return nil
        }
    }

    @Test("gogen's fixture options file (O1) reads as it is")
    func fixture() throws {
        let bytes = Array(try Data(contentsOf: TestSupport.fixture("rules/gogen-fixture-options.json")))
        let rules = try RuleSet.load(bytes, source: "o1.json", sha256: "ab")
        guard case .gogen(let options) = rules.profile else {
            Issue.record("not a gogen profile")
            return
        }
        #expect(rules.id == "gogen" && rules.sha256 == "ab")
        #expect(options.dismiss == ["11357", "11358"] && options.reduce == ["11359", "11360"])
        #expect(options.subjectUnder21AtConviction && options.subjectIsDeceased && options.subjectHasOnlyProp64Charges)
        #expect(options.subjectAgeThreshold == 57 && options.yearsSinceConvictionThreshold == 10)
        #expect(options.yearsCrimeFreeThreshold == 0)
        #expect(rules.warnings.isEmpty)
    }

    @Test("missing keys and null are gogen's off values; a section in neither list is a warning")
    func offValues() throws {
        let rules = try load(
            #"{"baselineEligibility": {"dismiss": ["11357"], "reduce": null}, "additionalRelief": {"subjectAgeThreshold": null}}"#
        )
        guard case .gogen(let options) = rules.profile else {
            Issue.record("not a gogen profile")
            return
        }
        #expect(options.reduce.isEmpty && options.subjectAgeThreshold == 0 && !options.subjectIsDeceased)
        #expect(rules.warnings.filter { $0.contains("sectionNotConfigured") }.count == 3)
    }

    @Test(
        "bad gogen options are rejected with the key path and the problem",
        arguments: [
            (
                #"{"additionalRelief": {"subjectAgeThreshold": 57.5}}"#, "additionalRelief.subjectAgeThreshold",
                "expected an integer, found a number", 46
            ),
            (
                #"{"additionalRelief": {"subjectAgeThreshold": "57"}}"#, "additionalRelief.subjectAgeThreshold",
                "expected an integer, found a string", 46
            ),
            (
                #"{"additionalRelief": {"subjectAgeThreshold": 70}}"#, "additionalRelief.subjectAgeThreshold",
                "must be between 40 and 65, or 0 (off); found 70", 46
            ),
            (
                #"{"additionalRelief": {"yearsCrimeFreeThreshold": 16}}"#, "additionalRelief.yearsCrimeFreeThreshold",
                "must be between 1 and 15, or 0 (off); found 16", 50
            ),
            (
                #"{"additionalRelief": {"subjectisdeceased": true}}"#, "additionalRelief.subjectisdeceased",
                "key names are case-sensitive here: write \"subjectIsDeceased\"", 23
            ),
            (#"{"additionalRelief": {"sealEverything": true}}"#, "additionalRelief.sealEverything", "unknown key", 23),
            (
                #"{"baselineEligibility": {"dismiss": ["11357(a)"]}}"#, "baselineEligibility.dismiss[0]",
                "must be one of 11357, 11358, 11359, 11360 (subsections are not configurable)", 38
            ),
            (
                #"{"baselineEligibility": {"dismiss": [11357]}}"#, "baselineEligibility.dismiss[0]",
                "expected a string, found an integer", 38
            ),
            (
                #"{"baselineEligibility": {"dismiss": ["11359"], "reduce": ["11359"]}}"#, "baselineEligibility",
                "sectionInBothLists: 11359 is in both dismiss and reduce", 25
            ),
            (
                #"{"additionalRelief": {"subjectIsDeceased": 1}}"#, "additionalRelief.subjectIsDeceased",
                "expected true or false, found an integer", 44
            ),
        ]
    )
    func badOptions(text: String, path: String, problem: String, column: Int) {
        let failure = error(text)
        #expect(failure?.path == path)
        #expect(failure?.problem == problem)
        #expect(failure?.description == "rules.json: line 1, column \(column): \(path): \(problem)")
    }

    @Test("SealKit rule-set files: profiles, parameters and their errors")
    func ruleSetFiles() throws {
        let la = try load(
            #"{"ruleSet": "la", "version": "3", "profile": "los-angeles-2020", "parameters": {"under21Basis": "atConviction"}}"#
        )
        #expect(la.profile == .losAngeles2020(LosAngelesParameters(under21Basis: .atConviction)))
        #expect(la.id == "la" && la.version == "3")
        #expect(try load(#"{"ruleSet": "s", "version": "1", "profile": "statutory"}"#).profile == .statutory)
        #expect(
            error(#"{"ruleSet": "la", "version": "3", "profile": "los-angeles-2020"}"#)?.path
                == "parameters.under21Basis"
        )
        #expect(error(#"{"ruleSet": "x", "version": "1", "profile": "seal-everything"}"#)?.path == "profile")
        #expect(error(#"{"ruleSet": "x", "profile": "statutory"}"#)?.path == "version")
        #expect(
            error(#"{"ruleSet": "x", "version": "1", "profile": "statutory", "parameters": {"age": 1}}"#)?.path
                == "parameters.age"
        )
        #expect(error("[1, 2]")?.problem == "expected a JSON object, found an array")
        #expect(error("{\"ruleSet\": ")?.problem.hasPrefix("not valid JSON") == true)
    }

    @Test(
        "a rule file is strict JSON: what another tool would read differently is refused, with its place",
        arguments: [
            // The second "profile" is what every other JSON tool applies; the old reader applied the first.
            (
                "{\"ruleSet\": \"x\", \"version\": \"1\",\n \"profile\": \"statutory\",\n \"profile\": \"dismiss-all\"}",
                3, 2, "profile", "not valid JSON: a duplicate key (the object names it twice)"
            ),
            (
                "{\"additionalRelief\": {\"subjectAgeThreshold\": 50, \"subjectAgeThreshold\": 0}}", 1, 50,
                "additionalRelief.subjectAgeThreshold", "not valid JSON: a duplicate key (the object names it twice)"
            ),
            (
                "{\"ruleSet\": \"x\", \"version\": \"1\", \"profile\": \"statutory\",}", 1, 57, "",
                "not valid JSON: a comma before a closing brace is not allowed"
            ),
            (
                "{\"ruleSet\": \"x\", // the name\n\"version\": \"1\", \"profile\": \"statutory\"}", 1, 18, "",
                "not valid JSON: expected a key in double quotes"
            ),
            (
                "{\"additionalRelief\": {\"subjectAgeThreshold\": NaN}}", 1, 46, "additionalRelief.subjectAgeThreshold",
                "not valid JSON: NaN and Infinity are not JSON numbers"
            ),
            (
                "{\"ruleSet\": \"x\\ud800\", \"version\": \"1\", \"profile\": \"statutory\"}", 1, 15, "ruleSet",
                "not valid JSON: an unpaired surrogate escape (a high surrogate must be followed by a low one)"
            ),
            (
                "{\"ruleSet\": \"x\\nFORGED LINE\", \"version\": \"1\", \"profile\": \"statutory\"}", 1, 13, "ruleSet",
                "must not hold a newline or another control character"
            ),
            (
                "{\"ruleSet\": \"x\", \"version\": \"1\\u0085\", \"profile\": \"statutory\"}", 1, 29, "version",
                "must not hold a newline or another control character"
            ),
            (
                "{\"ruleSet\": \"\", \"version\": \"1\", \"profile\": \"statutory\"}", 1, 13, "ruleSet",
                "must be 1 to 100 characters"
            ),
            (
                "{\"ruleSet\": \"x\", \"version\": \"1\", \"profile\": \"statutory\", \"description\": 3}", 1, 73,
                "description", "expected a string, found an integer"
            ),
        ]
    )
    func strictJSON(text: String, line: Int, column: Int, path: String, problem: String) {
        let failure = error(text)
        #expect(failure?.line == line)
        #expect(failure?.column == column)
        #expect(failure?.path == path)
        #expect(failure?.problem == problem)
    }

    @Test("invalid UTF-8 in a rule file is refused; the shipped files and the gogen fixture are strict JSON")
    func invalidUTF8() throws {
        var bytes = Array(#"{"ruleSet": "x", "version": "1", "profile": "statutory", "description": "ab"}"#.utf8)
        bytes.insert(0xC0, at: bytes.count - 3)
        let strict = Result { () throws(RuleSetError) in try RuleSet.load(bytes, source: "r.json", sha256: "00") }
        guard case .failure(let failure) = strict else {
            Issue.record("invalid UTF-8 was read")
            return
        }
        #expect(failure.problem == "not valid JSON: a string is not valid UTF-8")
        #expect(failure.path == "description")
        for name in ["dismiss-all", "gogen", "los-angeles-2020", "statutory"] {
            let shipped = try TestSupport.repositoryBytes("Sources/SealKit/RuleSets/\(name).json")
            #expect(throws: Never.self) { try RuleSet.load(shipped, source: name, sha256: "00") }
        }
    }
}
