import Foundation
import SealCore
import Testing

@Suite("SealCore: the strict JSON reader's values, places and typed objects")
struct JSONReaderTests {
    func parse(_ text: String) throws(JSONError) -> JSONNode {
        try JSONValue.parse(Array(text.utf8))
    }

    func failure(_ bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONValue.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func failure(_ text: String) -> JSONError? { failure(Array(text.utf8)) }

    @Test("strings decode their escapes, surrogate pairs and UTF-8")
    func strings() throws {
        let node = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "é€😀", "\u0000"]"#)
        guard case .array(let items) = node.value else {
            Issue.record("not an array")
            return
        }
        let texts = items.compactMap { item -> String? in
            if case .string(let text) = item.value { return text }
            return nil
        }
        #expect(texts == ["a\"b\\c/d\u{8}\u{C}\n\r\t", "é€", "😀", "é€😀", "\u{0}"])
    }

    @Test("numbers: integers stay integers, the rest are doubles, and out-of-range doubles are refused")
    func numbers() throws {
        guard
            case .array(let items) = try parse("[0, -0, 12, -9223372036854775808, 1.5, 2e3, 99999999999999999999]")
                .value
        else {
            Issue.record("not an array")
            return
        }
        let kinds = items.map(\.value.typeName)
        #expect(kinds == ["an integer", "an integer", "an integer", "an integer", "a number", "a number", "a number"])
        if case .integer(let minimum) = items[3].value { #expect(minimum == Int.min) }
        if case .number(let value) = items[5].value { #expect(value == 2000) }
        #expect(failure("[1e999]")?.problem == "a number out of range")
    }

    @Test(
        "each kind of error names its line, its column (in characters) and its key path",
        arguments: [
            ("{\n  \"a\": [1, 2,]\n}", 2, 14, "a", "a comma before a closing bracket is not allowed"),
            ("{\"a\": 1,}", 1, 9, "", "a comma before a closing brace is not allowed"),
            ("{\"é\": {\"b\": \"x\", \"b\": 2}}", 1, 18, "<key>.b", "a duplicate key (the object names it twice)"),
            ("{\"rules\": [ {\"x\": NaN} ]}", 1, 19, "rules[0].x", "NaN and Infinity are not JSON numbers"),
            ("// note\n{}", 1, 1, "", "a comment (JSON has none)"),
            (
                "[\"\\ud800\"]", 1, 3, "[0]",
                "an unpaired surrogate escape (a high surrogate must be followed by a low one)"
            ),
            ("[\"ab\u{1}\"]", 1, 5, "[0]", "a control character in a string (it must be escaped)"),
            ("{\"a\":1}\n\n x", 3, 2, "", "more text after the JSON value"),
            ("[01]", 1, 2, "[0]", "a number may not have a leading zero"),
        ]
    )
    func located(text: String, line: Int, column: Int, path: String, problem: String) {
        let error = failure(text)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.path.description == path)
        #expect(error?.problem == problem)
    }

    @Test("invalid UTF-8 in a string is refused at its byte")
    func invalidUTF8() {
        let error = failure(Array("{\"k\": \"ab".utf8) + [0xED, 0xA0, 0x80] + Array("\"}".utf8))
        #expect(error?.problem == "a string is not valid UTF-8")
        #expect(error?.column == 10 && error?.path.description == "k")
    }

    @Test("a message never quotes a value, and quotes a key only when it is key-shaped")
    func nothingQuoted() {
        let secret = "123-45-6789"
        let errors = [
            failure("{\"\(secret)\": 1, \"\(secret)\": 2}"),
            failure("[\"\(secret)\", ]"),
            failure("{\"name\": \"\(secret)\u{1}\"}"),
        ]
        for error in errors {
            #expect(error != nil)
            #expect(error.map { !$0.description.contains(secret) } == true)
        }
        #expect(errors[0]?.path.description == "<key>")
        #expect(JSONPath.isKeyName("subjectAgeThreshold") && JSONPath.isKeyName("a_1"))
        #expect(!JSONPath.isKeyName("1a") && !JSONPath.isKeyName("JOHN DOE") && !JSONPath.isKeyName(""))
    }

    @Test("every value and key has the line and column of its first character, on long lines too, in linear time")
    func places() throws {
        // Multi-byte characters count as one column; newlines in whitespace start a new line.
        var text = "{\"é€\": [1, \"😀\",\n  {\"k\": null}],\n\"b\"\n:\n true}"
        var node = try parse(text)
        func brute(_ offset: Int, in bytes: [UInt8]) -> (Int, Int) {
            var line = 1
            var column = 1
            for byte in bytes[..<offset] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return (line, column)
        }
        func offsets(of bytes: [UInt8], _ byte: UInt8) -> [Int] { bytes.indices.filter { bytes[$0] == byte } }
        guard case .object(let object) = node.value, case .array(let items) = object.members[0].node.value else {
            Issue.record("not the document")
            return
        }
        let bytes = Array(text.utf8)
        #expect((object.members[0].keyLine, object.members[0].keyColumn) == brute(1, in: bytes))
        #expect((items[1].line, items[1].column) == brute(offsets(of: bytes, 0xF0)[0] - 1, in: bytes))
        #expect((items[2].line, items[2].column) == (2, 3))
        #expect((object.members[1].keyLine, object.members[1].keyColumn) == (3, 1))
        #expect((object.members[1].node.line, object.members[1].node.column) == (5, 2))

        // One line of 40,000 objects (about 1.3 MB): each key's column is right, and the read is quick
        // (counting every place from the line's start took minutes on a 16 MB manifest).
        text = "[" + (0..<40_000).map { "{\"key\":\"é\($0)\"}" }.joined(separator: ",") + "]"
        let clock = ContinuousClock()
        let started = clock.now
        node = try parse(text)
        #expect(clock.now - started < .seconds(5))
        guard case .array(let objects) = node.value, case .object(let last) = objects[39_999].value else {
            Issue.record("not the document")
            return
        }
        let long = Array(text.utf8)
        #expect((last.members[0].keyLine, last.members[0].keyColumn) == brute(long.count - 17, in: long))
    }

    @Test("nesting is limited to 64 levels; 64 is read")
    func depth() {
        let deep = { (levels: Int) in String(repeating: "[", count: levels) + String(repeating: "]", count: levels) }
        #expect(failure(deep(64)) == nil)
        #expect(failure(deep(65))?.problem == "objects and arrays nest more than 64 deep")
        #expect(failure(deep(100_000))?.problem == "objects and arrays nest more than 64 deep")
    }

    static let fields = JSONFields(["name", "count", "note"], optional: ["note"])

    func readFields(_ text: String) throws(JSONError) -> (String, Int, String?, UInt64) {
        var name = ""
        var count = 0
        var note: String? = nil
        let seen = try JSONReader.read(Array(text.utf8)) { (reader) throws(JSONError) in
            try reader.readObject(Self.fields) { (reader, field) throws(JSONError) in
                switch field {
                case 0: name = try reader.readString()
                case 1: count = try reader.readInt(in: 0...10)
                default: note = try reader.readNull() ? nil : reader.readString()
                }
            }
        }
        return (name, count, note, seen)
    }

    @Test("typed objects: any order, optional fields, and the errors of unknown, repeated and missing keys")
    func typedObjects() throws {
        let (name, count, note, seen) = try readFields(#"{"count": 3, "name": "x"}"#)
        #expect(name == "x" && count == 3 && note == nil && seen == 0b011)
        #expect(try readFields(#"{"name":"x","count":0,"note":"n"}"#).3 == 0b111)
        let cases: [(String, String, String)] = [
            (#"{"name":"x","count":1,"extra":true}"#, "extra", "unknown key"),
            (#"{"name":"x","Count":1}"#, "Count", "key names are case-sensitive: write \"count\""),
            (#"{"name":"x","count":1,"name":"y"}"#, "name", "a duplicate key (the object names it twice)"),
            (#"{"name":"x"}"#, "count", "missing"),
            (#"{"name":"x","count":11}"#, "count", "must be between 0 and 10"),
            (#"{"name":"x","count":1.0}"#, "count", "expected an integer, found a number"),
            (#"{"name":7,"count":1}"#, "name", "expected a string, found an integer"),
            (#"{"name":"x","count":"1"}"#, "count", "expected an integer, found a string"),
        ]
        for (text, path, problem) in cases {
            do {
                _ = try readFields(text)
                Issue.record("read: \(text)")
            } catch {
                #expect(error.path.description == path, "\(text)")
                #expect(error.problem == problem, "\(text)")
            }
        }
    }

    @Test("random documents written with random spacing read back as written")
    func randomRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let (text, expected) = Self.randomDocument(depth: 0, using: &generator)
            let node = try JSONValue.parse(Array(text.utf8))
            #expect(Self.render(node) == expected, "\(text)")
        }
    }

    /// A random JSON text and its canonical rendering (``render(_:)``).
    static func randomDocument(depth: Int, using generator: inout some RandomNumberGenerator) -> (String, String) {
        let space = ["", " ", "\n", "\t", "\r\n "].randomElement(using: &generator)!
        switch Int.random(in: depth > 4 ? 0...3 : 0...5, using: &generator) {
        case 0: return ("null", "null")
        case 1:
            let value = Bool.random(using: &generator)
            return ("\(value)", "\(value)")
        case 2:
            let value = Int.random(in: -1_000_000...1_000_000, using: &generator)
            return ("\(value)", "\(value)")
        case 3:
            let scalars = (0..<Int.random(in: 0...6, using: &generator)).map { _ -> Unicode.Scalar in
                [Unicode.Scalar("a"), "\"", "\\", "\n", "é", "😀", "\u{1}", "/"].randomElement(using: &generator)!
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            return (Self.quote(text), "s:" + text)
        case 4:
            let items = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                randomDocument(depth: depth + 1, using: &generator)
            }
            return (
                "[" + space + items.map(\.0).joined(separator: space + "," + space) + space + "]",
                "[" + items.map(\.1).joined(separator: ",") + "]"
            )
        default:
            let count = Int.random(in: 0...4, using: &generator)
            let members = (0..<count).map { index in
                (key: "k\(index)", value: randomDocument(depth: depth + 1, using: &generator))
            }
            return (
                "{" + space + members.map { "\"\($0.key)\"" + space + ":" + $0.value.0 }.joined(separator: "," + space)
                    + "}",
                "{" + members.map { "\($0.key)=\($0.value.1)" }.joined(separator: ",") + "}"
            )
        }
    }

    /// JSON string syntax for `text`, escaping what must be escaped and some of what may be.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "/": out += "\\/"
            case "😀": out += "\\uD83D\\uDE00"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func render(_ node: JSONNode) -> String {
        switch node.value {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let text): "s:" + text
        case .array(let items): "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let object):
            "{" + object.members.map { "\($0.key)=\(render($0.node))" }.joined(separator: ",") + "}"
        }
    }
}
