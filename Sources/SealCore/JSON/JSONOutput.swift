/// A byte buffer with JSON writing helpers; commas are placed automatically.
///
/// The bytes live in memory of its own, written through a pointer: a de-identified line has dozens
/// of keys and strings, and an `[UInt8]` append checks the array's uniqueness and capacity and calls
/// a generic copy each time. Not copyable (it owns that memory); ``append(to:)`` and ``bytes`` hand
/// the bytes out.
public struct JSONOutput: ~Copyable {
    // Package-wide and usable from inlinable code: the writers below are inlined into the decision
    // lines (another module), where a call for each key and string cost about seventy instructions;
    // the de-identified format's writers (dates, references, completed years) extend it from
    // `Deidentified`.
    @usableFromInline package var base: UnsafeMutablePointer<UInt8>
    @usableFromInline package var capacity: Int
    /// How many bytes are written (``count``).
    @usableFromInline package var length = 0
    @usableFromInline package var needsComma = false

    /// How many bytes are written.
    public var count: Int { length }

    /// An output that starts with `bytes`.
    public init(bytes: [UInt8] = []) {
        capacity = Swift.max(4096, bytes.count * 2)
        base = .allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer {
            if let start = $0.baseAddress { base.initialize(from: start, count: $0.count) }
        }
        length = bytes.count
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written (a copy).
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: length))
    }

    /// Empties the output, keeping its memory.
    public mutating func removeAll() {
        length = 0
        needsComma = false
    }

    /// The bytes written, lent to `body`.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: length))
    }

    /// Appends the bytes written to `target`.
    public func append(to target: inout [UInt8]) {
        target.append(contentsOf: UnsafeBufferPointer(start: base, count: length))
    }

    /// A raw byte (a newline ending a line, a separator the caller places).
    @inlinable
    public mutating func raw(_ byte: UInt8) {
        put(byte)
    }

    @inline(never) @usableFromInline
    package mutating func grow(_ minimum: Int) {
        let newCapacity = Swift.max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: length)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if length + extra > capacity { grow(length + extra) }
    }

    @inlinable @inline(__always)
    package mutating func put(_ byte: UInt8) {
        reserve(1)
        base[length] = byte
        length += 1
    }

    @inlinable @inline(__always)
    package mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + length).initialize(from: start, count: bytes.count)
        length += bytes.count
    }

    @inlinable @inline(__always)
    package mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable @inline(__always)
    package mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Opens an object.
    @inlinable
    public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes an object.
    @inlinable
    public mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    @inlinable
    public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes an array.
    @inlinable
    public mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An array of strings.
    @inlinable
    public mutating func strings(_ items: [String]) {
        beginArray()
        for item in items { string(item) }
        endArray()
    }

    /// A member's key (a literal of the program: written as it is, with no escaping to do).
    @inlinable @inline(__always)
    public mutating func key(_ name: StaticString) {
        separate()
        quoted(name, reserving: 1)
        base[length] = UInt8(ascii: ":")
        length += 1
        needsComma = false
    }

    /// `"text"`, for a static text known to need no escape (a key, an enumeration's text), with room
    /// reserved for `extra` bytes after it.
    @inlinable @inline(__always)
    package mutating func quoted(_ text: StaticString, reserving extra: Int = 0) {
        let size = text.utf8CodeUnitCount
        reserve(size + 2 + extra)
        base[length] = UInt8(ascii: "\"")
        (base + length + 1).initialize(from: text.utf8Start, count: size)
        base[length + 1 + size] = UInt8(ascii: "\"")
        length += size + 2
    }

    /// A key made at run time (the literal keys use the `StaticString` form, which copies faster).
    public mutating func dynamicKey(_ name: String) {
        string(name)
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A string, escaped as RFC 8259 requires.
    @inlinable
    public mutating func string(_ text: String) {
        separate()
        // Most strings need no escaping: copy them whole, with their quotes (a native string's bytes
        // are read in place; any other is escaped byte by byte below).
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            if ByteSearch.needsJSONEscape(utf8) { return false }
            reserve(utf8.count + 2)
            base[length] = UInt8(ascii: "\"")
            if let start = utf8.baseAddress { (base + length + 1).initialize(from: start, count: utf8.count) }
            base[length + 1 + utf8.count] = UInt8(ascii: "\"")
            length += utf8.count + 2
            return true
        }
        guard plain != true else { return }
        put(UInt8(ascii: "\""))
        escape(text)
        put(UInt8(ascii: "\""))
    }

    /// Starts a string written in pieces (``stringPart(_:)-(String)``), ended by ``endString()``: a
    /// text made of literals, numbers and strings is written straight in, never built as a String.
    @inlinable
    public mutating func beginString() {
        separate()
        put(UInt8(ascii: "\""))
    }

    /// Ends a string begun by ``beginString()``.
    @inlinable
    public mutating func endString() {
        put(UInt8(ascii: "\""))
    }

    /// Part of a string begun by ``beginString()``, escaped as ``string(_:)`` escapes.
    @inlinable
    public mutating func stringPart(_ text: String) {
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            if ByteSearch.needsJSONEscape(utf8) { return false }
            put(utf8)
            return true
        }
        if plain != true { escape(text) }
    }

    /// A literal part of a string begun by ``beginString()`` (escaped like any other part).
    public mutating func stringPart(_ text: StaticString) {
        let utf8 = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if ByteSearch.needsJSONEscape(utf8) { escape(text.description) } else { put(utf8) }
    }

    /// A number's decimal text, part of a string begun by ``beginString()``.
    @inlinable
    public mutating func stringPart(_ value: Int) {
        decimal(value)
    }

    /// Members rendered once ahead (`"a":1,"b":"x"`, no braces), placed like any other member.
    @inlinable
    public mutating func members(_ rendered: [UInt8]) {
        separate()
        rendered.withUnsafeBufferPointer { put($0) }
        needsComma = true
    }

    @usableFromInline
    package mutating func escape(_ text: String) {
        let hex: StaticString = "0123456789abcdef"
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): put("\\\"")
            case UInt8(ascii: "\\"): put("\\\\")
            case 0x0A: put("\\n")
            case 0x0D: put("\\r")
            case 0x09: put("\\t")
            case 0..<0x20:
                put("\\u00")
                put(hex.utf8Start[Int(byte >> 4)])
                put(hex.utf8Start[Int(byte & 0xF)])
            default: put(byte)
            }
        }
    }

    /// An integer.
    @inlinable
    public mutating func int(_ value: Int) {
        separate()
        decimal(value)
    }

    @inlinable
    package mutating func decimal(_ value: Int) {
        if value < 0 {
            put(UInt8(ascii: "-"))
            appendDigits(value.magnitude)
        } else {
            appendDigits(UInt(value))
        }
    }

    /// The decimal digits of `value`, written with one reservation (digit by digit, each digit had
    /// its own capacity check and a recursive call).
    @inlinable
    package mutating func appendDigits(_ value: UInt) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        reserve(digits)
        rest = value
        var index = length + digits - 1
        repeat {
            base[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
            index -= 1
        } while rest > 0
        length += digits
    }

    /// `true` or `false`.
    @inlinable
    public mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
    }

    /// `null`.
    @inlinable
    public mutating func null() {
        separate()
        put("null")
    }

    /// An integer, or `null` for nil.
    public mutating func optionalInt(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// A string, or `null` for nil.
    @inlinable
    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A string known to need no escape (an enumeration's text): copied with its quotes, unchecked.
    @inlinable
    public mutating func literal(_ text: StaticString) {
        separate()
        quoted(text)
    }
}
