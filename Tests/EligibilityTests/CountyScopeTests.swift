import Deidentified
import Eligibility
import Testing

@Suite("County scope: a county no conviction names is reported, never an input value outside the 58")
struct CountyScopeTests {
    /// A subject whose convictions (a VC 23152, no Prop 64 section) name these counties.
    func subject(counties: [String]) -> DeidentifiedSubject {
        EligibilityTests.subject(
            counties.map { county in
                var made = conviction(charge("VC", "23152", ["A"]), date: day(10_000))
                made.county = county
                return made
            }
        )
    }

    @Test("California's 58 counties, upper case")
    func fiftyEight() {
        #expect(CountyScope.californiaCounties.count == 58)
        #expect(CountyScope.californiaCounties.allSatisfy { $0 == $0.uppercased() && !$0.isEmpty })
        #expect(CountyScope.californiaCounties.contains("SAN LUIS OBISPO"))
    }

    @Test("a conviction of any section in the county: no warning (it is not the report's job to find Prop 64 ones)")
    func matched() {
        var scope = CountyScope(county: "KERN")
        scope.add(subject(counties: ["FRESNO", "KERN"]))
        #expect(scope.convictionsInCounty == 1)
        #expect(scope.warnings.isEmpty)
    }

    @Test("no scope (every county): nothing tallied, no warning")
    func everyCounty() {
        var scope = CountyScope(county: nil)
        scope.add(subject(counties: ["FRESNO"]))
        #expect(scope.convictionsInCounty == 0 && scope.countiesSeen.isEmpty)
        #expect(scope.warnings.isEmpty)
    }

    @Test("a misspelt county: one warning naming it and the input's California counties, sorted")
    func misspelt() {
        var scope = CountyScope(county: "LOS ANGLES")
        scope.add(subject(counties: ["VENTURA", "LOS ANGELES", "LOS ANGELES"]))
        scope.add(subject(counties: ["ALAMEDA"]))
        #expect(
            scope.warnings == [
                "--county LOS ANGLES matches no conviction in the input, so no conviction was decided (LOS ANGLES is "
                    + "not one of California's 58 counties as the DOJ file spells them); the input's counties: "
                    + "ALAMEDA, LOS ANGELES, VENTURA"
            ]
        )
    }

    @Test("a real county the input does not hold: no 'not one of the 58' clause")
    func absentCounty() {
        var scope = CountyScope(county: "YUBA")
        scope.add(subject(counties: ["KERN"]))
        let warning = scope.warnings.first ?? ""
        #expect(warning.hasPrefix("--county YUBA matches no conviction in the input"))
        #expect(!warning.contains("not one of"))
        #expect(warning.hasSuffix("the input's counties: KERN"))
    }

    @Test("values outside the 58 are counted, never shown (a damaged county field can hold a name)")
    func otherValuesNeverShown() {
        var scope = CountyScope(county: "KERN")
        scope.add(subject(counties: ["GARCIA, MARIA", "GARCIA, MARIA", "", "ORANGE"]))
        let warning = scope.warnings.joined()
        #expect(!warning.contains("GARCIA") && !warning.contains("MARIA"))
        #expect(warning.hasSuffix("the input's counties: ORANGE; 3 convictions in no California county"))
    }

    @Test("an input with no conviction at all says so")
    func empty() {
        var scope = CountyScope(county: "KERN")
        scope.add(subject(counties: []))
        #expect(scope.warnings.first?.hasSuffix("; the input holds no conviction") == true)
    }

    @Test("merged workers: one worker's match silences the other's misses; the misses' counties add up")
    func merged() {
        var first = CountyScope(county: "KERN")
        first.add(subject(counties: ["FRESNO"]))
        var second = CountyScope(county: "KERN")
        second.add(subject(counties: ["SONOMA", "NOT A COUNTY"]))
        var missing = first
        missing.merge(second)
        #expect(
            missing.warnings.first?.hasSuffix("counties: FRESNO, SONOMA; 1 conviction in no California county") == true
        )
        var matched = second
        matched.add(subject(counties: ["KERN"]))
        first.merge(matched)
        #expect(first.convictionsInCounty == 1)
        #expect(first.warnings.isEmpty)
    }

    @Test("an empty --county is refused (it would scope the convictions with no county); a spaced one is normalized")
    func emptyCounty() {
        #expect(Evaluator.countyProblem(nil) == nil)
        #expect(Evaluator.countyProblem("  los   angeles ") == nil)
        #expect(Evaluator.normalizeCounty("  los   angeles ") == "LOS ANGELES")
        #expect(Evaluator.countyProblem("")?.hasPrefix("--county is empty") == true)
        #expect(Evaluator.countyProblem("   ")?.hasPrefix("--county is empty") == true)
    }
}
