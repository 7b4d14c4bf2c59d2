package import SealCore

/// How gogen (and gogen_pilots) read a conviction row's raw text (doj-research-file.md, sections 5.5
/// and 5.6): kept only to reproduce their output in SealKit's reference column. No value from the
/// file is kept: section numbers from a fixed set, yes/no answers and a number of hours.
package struct GogenReading: Hashable, Sendable {
    /// The Prop 64 numbers (11357–11360) the code section contains (the source text before its first
    /// `-`, untrimmed), in order of first occurrence. gogen's canonical section is the first.
    package var sections: [Prop64Section]
    /// gogen's felony test, on the raw bytes: CONV_STAT_DESCR is exactly `FELONY` (untrimmed,
    /// case-sensitive), or it is exactly empty and OFFENSE_TOC is exactly `F`.
    package var felony: Bool
    /// The code section starts with `11357(A)` or `11357(B)` (gogen_pilots, case-sensitive).
    package var la11357AB: Bool
    /// The sentence in gogen's units: D = 24 h, M = 732 h, Y = 8,784 h; a length Go's `Atoi` cannot
    /// read, or another unit, is 0. On a conviction: every row of the count added.
    package var sentenceHours: Int
    /// STP_EVENT_DATE is not a date Go reads (``goParsesDate(_:)``): gogen's conviction date is then its
    /// zero date, 0001-01-01, where SealKit may read DISP_DATE (flagged) or a written form it knows.
    package var zeroDate: Bool

    package init(sections: [Prop64Section], felony: Bool, la11357AB: Bool, sentenceHours: Int, zeroDate: Bool = false) {
        self.sections = sections
        self.felony = felony
        self.la11357AB = la11357AB
        self.sentenceHours = sentenceHours
        self.zeroDate = zeroDate
    }

    /// The four sections gogen looks for (``firstOccurrences(in:)`` knows their digits), each with a
    /// one-section list (shared by every reading that finds only that section: no array made per
    /// conviction row).
    private static let numbers: [(section: Prop64Section, alone: [Prop64Section])] =
        Prop64Section.allCases.map { ($0, [$0]) }
    private static let prefixA = Array("11357(A)".utf8)
    private static let prefixB = Array("11357(B)".utf8)

    /// Reads the raw fields of one row.
    package static func read(
        source: ArraySlice<UInt8>,
        status: ArraySlice<UInt8>,
        typeOfCharge: ArraySlice<UInt8>,
        length: ArraySlice<UInt8>,
        unit: ArraySlice<UInt8>,
        eventDate: ArraySlice<UInt8>
    ) -> GogenReading {
        let head = source.prefix { $0 != UInt8(ascii: "-") }
        let positions = firstOccurrences(in: head)
        // The first section found is kept aside; a list is made only when a second one turns up.
        var first: (index: Int, position: Int)? = nil
        var found: [(position: Int, section: Prop64Section)] = []
        for (index, number) in numbers.enumerated() {
            guard let position = positions.of(number.section) else { continue }
            if let first {
                if found.isEmpty { found.append((first.position, numbers[first.index].section)) }
                found.append((position, number.section))
            } else {
                first = (index, position)
            }
        }
        let sections: [Prop64Section]
        if !found.isEmpty {
            found.sort { $0.position < $1.position }
            sections = found.map(\.section)
        } else {
            sections = first.map { numbers[$0.index].alone } ?? []
        }
        let hours: Int
        switch unit.count == 1 ? unit.first : nil {
        case UInt8(ascii: "D"): hours = 24
        case UInt8(ascii: "M"): hours = 732
        case UInt8(ascii: "Y"): hours = 8784
        default: hours = 0
        }
        return GogenReading(
            sections: sections,
            felony: status.elementsEqual("FELONY".utf8)
                || (status.isEmpty && typeOfCharge.count == 1 && typeOfCharge.first == UInt8(ascii: "F")),
            la11357AB: head.starts(with: prefixA) || head.starts(with: prefixB),
            sentenceHours: hours == 0 ? 0 : goAtoi(length) * hours,
            zeroDate: !goParsesDate(eventDate)
        )
    }

    /// Whether gogen takes the charge from COMMENT_TEXT: OFFENSE_DESCR with Go's `strings.TrimSpace`
    /// (ASCII white space; a description holding other Unicode spaces is rare and read as text) is
    /// empty or exactly `SEE COMMENT FOR CHARGE` (case-sensitive, inner spaces as written). SealKit's
    /// own reading also upper-cases and collapses spaces first.
    package static func chargeFromComment(_ description: ArraySlice<UInt8>) -> Bool {
        let trimmed = goTrimSpace(description)
        return trimmed.isEmpty || trimmed.elementsEqual(seeComment)
    }
    private static let seeComment = Array("SEE COMMENT FOR CHARGE".utf8)

    /// Go's `strings.TrimSpace` on ASCII: tab, newline, vertical tab, form feed, carriage return and
    /// space are cut from both ends.
    static func goTrimSpace(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var start = text.startIndex
        var end = text.endIndex
        while start < end && isSpace(text[start]) { start += 1 }
        while end > start && isSpace(text[end - 1]) { end -= 1 }
        return text[start..<end]
    }

    /// Whether Go's `time.Parse("20060102", text)` reads `text` (gogen's dates): exactly eight ASCII
    /// digits naming a real calendar day (month 01–12, the day within that month, 29 February only
    /// in a leap year). A date it cannot read becomes gogen's zero date, 0001-01-01.
    package static func goParsesDate(_ text: ArraySlice<UInt8>) -> Bool {
        // Read in place: called for every conviction row, it made an array of the digits each time.
        guard text.count == 8, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        func number(_ from: Int, _ count: Int) -> Int {
            var value = 0
            for index in text.startIndex + from..<text.startIndex + from + count {
                value = value * 10 + Int(text[index] - 0x30)
            }
            return value
        }
        let year = number(0, 4)
        let month = number(4, 2)
        let day = number(6, 2)
        guard month >= 1 && month <= 12, day >= 1 else { return false }
        return day <= CalendarDate.daysIn(month: month, year: year)
    }

    /// Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else; 0 on any error.
    static func goAtoi(_ text: ArraySlice<UInt8>) -> Int {
        var digits = text[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return 0 }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return negative ? -value : value
    }

    /// Where each of 11357, 11358, 11359 and 11360 first occurs in `haystack` (offsets from its
    /// start), in one pass (``Prop64Section/init(digits:at:)`` at each offset; a search for each,
    /// byte by byte, cost some 1,500 instructions a conviction row).
    static func firstOccurrences(in haystack: ArraySlice<UInt8>) -> FirstOccurrences {
        var positions = FirstOccurrences()
        haystack.withUnsafeBufferPointer { bytes in
            guard bytes.count >= 5 else { return }
            for index in 0...(bytes.count - 5) {
                if let section = Prop64Section(digits: bytes, at: index) { positions.note(section, at: index) }
            }
        }
        return positions
    }

    /// The first offset of each of the four sections, nil when absent: four values in place (an
    /// array would be an allocation for each conviction row).
    struct FirstOccurrences {
        private var positions: (Int?, Int?, Int?, Int?) = (nil, nil, nil, nil)

        func of(_ section: Prop64Section) -> Int? {
            switch section {
            case .hs11357: positions.0
            case .hs11358: positions.1
            case .hs11359: positions.2
            case .hs11360: positions.3
            }
        }

        /// Keeps the first offset noted for a section.
        mutating func note(_ section: Prop64Section, at offset: Int) {
            guard of(section) == nil else { return }
            switch section {
            case .hs11357: positions.0 = offset
            case .hs11358: positions.1 = offset
            case .hs11359: positions.2 = offset
            case .hs11360: positions.3 = offset
            }
        }
    }
}

/// How gogen (and gogen_pilots) read a subject's raw rows where SealKit reads the same facts
/// differently (doj-research-file.md, sections 4.1, 5.7 and 5.8), kept only for the reference column.
package struct GogenSubjectReading: Hashable, Sendable {
    /// Some row's STP_TYPE_DESCR is exactly `DECEASED` (untrimmed, case-sensitive); SealKit trims and
    /// upper-cases it.
    package var deceased: Bool
    /// The subject's *first* row's PRI_DOB is not a date Go reads (``GogenReading/goParsesDate(_:)``):
    /// gogen then uses its zero date for every rule of the subject, where SealKit takes the first valid
    /// date of any row.
    package var zeroBirthDate: Bool
    /// Some row is a PC 290 registration to gogen: STP_TYPE_DESCR exactly `REGISTRATION` and
    /// OFFENSE_DESCR starting with `290`, both untrimmed.
    package var pc290Registration: Bool

    package init(deceased: Bool, zeroBirthDate: Bool, pc290Registration: Bool) {
        self.deceased = deceased
        self.zeroBirthDate = zeroBirthDate
        self.pc290Registration = pc290Registration
    }

    private static let deceasedText = Array("DECEASED".utf8)
    private static let registrationText = Array("REGISTRATION".utf8)
    private static let pc290Prefix = Array("290".utf8)

    /// Reads the raw rows of one subject, in file order.
    package static func read(_ rows: SubjectRows) -> GogenSubjectReading {
        var reading = GogenSubjectReading(
            deceased: false,
            zeroBirthDate: rows.rowCount == 0 || !GogenReading.goParsesDate(rows.field(0, .priDob)),
            pc290Registration: false
        )
        for row in 0..<rows.rowCount {
            let type = rows.field(row, .stpTypeDescr)
            if type.elementsEqual(deceasedText) { reading.deceased = true }
            if type.elementsEqual(registrationText) && rows.field(row, .offenseDescr).starts(with: pc290Prefix) {
                reading.pc290Registration = true
            }
        }
        return reading
    }
}
