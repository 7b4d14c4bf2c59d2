package import Deidentified
package import SealCore

/// One line of `decisions.jsonl` read back: what the later stages (the review list, sealing, the
/// audit) need of a decision. The reader is strict: every key the writer puts (``DecisionFormats``),
/// in its order, none twice, no other; each value in its domain (a pseudonym, a count reference or
/// `null`, a decision of the vocabulary, reason codes by name). The explanation, the reference tool's
/// view and the advisories are checked as strict JSON and not kept.
package struct DecisionLine: Hashable, Sendable {
    /// The subject's pseudonym.
    package var pseudonym: SubjectPseudonym
    /// The count's reference; nil for a conviction without a count order (it can never be sealed).
    package var reference: CountReference?
    /// The conviction's index among the subject's convictions.
    package var index: Int
    /// The rule set's id, version and SHA-256.
    package var ruleSetID: String
    /// (Its version.)
    package var ruleSetVersion: String
    /// (Its SHA-256, hex.)
    package var ruleSetSHA256: String
    /// The evaluation date.
    package var evaluationDate: CalendarDate
    /// The Prop 64 section the report groups it by (`11357`…`11360`, or `unknown`).
    package var section: String
    /// `felony`, `misdemeanor`, `infraction`, or nil when it cannot be told.
    package var level: String?
    /// The conviction's county.
    package var county: String
    /// The decision.
    package var decision: Decision
    /// The decision's label and reason, as the writer worded them.
    package var label: String
    /// (The reason.)
    package var reason: String
    /// The reason codes, primary first.
    package var reasonCodes: [ReasonCode]
    /// The statute or policy the decision rests on.
    package var authority: String
    /// The least and the most relief the rule set allows the conviction (``Remedy`` names), nil when
    /// it gives none.
    package var floor: String?
    /// (The most.)
    package var ceiling: String?

    private static let fields = JSONFields([
        "pseudonym", "reference", "index", "ruleSet", "ruleSetVersion", "ruleSetSHA256", "evaluationDate", "section",
        "level", "county", "decision", "label", "reason", "reasonCodes", "authority", "gogen", "floor", "ceiling",
        "advisories", "explanation",
    ])

    /// Reads one line (without its newline).
    ///
    /// - Throws: ``JSONError`` with the column and key of the first problem (the line is the caller's).
    package static func parse(_ line: UnsafeRawBufferPointer) throws(JSONError) -> DecisionLine {
        try JSONReader.read(line) { (reader) throws(JSONError) in
            var pseudonym: SubjectPseudonym? = nil
            var reference: CountReference? = nil
            var index = 0
            var ruleSet = ("", "", "")
            var evaluationDate: CalendarDate? = nil
            var section = ""
            var level: String? = nil
            var county = ""
            var decision = Decision.needsReview
            var label = ""
            var reason = ""
            var codes: [ReasonCode] = []
            var authority = ""
            var floor: String? = nil
            var ceiling: String? = nil
            try reader.readObject(fields) { (reader, field) throws(JSONError) in
                switch field {
                case 0: pseudonym = try reader.readReference() as SubjectPseudonym
                case 1: reference = try reader.readNull() ? nil : try reader.readReference() as CountReference
                case 2: index = try reader.readInt(in: 0...Int(Int32.max))
                case 3: ruleSet.0 = try reader.readString()
                case 4: ruleSet.1 = try reader.readString()
                case 5: ruleSet.2 = try Self.hex(&reader)
                case 6:
                    let at = reader.position
                    guard let date = CalendarDate(iso: try reader.readString()) else {
                        throw reader.fail("not a real calendar date in the form YYYY-MM-DD", at: at)
                    }
                    evaluationDate = date
                case 7: section = try reader.readString()
                case 8: level = try reader.readNull() ? nil : try reader.readString()
                case 9: county = try reader.readString()
                case 10:
                    let at = reader.position
                    guard let value = Decision(rawValue: try reader.readString()) else {
                        throw reader.fail("not a decision of SealKit's vocabulary", at: at)
                    }
                    decision = value
                case 11: label = try reader.readString()
                case 12: reason = try reader.readString()
                case 13:
                    try reader.readArray { (reader, _) throws(JSONError) in
                        let at = reader.position
                        guard let code = ReasonCode(name: try reader.readString()) else {
                            throw reader.fail("not a reason code of SealKit's vocabulary", at: at)
                        }
                        codes.append(code)
                    }
                case 14: authority = try reader.readString()
                case 16: floor = try reader.readNull() ? nil : try reader.readString()
                case 17: ceiling = try reader.readNull() ? nil : try reader.readString()
                default: try reader.skipValue()
                }
            }
            // Every field is required, so the pseudonym and the date were read.
            return DecisionLine(
                pseudonym: pseudonym!,
                reference: reference,
                index: index,
                ruleSetID: ruleSet.0,
                ruleSetVersion: ruleSet.1,
                ruleSetSHA256: ruleSet.2,
                evaluationDate: evaluationDate!,
                section: section,
                level: level,
                county: county,
                decision: decision,
                label: label,
                reason: reason,
                reasonCodes: codes,
                authority: authority,
                floor: floor,
                ceiling: ceiling
            )
        }
    }

    private static func hex(_ reader: inout JSONReader) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readString()
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw reader.fail("not 64 lower-case hex digits", at: at) }
        return text
    }
}

/// One row of `decisions.csv` read back: what `sealkit seal` needs of a decision (the CSV is a third of
/// the JSON Lines' size, and carries every field sealing uses). The row must have the writer's twenty
/// fields, a pseudonym and a count reference (or none), a decision and reason codes of the vocabulary,
/// and name `expected`'s rule set and evaluation date.
package struct DecisionRow: Sendable {
    /// The subject's pseudonym.
    package var pseudonym: SubjectPseudonym
    /// The count's reference; nil for a conviction without a count order.
    package var reference: CountReference?
    /// The decision.
    package var decision: Decision
    /// The reason codes, primary first.
    package var reasonCodes: [ReasonCode]
    /// The statute or policy the decision rests on.
    package var authority: String

    /// The fields of a row, in the writer's order (``DecisionFormats/csvHeader``).
    package static let fieldCount = 20

    /// What a row must name: the rule set's id, version and SHA-256 and the evaluation date, as the
    /// CSV writes them.
    package struct Expected: Sendable {
        let fields: [[UInt8]]

        package init(ruleSetID: String, ruleSetVersion: String, ruleSetSHA256: String, evaluationDate: CalendarDate) {
            fields = [ruleSetID, ruleSetVersion, ruleSetSHA256, evaluationDate.description].map { Array($0.utf8) }
        }
    }

    /// Reads a row from its fields (`field(i)` lends field `i`'s bytes); nil with the number (0-based)
    /// and the problem of the first field out of its domain.
    /// What the last row held, reused when the next holds the same bytes (most rows repeat their
    /// neighbours' reason codes and authority): no string or array is made for them.
    package struct Repeats: Sendable {
        var codeBytes: [UInt8] = [0xFF]
        var codes: [ReasonCode] = []
        var authorityBytes: [UInt8] = [0xFF]
        var authority = ""

        package init() {}
    }

    package static func parse(
        _ field: (Int) -> ArraySlice<UInt8>,
        expected: Expected,
        repeats: inout Repeats
    ) -> Result<DecisionRow, RowProblem> {
        for (offset, value) in expected.fields.enumerated() where !field(16 + offset).elementsEqual(value) {
            return .failure(
                RowProblem(field: 16 + offset, problem: "another rule set or evaluation date than the run's")
            )
        }
        guard let pseudonym = field(0).withUnsafeBufferPointer({ SubjectPseudonym(bytes: $0) }) else {
            return .failure(RowProblem(field: 0, problem: "not a subject pseudonym"))
        }
        let referenceBytes = field(1)
        var reference: CountReference? = nil
        if !referenceBytes.isEmpty {
            guard let parsed = referenceBytes.withUnsafeBufferPointer({ CountReference(bytes: $0) }) else {
                return .failure(RowProblem(field: 1, problem: "not a count reference"))
            }
            reference = parsed
        }
        let decisionBytes = field(5)
        guard let decision = Decision.allCases.first(where: { decisionBytes.elementsEqual($0.rawValue.utf8) }) else {
            return .failure(RowProblem(field: 5, problem: "not a decision of SealKit's vocabulary"))
        }
        let codeBytes = field(8)
        if !codeBytes.elementsEqual(repeats.codeBytes) {
            var codes: [ReasonCode] = []
            for name in codeBytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
                guard let code = ReasonCode(name: String(decoding: name, as: UTF8.self)) else {
                    return .failure(RowProblem(field: 8, problem: "not reason codes of SealKit's vocabulary"))
                }
                codes.append(code)
            }
            repeats.codeBytes = Array(codeBytes)
            repeats.codes = codes
        }
        // The writer quotes a field that would start a formula with a `'` before it; the authority is
        // the one field of a row that can (a rule file's text). Most rows repeat the last one.
        var authority = field(9)
        if authority.count >= 2, authority.first == UInt8(ascii: "'"),
            CSVLine.startsFormula(authority[authority.startIndex + 1])
        {
            authority = authority.dropFirst()
        }
        if !authority.elementsEqual(repeats.authorityBytes) {
            repeats.authorityBytes = Array(authority)
            repeats.authority = String(decoding: authority, as: UTF8.self)
        }
        return .success(
            DecisionRow(
                pseudonym: pseudonym,
                reference: reference,
                decision: decision,
                reasonCodes: repeats.codes,
                authority: repeats.authority
            )
        )
    }

    /// Why a row was refused: the field (0-based) and the problem.
    package struct RowProblem: Error, Sendable {
        package let field: Int
        package let problem: String
    }
}
