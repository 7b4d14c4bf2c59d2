public import SealCore

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
        out.string(header.evaluationDate.description)
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
        out.beginArray()
        for cutoff in header.cutoffs { out.string(cutoff.date.description) }
        out.endArray()
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
        out.string(subject.pseudonymBasis.rawValue)
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
        out.flags(subject.flags)
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

/// The de-identified format's values in ``JSONOutput``: shifted dates, keyed references, completed
/// years.
extension JSONOutput {
    /// An array of shifted date values.
    public mutating func dates(_ items: [ShiftedDateValue]) {
        beginArray()
        for item in items { date(item) }
        endArray()
    }

    /// A shifted date value: a date, a two-date range, or `null`.
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

    /// A shifted date as `"YYYY-MM-DD"`, or `null`.
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

    /// A set of flag kinds: their names in name order.
    public mutating func flags(_ flags: FlagSet) {
        beginArray()
        for kind in flags { string(kind.rawValue) }
        endArray()
    }

    /// Completed years as `{"low":…,"high":…,"onAnniversary":…}`, or `null`.
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
        string(pointer.pointee.charge.reading.rawValue)
        key("source")
        string(pointer.pointee.charge.source.rawValue)
        key("lawCode")
        optionalString(pointer.pointee.charge.lawCode?.rawValue)
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
                optionalString(other.lawCode?.rawValue)
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
            string(part.unitName)
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
        let cutoffs = pointer.pointee.cutoffs
        if cutoffs != .allNo {
            for member in CutoffAnswers.members {
                let value = cutoffs.answer(member.cutoff, onConviction: member.onConviction)
                guard value != .no else { continue }
                dynamicKey(member.name)
                literal(value.text)
            }
        }
        endObject()
        key("caseTokens")
        beginArray()
        for token in pointer.pointee.caseTokens { reference(token) }
        endArray()
        key("flags")
        flags(pointer.pointee.flags)
        key("prop64Candidate")
        bool(pointer.pointee.prop64Candidate)
        if let view = pointer.pointee.gogen {
            key("gogen")
            beginObject()
            key("sections")
            beginArray()
            for section in view.sections { string(section.text) }
            endArray()
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
