/// The normalization spec `norm-1`: what is hashed, exactly. A value that is missing, a placeholder
/// or invalid yields no normalized identifier, so it can never be hashed into a false match.
///
/// | field | norm-1 | no identifier when |
/// |---|---|---|
/// | CII | trim, ASCII upper-case; letters and digits only; 8 to 10 characters, at least 8 digits, an optional leading letter | empty, placeholder (`x`, `-`, `NULL`), other characters or length, all-zero digits |
/// | SUBJECT_ID | the reader's grouping key (trimmed) | the reader already rejects missing, filler, `NULL`, all-zero and non-ASCII values |
/// | case number (OFN, FE_NUM_CRT_CASE) | trim, ASCII upper-case, space runs collapsed | empty, `NULL`, non-ASCII |
/// | count position | the count number of CNT_ORDER, decimal, no leading zeros | malformed CNT_ORDER |
package enum Normalization {
    /// A normalized CII, or nil.
    package static func cii(_ raw: [UInt8]) -> [UInt8]? {
        let value = upperTrimmed(raw)
        guard (8...10).contains(value.count) else { return nil }
        var digits = 0
        var nonZero = false
        for (index, byte) in value.enumerated() {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if byte != 0x30 { nonZero = true }
            } else if byte >= 0x41 && byte <= 0x5A {
                guard index == 0 else { return nil }
            } else {
                return nil
            }
        }
        return digits >= 8 && nonZero ? value : nil
    }

    /// A normalized case number, or nil.
    package static func caseNumber(_ raw: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var pendingSpace = false
        for byte in raw {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = !output.isEmpty
                continue
            }
            guard byte > 0x20 && byte < 0x7F else { return nil }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
        if output.isEmpty || output.elementsEqual("NULL".utf8) || output.elementsEqual("-".utf8) { return nil }
        return output
    }

    private static func upperTrimmed(_ raw: [UInt8]) -> [UInt8] {
        var start = 0
        var end = raw.count
        while start < end && (raw[start] == 0x20 || raw[start] == 0x09) { start += 1 }
        while end > start && (raw[end - 1] == 0x20 || raw[end - 1] == 0x09) { end -= 1 }
        return raw[start..<end].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }
}

/// A MAC input: a tuple of netstrings `<length>:<bytes>,` (decimal lengths, no leading zeros), a
/// type tag first. Unambiguous: `("AB", "C")` and `("A", "BC")` differ, and a SUBJECT_ID can never
/// collide with a case number of the same digits.
package struct MACInput {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    /// Empties the input, keeping its memory (a pseudonymizer reuses one for every MAC).
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    package init(_ parts: [[UInt8]]) {
        bytes.reserveCapacity(parts.reduce(4 * parts.count) { $0 + $1.count })
        for part in parts { append(part) }
    }

    package mutating func append(_ part: [UInt8]) {
        appendDigits(part.count)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: part)
        bytes.append(UInt8(ascii: ","))
    }

    package mutating func append(_ text: String) {
        append(Array(text.utf8))
    }

    /// Appends the netstring of a number's decimal text, zero-padded to `width` digits: the same
    /// bytes as `append(Array(String(value).utf8))` (padded), without building the text.
    package mutating func append(decimal value: Int, width: Int = 1) {
        precondition(value >= 0, "netstring numbers are non-negative")
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let length = max(digits, width)
        appendDigits(length)
        bytes.append(UInt8(ascii: ":"))
        for _ in digits..<length { bytes.append(UInt8(ascii: "0")) }
        appendDigits(value)
        bytes.append(UInt8(ascii: ","))
    }

    private mutating func appendDigits(_ value: Int) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }
}
