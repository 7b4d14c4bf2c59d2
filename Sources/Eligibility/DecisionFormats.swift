package import Deidentified
package import SealCore

/// The decision files (`decisions.jsonl`, `decisions.csv`), written by hand: byte-stable, one line per
/// conviction, keyed by pseudonym and count reference. Each line names the rule set, its version and
/// SHA-256, and the evaluation date.
package struct DecisionFormats: Sendable {
    package let ruleSet: RuleSet
    package let evaluationDate: CalendarDate

    /// The members every JSON line shares (rule set, version, SHA-256, evaluation date), rendered once.
    private let sharedMembers: [UInt8]
    /// The fields every CSV line ends with (the same four), rendered once.
    private let sharedFields: [UInt8]

    package init(ruleSet: RuleSet, evaluationDate: CalendarDate) {
        self.ruleSet = ruleSet
        self.evaluationDate = evaluationDate
        sharedMembers = Self.ruleSetMembers(ruleSet, evaluationDate: evaluationDate)
        var line = CSVLine(bytes: [])
        line.field(ruleSet.id)
        line.field(ruleSet.version)
        line.field(ruleSet.sha256)
        line.field(evaluationDate.description)
        sharedFields = line.bytes
    }

    /// The JSON members that name the rule set and the evaluation date (`"ruleSet":…,"ruleSetVersion":…,
    /// "ruleSetSHA256":…,"evaluationDate":…`), for ``JSONOutput/members(_:)``: every decision line and
    /// the county report carry them.
    package static func ruleSetMembers(_ ruleSet: RuleSet, evaluationDate: CalendarDate) -> [UInt8] {
        var out = JSONOutput()
        out.beginObject()
        out.key("ruleSet")
        out.string(ruleSet.id)
        out.key("ruleSetVersion")
        out.string(ruleSet.version)
        out.key("ruleSetSHA256")
        out.string(ruleSet.sha256)
        out.key("evaluationDate")
        out.string(evaluationDate.description)
        out.endObject()
        return Array(out.bytes.dropFirst().dropLast())
    }

    /// The Prop 64 section a report groups a conviction by: the structured section, else the
    /// number gogen's substring test finds, else `unknown`.
    package static func section(of conviction: DeidentifiedConviction) -> String {
        withUnsafePointer(to: conviction) { section(of: $0) }
    }

    /// ``section(of:)-(DeidentifiedConviction)`` of the conviction at `conviction`, read in place (a
    /// conviction or its charge passed by value retains and releases every string it holds).
    static func section(of conviction: UnsafePointer<DeidentifiedConviction>) -> String {
        // The carried view, or the derived one, whose only section is the structured one.
        (conviction.pointee.charge.prop64Section ?? conviction.pointee.gogen?.sections.first)?.text ?? "unknown"
    }

    /// Writes the JSON line and the CSV line of each of `decided` (the decisions of `subject`), in
    /// order, into `json` and `csv`, which are emptied before each decision and handed to `emit`.
    ///
    /// Decisions and convictions are read in place: a copy of either retains and releases every string
    /// and array it holds, twice a decision. `sealkit run` on the 1M-row generated file took 2.89 s
    /// (3.92 CPU-seconds) with copies here and 2.82 s (3.78) read in place: medians of five
    /// alternated runs on 2 cores.
    package func writeLines<Failure: Error>(
        _ decided: [ConvictionDecision],
        of subject: DeidentifiedSubject,
        json: inout JSONOutput,
        csv: inout [UInt8],
        emit: (inout JSONOutput, inout [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        try subject.convictions.withUnsafeBufferPointer { (convictions) throws(Failure) in
            try decided.withUnsafeBufferPointer { (all) throws(Failure) in
                for index in all.indices {
                    let decision = all.baseAddress! + index
                    let conviction = convictions.baseAddress! + decision.pointee.index
                    json.removeAll()
                    writeJSONLine(decision, conviction: conviction, to: &json)
                    csv.removeAll(keepingCapacity: true)
                    appendCSVLine(decision, conviction: conviction, to: &csv)
                    try emit(&json, &csv)
                }
            }
        }
    }

    /// One JSON line (newline included) of a decision and its conviction, read in place.
    private func writeJSONLine(
        _ decision: UnsafePointer<ConvictionDecision>,
        conviction: UnsafePointer<DeidentifiedConviction>,
        to out: inout JSONOutput
    ) {
        out.beginObject()
        out.key("pseudonym")
        out.reference(decision.pointee.pseudonym)
        out.key("reference")
        out.reference(decision.pointee.reference)
        out.key("index")
        out.int(decision.pointee.index)
        out.members(sharedMembers)
        out.key("section")
        out.string(Self.section(of: conviction))
        out.key("level")
        out.optionalString(conviction.pointee.level?.rawValue)
        out.key("county")
        out.string(conviction.pointee.county)
        out.key("decision")
        out.string(decision.pointee.decision.rawValue)
        out.key("label")
        out.string(decision.pointee.label)
        out.key("reason")
        out.string(decision.pointee.reason)
        out.key("reasonCodes")
        out.beginArray()
        for code in decision.pointee.reasonCodes { out.string(code.name) }
        out.endArray()
        out.key("authority")
        out.string(decision.pointee.authority)
        out.key("gogen")
        out.beginObject()
        out.key("tool")
        out.string(decision.pointee.gogen.tool)
        out.key("label")
        out.optionalString(decision.pointee.gogen.label)
        out.key("reason")
        out.optionalString(decision.pointee.gogen.reason)
        out.endObject()
        out.key("floor")
        out.optionalString(decision.pointee.floor?.rawValue)
        out.key("ceiling")
        out.optionalString(decision.pointee.ceiling?.rawValue)
        out.key("advisories")
        out.strings(decision.pointee.advisories)
        out.key("explanation")
        out.beginObject()
        out.key("guards")
        checks(decision.pointee.checks, guards: true, &out)
        out.key("rules")
        checks(decision.pointee.checks, guards: false, &out)
        out.endObject()
        out.endObject()
        out.raw(0x0A)
    }

    private func checks(_ checks: [Check], guards: Bool, _ out: inout JSONOutput) {
        out.beginArray()
        for check in checks where check.id.isGuard == guards {
            out.beginObject()
            out.key("id")
            out.string(check.id.rawValue)
            out.key("answer")
            out.literal(check.answer.text)
            if check.values.hasText {
                out.key("values")
                out.beginString()
                check.values.write(to: &out)
                out.endString()
            }
            out.endObject()
        }
        out.endArray()
    }

    /// The CSV header line.
    package static let csvHeader =
        "pseudonym,count_reference,section,level,county,decision,label,reason,reason_codes,authority,floor,ceiling,"
        + "reference_tool,reference_label,reference_reason,advisories,rule_set,rule_set_version,rule_set_sha256,"
        + "evaluation_date\n"

    /// One CSV line (RFC 4180 quoting, newline included) of a decision and its conviction, read in
    /// place, appended byte by byte.
    private func appendCSVLine(
        _ decision: UnsafePointer<ConvictionDecision>,
        conviction: UnsafePointer<DeidentifiedConviction>,
        to bytes: inout [UInt8]
    ) {
        var line = CSVLine(bytes: bytes)
        bytes = []
        line.reference(decision.pointee.pseudonym)
        if let reference = decision.pointee.reference { line.reference(reference) } else { line.field("") }
        line.field(Self.section(of: conviction))
        line.field(conviction.pointee.level?.rawValue ?? "")
        line.field(conviction.pointee.county)
        line.field(decision.pointee.decision.rawValue)
        line.field(decision.pointee.label)
        line.field(decision.pointee.reason)
        line.list(decision.pointee.reasonCodes)
        line.field(decision.pointee.authority)
        line.field(decision.pointee.floor?.rawValue ?? "")
        line.field(decision.pointee.ceiling?.rawValue ?? "")
        line.field(decision.pointee.gogen.tool)
        line.field(decision.pointee.gogen.label ?? "")
        line.field(decision.pointee.gogen.reason ?? "")
        line.list(decision.pointee.advisories)
        line.rendered(sharedFields)
        line.bytes.append(0x0A)
        bytes = line.bytes
    }
}

/// A CSV line being written: fields separated by commas, each quoted (RFC 4180) only when it holds a
/// comma, a quote or a line break, or would start a formula (then with a `'` first).
package struct CSVLine {
    package var bytes: [UInt8]
    private var first = true

    package init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    package mutating func field(_ text: String) {
        separate()
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var copy = text
            copy.withUTF8 { append($0) }
        }
    }

    /// Fields rendered ahead by another `CSVLine`, placed as they are.
    mutating func rendered(_ fields: [UInt8]) {
        separate()
        bytes.append(contentsOf: fields)
    }

    /// Items joined by `;` in one field.
    mutating func list(_ items: [String]) {
        field(items.count == 1 ? items[0] : items.joined(separator: ";"))
    }

    /// Reason codes, by name, `;`-separated.
    mutating func list(_ codes: [ReasonCode]) {
        field(codes.count == 1 ? codes[0].name : codes.map(\.name).joined(separator: ";"))
    }

    /// A keyed reference (`<kind>.e<epoch>.<hex>`: nothing to quote).
    package mutating func reference<Reference: KeyedReference>(_ value: Reference) {
        separate()
        // Each part copied as a block (appending a String's UTF-8 view went byte by byte).
        var kind = Reference.kind
        kind.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "e"))
        appendDigits(UInt(value.epoch))
        bytes.append(UInt8(ascii: "."))
        value.digest.withHexDigits { bytes.append(contentsOf: $0) }
    }

    /// The decimal digits of a number (an epoch, never negative: `UInt(_:)` stops a negative one).
    private mutating func appendDigits(_ value: UInt) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// Whether a spreadsheet would take a field starting with `byte` for a formula (`=`, `+`, `-`,
    /// `@`, a tab or a CR: OWASP's list for CSV injection).
    package static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    /// Appends a field, quoted when it holds a comma, a quote or a line break. A field that would
    /// start a formula (a county value of the DOJ file can hold anything, and this file is for
    /// spreadsheets) is written quoted with a `'` before it, as OWASP advises: a spreadsheet shows it
    /// as text and runs nothing.
    private mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        let formula = utf8.first.map(Self.startsFormula) ?? false
        guard formula || ByteSearch.needsCSVQuotes(utf8) else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        if formula { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension CheckID {
    /// Whether this check is a guard (reported before the flow's rules).
    package var isGuard: Bool {
        switch self {
        case .reviewFlags, .ciiShared, .postAUMAConviction, .conspiracy, .priorSuperstrike, .priorPC290,
            .registrationUnmatched, .twoPriors:
            true
        default: false
        }
    }
}
