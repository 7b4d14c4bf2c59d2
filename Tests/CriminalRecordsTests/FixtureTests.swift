import CriminalRecords
import Foundation
import SealCore
import TestSupport
import Testing

/// What `Fixtures/doj/expected.json` says of one file.
struct FixtureExpectation: Decodable, Sendable {
    struct Problem: Decodable, Sendable {
        let kind: String
        let line: Int?
        let column: Int?
    }
    struct Rejects: Decodable, Sendable {
        let rejected: Int?
        let subjects: Int?
        let flags: [[String]]?
        let problems: [Problem]?
    }
    let subjects: Int?
    let dataRows: Int?
    let grouped: Bool?
    let convictions: [[String]]?
    let attempts: [[Bool]]?
    let conspiracies: [[Bool]]?
    let flags: [[String]]?
    let sentenceEnds: [[[String]]]?
    let warnings: [String]?
    let problems: [Problem]?
    let withRejects: Rejects?
}

struct FixtureCase: Sendable, CustomTestStringConvertible {
    let file: String
    let expected: FixtureExpectation
    var testDescription: String { file }
}

@Suite("Hand-written DOJ fixtures (Fixtures/doj)")
struct FixtureTests {
    static let cases: [FixtureCase] = {
        let table = try! TestSupport.decodeFixture([String: FixtureExpectation].self, "doj/expected.json")
        return table.keys.sorted().map { FixtureCase(file: $0, expected: table[$0]!) }
    }()

    func section(_ offense: Offense) -> String {
        guard let section = offense.section else { return "unparsed" }
        return ([section] + offense.otherSections).map(\.description).joined(separator: " / ")
    }

    func check(problems actual: [DOJFileProblem], _ expected: [FixtureExpectation.Problem], _ file: String) {
        #expect(actual.map(\.kind.rawValue) == expected.map(\.kind), "\(file)")
        for (problem, wanted) in zip(actual, expected) {
            if let line = wanted.line { #expect(problem.line == line, "\(file)") }
            if let column = wanted.column { #expect(problem.column == column, "\(file)") }
        }
    }

    @Test("every fixture gives its expected result", arguments: cases)
    func fixture(_ item: FixtureCase) throws {
        let path = TestSupport.fixture("doj/\(item.file)").path
        let expected = item.expected
        if let problems = expected.problems {
            do {
                _ = try readDOJFile(path)
                Issue.record("\(item.file) was accepted")
            } catch DOJReadError.invalidFile(let actual, _) {
                check(problems: actual, problems, item.file)
            }
        } else {
            let result = try readDOJFile(path)
            #expect(result.subjects.count == expected.subjects, "\(item.file)")
            #expect(result.summary.dataRows == expected.dataRows, "\(item.file)")
            if let grouped = expected.grouped { #expect(result.summary.grouped == grouped) }
            let subjects = result.subjects.sorted { $0.firstLine < $1.firstLine }
            if let convictions = expected.convictions {
                #expect(subjects.map { $0.convictions.map { section($0.offense) } } == convictions, "\(item.file)")
            }
            if let attempts = expected.attempts {
                #expect(subjects.map { $0.convictions.map(\.offense.attempt) } == attempts)
            }
            if let conspiracies = expected.conspiracies {
                #expect(subjects.map { $0.convictions.map(\.offense.conspiracy) } == conspiracies)
            }
            if let flags = expected.flags {
                #expect(subjects.map { Set($0.flags.map(\.kind.rawValue)) } == flags.map(Set.init), "\(item.file)")
            }
            if let ends = expected.sentenceEnds {
                let actual = subjects.map {
                    $0.convictions.map { ["\($0.sentenceEnd.lower!)", "\($0.sentenceEnd.upper!)"] }
                }
                #expect(actual == ends)
            }
            if let warnings = expected.warnings {
                #expect(warnings.allSatisfy { warning in result.summary.warnings.contains { $0.hasPrefix(warning) } })
            }
        }
        if let rejects = expected.withRejects {
            var options = DOJReadOptions()
            options.collectRejects = true
            if let problems = rejects.problems {
                do {
                    _ = try readDOJFile(path, options: options)
                    Issue.record("\(item.file) was accepted with --rejects")
                } catch DOJReadError.invalidFile(let actual, _) {
                    check(problems: actual, problems, item.file)
                }
                return
            }
            let result = try readDOJFile(path, options: options)
            #expect(result.rejected.count == rejects.rejected)
            #expect(result.subjects.count == rejects.subjects)
            if let flags = rejects.flags {
                #expect(result.subjects.map { Set($0.flags.map(\.kind.rawValue)) } == flags.map(Set.init))
            }
        }
    }
}
