public import SealCore

extension DeidentifiedReader {
    static let subjectFields = JSONFields(
        [
            "pseudonym", "pseudonymBasis", "gender", "race", "birthday18", "birthday21", "ageAtEvaluation", "deceased",
            "deathDate", "registrations", "convictions", "flags", "gogen",
        ],
        optional: ["gogen"]
    )
    static let convictionFields = JSONFields(
        [
            "reference", "cycle", "step", "count", "date", "offenseDate", "charge", "level", "disposition", "county",
            "sentenceParts", "sentenceEnd", "sentenceCompleteAtEvaluation", "yearsSinceConviction", "ageAtConviction",
            "ageAtOffense", "cutoffs", "caseTokens", "flags", "prop64Candidate", "gogen",
        ],
        optional: ["gogen"]
    )
    static let chargeFields = JSONFields(
        [
            "reading", "source", "lawCode", "section", "subsections", "attempt", "conspiracy", "suspectSection",
            "otherSections",
        ],
        optional: ["otherSections"]
    )
    static let chargeSectionFields = JSONFields(["lawCode", "section", "subsections"])
    static let gogenSubjectFields = JSONFields(["deceased", "zeroBirthDate", "pc290Registration"])
    static let partFields = JSONFields(["unit", "length"])
    static let endFields = JSONFields(["lower", "upper"])
    static let yearsFields = JSONFields(["low", "high", "onAnniversary"])
    static let gogenFields = JSONFields(["sections", "felony", "la11357AB", "servingAtEvaluation", "zeroDate"])

    // The enumerations' values, made once (an array literal in the call made one per value read).
    static let bases = Choices<PseudonymBasis>([.cii, .subjectId])
    static let levels = Choices<ConvictionLevel>([.felony, .misdemeanor, .infraction])
    static let readings = Choices<ChargeReading>([.parsed, .unparsed, .missing])
    static let sources = Choices<ChargeSource>([.offenseDescription, .comment])
    static let units = ["D", "M", "Y", "none", "unknown"]
    static let prop64Sections = Choices(Prop64Section.allCases)
    /// The flag kinds by name, for reading (a flag is rare: a scan of the list is enough).
    static let flagNames: [(name: [UInt8], kind: FlagKind)] = FlagKind.allCases.map { (Array($0.rawValue.utf8), $0) }
    static let threeValues = Choices<ThreeValued>([.yes, .no, .unknown])
    /// The pseudonym a subject starts from before its fields are read (every field is required).
    static let placeholderPseudonym = SubjectPseudonym(
        epoch: 1,
        digest: ReferenceDigest(bytes: [UInt8](repeating: 0, count: 32))
    )

    /// Reads one subject line (without its newline).
    public func subject(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> DeidentifiedSubject {
        try JSONReader.read(bytes) { (reader) throws(JSONError) in try readSubject(&reader) }
    }

    /// Reads one subject line (without its newline).
    public func subject(_ bytes: [UInt8]) throws(JSONError) -> DeidentifiedSubject {
        try JSONReader.read(bytes) { (reader) throws(JSONError) in try readSubject(&reader) }
    }

    func readSubject(_ reader: inout JSONReader) throws(JSONError) -> DeidentifiedSubject {
        var subject = DeidentifiedSubject(
            pseudonym: Self.placeholderPseudonym,
            pseudonymBasis: .cii,
            gender: "",
            race: "",
            birthday18: .unknown,
            birthday21: .unknown,
            ageAtEvaluation: nil,
            deceased: false,
            deathDate: nil,
            registrations: [],
            convictions: [],
            flags: FlagSet()
        )
        var gogenAt: Int? = nil
        try reader.readObject(Self.subjectFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0:
                guard let pseudonym: SubjectPseudonym = try reference(&reader) else {
                    throw reader.fail("missing (null)")
                }
                subject.pseudonym = pseudonym
            case 1:
                subject.pseudonymBasis = try Self.choice(&reader, Self.bases)
            case 2: subject.gender = try Self.vocabulary(&reader, PublicVocabulary.genders)
            case 3: subject.race = try Self.vocabulary(&reader, PublicVocabulary.races)
            case 4: subject.birthday18 = try Self.dateValue(&reader)
            case 5: subject.birthday21 = try Self.dateValue(&reader)
            case 6: subject.ageAtEvaluation = try Self.years(&reader)
            case 7: subject.deceased = try reader.readBool()
            case 8:
                let death = try Self.dateValue(&reader)
                if case .unknown = death { subject.deathDate = nil } else { subject.deathDate = death }
            case 9:
                try reader.readArray { (reader, _) throws(JSONError) in
                    let at = reader.position
                    let date = try Self.dateValue(&reader)
                    if case .unknown = date { throw reader.fail("a registration date is a date or a range", at: at) }
                    subject.registrations.append(date)
                }
            case 10:
                try reader.readArray { (reader, _) throws(JSONError) in
                    subject.convictions.append(try readConviction(&reader))
                }
            case 11:
                subject.flags = try Self.flags(&reader)
            default:
                let at = reader.position
                var view = GogenSubjectView(deceased: false, zeroBirthDate: false, pc290Registration: false)
                try reader.readObject(Self.gogenSubjectFields) { (reader, field) throws(JSONError) in
                    switch field {
                    case 0: view.deceased = try reader.readBool()
                    case 1: view.zeroBirthDate = try reader.readBool()
                    default: view.pc290Registration = try reader.readBool()
                    }
                }
                subject.gogen = view
                // Checked once the subject is read: the view is carried only where it differs.
                gogenAt = at
            }
        }
        if let gogenAt, subject.gogen == GogenSubjectView.derived(from: subject) {
            throw reader.fail(
                "gogen: a view equal to the one the record implies is left out, never written",
                at: gogenAt
            )
        }
        return subject
    }

    func readConviction(_ reader: inout JSONReader) throws(JSONError) -> DeidentifiedConviction {
        var conviction = DeidentifiedConviction(
            reference: nil,
            cycle: nil,
            step: nil,
            count: nil,
            date: .unknown,
            offenseDate: .unknown,
            charge: Self.emptyCharge,
            level: nil,
            disposition: "",
            county: "",
            sentenceParts: [],
            sentenceEnd: SentenceEnd(lower: nil, upper: nil),
            sentenceCompleteAtEvaluation: .unknown,
            yearsSinceConviction: nil,
            ageAtConviction: nil,
            ageAtOffense: nil,
            cutoffs: .allNo,
            caseTokens: [],
            flags: FlagSet(),
            prop64Candidate: false
        )
        try reader.readObject(Self.convictionFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: conviction.reference = try reference(&reader)
            case 1: conviction.cycle = try Self.position(&reader)
            case 2: conviction.step = try Self.position(&reader)
            case 3: conviction.count = try Self.position(&reader)
            case 4: conviction.date = try Self.dateValue(&reader)
            case 5: conviction.offenseDate = try Self.dateValue(&reader)
            case 6: conviction.charge = try Self.charge(&reader)
            case 7:
                if try !reader.readNull() {
                    conviction.level = try Self.choice(&reader, Self.levels)
                }
            case 8: conviction.disposition = try Self.vocabulary(&reader, PublicVocabulary.dispositions)
            case 9: conviction.county = try Self.vocabulary(&reader, PublicVocabulary.counties)
            case 10:
                try reader.readArray { (reader, _) throws(JSONError) in
                    conviction.sentenceParts.append(try Self.sentencePart(&reader))
                }
            case 11: conviction.sentenceEnd = try Self.sentenceEnd(&reader)
            case 12: conviction.sentenceCompleteAtEvaluation = try Self.threeValued(&reader)
            case 13: conviction.yearsSinceConviction = try Self.years(&reader)
            case 14: conviction.ageAtConviction = try Self.years(&reader)
            case 15: conviction.ageAtOffense = try Self.years(&reader)
            case 16: conviction.cutoffs = try cutoffs(&reader)
            case 17:
                try reader.readArray { (reader, _) throws(JSONError) in
                    guard let token: CaseToken = try reference(&reader) else {
                        throw reader.fail("a case token is never null")
                    }
                    conviction.caseTokens.append(token)
                }
            case 18: conviction.flags = try Self.flags(&reader)
            case 19: conviction.prop64Candidate = try reader.readBool()
            default: conviction.gogen = try Self.gogenView(&reader)
            }
        }
        return conviction
    }

    // MARK: - Values

    /// A keyed reference of kind `Reference` and of the header's epoch, or nil for `null`.
    func reference<Reference: KeyedReference>(_ reader: inout JSONReader) throws(JSONError) -> Reference? {
        if try reader.readNull() { return nil }
        let at = reader.position
        let reference: Reference = try reader.readReference()
        guard reference.epoch == header.epoch else {
            throw reader.fail("a reference of key epoch \(reference.epoch) in a file of epoch \(header.epoch)", at: at)
        }
        return reference
    }

    /// The cut-offs of a conviction: names the header lists, each `yes` or `unknown` (a `no` is
    /// written by leaving the name out).
    func cutoffs(_ reader: inout JSONReader) throws(JSONError) -> CutoffAnswers {
        var cutoffs = cutoffDefaults
        var seen = 0
        try reader.readObject { (reader, key) throws(JSONError) in
            let at = reader.keyOffset
            let found = key.withBytes { bytes in
                cutoffMembers.firstIndex { member in member.bytes.withUnsafeBufferPointer { bytes.elementsEqual($0) } }
            }
            guard let index = found else { throw reader.fail("a cut-off the header does not list", at: at) }
            guard seen & (1 << index) == 0 else {
                throw reader.fail("a duplicate key (the object names it twice)", at: at)
            }
            seen |= 1 << index
            let valueAt = reader.position
            let answer = try Self.threeValued(&reader)
            guard answer != .no else {
                throw reader.fail("a cut-off that is no is left out, never written", at: valueAt)
            }
            cutoffs.set(cutoffMembers[index].cutoff, onConviction: cutoffMembers[index].onConviction, answer)
        }
        return cutoffs
    }

    /// The charge a record starts from before its fields are read (every field is required, so none
    /// of these values survives a successful read).
    static let emptyCharge = Charge(
        reading: .missing,
        source: .offenseDescription,
        lawCode: nil,
        section: nil,
        subsections: [],
        attempt: false,
        conspiracy: false,
        suspectSection: false
    )

    static func charge(_ reader: inout JSONReader) throws(JSONError) -> Charge {
        var charge = emptyCharge
        var otherAt: Int? = nil
        try reader.readObject(chargeFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: charge.reading = try choice(&reader, readings)
            case 1: charge.source = try choice(&reader, sources)
            case 2: charge.lawCode = try reader.readNull() ? nil : lawCode(&reader)
            case 3: charge.section = try reader.readNull() ? nil : code(&reader)
            case 4:
                try reader.readArray { (reader, _) throws(JSONError) in charge.subsections.append(try code(&reader)) }
            case 5: charge.attempt = try reader.readBool()
            case 6: charge.conspiracy = try reader.readBool()
            case 7: charge.suspectSection = try reader.readBool()
            default:
                let at = reader.position
                try reader.readArray { (reader, _) throws(JSONError) in
                    var other = ChargeSection(lawCode: nil, section: "", subsections: [])
                    try reader.readObject(chargeSectionFields) { (reader, field) throws(JSONError) in
                        switch field {
                        case 0: other.lawCode = try reader.readNull() ? nil : lawCode(&reader)
                        case 1: other.section = try code(&reader)
                        default:
                            try reader.readArray { (reader, _) throws(JSONError) in
                                other.subsections.append(try code(&reader))
                            }
                        }
                    }
                    charge.otherSections.append(other)
                }
                guard !charge.otherSections.isEmpty else {
                    throw reader.fail("a charge of one section leaves otherSections out, never empty", at: at)
                }
                otherAt = at
            }
        }
        if let otherAt, charge.reading != .parsed || charge.section == nil {
            throw reader.fail("only a parsed charge with a section names other sections", at: otherAt)
        }
        return charge
    }

    /// A law code of the vocabulary (``LawCode``: `PC`, `HS`, …).
    static func lawCode(_ reader: inout JSONReader) throws(JSONError) -> LawCode {
        let at = reader.position
        guard let code = LawCode(rawValue: try reader.readString()) else {
            throw reader.fail(
                "not a law code (" + LawCode.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                at: at
            )
        }
        return code
    }

    /// A section or subsection: 1 to 16 letters, digits and dots.
    static func code(_ reader: inout JSONReader) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readString()
        guard (1...16).contains(text.utf8.count),
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || $0 == UInt8(ascii: ".") }
            )
        else {
            throw reader.fail("not a code (1 to 16 upper-case letters, digits and dots)", at: at)
        }
        return text
    }

    static func sentencePart(_ reader: inout JSONReader) throws(JSONError) -> SentencePart {
        var unit = ""
        var length: Int? = nil
        let start = reader.position
        try reader.readObject(partFields) { (reader, field) throws(JSONError) in
            if field == 0 {
                unit = try choice(&reader, units)
            } else if try !reader.readNull() {
                length = try reader.readInt(in: 0...1_000_000)
            }
        }
        guard let part = SentencePart(unit: unit, length: length) else {
            let timed = unit == "D" || unit == "M" || unit == "Y"
            throw reader.fail(
                timed ? "a sentence in \(unit) has a length" : "a sentence of \(unit) has no length",
                at: start
            )
        }
        return part
    }

    static func sentenceEnd(_ reader: inout JSONReader) throws(JSONError) -> SentenceEnd {
        var end = SentenceEnd(lower: nil, upper: nil)
        let start = reader.position
        try reader.readObject(endFields) { (reader, field) throws(JSONError) in
            let date = try reader.readNull() ? nil : day(&reader)
            if field == 0 { end.lower = date } else { end.upper = date }
        }
        if let lower = end.lower, let upper = end.upper, upper < lower {
            throw reader.fail("the lower bound is after the upper one", at: start)
        }
        return end
    }

    static func years(_ reader: inout JSONReader) throws(JSONError) -> CompletedYears? {
        if try reader.readNull() { return nil }
        var low = 0
        var high = 0
        var anniversary = ThreeValued.unknown
        let start = reader.position
        try reader.readObject(yearsFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: low = try reader.readInt(in: -10_000...10_000)
            case 1: high = try reader.readInt(in: -10_000...10_000)
            default: anniversary = try threeValued(&reader)
            }
        }
        guard low <= high else { throw reader.fail("low is more than high", at: start) }
        return CompletedYears(low: low, high: high, onAnniversary: anniversary)
    }

    static func gogenView(_ reader: inout JSONReader) throws(JSONError) -> GogenView {
        var view = GogenView(sections: [], felony: false, la11357AB: false, servingAtEvaluation: false)
        try reader.readObject(gogenFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0:
                try reader.readArray { (reader, _) throws(JSONError) in
                    let at = reader.position
                    let section = try choice(&reader, prop64Sections)
                    guard !view.sections.contains(section) else { throw reader.fail("a section listed twice", at: at) }
                    view.sections.append(section)
                }
            case 1: view.felony = try reader.readBool()
            case 2: view.la11357AB = try reader.readBool()
            case 3: view.servingAtEvaluation = try reader.readBool()
            default: view.zeroDate = try reader.readBool()
            }
        }
        return view
    }

    /// Flag kinds of the vocabulary (``FlagKind``), listed once each, in name order.
    static func flags(_ reader: inout JSONReader) throws(JSONError) -> FlagSet {
        var flags = FlagSet()
        var last = -1
        try reader.readArray { (reader, _) throws(JSONError) in
            let at = reader.position
            let text = try reader.readStringBytes()
            guard
                let kind = flagNames.first(where: { entry in entry.name.withUnsafeBufferPointer { text.equals($0) } })?
                    .kind
            else {
                throw reader.fail("not a flag kind of SealKit's vocabulary (docs/deidentified-format.md)", at: at)
            }
            guard kind.ordinal > last else { throw reader.fail("flags are listed once each, in order", at: at) }
            last = kind.ordinal
            flags.insert(kind)
        }
        return flags
    }

    /// A value of a fixed vocabulary (``PublicVocabulary``): blank, `(other)`, or one of `list`.
    static func vocabulary(_ reader: inout JSONReader, _ list: Set<String>) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readString()
        guard PublicVocabulary.isMapped(text, list) else {
            throw reader.fail("not a value of SealKit's vocabulary for this field (docs/vocabularies.md)", at: at)
        }
        return text
    }

    /// A CNT_ORDER part: a position from 0, or nil for `null`.
    static func position(_ reader: inout JSONReader) throws(JSONError) -> Int? {
        try reader.readNull() ? nil : reader.readInt(in: 0...999_999)
    }

    static func threeValued(_ reader: inout JSONReader) throws(JSONError) -> ThreeValued {
        try choice(&reader, threeValues)
    }

    /// The values of an enumeration with their names' bytes, made once (a value's `rawValue` is a new
    /// string at each use).
    struct Choices<Value: RawRepresentable<String>>: Sendable where Value: Sendable {
        let entries: [(name: [UInt8], value: Value)]
        let list: String

        init(_ values: [Value]) {
            entries = values.map { (Array($0.rawValue.utf8), $0) }
            list = values.map(\.rawValue).joined(separator: ", ")
        }
    }

    /// One of `choices`, named by their raw values.
    static func choice<Value>(_ reader: inout JSONReader, _ choices: Choices<Value>) throws(JSONError) -> Value {
        let at = reader.position
        let text = try reader.readStringBytes()
        for entry in choices.entries where entry.name.withUnsafeBufferPointer({ text.equals($0) }) {
            return entry.value
        }
        throw reader.fail("must be one of \(choices.list)", at: at)
    }

    /// One of `values`.
    static func choice(_ reader: inout JSONReader, _ values: [String]) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readStringBytes()
        for value in values {
            var name = value
            if name.withUTF8({ text.equals($0) }) { return value }
        }
        throw reader.fail("must be one of \(values.joined(separator: ", "))", at: at)
    }

    /// A shifted date: `"YYYY-MM-DD"`, a real day.
    static func day(_ reader: inout JSONReader) throws(JSONError) -> ShiftedDate {
        let at = reader.position
        let text = try reader.readStringBytes()
        guard let date = text.withBytes({ ShiftedDate(bytes: $0) }) else {
            throw reader.fail("not a real calendar date in the form YYYY-MM-DD", at: at)
        }
        return date
    }

    /// A shifted date value: a date, a two-date range whose low end is not after its high end, or
    /// `null` (unknown).
    static func dateValue(_ reader: inout JSONReader) throws(JSONError) -> ShiftedDateValue {
        if try reader.readNull() { return .unknown }
        let at = reader.position
        guard reader.peekArray else { return .exact(try day(&reader)) }
        var ends: [ShiftedDate] = []
        try reader.readArray { (reader, index) throws(JSONError) in
            guard index < 2 else { throw reader.fail("a date range has two ends") }
            ends.append(try day(&reader))
        }
        guard ends.count == 2 else { throw reader.fail("a date range has two ends", at: at) }
        guard ends[0] <= ends[1] else { throw reader.fail("the range's low end is after its high end", at: at) }
        return .range(ends[0], ends[1])
    }
}
