public import Deidentified

/// The decision files (`decisions.jsonl`, `decisions.csv`), written by hand: byte-stable, one line per
/// conviction, keyed by pseudonym and count reference. Each line names the rule set, its version and
/// SHA-256, and the evaluation date.
public struct DecisionFormats: Sendable {
    public let ruleSet: RuleSet
    public let evaluationDate: String

    public init(ruleSet: RuleSet, evaluationDate: String) {
        self.ruleSet = ruleSet
        self.evaluationDate = evaluationDate
    }

    /// The Prop 64 section a report groups a conviction by: the structured section, else the
    /// number gogen's substring test finds, else `unknown`.
    public static func section(of conviction: DeidentifiedConviction) -> String {
        conviction.charge.prop64Section ?? conviction.gogenView.sections.first ?? "unknown"
    }

    /// Appends one JSON line (newline included).
    public func appendJSONLine(
        _ decision: ConvictionDecision,
        conviction: DeidentifiedConviction,
        to bytes: inout [UInt8]
    ) {
        var out = JSONOutput(bytes: bytes)
        bytes = []
        out.beginObject()
        out.key("pseudonym")
        out.reference(decision.pseudonym)
        out.key("reference")
        out.reference(decision.reference)
        out.key("index")
        out.int(decision.index)
        out.key("ruleSet")
        out.string(ruleSet.id)
        out.key("ruleSetVersion")
        out.string(ruleSet.version)
        out.key("ruleSetSHA256")
        out.string(ruleSet.sha256)
        out.key("evaluationDate")
        out.string(evaluationDate)
        out.key("section")
        out.string(Self.section(of: conviction))
        out.key("level")
        out.optionalString(conviction.level?.rawValue)
        out.key("county")
        out.string(conviction.county)
        out.key("decision")
        out.string(decision.decision.rawValue)
        out.key("label")
        out.string(decision.label)
        out.key("reason")
        out.string(decision.reason)
        out.key("reasonCodes")
        out.strings(decision.reasonCodes)
        out.key("authority")
        out.string(decision.authority)
        out.key("gogen")
        out.beginObject()
        out.key("tool")
        out.string(decision.gogen.tool)
        out.key("label")
        out.optionalString(decision.gogen.label)
        out.key("reason")
        out.optionalString(decision.gogen.reason)
        out.endObject()
        out.key("floor")
        out.optionalString(decision.floor?.rawValue)
        out.key("ceiling")
        out.optionalString(decision.ceiling?.rawValue)
        out.key("advisories")
        out.strings(decision.advisories)
        out.key("explanation")
        out.beginObject()
        out.key("guards")
        checks(decision.checks.filter { $0.id.isGuard }, &out)
        out.key("rules")
        checks(decision.checks.filter { !$0.id.isGuard }, &out)
        out.endObject()
        out.endObject()
        out.bytes.append(0x0A)
        bytes = out.bytes
    }

    private func checks(_ checks: [Check], _ out: inout JSONOutput) {
        out.beginArray()
        for check in checks {
            out.beginObject()
            out.key("id")
            out.string(check.id.rawValue)
            out.key("answer")
            out.string(check.answer.rawValue)
            let values = check.values.text
            if !values.isEmpty {
                out.key("values")
                out.string(values)
            }
            out.endObject()
        }
        out.endArray()
    }

    /// The CSV header line.
    public static let csvHeader =
        "pseudonym,count_reference,section,level,county,decision,label,reason,reason_codes,authority,floor,ceiling,"
        + "reference_tool,reference_label,reference_reason,advisories,rule_set,rule_set_version,rule_set_sha256,"
        + "evaluation_date\n"

    /// One CSV line (RFC 4180 quoting, newline included).
    public func csvLine(_ decision: ConvictionDecision, conviction: DeidentifiedConviction) -> String {
        let fields: [String] = [
            decision.pseudonym.description,
            decision.reference?.description ?? "",
            Self.section(of: conviction),
            conviction.level?.rawValue ?? "",
            conviction.county,
            decision.decision.rawValue,
            decision.label,
            decision.reason,
            decision.reasonCodes.joined(separator: ";"),
            decision.authority,
            decision.floor?.rawValue ?? "",
            decision.ceiling?.rawValue ?? "",
            decision.gogen.tool,
            decision.gogen.label ?? "",
            decision.gogen.reason ?? "",
            decision.advisories.joined(separator: ";"),
            ruleSet.id,
            ruleSet.version,
            ruleSet.sha256,
            evaluationDate,
        ]
        return fields.map(Self.csvField).joined(separator: ",") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

extension CheckID {
    /// Whether this check is a guard (reported before the flow's rules).
    public var isGuard: Bool { rawValue.hasPrefix("guard.") }
}
