import SealCore

/// Reads the head of a charge text: `[prefix] section {subsec} [lawcode] [suffix]`
/// (doj-research-file.md, section 5.5).
///
/// ```
/// prefix  = "664" sep | "182" {subsec} sep           attempt / conspiracy
/// sep     = "/" | "-" | "." | " " | ""               "" only for 664 glued to a 5-digit number
/// section = digits ["." digits] [letters]             11357, 148.9, 288A, 653F
/// subsec  = "(" 1*3 alnum ")" | a bare letter or letter+digit right after 11357–11360
/// lawcode = PC HS VC BP WI CC CI EC FA FC FG GC HN IC LC MV PR RT SH UI
/// suffix  = "/664"
/// charge  = [prefix] head {"/" head} [suffix]          484(A)/490.5 PC: a combined charge
/// head    = section {subsec} [lawcode]
/// ```
///
/// A combined charge names up to four sections joined by `/`; a law code written once after a run
/// of them applies to each before it that has none. The 664/182 prefixes and the /664 suffix apply to
/// the whole charge.
///
/// The text is upper-cased and space runs collapsed first. The description starts at the first `-`
/// *after* the head, which keeps `664-11357(B) HS-ATTEMPT…` whole (gogen cuts it at the first `-`
/// and loses the charge). Whole numbers only: `111357 HS` is not 11357 but a suspect section.
package enum OffenseParser {
    /// Parses the charge of a row: OFFENSE_DESCR, or COMMENT_TEXT when the description is blank or
    /// `SEE COMMENT FOR CHARGE`.
    package static func parseCharge(offenseDescription: some Sequence<UInt8>, comment: some Sequence<UInt8>) -> Offense
    {
        let description = normalize(offenseDescription)
        if description.isEmpty || description == seeComment {
            let text = normalize(comment)
            if text.isEmpty { return Offense(reading: .missing, source: .comment) }
            return parseComment(text)
        }
        var offense = parse(normalized: description, source: .offenseDescription)
        if case .unparsed = offense.reading { offense.descriptionText = nil }
        // A bare PC 182 head whose comment names a Prop 64 section is a conspiracy to commit it.
        if let section = offense.section, section.number == "182", !offense.conspiracy {
            let fromComment = parseComment(normalize(comment))
            if fromComment.prop64Section != nil {
                return Offense(
                    reading: fromComment.reading,
                    source: .comment,
                    attempt: fromComment.attempt,
                    conspiracy: true,
                    suspectSection: fromComment.suspectSection
                )
            }
        }
        return offense
    }

    /// Parses a comment: at the start, else after a `CHRG-` or `CHRG ` marker. The comment's own
    /// text is never kept.
    package static func parseComment(_ normalized: [UInt8]) -> Offense {
        var offense = parse(normalized: normalized, source: .comment)
        if case .unparsed = offense.reading {
            let marker = Array("CHRG".utf8)
            var index = 0
            while index + marker.count < normalized.count {
                if Array(normalized[index..<index + marker.count]) == marker {
                    var start = index + marker.count
                    while start < normalized.count
                        && (normalized[start] == UInt8(ascii: "-") || normalized[start] == 0x20)
                    {
                        start += 1
                    }
                    let candidate = parse(normalized: Array(normalized[start...]), source: .comment)
                    if case .parsed = candidate.reading {
                        offense = candidate
                        break
                    }
                }
                index += 1
            }
        }
        offense.descriptionText = nil
        return offense
    }

    /// Upper-cases ASCII, trims, and collapses runs of spaces and tabs to one space.
    package static func normalize(_ text: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in text {
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
        if output == [UInt8(ascii: "-")] { return [] }  // the generator's filler
        return output
    }

    private static let seeComment = Array("SEE COMMENT FOR CHARGE".utf8)
    private static let prop64Numbers: [[UInt8]] = Prop64Section.allCases.map { Array($0.rawValue.utf8) }

    /// Parses normalized text (see ``normalize(_:)``).
    package static func parse(normalized text: [UInt8], source: Offense.Source) -> Offense {
        var cursor = Cursor(text)
        var attempt = false
        var conspiracy = false

        // Prefix: 664 (attempt) or 182 (conspiracy), when a section follows.
        if cursor.startsWith("664") {
            let afterNumber = cursor.index + 3
            if let target = cursor.index(afterSeparatorFrom: afterNumber) {
                cursor.index = target
                attempt = true
            } else if cursor.isGluedProp64(at: afterNumber) {
                cursor.index = afterNumber
                attempt = true
            }
        } else if cursor.startsWith("182") {
            var probe = Cursor(text)
            probe.index = cursor.index + 3
            _ = probe.readSubsections()
            if let target = probe.index(afterSeparatorFrom: probe.index) {
                cursor.index = target
                conspiracy = true
            }
        }

        guard let first = readSection(&cursor) else {
            return Offense(reading: .unparsed, source: source, attempt: attempt, conspiracy: conspiracy)
        }
        var sections = [first.section]
        var suspect = first.suspect
        // Suffix /664, or further sections joined by '/' (484(A)/490.5 PC), each read as the first.
        while true {
            if cursor.consume("/664") {
                attempt = true
                if sections[sections.count - 1].lawCode == nil {
                    sections[sections.count - 1].lawCode = cursor.readLawCode()
                }
                break
            }
            let saved = cursor.index
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "/"), let target = cursor.index(afterSeparatorFrom: cursor.index) else {
                cursor.index = saved
                break
            }
            cursor.index = target
            guard let next = readSection(&cursor), sections.count < maximumSections else {
                return Offense(reading: .unparsed, source: source, attempt: attempt, conspiracy: conspiracy)
            }
            sections.append(next.section)
            suspect = suspect || next.suspect
        }
        // A law code written once after a run of sections applies to each before it that has none
        // (`484(A)/490.5 PC`: both PC).
        var following: LawCode? = nil
        for index in sections.indices.reversed() {
            if let code = sections[index].lawCode { following = code } else { sections[index].lawCode = following }
        }
        // What follows the head: end, a description after '-', or something we cannot read.
        cursor.skipSpaces()
        var descriptionText: String? = nil
        if let next = cursor.peek {
            if next == UInt8(ascii: "-") {
                cursor.index += 1
                cursor.skipSpaces()
                descriptionText = String(decoding: text[cursor.index...], as: UTF8.self)
            } else if next == UInt8(ascii: "/") || (next >= 0x30 && next <= 0x39) {
                // A section joined other than by '/' and a number (11357 11359 HS, 11357//11359):
                // not guessable.
                return Offense(reading: .unparsed, source: source, attempt: attempt, conspiracy: conspiracy)
            } else {
                descriptionText = String(decoding: text[cursor.index...], as: UTF8.self)
            }
        }
        return Offense(
            reading: .parsed(sections[0]),
            source: source,
            attempt: attempt,
            conspiracy: conspiracy,
            suspectSection: suspect,
            descriptionText: descriptionText,
            otherSections: Array(sections.dropFirst())
        )
    }

    /// The most sections one charge may name; a longer run is not a charge SealKit can read.
    static let maximumSections = 4

    /// `section {subsec} [lawcode]` at the cursor, and whether its digit run holds a Prop 64 number
    /// without being one (`111357`).
    private static func readSection(_ cursor: inout Cursor) -> (section: CodeSection, suspect: Bool)? {
        guard let number = cursor.readSectionNumber() else { return nil }
        var section = CodeSection(lawCode: nil, number: number.number, subsections: [])
        let digits = Array(number.digits.utf8)
        let isProp64Number = prop64Numbers.contains(digits)
        // Trailing letters: a law code (11359HS), a bare subsection after a Prop 64 number (11357A,
        // 11357B2), or part of the section (288A).
        if !number.letters.isEmpty {
            let letters = Array(number.letters.utf8)
            if letters.count == 2, let code = LawCode.from(letters[0], letters[1]) {
                section.lawCode = code
            } else if isProp64Number && letters.count == 1 {
                section.subsections.append(number.letters)
                if let digit = cursor.peek, digit >= 0x30 && digit <= 0x39 {
                    section.subsections.append(String(UnicodeScalar(digit)))
                    cursor.index += 1
                }
            } else if isProp64Number && letters.count == 3, let code = LawCode.from(letters[1], letters[2]) {
                section.subsections.append(String(UnicodeScalar(letters[0])))
                section.lawCode = code
            } else {
                section.number += number.letters
            }
        }
        section.subsections += cursor.readSubsections()
        if section.lawCode == nil {
            section.lawCode = cursor.readLawCode()
        }
        let suspect = !isProp64Number && !prop64Numbers.allSatisfy { !contains(digits, $0) }
        return (section, suspect)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            return true
        }
        return false
    }
}

/// A position in normalized charge text.
private struct Cursor {
    let text: [UInt8]
    var index = 0

    init(_ text: [UInt8]) {
        self.text = text
    }

    var peek: UInt8? { index < text.count ? text[index] : nil }

    func isDigit(_ at: Int) -> Bool { at < text.count && text[at] >= 0x30 && text[at] <= 0x39 }
    func isLetter(_ at: Int) -> Bool { at < text.count && text[at] >= 0x41 && text[at] <= 0x5A }

    func startsWith(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        return index + bytes.count <= text.count && Array(text[index..<index + bytes.count]) == bytes
    }

    mutating func consume(_ literal: String) -> Bool {
        let saved = index
        skipSpaces()
        if startsWith(literal) {
            index += literal.utf8.count
            return true
        }
        index = saved
        return false
    }

    mutating func skipSpaces() {
        while index < text.count && text[index] == 0x20 { index += 1 }
    }

    /// After a 664/182 number at `at`: a separator then a digit gives the digit's index.
    func index(afterSeparatorFrom at: Int) -> Int? {
        guard at < text.count else { return nil }
        let separator = text[at]
        guard
            separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".")
                || separator == 0x20
        else { return nil }
        var next = at + 1
        while next < text.count && text[next] == 0x20 { next += 1 }
        return isDigit(next) ? next : nil
    }

    /// `66411357`: 664 glued to exactly five digits that form a Prop 64 number.
    func isGluedProp64(at: Int) -> Bool {
        guard at + 5 <= text.count, !isDigit(at + 5) else { return false }
        let digits = String(decoding: text[at..<at + 5], as: UTF8.self)
        return Prop64Section(rawValue: digits) != nil
    }

    /// digits ["." digits] [letters]
    mutating func readSectionNumber() -> (number: String, digits: String, letters: String)? {
        skipSpaces()
        let start = index
        while isDigit(index) { index += 1 }
        guard index > start else { return nil }
        let digits = String(decoding: text[start..<index], as: UTF8.self)
        var number = digits
        if peek == UInt8(ascii: "."), isDigit(index + 1) {
            let decimalStart = index
            index += 1
            while isDigit(index) { index += 1 }
            number += String(decoding: text[decimalStart..<index], as: UTF8.self)
        }
        let letterStart = index
        while isLetter(index) { index += 1 }
        let letters = String(decoding: text[letterStart..<index], as: UTF8.self)
        return (number, digits, letters)
    }

    /// {"(" 1*3 alnum ")"}
    mutating func readSubsections() -> [String] {
        var result: [String] = []
        while true {
            let saved = index
            skipSpaces()
            guard peek == UInt8(ascii: "(") else {
                index = saved
                return result
            }
            var end = index + 1
            while end < text.count && end - index <= 4 && (isDigit(end) || isLetter(end)) { end += 1 }
            guard end < text.count, text[end] == UInt8(ascii: ")"), end - index - 1 >= 1, end - index - 1 <= 3 else {
                index = saved
                return result
            }
            result.append(String(decoding: text[(index + 1)..<end], as: UTF8.self))
            index = end + 1
        }
    }

    /// An optional law code: two letters from the set, not followed by another letter.
    mutating func readLawCode() -> LawCode? {
        let saved = index
        skipSpaces()
        if isLetter(index), isLetter(index + 1), !isLetter(index + 2),
            let code = LawCode.from(text[index], text[index + 1])
        {
            index += 2
            return code
        }
        index = saved
        return nil
    }
}
