import Deidentified
import Foundation
import SealCore
import Testing

/// The hand-written JSON writer every de-identified line and decision goes through.
@Suite("JSONOutput: exact bytes, escapes, growth")
struct JSONOutputTests {
    @Test("escapes quotes, backslashes and control bytes; keeps other UTF-8; reads back with JSONSerialization")
    func escapes() throws {
        let texts = [
            "", "plain", "a \"quoted\" word", "back\\slash", "line\nbreak\r\ttab", "\u{01}\u{1F}", "é ü 日本 😀",
            String(repeating: "x", count: 10_000), String(repeating: "\"", count: 3_000),
        ]
        var out = JSONOutput()
        out.beginArray()
        for text in texts { out.string(text) }
        out.endArray()
        let bytes = out.bytes
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String]
        #expect(decoded == texts)
        var small = JSONOutput()
        small.string("a\"b\\c\nd\u{01}")
        #expect(String(decoding: small.bytes, as: UTF8.self) == #""a\"b\\c\nd\u0001""#)
    }

    @Test("a byte that needs escaping is found at every position of strings up to 47 bytes long")
    func escapeEveryPosition() throws {
        // Escaped: control bytes (0x00, 0x1F, LF), quote, backslash. Kept: space, DEL, brackets, é.
        let inserts = ["\u{00}", "\u{1F}", "\n", "\"", "\\", " ", "\u{7F}", "[", "]", "é"]
        var texts: [String] = []
        for length in 0..<48 {
            for position in 0...length {
                for insert in inserts {
                    texts.append(
                        String(repeating: "a", count: position) + insert
                            + String(repeating: "b", count: length - position)
                    )
                }
            }
        }
        var out = JSONOutput()
        out.beginArray()
        for text in texts { out.string(text) }
        out.endArray()
        let decoded = try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String]
        #expect(decoded == texts)
        #expect(texts.count == (1...48).reduce(0, +) * inserts.count)
        // The kept bytes are copied as they are: no backslash but those the escaped inserts make.
        let backslashes = out.bytes.filter { $0 == UInt8(ascii: "\\") }.count
        #expect(backslashes == (1...48).reduce(0, +) * 6)  // one each for 4 inserts, two for the backslash
    }

    @Test("a literal is written as the same string would be; a three-valued answer's text is its raw value")
    func literals() {
        for value in [ThreeValued.yes, .no, .unknown] {
            var literal = JSONOutput()
            literal.beginArray()
            literal.literal(value.text)
            literal.literal(value.text)
            literal.endArray()
            var string = JSONOutput()
            string.beginArray()
            string.string(value.rawValue)
            string.string(value.rawValue)
            string.endArray()
            #expect(literal.bytes == string.bytes)
            #expect(value.text.description == value.rawValue)
        }
    }

    @Test("an output emptied and written again holds only the new bytes, commas placed afresh")
    func reuse() {
        var out = JSONOutput()
        out.beginArray()
        out.string(String(repeating: "x", count: 9_000))
        out.int(1)
        out.removeAll()
        out.int(2)
        out.int(3)
        #expect(out.withBytes { Array($0) } == Array("2,3".utf8))
        #expect(out.bytes == Array("2,3".utf8))
    }

    @Test("members rendered ahead are placed with their commas, first, between and last")
    func members() {
        let shared = Array(#""a":1,"b":"x""#.utf8)
        var out = JSONOutput()
        out.beginObject()
        out.members(shared)
        out.key("c")
        out.int(2)
        out.members(shared)
        out.endObject()
        out.beginObject()
        out.members(shared)
        out.endObject()
        #expect(String(decoding: out.bytes, as: UTF8.self) == #"{"a":1,"b":"x","c":2,"a":1,"b":"x"},{"a":1,"b":"x"}"#)
    }

    @Test("objects, arrays, numbers, null, booleans, dates and keys are placed with their commas")
    func structure() {
        var out = JSONOutput(bytes: Array("x".utf8))
        out.beginObject()
        out.key("n")
        out.beginArray()
        for value in [0, -1, 7, 1_234_567, Int.max, Int.min] { out.int(value) }
        out.endArray()
        out.key("b")
        out.bool(true)
        out.key("z")
        out.null()
        out.key("d")
        out.date(.range(ShiftedDate(dayNumber: 0), ShiftedDate(dayNumber: 40)))
        out.key("u")
        out.date(.unknown)
        out.dynamicKey("k\"q")
        out.optionalString(nil)
        out.key("e")
        out.beginObject()
        out.endObject()
        out.endObject()
        out.raw(0x0A)
        let expected =
            #"x{"n":[0,-1,7,1234567,9223372036854775807,-9223372036854775808],"b":true,"z":null,"#
            + #""d":["\#(ShiftedDate(dayNumber: 0))","\#(ShiftedDate(dayNumber: 40))"],"u":null,"k\"q":null,"e":{}}"#
            + "\n"
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
        var target = Array("prefix:".utf8)
        out.append(to: &target)
        #expect(target == Array("prefix:".utf8) + out.bytes)
        #expect(out.count == out.bytes.count)
    }
}

@Suite("ByteSearch: the bytes JSON escapes and CSV quotes, 16 at a time")
struct ByteSearchTests {
    @Test("every byte value at every position of texts up to 39 bytes, against the byte-by-byte rule")
    func everyByteEveryPosition() {
        func json(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
        func csv(_ byte: UInt8) -> Bool { byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D }
        var checked = 0
        var found = (json: 0, csv: 0)
        for length in 1..<40 {
            for position in 0..<length {
                for value in 0...255 {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    text[position] = UInt8(value)
                    text.withUnsafeBufferPointer { bytes in
                        let escape = ByteSearch.needsJSONEscape(bytes)
                        let quote = ByteSearch.needsCSVQuotes(bytes)
                        #expect(escape == json(UInt8(value)), "JSON: byte \(value) at \(position) of \(length)")
                        #expect(quote == csv(UInt8(value)), "CSV: byte \(value) at \(position) of \(length)")
                        if escape { found.json += 1 }
                        if quote { found.csv += 1 }
                    }
                    checked += 1
                }
            }
        }
        let positions = (1..<40).reduce(0, +)
        #expect(checked == positions * 256)
        #expect(found.json == positions * 34 && found.csv == positions * 4)
        [UInt8]().withUnsafeBufferPointer { empty in
            #expect(!ByteSearch.needsJSONEscape(empty) && !ByteSearch.needsCSVQuotes(empty))
        }
    }
}
