import Deidentified
package import Eligibility
package import SealCore

/// `summary.json` and the self-contained `summary.html` (inline SVG, no network, no script): the
/// county report with small counts suppressed (prop64-rules.md, Part A.7; issue 5).
package struct ReportFiles: Sendable {
    package let ruleSet: RuleSet
    package let evaluationDate: CalendarDate
    package let county: String?
    package let inputSHA256: String

    package init(ruleSet: RuleSet, evaluationDate: CalendarDate, county: String?, inputSHA256: String) {
        self.ruleSet = ruleSet
        self.evaluationDate = evaluationDate
        self.county = county
        self.inputSHA256 = inputSHA256
    }

    static let note =
        "Counts of 1 to 10 are suppressed, with further cells suppressed so that none can be worked out from "
        + "totals. Percentages are of each row's total and add up to 100.0 with the suppressed share. Decades are "
        + "counted back from the evaluation date: de-identified records hold no true conviction years."

    /// `summary.json`; `warnings` (about the input, ``CountyScope/warnings``) follow the rule set's.
    package func json(_ report: CountyReport, warnings: [String] = []) -> [UInt8] {
        var out = JSONOutput()
        out.beginObject()
        out.key("format")
        out.string("sealkit-county-report")
        out.key("version")
        out.int(1)
        out.members(DecisionFormats.ruleSetMembers(ruleSet, evaluationDate: evaluationDate))
        out.key("county")
        out.optionalString(county)
        out.key("inputSHA256")
        out.string(inputSHA256)
        out.key("suppression")
        out.string(Self.note)
        out.key("convictions")
        out.optionalInt(CountyReport.isShown(report.convictions))
        out.key("people")
        out.beginObject()
        for figure in report.peopleFigures() {
            out.dynamicKey(figure.id)
            out.optionalInt(figure.value)
        }
        out.endObject()
        out.key("peopleNote")
        out.string(Self.peopleNote)
        out.key("tables")
        Self.write(report.tables(), to: &out)
        out.key("reference")
        if let tool = report.reference.tool {
            out.beginObject()
            out.key("tool")
            out.string(tool)
            out.key("note")
            out.string(Self.referenceNote)
            out.key("figures")
            out.beginObject()
            for figure in report.reference.figures() {
                out.dynamicKey(figure.id)
                out.optionalInt(figure.value)
            }
            out.endObject()
            out.key("tables")
            Self.write(report.reference.tables(), to: &out)
            out.endObject()
        } else {
            out.null()
        }
        out.key("checks")
        out.beginObject()
        for check in CheckID.allCases {
            out.dynamicKey(check.rawValue)
            out.string(check.question)
        }
        out.endObject()
        out.key("warnings")
        out.strings(ruleSet.warnings + warnings)
        out.endObject()
        out.raw(0x0A)
        return out.bytes
    }

    /// The tables as a JSON array: each row's counts, total and percentages, suppressed.
    static func write(_ tables: [ReportTable], to out: inout JSONOutput) {
        out.beginArray()
        for table in tables {
            out.beginObject()
            out.key("id")
            out.string(table.id)
            out.key("title")
            out.string(table.title)
            out.key("columns")
            out.strings(table.columnLabels)
            out.key("rows")
            out.beginArray()
            for row in 0...table.rowLabels.count {
                out.beginObject()
                out.key("label")
                out.string(row < table.rowLabels.count ? table.rowLabels[row] : "total")
                out.key("counts")
                out.beginArray()
                for column in 0..<table.columnLabels.count { out.optionalInt(table.shown(row: row, column: column)) }
                out.endArray()
                out.key("total")
                out.optionalInt(table.shown(row: row, column: table.columnLabels.count))
                if let shares = table.percentages(row: row) {
                    out.key("percentages")
                    out.beginArray()
                    for share in shares.cells { out.optionalString(share.map(Self.percent)) }
                    out.endArray()
                    out.key("suppressedPercentage")
                    out.string(Self.percent(shares.suppressedShare))
                }
                out.endObject()
            }
            out.endArray()
            out.endObject()
        }
        out.endArray()
    }

    /// What the reference figures are (``ReferenceSummary``).
    static let referenceNote =
        "The summary figures the reference tool printed for a run (gogen.json), reproduced from the reference "
        + "outcomes of these convictions under the tool's own readings, so that a county can compare them with "
        + "its 2019-2020 run. They are not SealKit's decisions. 'Last 7 years' counts back from the evaluation "
        + "date; the processing time, line count and earliest conviction date are not reported."

    /// How the people figures count (``CountyReport/add(_:_:)``): never more than the records show.
    static let peopleNote =
        "People are counted as left with no felony, or with no conviction in the last 7 years, only when no "
        + "conviction that stays could be one: a conviction whose level, or whose date, the record does not tell "
        + "counts against."

    /// Tenths of a percent as `12.3`.
    static func percent(_ tenths: Int) -> String { "\(tenths / 10).\(tenths % 10)" }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `summary.html`: one page, inline styles and SVG, readable offline.
    package func html(_ report: CountyReport, warnings: [String] = []) -> String {
        let e = Self.escape
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Prop 64 relief: county report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
            table{border-collapse:collapse;margin:0.5em 0 1.5em}
            th,td{border:1px solid #bbb;padding:0.25em 0.6em;text-align:right}
            th:first-child,td:first-child{text-align:left}
            .meta td{text-align:left}.s{color:#888}
            </style></head><body>
            <h1>Prop 64 relief: county report</h1>
            <table class="meta">
            <tr><td>Rule set</td><td>\(e(ruleSet.id)) \(e(ruleSet.version))</td></tr>
            <tr><td>Rule set SHA-256</td><td><code>\(e(ruleSet.sha256))</code></td></tr>
            <tr><td>Evaluation date</td><td>\(e(evaluationDate.description))</td></tr>
            <tr><td>County</td><td>\(e(county ?? "every county"))</td></tr>
            <tr><td>Input SHA-256</td><td><code>\(e(inputSHA256))</code></td></tr>
            </table>
            <p>\(e(Self.note)) Suppressed values are shown as <span class="s">s</span>.</p>

            """
        let allWarnings = ruleSet.warnings + warnings
        if !allWarnings.isEmpty {
            page += "<h2>Warnings</h2><ul style=\"color:#a00\">\n"
            for warning in allWarnings { page += "<li>\(e(warning))</li>\n" }
            page += "</ul>\n"
        }
        page += "<h2>People</h2><table>\n"
        for figure in report.peopleFigures() {
            page +=
                "<tr><td>\(e(figure.title))</td><td>\(figure.value.map(String.init) ?? "<span class=\"s\">s</span>")</td></tr>\n"
        }
        page += "</table>\n<p>\(e(Self.peopleNote))</p>\n"
        page += Self.htmlTables(report.tables())
        if let tool = report.reference.tool {
            page +=
                "<h2>What \(e(tool)) would have summarized (reference)</h2>\n<p>\(e(Self.referenceNote))</p>\n<table>\n"
            for figure in report.reference.figures() {
                page +=
                    "<tr><td><code>\(e(figure.id))</code></td><td>\(figure.value.map(String.init) ?? "<span class=\"s\">s</span>")</td></tr>\n"
            }
            page += "</table>\n"
            page += Self.htmlTables(report.reference.tables(), charts: false)
        }
        page += "<h2>Checks</h2><table>"
        for check in CheckID.allCases {
            page +=
                "<tr><td><code>\(e(check.rawValue))</code></td><td style=\"text-align:left\">\(e(check.question))</td></tr>"
        }
        page += "</table>\n</body></html>\n"
        return page
    }

    /// Each table with its heading (and a chart of its column totals), suppressed cells as `s`.
    static func htmlTables(_ tables: [ReportTable], charts: Bool = true) -> String {
        let e = escape
        var page = ""
        for table in tables {
            page += "<h2>\(e(table.title))</h2>\n"
            if charts { page += Self.chart(table) }
            page += "<table><tr><th></th>"
            for column in table.columnLabels { page += "<th>\(e(column))</th>" }
            page += "<th>total</th></tr>\n"
            for row in 0...table.rowLabels.count {
                let label = row < table.rowLabels.count ? table.rowLabels[row] : "total"
                let shares = table.percentages(row: row)
                page += "<tr><td>\(e(label))</td>"
                for column in 0...table.columnLabels.count {
                    guard let count = table.shown(row: row, column: column) else {
                        page += "<td class=\"s\">s</td>"
                        continue
                    }
                    var cell = "\(count)"
                    if column < table.columnLabels.count, let share = shares?.cells[column] {
                        cell += " <span class=\"s\">(\(Self.percent(share))%)</span>"
                    }
                    page += "<td>\(cell)</td>"
                }
                page += "</tr>\n"
            }
            page += "</table>\n"
        }
        return page
    }

    /// A horizontal bar chart of the column totals (suppressed totals are drawn as no bar).
    static func chart(_ table: ReportTable) -> String {
        let columns = table.columnLabels.count
        guard columns > 0 else { return "" }
        let values = (0..<columns).map { table.shown(row: table.rowLabels.count, column: $0) }
        let largest = max(values.compactMap { $0 }.max() ?? 0, 1)
        let barHeight = 18
        let height = columns * (barHeight + 6) + 6
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(height)\" role=\"img\">"
        for (index, label) in table.columnLabels.enumerated() {
            let y = 6 + index * (barHeight + 6)
            let width = values[index].map { max(1, $0 * 380 / largest) } ?? 0
            let text = values[index].map(String.init) ?? "s"
            svg += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"200\" y=\"\(y)\" width=\"\(width)\" height=\"\(barHeight)\" fill=\"#3b6ea5\"/>"
            svg += "<text x=\"\(205 + width)\" y=\"\(y + 13)\" font-size=\"12\">\(text)</text>"
        }
        return svg + "</svg>\n"
    }
}
