/// RFC 8785, the JSON Canonicalization Scheme (JCS): the one byte sequence of a JSON value that a
/// signature covers, so that a verifier who parses and re-serializes the document gets the bytes that
/// were signed.
///
/// - Objects: members sorted by their keys' UTF-16 code units (not by locale, not by Unicode scalar
///   values: `"\u{E000}"` sorts after `"😂"`, whose first UTF-16 unit is a surrogate), no whitespace.
/// - Strings: UTF-8, code points as they are (no normalization); only `"`, `\` and the controls
///   U+0000–U+001F are escaped: `\b \t \n \f \r` by name, the others as `\u00xx` in lower case.
/// - Numbers: IEEE 754 doubles written as ECMAScript's `Number.prototype.toString` writes them
///   (shortest round trip; `1e+30`, `0.002`, `1e-27`; `-0` as `0`). An integer read from the text is
///   written as the double it is; one a double cannot hold exactly (beyond 2^53) is refused, never
///   rounded.
/// - Literals `true`, `false`, `null`.
public enum JSONCanonical {
    /// Why a value has no canonical form.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// Where the value is.
        public let path: JSONPath
        /// Why it has no canonical form, in words that quote nothing.
        public let problem: String

        public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
    }

    /// The canonical bytes of `node`.
    public static func encode(_ node: JSONNode) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        try write(node.value, path: JSONPath(), into: &output)
        return output
    }

    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        try write(value, path: JSONPath(), into: &output)
        return output
    }

    static func write(_ value: JSONValue, path: JSONPath, into output: inout [UInt8]) throws(Failure) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .integer(let integer):
            // 2^53: past it, not every integer is a double.
            guard integer.magnitude <= 1 << 53 else {
                throw Failure(
                    path: path,
                    problem: "an integer beyond 2^53, which a JSON number (a double) cannot hold exactly"
                )
            }
            output += Array(number(Double(integer)).utf8)
        case .number(let double):
            guard double.isFinite else { throw Failure(path: path, problem: "a number that is not finite") }
            output += Array(number(double).utf8)
        case .string(let text): string(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(item.value, path: JSONPath(path.components + [.index(index)]), into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let sorted = object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                string(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(member.node.value, path: JSONPath(path.components + [.key(member.key)]), into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A string as JCS writes it (``JSONCanonical``).
    public static func string(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x00..<0x20:
                output += Array("\\u00".utf8)
                output += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// A finite double as ECMAScript's `Number.prototype.toString` writes it (ECMA-262, section
    /// Number::toString): the shortest decimal digits that read back as the same double (Swift's
    /// `description` finds them), placed by the exponent: plain up to 21 integer digits, `0.000001`
    /// down to six leading zeros, exponential (`1e+21`, `1.5e-7`) beyond.
    public static func number(_ value: Double) -> String {
        precondition(value.isFinite, "JSON numbers are finite")
        if value == 0 { return "0" }  // -0 too
        if value < 0 { return "-" + number(-value) }
        let (digits, exponent) = shortestDigits(value)
        // value = 0.d1d2…dk × 10^n
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<split] + "." + digits[split...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let sign = e < 0 ? "-" : "+"
        let mantissa = k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return mantissa + "e" + sign + String(e.magnitude)
    }

    /// The shortest round-trip decimal digits of a positive finite double (no leading or trailing
    /// zeros) and `n` such that the value is `0.digits × 10^n`, read from Swift's `description` (which
    /// prints the shortest digits that round-trip, as ECMAScript requires).
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = value.description  // "123.45", "1e-07", "1.5e+300", "5e-324"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + fraction
        // The value is 0.digits × 10^pointAt once the digits start with the first significant one.
        var pointAt = integerPart.count + exponent
        // Leading zeros move the point left; trailing zeros are not significant.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointAt -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointAt)
    }
}
