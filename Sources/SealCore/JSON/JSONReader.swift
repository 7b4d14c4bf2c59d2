/// A strict JSON reader: bytes in, typed values out, with no tree in between.
///
/// It accepts exactly RFC 8259's grammar, and refuses what I-JSON (RFC 7493) refuses:
/// - no trailing comma, comment, single quote, bare `NaN` or `Infinity`, leading zero, `+` sign, or
///   byte order mark; whitespace is space, tab, LF and CR only;
/// - strings are valid UTF-8 (no overlong form, no encoded surrogate, nothing past U+10FFFF), control
///   characters in them are escaped, and a `\u` escape of a surrogate is half of a pair;
/// - a number too large for a double is an error, not infinity;
/// - a duplicate key in an object is an error (``readObject(_:_:)`` with a ``JSONFields`` checks it as
///   it reads; ``JSONValue`` checks it for any object);
/// - values nest at most ``maximumDepth`` deep, so a hostile text cannot exhaust the stack.
///
/// Every read starts at a value and leaves the reader after it and the whitespace that follows it.
/// Errors (``JSONError``) give the line, the column and the key path, and never quote a value.
///
/// The reader reads memory it is lent (``read(_:_:)``): nothing is copied, and a string is made only
/// when the caller asks for one.
public struct JSONReader: ~Copyable {
    /// How deep objects and arrays may nest.
    public static let maximumDepth = 64

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var offset = 0
    var depth = 0
    /// Lines are counted as whitespace is skipped (a newline can appear nowhere else in valid JSON).
    var line = 1
    var lineStart = 0
    /// Where the key of the member being read starts (an unknown or repeated key is reported there).
    public private(set) var keyOffset = 0
    /// A place on the current line whose column is known (``place(_:)`` counts on from it, so that a
    /// text of one long line, such as a canonical manifest, is not counted from its start at every
    /// value).
    private var markOffset = 0
    private var markColumn = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the JSON text `bytes` with `body`, which reads its one value; then only whitespace may
    /// follow.
    public static func read<Result>(
        _ bytes: UnsafeRawBufferPointer,
        _ body: (inout JSONReader) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        var reader = JSONReader(bytes: bytes.bindMemory(to: UInt8.self))
        if bytes.count >= 3, reader.bytes[0] == 0xEF, reader.bytes[1] == 0xBB, reader.bytes[2] == 0xBF {
            throw reader.fail("a byte order mark (U+FEFF) before the JSON text: save the file as UTF-8 without one")
        }
        reader.skipWhitespace()
        let result = try body(&reader)
        guard reader.offset == reader.bytes.count else {
            throw reader.fail("more text after the JSON value")
        }
        return result
    }

    /// Reads `bytes` with `body`, as ``read(_:_:)-(UnsafeRawBufferPointer,_)``.
    public static func read<Result>(
        _ bytes: [UInt8],
        _ body: (inout JSONReader) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        // `withUnsafeBytes` rethrows untyped errors: the result is carried out as a `Swift.Result`.
        let outcome = bytes.withUnsafeBytes { raw in
            Swift.Result { () throws(JSONError) -> Result in try read(raw, body) }
        }
        return try outcome.get()
    }

    /// Reads `bytes` with `body`, as ``read(_:_:)-(UnsafeRawBufferPointer,_)``.
    public static func read<Result>(
        _ bytes: ArraySlice<UInt8>,
        _ body: (inout JSONReader) throws(JSONError) -> Result
    ) throws(JSONError) -> Result {
        // `withUnsafeBytes` rethrows untyped errors: the result is carried out as a `Swift.Result`.
        let outcome = bytes.withUnsafeBytes { raw in
            Swift.Result { () throws(JSONError) -> Result in try read(raw, body) }
        }
        return try outcome.get()
    }

    // MARK: - Errors and places

    /// An error at `position` (the current offset by default) with no path yet: each enclosing object
    /// and array puts its key or index in front as the error passes out of it.
    public func fail(_ problem: String, at position: Int? = nil) -> JSONError {
        let position = min(position ?? offset, bytes.count)
        // Lines are counted from the last line start known, or from the top for an earlier place.
        var lineNumber = line
        var start = lineStart
        if position < lineStart {
            lineNumber = 1
            start = 0
            for index in 0..<position where bytes[index] == 0x0A {
                lineNumber += 1
                start = index + 1
            }
        } else {
            for index in lineStart..<position where bytes[index] == 0x0A {
                lineNumber += 1
                start = index + 1
            }
        }
        var column = 1
        for index in start..<position where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return JSONError(line: lineNumber, column: column, problem: problem)
    }

    /// Whether the next value is an array.
    public var peekArray: Bool { offset < bytes.count && bytes[offset] == UInt8(ascii: "[") }

    /// The byte offset of the next value, for an error about it found after it is read
    /// (``fail(_:at:)``).
    public var position: Int { offset }

    /// The place of the next value: its line and column (counted from the last line start: cheap only
    /// on short lines; a decoder keeps ``position`` and asks for the place only on an error).
    public var location: (line: Int, column: Int) {
        let error = fail("")
        return (error.line, error.column)
    }

    /// The line and column of `position`, as ``fail(_:at:)`` gives them, counted on from the last
    /// place asked for when both are on the current line: reading a tree (``JSONValue``) asks for the
    /// place of every value and key, and counting each from the line's start took time in the square
    /// of the line's length (a 16 MB one-line manifest: minutes).
    public mutating func place(_ position: Int) -> (line: Int, column: Int) {
        guard position >= lineStart, position <= bytes.count else {
            let error = fail("", at: position)
            return (error.line, error.column)
        }
        if markOffset < lineStart || markOffset > position {
            markOffset = lineStart
            markColumn = 1
        }
        for index in markOffset..<position where bytes[index] & 0xC0 != 0x80 { markColumn += 1 }
        markOffset = position
        return (line, markColumn)
    }

    /// What the next value is, in words for an error message ("a string", "the end of the text").
    func describeNext() -> String {
        guard offset < bytes.count else { return "the end of the text" }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            var index = offset
            while index < bytes.count,
                ASCII.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                return "a number"
            }
            return "an integer"
        default: return "something that is not JSON"
        }
    }

    func mismatch(_ expected: String) -> JSONError {
        guard offset < bytes.count, Self.startsValue(bytes[offset]) else {
            return invalidValue()
        }
        return fail("expected \(expected), found \(describeNext())")
    }

    /// Whether `byte` can start a JSON value.
    static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }

    /// The error for a byte where a value should start.
    func invalidValue() -> JSONError {
        guard offset < bytes.count else { return fail("expected a value, found the end of the text") }
        switch bytes[offset] {
        case UInt8(ascii: "/"): return fail("a comment (JSON has none)")
        case UInt8(ascii: "'"): return fail("a single quote (JSON strings take double quotes)")
        case UInt8(ascii: "N"), UInt8(ascii: "I"): return fail("NaN and Infinity are not JSON numbers")
        case UInt8(ascii: "+"): return fail("a number may not start with +")
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
            return fail("expected a value (a comma before a closing bracket is not allowed)")
        default: return fail("expected a value")
        }
    }

    // MARK: - Whitespace and literals

    @inline(__always)
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            default: return
            }
        }
    }

    /// Whether the next value is `null` (then it is read).
    public mutating func readNull() throws(JSONError) -> Bool {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// The next value, which must be `true` or `false`.
    public mutating func readBool() throws(JSONError) -> Bool {
        guard offset < bytes.count else { throw mismatch("true or false") }
        switch bytes[offset] {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw mismatch("true or false")
        }
    }

    mutating func literal(_ text: StaticString) throws(JSONError) {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw invalidValue() }
        for index in 0..<count where bytes[offset + index] != text.utf8Start[index] { throw invalidValue() }
        offset += count
        skipWhitespace()
    }

    // MARK: - Numbers

    /// Scans a number from the current offset by RFC 8259's grammar: its end, and whether it is an
    /// integer (no fraction, no exponent).
    func scanNumber() throws(JSONError) -> (end: Int, isInteger: Bool) {
        var index = offset
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, ASCII.isDigit(bytes[index]) else {
            throw fail("a number needs a digit after its sign", at: index)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, ASCII.isDigit(bytes[index]) {
                throw fail("a number may not have a leading zero", at: index - 1)
            }
        } else {
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, ASCII.isDigit(bytes[index]) else {
                throw fail("a digit must follow the decimal point", at: index)
            }
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
            isInteger = false
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, ASCII.isDigit(bytes[index]) else {
                throw fail("an exponent needs a digit", at: index)
            }
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
            isInteger = false
        }
        return (index, isInteger)
    }

    /// The next value, which must be an integer (no fraction or exponent) that fits in an `Int`.
    public mutating func readInt() throws(JSONError) -> Int {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "-") || ASCII.isDigit(bytes[offset]) else {
            throw mismatch("an integer")
        }
        let (end, isInteger) = try scanNumber()
        guard isInteger else { throw fail("expected an integer, found a number") }
        let negative = bytes[offset] == UInt8(ascii: "-")
        var magnitude: UInt64 = 0
        for index in (negative ? offset + 1 : offset)..<end {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { throw fail("an integer out of range") }
            magnitude = sum
        }
        let limit = negative ? UInt64(Int.max) + 1 : UInt64(Int.max)
        guard magnitude <= limit else { throw fail("an integer out of range") }
        offset = end
        skipWhitespace()
        return negative ? Int(truncatingIfNeeded: 0 &- magnitude) : Int(magnitude)
    }

    /// The next value, which must be an integer in `range`.
    public mutating func readInt(in range: ClosedRange<Int>) throws(JSONError) -> Int {
        let start = offset
        let value = try readInt()
        guard range.contains(value) else {
            throw fail("must be between \(range.lowerBound) and \(range.upperBound)", at: start)
        }
        return value
    }

    /// The next value, which must be a number within a double's range.
    public mutating func readDouble() throws(JSONError) -> Double {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "-") || ASCII.isDigit(bytes[offset]) else {
            throw mismatch("a number")
        }
        let (end, _) = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail("a number out of range") }
        offset = end
        skipWhitespace()
        return value
    }

    // MARK: - Strings

    /// The next value, which must be a string.
    public mutating func readString() throws(JSONError) -> String {
        try readStringBytes().string
    }

    /// The next value, which must be a string, as its bytes: the text's own bytes when it has no
    /// escape, bytes of its own otherwise. Compare it with ``JSONString/==(_:_:)`` without making a
    /// `String`.
    public mutating func readStringBytes() throws(JSONError) -> JSONString {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw mismatch("a string") }
        let start = offset + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                offset = index + 1
                skipWhitespace()
                return JSONString(text: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            } else if byte == UInt8(ascii: "\\") {
                return try readEscapedString(from: start, plainUntil: index)
            } else if byte < 0x20 {
                throw fail("a control character in a string (it must be escaped)", at: index)
            } else if byte >= 0x80 {
                index = try validateUTF8(at: index)
            } else {
                index += 1
            }
        }
        throw fail("a string is not closed", at: start - 1)
    }

    /// The rest of a string that has an escape: decoded into bytes of its own.
    mutating func readEscapedString(from start: Int, plainUntil escape: Int) throws(JSONError) -> JSONString {
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<escape]))
        var index = escape
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                offset = index + 1
                skipWhitespace()
                return JSONString(owned: decoded)
            } else if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try unicodeEscape(at: index)
                    index = scalar.end
                    appendUTF8(scalar.value, to: &decoded)
                    continue
                default:
                    throw fail(
                        "an unknown escape in a string (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u are the escapes)",
                        at: index
                    )
                }
                index += 2
            } else if byte < 0x20 {
                throw fail("a control character in a string (it must be escaped)", at: index)
            } else if byte >= 0x80 {
                let end = try validateUTF8(at: index)
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        throw fail("a string is not closed", at: start - 1)
    }

    /// A `\uXXXX` escape at `index`, with its low half when it is a high surrogate: the scalar and the
    /// index after the escape.
    func unicodeEscape(at index: Int) throws(JSONError) -> (value: UInt32, end: Int) {
        let high = try hex4(at: index)
        switch high {
        case 0xD800...0xDBFF:
            guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u")
            else {
                throw fail("an unpaired surrogate escape (a high surrogate must be followed by a low one)", at: index)
            }
            let low = try hex4(at: index + 6)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail("an unpaired surrogate escape (a high surrogate must be followed by a low one)", at: index)
            }
            return (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), index + 12)
        case 0xDC00...0xDFFF:
            throw fail("an unpaired surrogate escape (a low surrogate with no high one before it)", at: index)
        default:
            return (high, index + 6)
        }
    }

    /// The four hex digits of the `\u` escape at `index`.
    func hex4(at index: Int) throws(JSONError) -> UInt32 {
        guard index + 6 <= bytes.count else { throw fail("a \\u escape needs four hex digits", at: index) }
        var value: UInt32 = 0
        for position in (index + 2)..<(index + 6) {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw fail("a \\u escape needs four hex digits", at: index)
            }
            value = value << 4 | digit
        }
        return value
    }

    func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the UTF-8 sequence that starts at `index` (RFC 3629: shortest form, no surrogates,
    /// nothing past U+10FFFF) and returns the index after it.
    func validateUTF8(at index: Int) throws(JSONError) -> Int {
        let lead = bytes[index]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0:
            count = 2
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED:
            count = 2
            high = 0x9F
        case 0xF0:
            count = 3
            low = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4:
            count = 3
            high = 0x8F
        default: throw fail("a string is not valid UTF-8", at: index)
        }
        guard index + count < bytes.count else { throw fail("a string is not valid UTF-8", at: index) }
        guard (low...high).contains(bytes[index + 1]) else { throw fail("a string is not valid UTF-8", at: index) }
        for position in (index + 2)..<(index + 1 + count) where bytes[position] & 0xC0 != 0x80 {
            throw fail("a string is not valid UTF-8", at: index)
        }
        return index + 1 + count
    }

    // MARK: - Objects and arrays

    mutating func enter(_ open: UInt8, _ expected: String) throws(JSONError) {
        guard offset < bytes.count, bytes[offset] == open else { throw mismatch(expected) }
        guard depth < Self.maximumDepth else {
            throw fail("objects and arrays nest more than \(Self.maximumDepth) deep")
        }
        depth += 1
        offset += 1
        skipWhitespace()
    }

    /// Reads the next value, which must be an object, calling `member` with each key in turn; `member`
    /// reads the key's value. An error inside `member` gets the key in its path. Duplicate keys are
    /// `member`'s to refuse (the ``JSONFields`` form does it), at ``keyOffset``.
    public mutating func readObject(
        _ member: (inout JSONReader, JSONString) throws(JSONError) -> Void
    ) throws(JSONError) {
        try enter(UInt8(ascii: "{"), "an object")
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            skipWhitespace()
            return
        }
        while true {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                    throw fail("a comma before a closing brace is not allowed")
                }
                throw fail("expected a key in double quotes")
            }
            keyOffset = offset
            let key = try readStringBytes()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                throw fail("expected a colon after the key")
            }
            offset += 1
            skipWhitespace()
            do {
                try member(&self, key)
            } catch {
                throw error.within(.key(key.string))
            }
            guard offset < bytes.count else { throw fail("an object is not closed") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                skipWhitespace()
            } else if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                depth -= 1
                skipWhitespace()
                return
            } else {
                throw fail("expected a comma or a closing brace after a member")
            }
        }
    }

    /// Reads the next value, which must be an object whose keys are among `fields`: `member` gets each
    /// field's index. An unknown key, a key given twice, and a missing required field are errors.
    /// Returns the set of fields present (bit `i` for field `i`).
    @discardableResult
    public mutating func readObject(
        _ fields: JSONFields,
        _ member: (inout JSONReader, Int) throws(JSONError) -> Void
    ) throws(JSONError) -> UInt64 {
        let start = offset
        var seen: UInt64 = 0
        var expected = 0
        try readObject { (reader, key) throws(JSONError) in
            guard let index = fields.index(of: key, hint: expected) else {
                if let match = fields.caseInsensitiveMatch(key) {
                    throw reader.fail("key names are case-sensitive: write \"\(match)\"", at: reader.keyOffset)
                }
                throw reader.fail("unknown key", at: reader.keyOffset)
            }
            let bit: UInt64 = 1 << UInt64(index)
            guard seen & bit == 0 else {
                throw reader.fail("a duplicate key (the object names it twice)", at: reader.keyOffset)
            }
            seen |= bit
            expected = index + 1
            try member(&reader, index)
        }
        let missing = fields.required & ~seen
        if missing != 0 {
            let index = missing.trailingZeroBitCount
            throw fail("missing", at: start).within(.key(fields.name(index)))
        }
        return seen
    }

    /// Reads the next value, which must be an array, calling `element` with each index in turn;
    /// `element` reads the value. An error inside `element` gets the index in its path.
    public mutating func readArray(_ element: (inout JSONReader, Int) throws(JSONError) -> Void) throws(JSONError) {
        try enter(UInt8(ascii: "["), "an array")
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            skipWhitespace()
            return
        }
        var index = 0
        while true {
            do {
                try element(&self, index)
            } catch {
                throw error.within(.index(index))
            }
            guard offset < bytes.count else { throw fail("an array is not closed") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    throw fail("a comma before a closing bracket is not allowed")
                }
            } else if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                depth -= 1
                skipWhitespace()
                return
            } else {
                throw fail("expected a comma or a closing bracket after an element")
            }
            index += 1
        }
    }

    /// Reads and checks the next value, whatever it is, keeping nothing: as strict as ``JSONValue``
    /// (a key twice in an object, a number beyond a double, and everything else it refuses), without
    /// building a tree (which took half of `sealkit seal`'s time on the decisions' explanations).
    public mutating func skipValue() throws(JSONError) {
        guard offset < bytes.count else { throw invalidValue() }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            var keys: [[UInt8]] = []
            try readObject { (reader, key) throws(JSONError) in
                let name = key.withBytes { Array($0) }
                guard !keys.contains(name) else {
                    throw reader.fail("a duplicate key (the object names it twice)", at: reader.keyOffset)
                }
                keys.append(name)
                try reader.skipValue()
            }
        case UInt8(ascii: "["):
            try readArray { (reader, _) throws(JSONError) in try reader.skipValue() }
        case UInt8(ascii: "\""):
            _ = try readStringBytes()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            _ = try readNull()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (_, isInteger) = try scanNumber()
            if !isInteger || (try? readInt()) == nil { _ = try readDouble() }
        default:
            throw invalidValue()
        }
    }
}

/// A string's bytes as ``JSONReader/readStringBytes()`` read them: the text's own (valid while the
/// read lasts) or, for a string with escapes, decoded bytes of its own.
public struct JSONString {
    enum Storage {
        case text(UnsafeBufferPointer<UInt8>)
        case owned([UInt8])
    }

    let storage: Storage

    init(text: UnsafeBufferPointer<UInt8>) { storage = .text(text) }
    init(owned: [UInt8]) { storage = .owned(owned) }

    /// The bytes, lent to `body`.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        switch storage {
        case .text(let text): return try body(text)
        case .owned(let owned):
            return try owned.withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in try body(buffer) }
        }
    }

    /// How many bytes the string has.
    public var count: Int {
        switch storage {
        case .text(let text): text.count
        case .owned(let owned): owned.count
        }
    }

    /// The string (its bytes are valid UTF-8: the reader checked them).
    public var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    /// Whether the string's bytes are `text`'s.
    public static func == (lhs: JSONString, rhs: StaticString) -> Bool {
        lhs.withBytes { bytes in
            bytes.count == rhs.utf8CodeUnitCount
                && (bytes.isEmpty || memcmpBytes(bytes.baseAddress!, rhs.utf8Start, bytes.count))
        }
    }

    /// Whether the string's bytes are `bytes`.
    public func equals(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        withBytes { bytes in
            bytes.count == other.count
                && (bytes.isEmpty || memcmpBytes(bytes.baseAddress!, other.baseAddress!, bytes.count))
        }
    }
}

@inline(__always)
func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where lhs[index] != rhs[index] { return false }
    return true
}
