import Deidentified
import Foundation
import SealCore
import SealKit
import TestSupport
import Testing

/// `sealkit evaluate` holds no secret and takes a de-identified file on trust from no one: every header
/// field and every subject line is checked, and a file that is not exactly what `pseudonymize` writes
/// stops with exit 65 naming the line, the column and the key (never a value), before anything is
/// written.
@Suite("sealkit evaluate: every field of a de-identified file is validated")
struct DeidentifiedValidationTests {
    /// A generated de-identified file's lines (made once: the cases only edit copies).
    static let lines: [String] = {
        let folder = try! TemporaryDirectory()
        let path = try! folder.deidentifiedFile(rows: 3_000, seed: 21)
        return try! String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }()

    /// The first subject line holding `text`.
    static func lineIndex(containing text: String) -> Int {
        lines.indices.dropFirst().first { lines[$0].contains(text) }!
    }

    /// Evaluates the file with `edit` applied to line `index` (0: the header), expecting exit 65 with
    /// `expected` after the file's name.
    func refused(line index: Int, _ edit: (String) -> String, _ expected: String) throws {
        var lines = Self.lines
        let edited = edit(lines[index])
        #expect(edited != lines[index], "the edit changes the line")
        lines[index] = edited
        let folder = try TemporaryDirectory()
        let input = try folder.write("edited.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let out = folder.file("out")
        do {
            _ = try evaluate(input, rules: try RuleSets.load("statutory"), into: out)
            Issue.record("evaluated: \(expected)")
        } catch {
            #expect(error.code.exitStatus == 65)
            #expect(error.message == "\(input): \(expected)")
            for secret in ["JOHN", "CANARY", "123-45-6789"] { #expect(!error.message.contains(secret)) }
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Replaces the first `old` in `line` with `new`.
    static func replacing(_ old: String, _ new: String) -> (String) -> String {
        { line in
            guard let range = line.range(of: old) else { return line }
            return line.replacingCharacters(in: range, with: new)
        }
    }

    /// The 1-based column at which `text` starts in line `index` after `edit`.
    static func column(of text: String, in index: Int, _ edit: (String) -> String) -> Int {
        let line = edit(lines[index])
        return line.distance(from: line.startIndex, to: line.range(of: text)!.lowerBound) + 1
    }

    @Test(
        "header: a calendar date that is none, a missing or malformed check value, an unknown or repeated key, another normalization or schema",
        arguments: [
            (
                #""evaluationDate":"2020-07-01""#, #""evaluationDate":"2016/01/01""#, "evaluationDate",
                "\"2016/01/01\"",
                "not a real calendar date in the form YYYY-MM-DD"
            ),
            (
                #""evaluationDate":"2020-07-01""#, #""evaluationDate":"CANARYDATE""#, "evaluationDate",
                "\"CANARYDATE\"",
                "not a real calendar date in the form YYYY-MM-DD"
            ),
            (
                #""evaluationDate":"2020-07-01""#, #""evaluationDate":"2021-02-29""#, "evaluationDate",
                "\"2021-02-29\"",
                "not a real calendar date in the form YYYY-MM-DD"
            ),
            (
                #""inputSHA256":""#, #""inputSHA256":"XYZ","x":""#, "inputSHA256", "\"XYZ\"",
                "must be 64 lower-case hex digits"
            ),
            (#"{"format""#, #"{"name":"JOHN","format""#, "name", "\"name\"", "unknown key"),
            (
                #""2011-01-01""#, #""2011-01-02""#, "cutoffs[1]", "\"2011-01-02\"",
                "not a cut-off this SealKit decides (2016-11-09, 2011-01-01, 2014-11-05, 2016-01-01)"
            ),
            (
                #""epoch":1,"#, #""epoch":1,"epoch":1,"#, "epoch", "\"epoch\":1,\"e",
                "a duplicate key (the object names it twice)"
            ),
        ]
    )
    func header(old: String, new: String, path: String, at: String, problem: String) throws {
        let edit = Self.replacing(old, new)
        let column = Self.column(of: at, in: 0, edit)
        // The repeated key is reported where it starts: the second "epoch", 10 characters on.
        let text = at == "\"epoch\":1,\"e" ? column + 10 : column
        try refused(line: 0, edit, "line 1, column \(text): \(path): \(problem)")
    }

    @Test(
        "header: a check value missing, the schema of an older SealKit, another normalization, a cut-off the rules need"
    )
    func headerSemantics() throws {
        try refused(
            line: 0,
            { line in
                line.replacingOccurrences(of: #"\"master\":\"[0-9a-f]{16}\","#, with: "", options: .regularExpression)
            },
            "line 1, column \(Self.column(of: "{\"subjectPseudonym\"", in: 0, { $0.replacingOccurrences(of: #"\"master\":\"[0-9a-f]{16}\","#, with: "", options: .regularExpression) })): keyCheckValues.master: missing"
        )
        try refused(
            line: 0,
            Self.replacing(#""schemaVersion":6"#, #""schemaVersion":5"#),
            "line 1, column \(Self.column(of: #""schemaVersion":"#, in: 0, { $0 }) + 16): schemaVersion: schema version 5 was made by an older SealKit: pseudonymize again"
        )
        try refused(
            line: 0,
            Self.replacing(#""normalization":"norm-1""#, #""normalization":"norm-9""#),
            "line 1: normalization: not norm-1, the only one this SealKit knows"
        )
        try refused(
            line: 0,
            Self.replacing(#","2014-11-05""#, ""),
            "line 1: cutoffs: the rules need 2014-11-05, which the header does not list (pseudonymize again)"
        )
    }

    @Test("subject flags: a well-formed name outside the vocabulary, and flags out of name order, are refused")
    func subjectFlags() throws {
        let index = Self.lineIndex(containing: #""flags":[]}"#)
        for (flags, at, expected) in [
            (
                #"["aaaName"]"#, #""aaaName""#,
                "flags[0]: not a flag kind of SealKit's vocabulary (docs/deidentified-format.md)"
            ),
            (
                #"["unknownStepType","chargeFromComment"]"#, #""chargeFromComment""#,
                "flags[1]: flags are listed once each, in order"
            ),
            (
                #"["dateInFuture","dateInFuture"]"#, #""dateInFuture"]"#,
                "flags[1]: flags are listed once each, in order"
            ),
        ] {
            let edit: (String) -> String = { String($0.dropLast(#""flags":[]}"#.count)) + #""flags":"# + flags + "}" }
            let line = edit(Self.lines[index])
            let column =
                line.distance(from: line.startIndex, to: line.range(of: at, options: .backwards)!.lowerBound) + 1
            try refused(line: index, edit, "line \(index + 1), column \(column): \(expected)")
        }
    }

    @Test(
        "subject lines: an unknown key such as a name, a repeated key, values outside their domains",
        arguments: [
            ("name", #"{"pseudonym""#, #"{"name":"JOHN DOE","pseudonym""#, #""name""#, "name: unknown key"),
            (
                "basis", #""pseudonymBasis":"#, #""pseudonymBasis":"ssn","x":"#, #""ssn""#,
                "pseudonymBasis: must be one of cii, subjectId"
            ),
            (
                "date", #""date":""#, #""date":"2020-02-30","x":""#, #""2020-02-30""#,
                "convictions[0].date: not a real calendar date in the form YYYY-MM-DD"
            ),
            (
                "level", #""level":"felony""#, #""level":"FELONY""#, #""FELONY""#,
                "convictions[0].level: must be one of felony, misdemeanor, infraction"
            ),
            (
                "negative", #""unit":"D","length":"#, #""unit":"D","length":-"#, #""length":-"#,
                "<part>length: must be between 0 and 1000000"
            ),
            (
                "cutoff", #""cutoffs":{"#, #""cutoffs":{"convictionOnOrAfter:2099-01-01":"yes","#,
                #""convictionOnOrAfter:2099"#,
                "convictions[0].cutoffs.<key>: a cut-off the header does not list"
            ),
            (
                "reference", #""reference":"c1."#, #""reference":"k1."#, #""k1."#,
                "convictions[0].reference: not a c1 reference (c1.e<epoch>.<64 lower-case hex>)"
            ),
            (
                "flag", #""flags":["#, #""flags":["123-45-6789","#, #""123-45-6789""#,
                "<first>flags[0]: not a flag kind of SealKit's vocabulary (docs/deidentified-format.md)"
            ),

            (
                "twice", #""deceased":false,"#, #""deceased":false,"deceased":true,"#, #""deceased":true"#,
                "deceased: a duplicate key (the object names it twice)"
            ),
            ("trailing", #"]}"#, #"],}"#, #"}"#, "<end>a comma before a closing brace is not allowed"),
        ]
    )
    func subjectLines(name: String, old: String, new: String, at: String, expected: String) throws {
        let index = Self.lineIndex(containing: name == "trailing" ? "\"flags\":[]}" : old)
        var edit = Self.replacing(old, new)
        var at = at
        var expected = expected
        if expected.hasPrefix("<end>") {
            // The subject's closing brace: the last `]}` of the line.
            edit = { line in String(line.dropLast(2)) + "],}" }
            at = "],}"
            expected = String(expected.dropFirst(5))
            let line = edit(Self.lines[index])
            let column = line.count
            try refused(line: index, edit, "line \(index + 1), column \(column): \(expected)")
            return
        }
        if expected.hasPrefix("<part>") {
            // The conviction and the sentence part that hold the edit.
            let line = edit(Self.lines[index])
            let column = Self.column(of: at, in: index, edit) + 9
            let conviction = Self.convictionPath(line, at: column)
            let before = line.prefix(column - 1)
            let parts = before[before.range(of: "\"sentenceParts\":[", options: .backwards)!.upperBound...]
            let part = parts.components(separatedBy: "{\"unit\":").count - 2
            expected = "\(conviction).sentenceParts[\(part)]." + expected.dropFirst(6)
            try refused(line: index, edit, "line \(index + 1), column \(column): \(expected)")
            return
        }
        if expected.hasPrefix("<first>") {
            expected = String(expected.dropFirst(7))
            let line = edit(Self.lines[index])
            let convictions = line.range(of: "\"convictions\":[")!.lowerBound
            let flagsKey = line[convictions...].contains("\"flags\":[\"123") ? "convictions[0]." : ""
            expected = flagsKey + expected
        }
        let column = Self.column(of: at, in: index, edit)
        try refused(line: index, edit, "line \(index + 1), column \(column): \(expected)")
    }

    @Test(
        "schema 5's optional parts: otherSections only non-empty and on a parsed charge, subject.gogen only where it differs"
    )
    func optionalParts() throws {
        // An empty list of further sections is never written.
        let index = Self.lineIndex(containing: #""reading":"parsed""#)
        let empty = Self.replacing(#""suspectSection":false}"#, #""suspectSection":false,"otherSections":[]}"#)
        try refused(
            line: index,
            empty,
            "line \(index + 1), column \(Self.column(of: "[]}", in: index, empty)): convictions[0].charge.otherSections: a charge of one section leaves otherSections out, never empty"
        )
        // Further sections of a charge that was not read.
        let onUnparsed: (String) -> String = { line in
            Self.replacing(#""reading":"parsed""#, #""reading":"missing""#)(
                Self.replacing(
                    #""suspectSection":false}"#,
                    #""suspectSection":false,"otherSections":[{"lawCode":"PC","section":"490.5","subsections":[]}]}"#
                )(line)
            )
        }
        try refused(
            line: index,
            onUnparsed,
            "line \(index + 1), column \(Self.column(of: #"[{"lawCode":"PC""#, in: index, onUnparsed)): convictions[0].charge: only a parsed charge with a section names other sections"
        )
        // gogen's subject view equal to the one the record implies.
        let plain = Self.lineIndex(containing: #""deceased":false,"deathDate":null,"registrations":[]"#)
        let derived: (String) -> String = { line in
            String(line.dropLast()) + #","gogen":{"deceased":false,"zeroBirthDate":false,"pc290Registration":false}}"#
        }
        try refused(
            line: plain,
            derived,
            "line \(plain + 1), column \(Self.column(of: #"{"deceased":false,"zeroBirthDate""#, in: plain, derived)): gogen: a view equal to the one the record implies is left out, never written"
        )
    }

    @Test("a law code outside the vocabulary is refused, naming the key")
    func unknownLawCode() throws {
        let index = Self.lineIndex(containing: #""lawCode":"HS""#)
        let line = Self.lines[index].replacingOccurrences(of: #""lawCode":"HS""#, with: #""lawCode":"ZZ""#)
        do {
            _ = try DeidentifiedReader(header: TestSupport.sampleHeader).subject(Array(line.utf8))
            Issue.record("a law code ZZ was read")
        } catch {
            #expect(error.problem.hasPrefix("not a law code (PC, HS, VC"), "\(error.problem)")
            #expect(error.path.description.hasSuffix(".charge.lawCode"), "\(error.path)")
        }
    }

    @Test("a cut-off the header does not list is unknown for every conviction, never no by absence")
    func unlistedCutoff() throws {
        var header = TestSupport.sampleHeader
        header.cutoffs = [.auma, .prop47]
        let reader = DeidentifiedReader(header: header)
        let index = Self.lineIndex(containing: #""cutoffs":{}"#)
        // The file's lines carry no member of 2011-01-01 or 2016-01-01 once these are unlisted.
        var line = Self.lines[index]
        for name in [
            "convictionOnOrAfter:2011-01-01", "offenseOnOrAfter:2011-01-01", "convictionOnOrAfter:2016-01-01",
            "offenseOnOrAfter:2016-01-01",
        ] {
            line = line.replacingOccurrences(of: ",\"\(name)\":\"yes\"", with: "")
                .replacingOccurrences(of: "\"\(name)\":\"yes\",", with: "")
                .replacingOccurrences(of: "\"\(name)\":\"yes\"", with: "")
                .replacingOccurrences(of: ",\"\(name)\":\"unknown\"", with: "")
                .replacingOccurrences(of: "\"\(name)\":\"unknown\",", with: "")
                .replacingOccurrences(of: "\"\(name)\":\"unknown\"", with: "")
        }
        let subject = try reader.subject(Array(line.utf8))
        let empty = try #require(subject.convictions.first { $0.cutoffs.conviction(.auma) == .no })
        #expect(empty.cutoffs.conviction(.january2011) == .unknown)
        #expect(empty.cutoffs.offense(.january2016) == .unknown)
        #expect(empty.cutoffs.offense(.auma) == .no)
        #expect(empty.cutoffs.conviction(.prop47) != .unknown)
        // With every cut-off listed, the same empty object is all no.
        let all = try DeidentifiedReader(header: TestSupport.sampleHeader).subject(Array(Self.lines[index].utf8))
        #expect(all.convictions.contains { $0.cutoffs == .allNo })
    }

    @Test("a range whose low end is after its high end, and sentence ends out of order, are refused")
    func ranges() throws {
        let index = Self.lineIndex(containing: #""sentenceEnd":{"lower":"#)
        let line = Self.lines[index]
        let pattern = #""sentenceEnd":\{"lower":"([0-9-]{10})","upper":"([0-9-]{10})"\}"#
        guard let match = line.range(of: pattern, options: .regularExpression) else {
            Issue.record("no sentence end with both bounds")
            return
        }
        let edit: (String) -> String = { line in
            line.replacingCharacters(in: match, with: #""sentenceEnd":{"lower":"2999-01-01","upper":"1900-01-01"}"#)
        }
        let column = Self.column(of: #"{"lower":"2999"#, in: index, edit)
        let path = Self.convictionPath(edit(line), at: column)
        try refused(
            line: index,
            edit,
            "line \(index + 1), column \(column): \(path).sentenceEnd: the lower bound is after the upper one"
        )
    }

    /// `convictions[N]` for the conviction that holds the column `column` of `line`.
    static func convictionPath(_ line: String, at column: Int) -> String {
        let prefix = line.prefix(column - 1)
        return "convictions[\(prefix.components(separatedBy: "{\"reference\":").count - 2)]"
    }
}
