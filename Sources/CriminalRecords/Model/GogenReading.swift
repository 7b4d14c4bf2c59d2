/// How gogen (and gogen_pilots) read a conviction row's raw text (doj-research-file.md, sections 5.5
/// and 5.6): kept only to reproduce their output in SealKit's reference column. No value from the
/// file is kept: section numbers from a fixed set, yes/no answers and a number of hours.
public struct GogenReading: Hashable, Sendable {
    /// The Prop 64 numbers (11357–11360) the code section contains (the source text before its first
    /// `-`, untrimmed), in order of first occurrence. gogen's canonical section is the first.
    public var sections: [String]
    /// CONV_STAT_DESCR is exactly `FELONY`, untrimmed and case-sensitive.
    public var felony: Bool
    /// The code section starts with `11357(A)` or `11357(B)` (gogen_pilots, case-sensitive).
    public var la11357AB: Bool
    /// The sentence in gogen's units: D = 24 h, M = 732 h, Y = 8,784 h; a length Go's `Atoi` cannot
    /// read, or another unit, is 0. On a conviction: every row of the count added.
    public var sentenceHours: Int

    public init(sections: [String], felony: Bool, la11357AB: Bool, sentenceHours: Int) {
        self.sections = sections
        self.felony = felony
        self.la11357AB = la11357AB
        self.sentenceHours = sentenceHours
    }

    /// The four sections gogen looks for (``firstOccurrences(in:)`` knows their digits), as text and
    /// as a one-section list (shared by every reading that finds only that section: no array made per
    /// conviction row).
    private static let numbers: [(name: String, alone: [String])] =
        ["11357", "11358", "11359", "11360"].map { ($0, [$0]) }
    private static let prefixA = Array("11357(A)".utf8)
    private static let prefixB = Array("11357(B)".utf8)

    /// Reads the raw fields of one row.
    public static func read(
        source: ArraySlice<UInt8>,
        status: ArraySlice<UInt8>,
        length: ArraySlice<UInt8>,
        unit: ArraySlice<UInt8>
    ) -> GogenReading {
        let head = source.prefix { $0 != UInt8(ascii: "-") }
        let positions = firstOccurrences(in: head)
        // The first section found is kept aside; a list is made only when a second one turns up.
        var first: (index: Int, position: Int)? = nil
        var found: [(position: Int, section: String)] = []
        for (index, number) in numbers.enumerated() {
            guard let position = positions.of(Prop64Section.allCases[index]) else { continue }
            if let first {
                if found.isEmpty { found.append((first.position, numbers[first.index].name)) }
                found.append((position, number.name))
            } else {
                first = (index, position)
            }
        }
        let sections: [String]
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
            felony: status.elementsEqual("FELONY".utf8),
            la11357AB: head.starts(with: prefixA) || head.starts(with: prefixB),
            sentenceHours: hours == 0 ? 0 : goAtoi(length) * hours
        )
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
