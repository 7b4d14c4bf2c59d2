/// The JSON Lines format of de-identified files, written by hand for speed and byte-stable output:
/// fields in the order of the type declarations, no spaces, one subject per line, `\n` after each.
/// The first line is the ``DatasetHeader``. Any JSON reader reads it back (`JSONDecoder` does).
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
        out.endObject()
        out.bytes.append(0x0A)
        return out.bytes
    }

    /// Appends one subject's line (newline included) to `bytes`.
    public static func append(_ subject: DeidentifiedSubject, to bytes: inout [UInt8]) {
        var out = JSONOutput(bytes: bytes)
        bytes = []
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
        for item in subject.convictions { out.conviction(item) }
        out.endArray()
        out.key("flags")
        out.strings(subject.flags)
        out.endObject()
        out.bytes.append(0x0A)
        bytes = out.bytes
    }

    /// One subject's line as bytes.
    public static func encode(_ subject: DeidentifiedSubject) -> [UInt8] {
        var bytes: [UInt8] = []
        append(subject, to: &bytes)
        return bytes
    }
}

/// A byte buffer with JSON writing helpers; commas are placed automatically.
public struct JSONOutput {
    public var bytes: [UInt8]
    private var needsComma = false

    public init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

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

    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key made at run time (the literal keys use the `StaticString` form, which copies faster).
    public mutating func dynamicKey(_ name: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { utf8 in
            // Most strings need no escaping: copy them whole.
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { escape(text) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [0x5C, 0x22]
            case UInt8(ascii: "\\"): bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
    }

    public mutating func int(_ value: Int) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt(-value))
        } else {
            appendDigits(UInt(value))
        }
    }

    mutating func appendDigits(_ value: UInt) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(48 + value % 10))
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func optionalInt(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

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
        bytes.append(UInt8(ascii: "\""))
        date.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A keyed reference, written from its parts: `"<kind>.e<epoch>.<hex>"`.
    public mutating func reference<Reference: KeyedReference>(_ reference: Reference?) {
        guard let reference else {
            null()
            return
        }
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Reference.kind.utf8)
        bytes.append(contentsOf: ".e".utf8)
        appendDigits(UInt(reference.epoch))
        bytes.append(UInt8(ascii: "."))
        var hex = reference.hex
        hex.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func years(_ value: CompletedYears?) {
        guard let value else {
            null()
            return
        }
        beginObject()
        key("low")
        int(value.low)
        key("high")
        int(value.high)
        key("onAnniversary")
        string(value.onAnniversary.rawValue)
        endObject()
    }

    mutating func charge(_ charge: Charge) {
        beginObject()
        key("reading")
        string(charge.reading)
        key("source")
        string(charge.source)
        key("lawCode")
        optionalString(charge.lawCode)
        key("section")
        optionalString(charge.section)
        key("subsections")
        strings(charge.subsections)
        key("attempt")
        bool(charge.attempt)
        key("conspiracy")
        bool(charge.conspiracy)
        key("suspectSection")
        bool(charge.suspectSection)
        endObject()
    }

    mutating func conviction(_ conviction: DeidentifiedConviction) {
        beginObject()
        key("reference")
        reference(conviction.reference)
        key("cycle")
        optionalInt(conviction.cycle)
        key("step")
        optionalInt(conviction.step)
        key("count")
        optionalInt(conviction.count)
        key("date")
        date(conviction.date)
        key("offenseDate")
        date(conviction.offenseDate)
        key("charge")
        charge(conviction.charge)
        key("level")
        optionalString(conviction.level?.rawValue)
        key("disposition")
        string(conviction.disposition)
        key("county")
        string(conviction.county)
        key("sentenceParts")
        beginArray()
        for part in conviction.sentenceParts {
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
        day(conviction.sentenceEnd.lower)
        key("upper")
        day(conviction.sentenceEnd.upper)
        endObject()
        key("sentenceCompleteAtEvaluation")
        string(conviction.sentenceCompleteAtEvaluation.rawValue)
        key("yearsSinceConviction")
        years(conviction.yearsSinceConviction)
        key("ageAtConviction")
        years(conviction.ageAtConviction)
        key("ageAtOffense")
        years(conviction.ageAtOffense)
        key("cutoffs")
        beginObject()
        for (name, value) in conviction.cutoffs.sorted(by: { $0.key < $1.key }) {
            dynamicKey(name)
            string(value.rawValue)
        }
        endObject()
        key("caseTokens")
        beginArray()
        for token in conviction.caseTokens { reference(token) }
        endArray()
        key("flags")
        strings(conviction.flags)
        key("prop64Candidate")
        bool(conviction.prop64Candidate)
        if let view = conviction.gogen {
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
            endObject()
        }
        endObject()
    }
}
