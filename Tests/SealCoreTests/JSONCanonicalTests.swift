import Foundation
import SealCore
import TestSupport
import Testing

/// RFC 8785 canonical JSON (``JSONCanonical``): the published JCS vectors, ECMAScript's number
/// formatting, UTF-16 key order, and idempotence.
@Suite("SealCore: RFC 8785 canonical JSON")
struct JSONCanonicalTests {
    @Test("the JCS vectors (cyberphone/json-canonicalization): every input gives its output, byte for byte")
    func vectors() throws {
        let folder = TestSupport.fixture("vectors/jcs")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("input").path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var passed = 0
        for name in names {
            let input = Array(try Data(contentsOf: folder.appendingPathComponent("input/\(name)")))
            let expected = Array(try Data(contentsOf: folder.appendingPathComponent("output/\(name)")))
            let canonical = try JSONCanonical.encode(try JSONValue.parse(input))
            #expect(canonical == expected, "\(name): \(String(decoding: canonical, as: UTF8.self))")
            // The output is its own canonical form.
            #expect(try JSONCanonical.encode(try JSONValue.parse(expected)) == expected, "\(name)")
            if canonical == expected { passed += 1 }
        }
        // Counted: every vector of the set, each one passing.
        #expect(names.count == 6)
        #expect(passed == 6)
    }

    @Test("numbers as ECMAScript's Number.prototype.toString writes them")
    func numbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1.5, "-1.5"), (100, "100"), (4.5, "4.5"), (0.002, "0.002"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (123_456_789_012_345_683_968, "123456789012345680000"),
            (0.1, "0.1"), (0.000001, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
            (Double.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (9_007_199_254_740_992, "9007199254740992"),
            (0.1 + 0.2, "0.30000000000000004"), (123e-20, "1.23e-18"), (1e25, "1e+25"), (1e30, "1e+30"),
            (333333333.33333329, "333333333.3333333"), (1e-27, "1e-27"), (12.5e3, "12500"), (0.5, "0.5"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (295_147_905_179_352_825_856, "295147905179352830000"),
            (1.2e21, "1.2e+21"), (0.0000012, "0.0000012"), (1.2e-7, "1.2e-7"),
        ]
        for (value, expected) in cases {
            #expect(JSONCanonical.number(value) == expected, "\(value)")
        }
        // Every double written reads back as itself.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Double(bitPattern: random.next() & ~(0x7FF << 52) | (UInt64.random(in: 1...0x7FE) << 52))
            #expect(Double(JSONCanonical.number(value)) == value, "\(value)")
        }
    }

    @Test("keys sort by UTF-16 code units, not scalars or locale; strings escape only what JCS escapes")
    func keysAndStrings() throws {
        // U+1F602 is the surrogate pair D83D DE02, before U+E000 in UTF-16 though after it as a scalar.
        let text = Array(#"{"\ue000":1,"\ud83d\ude02":2,"b":3,"B":4,"é":5,"e\u0301":6}"#.utf8)
        let canonical = String(decoding: try JSONCanonical.encode(try JSONValue.parse(text)), as: UTF8.self)
        #expect(canonical == "{\"B\":4,\"b\":3,\"e\u{301}\":6,\"é\":5,\"😂\":2,\"\u{E000}\":1}")
        var bytes: [UInt8] = []
        JSONCanonical.string("\u{0}\u{8}\t\n\u{B}\u{C}\r\u{1F}\"\\/\u{7F}€", into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""\u0000\b\t\n\u000b\f\r\u001f\"\\/"# + "\u{7F}€\"")
    }

    @Test("keys are compared code unit by code unit: é and e + U+0301 are two keys; a and \\u0061 are one")
    func keyIdentity() throws {
        let two = try JSONValue.parse(Array(#"{"é":1,"e\u0301":2}"#.utf8))
        guard case .object(let object) = two.value else {
            Issue.record("not an object")
            return
        }
        #expect(object.members.count == 2)
        #expect(object["é"].map { if case .integer(let n) = $0.value { n } else { 0 } } == 1)
        #expect(object["e\u{301}"].map { if case .integer(let n) = $0.value { n } else { 0 } } == 2)
        #expect(throws: JSONError.self) { try JSONValue.parse(Array(#"{"a":1,"\u0061":2}"#.utf8)) }
    }

    @Test("an integer beyond 2^53 has no canonical form: refused with its path, never rounded")
    func largeIntegers() throws {
        #expect(
            try JSONCanonical.encode(try JSONValue.parse(Array("[9007199254740992]".utf8)))
                == Array("[9007199254740992]".utf8)
        )
        do {
            _ = try JSONCanonical.encode(try JSONValue.parse(Array(#"{"a":[1,9007199254740993]}"#.utf8)))
            Issue.record("an integer beyond 2^53 was encoded")
        } catch let failure as JSONCanonical.Failure {
            #expect(
                failure.description
                    == "a[1]: an integer beyond 2^53, which a JSON number (a double) cannot hold exactly"
            )
        }
    }
}
