import Deidentified
import Eligibility
package import Manifest
import Pseudonymization
package import SealCore
import SealCrypto

/// `sealkit court-list`: a verified sealing manifest's entries as the court knows them (name, date
/// of birth, CII, court, case, count), the exhibit the office files with its motion: CSV and a
/// printable HTML page grouped by court and case. Identified zone: files of mode 0600.
package enum CourtList {
    /// The CSV columns, in order.
    package static let columns = [
        "court_code", "court", "case_number", "count", "name", "date_of_birth", "cii", "section", "level",
        "conviction_date", "action", "statute", "decided_by", "leaf_index", "leaf_hash", "count_reference",
    ]

    /// The files written into the output folder.
    package static let csvName = "court-list.csv"
    /// (The printable exhibit.)
    package static let htmlName = "court-list.html"

    /// What was written.
    package struct Summary: Sendable {
        /// The verified manifest's body.
        package let body: SealingBody
        /// Courts and cases the entries fall in.
        package let courts: Int
        /// (Cases.)
        package let cases: Int
    }

    /// One entry with who and what it is.
    struct Row {
        let index: Int
        let entry: SealingEntry
        let leafHash: TreeHash
        let person: IdentifiedCount
    }

    /// Verifies the manifest at `manifest` with the key at `publicKey`, checks the secret is the one
    /// its entries were keyed with (epoch, normalization, check value, and each leaf's nonce), reads
    /// the research file `input` again (its SHA-256 must be the manifest's `inputSHA256`), and writes
    /// `court-list.csv` and `court-list.html` into `output`, all or none.
    ///
    /// - Throws: exit 1 for a manifest that does not verify or another research file, 77 for another
    ///   secret, 65 for an entry the file does not hold.
    package static func write(
        manifest: String,
        publicKey: String,
        input: String,
        secret: String,
        output: String,
        overwrite: Bool
    ) throws(SealKitError) -> Summary {
        let csvPath = "\(output)/\(csvName)"
        let htmlPath = "\(output)/\(htmlName)"
        try PathClash.check(
            input: .init(flag: "--input", path: input),
            secret: .init(flag: "--secret", path: secret, role: "the secret"),
            outputs: [
                .init(flag: "--out", path: csvPath), .init(flag: "--out", path: htmlPath),
                .init(flag: "--out", path: "\(output)/\(Ruling.templateName)"),
            ]
        )
        let key = try KeyFiles.readVerifyingKey(at: publicKey)
        let body = try VerifyManifest.body(of: manifest, key: key)
        guard body.kind == .request else {
            throw SealKitError(.verificationFailed, "\(manifest): a ruling; the court's list is made from the request")
        }
        let references = try Seal.keyedReferences(
            secret,
            epoch: body.epoch,
            masterCheckValue: body.masterCheckValue,
            normalization: body.normalization,
            of: manifest
        )
        var wanted: [CountReference: SealingEntry] = [:]
        for (index, entry) in body.entries.enumerated() {
            let nonce = try KeyFiles.mapCryptoError(secret) { () throws(SealCryptoError) in
                try references.leafNonce(for: entry.leaf.countReference)
            }
            guard nonce == entry.leaf.nonce else {
                throw SealKitError(
                    .verificationFailed,
                    "\(manifest): entries[\(index)]: its nonce is not the one this secret gives its count"
                )
            }
            wanted[entry.leaf.countReference] = entry
        }
        let found = try IdentifiedCounts.collect(
            input: input,
            expectedSHA256: body.inputSHA256,
            evaluationDate: body.evaluationDate,
            references: references
        ) { (keys, index) -> CountReference? in
            guard let reference = keys.countReferences[index], let entry = wanted[reference],
                keys.carries(entry.pseudonym)
            else { return nil }
            return reference
        }
        if let missing = body.entries.firstIndex(where: { found[$0.leaf.countReference] == nil }) {
            throw SealKitError(
                .badInputData,
                "\(manifest): entries[\(missing)] (and \(body.entries.count - found.count - 1) more): no conviction of "
                    + "\(input) has its count reference and pseudonym"
            )
        }
        let tree = try VerifyManifest.tree(of: body, manifest: manifest)
        var rows = body.entries.enumerated().map { index, entry in
            Row(index: index, entry: entry, leafHash: tree.leaf(index), person: found[entry.leaf.countReference]!)
        }
        rows.sort {
            ($0.person.court, $0.person.courtCode, $0.person.caseNumbers, $0.person.count, $0.index)
                < ($1.person.court, $1.person.courtCode, $1.person.caseNumbers, $1.person.count, $1.index)
        }
        let courts = Set(rows.map { "\($0.person.courtCode)\u{1F}\($0.person.court)" }).count
        let cases = Set(rows.map { "\($0.person.courtCode)\u{1F}\($0.person.court)\u{1F}\($0.person.caseNumbers)" })
            .count
        try Seal.writeSet(
            [
                (csvPath, 0o600, csv(rows)), (htmlPath, 0o600, Array(html(rows, body: body).utf8)),
                ("\(output)/\(Ruling.templateName)", 0o600, Ruling.template(body)),
            ],
            folder: output,
            overwrite: overwrite
        )
        return Summary(body: body, courts: courts, cases: cases)
    }

    private static func csv(_ rows: [Row]) -> [UInt8] {
        var bytes = Array((columns.joined(separator: ",") + "\n").utf8)
        for row in rows {
            var line = CSVLine()
            for field in fields(row) { line.field(field) }
            bytes += line.bytes
            bytes.append(0x0A)
        }
        return bytes
    }

    private static func fields(_ row: Row) -> [String] {
        let person = row.person
        let leaf = row.entry.leaf
        return [
            person.courtCode, person.court, person.caseNumbers, person.count, person.name, person.dateOfBirth,
            person.cii, person.section, person.level, person.convictionDate, leaf.action.rawValue, leaf.statute,
            leaf.decidedBy.rawValue, String(row.index), row.leafHash.description, leaf.countReference.description,
        ]
    }

    /// The words an exhibit uses for an action.
    static func words(_ action: SealingAction) -> String {
        switch action {
        case .dismissAndSeal: "Dismiss and seal"
        case .reduceToMisdemeanor: "Redesignate as a misdemeanor"
        case .reduceToInfraction: "Redesignate as an infraction"
        }
    }

    private static func html(_ rows: [Row], body: SealingBody) -> String {
        let e = ReportFiles.escape
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Exhibit: convictions for which relief is requested</title>
            <style>
            body { font: 11pt/1.35 Georgia, "Times New Roman", serif; margin: 2em; color: #111; }
            h1 { font-size: 15pt; margin: 0 0 .3em; } h2 { font-size: 12.5pt; margin: 1.4em 0 .3em; }
            h3 { font-size: 11pt; margin: .9em 0 .2em; }
            table { border-collapse: collapse; width: 100%; font-size: 9.5pt; table-layout: fixed; }
            th, td { border: 1px solid #999; padding: 2px 5px; text-align: left; vertical-align: top; }
            th { background: #eee; } .ref { font: 7.5pt monospace; word-break: break-all; }
            dl { display: grid; grid-template-columns: max-content auto; gap: 0 1em; font-size: 9.5pt; }
            dt { font-weight: bold; } dd { margin: 0; font-family: monospace; word-break: break-all; }
            @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
            </style></head><body>
            <h1>Exhibit: convictions for which relief is requested (Health and Safety Code section 11361.8)</h1>
            <p>\(rows.count) counts, grouped by court and case. Each count is an entry of the office's signed sealing
            manifest; its leaf index and hash let the court, the person and an auditor check it with the
            office's public key.</p>
            <dl>
            <dt>Seal date</dt><dd>\(body.sealDate)</dd>
            <dt>Rule set</dt><dd>\(e(body.ruleSetID)) \(e(body.ruleSetVersion)) (SHA-256 \(body.ruleSetSHA256))</dd>
            <dt>Evaluated as of</dt><dd>\(body.evaluationDate)</dd>
            <dt>Manifest log</dt><dd>\(e(body.origin)), \(body.entries.count) entries, root \(Base64.encode(body.root.bytes))</dd>
            <dt>Signing key</dt><dd>\(body.signingKeyID)</dd>
            <dt>Research file</dt><dd>SHA-256 \(body.inputSHA256)</dd>
            </dl>

            """
        var court: String? = nil
        var caseNumbers: String? = nil
        func closeTable() { if caseNumbers != nil { page += "</tbody></table>\n" } }
        for row in rows {
            let person = row.person
            let courtName = person.court.isEmpty ? "(court not named)" : person.court
            let courtKey = "\(person.courtCode)\u{1F}\(courtName)"
            if courtKey != court {
                closeTable()
                court = courtKey
                caseNumbers = nil
                let code = person.courtCode.isEmpty ? "" : " (\(e(person.courtCode)))"
                page += "<h2>\(e(courtName))\(code)</h2>\n"
            }
            if person.caseNumbers != caseNumbers {
                closeTable()
                caseNumbers = person.caseNumbers
                let title = person.caseNumbers.isEmpty ? "(no case number)" : "Case \(e(person.caseNumbers))"
                page += """
                    <h3>\(title)</h3>
                    <table><colgroup><col style="width:5%"><col style="width:14%"><col style="width:9%">\
                    <col style="width:9%"><col style="width:9%"><col style="width:7%"><col style="width:8%">\
                    <col style="width:10%"><col style="width:14%"><col style="width:15%"></colgroup>
                    <thead><tr><th>Count</th><th>Name</th><th>Date of birth</th><th>CII</th><th>Offense</th>\
                    <th>Level</th><th>Convicted</th><th>Relief requested</th><th>Statute</th><th>Leaf</th></tr></thead><tbody>

                    """
            }
            let leaf = row.entry.leaf
            let reviewed = leaf.decidedBy == .review ? " (on review)" : ""
            page += "<tr><td>\(e(person.count))</td><td>\(e(person.name))</td><td>\(e(person.dateOfBirth))</td>"
            page += "<td>\(e(person.cii))</td><td>\(e(person.section))</td><td>\(e(person.level))</td>"
            page += "<td>\(e(person.convictionDate))</td><td>\(words(leaf.action))\(reviewed)</td>"
            page += "<td>\(e(leaf.statute))</td><td class=\"ref\">#\(row.index)<br>\(row.leafHash)</td></tr>\n"
        }
        closeTable()
        page += "</body></html>\n"
        return page
    }
}
