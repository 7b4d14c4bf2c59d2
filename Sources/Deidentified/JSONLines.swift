/// The JSON Lines format of de-identified files, written by hand for speed and byte-stable output:
/// fields in the order of the type declarations, no spaces, one subject per line, `\n` after each.
/// The first line is the ``DatasetHeader``. Any JSON reader reads it back; SealKit reads it with
/// ``DeidentifiedReader``, which checks every key and value.
public enum JSONLines {
    /// The header line's bytes, newline included.
    public static func encode(_ header: DatasetHeader) -> [UInt8] {
        var out = JSONOutput()
        out.beginObject()
        out.key("format")
        out.string(header.format)
        out.key("schemaVersion")
        out.int(header.schemaVersion)
        out.key("normalization")
        out.string(header.normalization)
        out.key("epoch")
        out.int(header.epoch)
        out.key("evaluationDate")
        out.string(header.evaluationDate)
        out.key("inputSHA256")
        out.string(header.inputSHA256)
        out.key("keyCheckValues")
        out.beginObject()
        out.key("master")
        out.string(header.keyCheckValues.master)
        out.key("subjectPseudonym")
        out.string(header.keyCheckValues.subjectPseudonym)
        out.key("countReference")
        out.string(header.keyCheckValues.countReference)
        out.key("caseToken")
        out.string(header.keyCheckValues.caseToken)
        out.key("dateShift")
        out.string(header.keyCheckValues.dateShift)
        out.endObject()
        out.key("anchors")
        out.strings(header.anchors)
        out.key("cutoffs")
        out.strings(header.cutoffs)
        out.key("generator")
        out.string(header.generator)
        if let rejected = header.rejectedRows {
            out.key("rejectedRows")
            out.int(rejected)
        }
        out.endObject()
        out.raw(0x0A)
        return out.bytes
    }

    /// Appends one subject's line (newline included) to `bytes`.
    public static func append(_ subject: DeidentifiedSubject, to bytes: inout [UInt8]) {
        var out = JSONOutput()
        write(subject, to: &out)
        out.append(to: &bytes)
    }

    /// Writes one subject's line (newline included) into `out`, after what it holds (a worker
    /// reuses one output for every subject: no buffer made and copied per line).
    public static func write(_ subject: DeidentifiedSubject, to out: inout JSONOutput) {
        out.beginObject()
        out.key("pseudonym")
        out.reference(subject.pseudonym)
        out.key("pseudonymBasis")
        out.string(subject.pseudonymBasis)
        out.key("gender")
        out.string(subject.gender)
        out.key("race")
        out.string(subject.race)
        out.key("birthday18")
        out.date(subject.birthday18)
        out.key("birthday21")
        out.date(subject.birthday21)
        out.key("ageAtEvaluation")
        out.years(subject.ageAtEvaluation)
        out.key("deceased")
        out.bool(subject.deceased)
        out.key("deathDate")
        if let death = subject.deathDate { out.date(death) } else { out.null() }
        out.key("registrations")
        out.dates(subject.registrations)
        out.key("convictions")
        out.beginArray()
        // Each conviction is read in place: a copy (which iterating or subscripting the array
        // makes) retains and releases its thirty-odd strings and arrays.
        subject.convictions.withUnsafeBufferPointer { convictions in
            for index in convictions.indices { out.conviction(convictions.baseAddress! + index) }
        }
        out.endArray()
        out.key("flags")
        out.strings(subject.flags)
        if let view = subject.gogen {
            out.key("gogen")
            out.beginObject()
            out.key("deceased")
            out.bool(view.deceased)
            out.key("zeroBirthDate")
            out.bool(view.zeroBirthDate)
            out.key("pc290Registration")
            out.bool(view.pc290Registration)
            out.endObject()
        }
        out.endObject()
        out.raw(0x0A)
    }

    /// One subject's line as bytes.
    public static func encode(_ subject: DeidentifiedSubject) -> [UInt8] {
        var bytes: [UInt8] = []
        append(subject, to: &bytes)
        return bytes
    }
}

/// A byte buffer with JSON writing helpers; commas are placed automatically.
///
/// The bytes live in memory of its own, written through a pointer: a de-identified line has dozens
/// of keys and strings, and an `[UInt8]` append checks the array's uniqueness and capacity and calls
/// a generic copy each time. Not copyable (it owns that memory); ``append(to:)`` and ``bytes`` hand
/// the bytes out.
public struct JSONOutput: ~Copyable {
    // Internal and usable from inlinable code: the writers below are inlined into the decision
    // lines (another module), where a call for each key and string cost about seventy instructions.
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// How many bytes are written (``count``).
    @usableFromInline var length = 0
    @usableFromInline var needsComma = false

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
    mutating func grow(_ minimum: Int) {
        let newCapacity = Swift.max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: length)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) {
        if length + extra > capacity { grow(length + extra) }
    }

    @inlinable @inline(__always)
    mutating func put(_ byte: UInt8) {
        reserve(1)
        base[length] = byte
        length += 1
    }

    @inlinable @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + length).initialize(from: start, count: bytes.count)
        length += bytes.count
    }

    @inlinable @inline(__always)
    mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
        needsComma = true
    }

    @inlinable
    public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    @inlinable
    public mutating func strings(_ items: [String]) {
        beginArray()
        for item in items { string(item) }
        endArray()
    }

    public mutating func dates(_ items: [ShiftedDateValue]) {
        beginArray()
        for item in items { date(item) }
        endArray()
    }

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
    mutating func quoted(_ text: StaticString, reserving extra: Int = 0) {
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
    mutating func escape(_ text: String) {
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

    @inlinable
    public mutating func int(_ value: Int) {
        separate()
        decimal(value)
    }

    @inlinable
    mutating func decimal(_ value: Int) {
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
    mutating func appendDigits(_ value: UInt) {
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

    @inlinable
    public mutating func bool(_ value: Bool) {
        separate()
        put(value ? "true" : "false")
    }

    @inlinable
    public mutating func null() {
        separate()
        put("null")
    }

    public mutating func optionalInt(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    @inlinable
    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func date(_ value: ShiftedDateValue) {
        switch value {
        case .exact(let date): day(date)
        case .range(let low, let high):
            beginArray()
            day(low)
            day(high)
            endArray()
        case .unknown: null()
        }
    }

    public mutating func day(_ date: ShiftedDate?) {
        guard let date else {
            null()
            return
        }
        separate()
        reserve(12)
        base[length] = UInt8(ascii: "\"")
        date.writeText(to: base + length + 1)
        base[length + 11] = UInt8(ascii: "\"")
        length += 12
    }

    /// A string known to need no escape (an enumeration's text): copied with its quotes, unchecked.
    @inlinable
    public mutating func literal(_ text: StaticString) {
        separate()
        quoted(text)
    }

    /// A keyed reference, written from its parts: `"<kind>.e<epoch>.<hex>"`. Inlinable, so that a
    /// caller in another module (the decision lines) gets it specialized: the generic form, through
    /// witness tables and an optional of unknown type, cost about 1,000 instructions a reference.
    @inlinable
    public mutating func reference<Reference: KeyedReference>(_ reference: Reference?) {
        guard let reference else {
            null()
            return
        }
        keyedReference(kind: Reference.kind, epoch: reference.epoch, digest: reference.digest)
    }

    @usableFromInline
    mutating func keyedReference(kind: String, epoch: Int, digest: ReferenceDigest) {
        separate()
        put(UInt8(ascii: "\""))
        var kind = kind
        kind.withUTF8 { put($0) }
        put(".e")
        appendDigits(UInt(epoch))
        put(UInt8(ascii: "."))
        // The digits straight into the output: no string made.
        reserve(64)
        digest.writeHexDigits(to: base + length)
        length += 64
        put(UInt8(ascii: "\""))
    }

    public mutating func years(_ value: CompletedYears?) {
        guard let value else {
            null()
            return
        }
        // `{"low":…,"high":…,"onAnniversary":"…"}` in five pieces (member by member, it took ten calls).
        separate()
        put("{\"low\":")
        decimal(value.low)
        put(",\"high\":")
        decimal(value.high)
        put(",\"onAnniversary\":")
        quoted(value.onAnniversary.text)
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    /// One conviction, read in place through `pointer`.
    mutating func conviction(_ pointer: UnsafePointer<DeidentifiedConviction>) {
        beginObject()
        key("reference")
        reference(pointer.pointee.reference)
        key("cycle")
        optionalInt(pointer.pointee.cycle)
        key("step")
        optionalInt(pointer.pointee.step)
        key("count")
        optionalInt(pointer.pointee.count)
        key("date")
        date(pointer.pointee.date)
        key("offenseDate")
        date(pointer.pointee.offenseDate)
        key("charge")
        beginObject()
        key("reading")
        string(pointer.pointee.charge.reading)
        key("source")
        string(pointer.pointee.charge.source)
        key("lawCode")
        optionalString(pointer.pointee.charge.lawCode)
        key("section")
        optionalString(pointer.pointee.charge.section)
        key("subsections")
        strings(pointer.pointee.charge.subsections)
        key("attempt")
        bool(pointer.pointee.charge.attempt)
        key("conspiracy")
        bool(pointer.pointee.charge.conspiracy)
        key("suspectSection")
        bool(pointer.pointee.charge.suspectSection)
        if !pointer.pointee.charge.otherSections.isEmpty {
            key("otherSections")
            beginArray()
            for other in pointer.pointee.charge.otherSections {
                beginObject()
                key("lawCode")
                optionalString(other.lawCode)
                key("section")
                string(other.section)
                key("subsections")
                strings(other.subsections)
                endObject()
            }
            endArray()
        }
        endObject()
        key("level")
        optionalString(pointer.pointee.level?.rawValue)
        key("disposition")
        string(pointer.pointee.disposition)
        key("county")
        string(pointer.pointee.county)
        key("sentenceParts")
        beginArray()
        for part in pointer.pointee.sentenceParts {
            beginObject()
            key("unit")
            string(part.unit)
            key("length")
            optionalInt(part.length)
            endObject()
        }
        endArray()
        key("sentenceEnd")
        beginObject()
        key("lower")
        day(pointer.pointee.sentenceEnd.lower)
        key("upper")
        day(pointer.pointee.sentenceEnd.upper)
        endObject()
        key("sentenceCompleteAtEvaluation")
        literal(pointer.pointee.sentenceCompleteAtEvaluation.text)
        key("yearsSinceConviction")
        years(pointer.pointee.yearsSinceConviction)
        key("ageAtConviction")
        years(pointer.pointee.ageAtConviction)
        key("ageAtOffense")
        years(pointer.pointee.ageAtOffense)
        key("cutoffs")
        beginObject()
        for (name, value) in pointer.pointee.cutoffs.sorted(by: { $0.key < $1.key }) {
            dynamicKey(name)
            literal(value.text)
        }
        endObject()
        key("caseTokens")
        beginArray()
        for token in pointer.pointee.caseTokens { reference(token) }
        endArray()
        key("flags")
        strings(pointer.pointee.flags)
        key("prop64Candidate")
        bool(pointer.pointee.prop64Candidate)
        if let view = pointer.pointee.gogen {
            key("gogen")
            beginObject()
            key("sections")
            strings(view.sections)
            key("felony")
            bool(view.felony)
            key("la11357AB")
            bool(view.la11357AB)
            key("servingAtEvaluation")
            bool(view.servingAtEvaluation)
            key("zeroDate")
            bool(view.zeroDate)
            endObject()
        }
        endObject()
    }
}
