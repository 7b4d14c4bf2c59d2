import Deidentified
package import Manifest
package import SealCore
import SealCrypto

/// `sealkit ruling`: the court's ruling on a request manifest, imported from its order and signed as
/// a ruling manifest of what was granted, linked to the request by the SHA-256 of its bytes. Redaction
/// applies ruling manifests only.
package enum Ruling {
    /// The order file's columns, in order: `court-list` writes it with the first three filled in
    /// (`order.csv`); the clerk fills in the rest.
    package static let orderColumns = [
        "leaf_index", "count_reference", "requested_action", "ruling", "granted_action", "order_number", "order_date",
    ]

    /// The order template's file name in `court-list`'s folder.
    package static let templateName = "order.csv"
    /// The files a ruling writes into its folder.
    package static let manifestName = "ruling.json"

    /// What was written.
    package struct Summary: Sendable {
        /// The signed ruling.
        package let body: SealingBody
        /// Granted as asked, modified, denied.
        package let granted: Int
        /// (Modified.)
        package let modified: Int
        /// (Denied.)
        package let denied: Int
        /// The files.
        package let manifestPath: String
        /// (The checkpoint.)
        package let checkpointPath: String
    }

    /// The order template of `body`'s entries: one row per entry, by leaf index, the ruling columns
    /// empty.
    package static func template(_ body: SealingBody) -> [UInt8] {
        var out = orderColumns.joined(separator: ",") + "\n"
        for (index, entry) in body.entries.enumerated() {
            out += "\(index),\(entry.leaf.countReference),\(entry.leaf.action.rawValue),,,,\n"
        }
        return Array(out.utf8)
    }

    /// Imports the order at `order` on the request manifest at `manifest` (verified with the key at
    /// `publicKey`), and signs the ruling with the key at `signingKey`, dated `date`, into `output`:
    /// `ruling.json` (0600) and `checkpoint` (0644), all or none.
    ///
    /// - Throws: exit 1 when the request does not verify or is a ruling itself; 65 when the order is
    ///   not one row per entry of the request, each well formed; 64 for an order dated after `date`.
    package static func run(
        manifest: String,
        publicKey: String,
        order: String,
        signingKey: String,
        date: CalendarDate,
        origin: String?,
        output: String,
        overwrite: Bool
    ) throws(SealKitError) -> Summary {
        let manifestPath = "\(output)/\(manifestName)"
        let checkpointPath = "\(output)/\(Seal.checkpointName)"
        try PathClash.check(
            input: .init(flag: "--order", path: order),
            outputs: [.init(flag: "--out", path: manifestPath), .init(flag: "--out", path: checkpointPath)]
        )
        if let origin, !SignedNote.isKeyName(origin) {
            throw SealKitError(.invalidArgument, "--origin: a log name has no space, `+` or control character")
        }
        let requestBytes = try FileIO.readSmallFile(
            manifest,
            limit: VerifyManifest.sizeLimit,
            what: "a sealing manifest"
        )
        let verifyingKey = try KeyFiles.readVerifyingKey(at: publicKey)
        let request: SealingBody
        do {
            request = try SealingManifest.verify(requestBytes, key: verifyingKey, kind: .request)
        } catch {
            throw SealKitError(.verificationFailed, "\(manifest): \(error.message)")
        }
        let key = try KeyFiles.readSigningKey(at: signingKey)
        let (keyID, requestSHA256) = try KeyFiles.mapCryptoError(signingKey) { () throws(SealCryptoError) in
            (try key.publicKey.keyID.hexString, try SHA256.hash(requestBytes).hexString)
        }

        var rulings: [Int: (ruling: String, granted: SealingAction?, number: String, date: CalendarDate)] = [:]
        let columns = orderColumns
        try StrictCSV.read(order, columns: columns, what: "a SealKit court order") {
            (fields, line) throws(SealKitError) in
            func fail(_ name: String, _ problem: String) -> SealKitError {
                StrictCSV.failure(order, line: line, columns: columns, name, problem)
            }
            guard let index = Int(fields[0]), index >= 0, String(index) == fields[0], index < request.entries.count
            else { throw fail("leaf_index", "not a leaf index of the request (0 to \(request.entries.count - 1))") }
            let leaf = request.entries[index].leaf
            guard fields[1] == leaf.countReference.description else {
                throw fail("count_reference", "not the count reference of that leaf of the request")
            }
            guard fields[2] == leaf.action.rawValue else {
                throw fail("requested_action", "not what the request asks for that leaf")
            }
            guard rulings[index] == nil else { throw fail("leaf_index", "a leaf ruled on twice") }
            let granted: SealingAction?
            switch fields[3] {
            case "granted":
                guard fields[4].isEmpty || fields[4] == leaf.action.rawValue else {
                    throw fail("granted_action", "a granted entry gets the action asked for (leave it empty)")
                }
                granted = leaf.action
            case "modified":
                guard let action = SealingAction(rawValue: fields[4]), action != leaf.action else {
                    throw fail(
                        "granted_action",
                        "a modified entry names another action: one of "
                            + SealingAction.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                }
                granted = action
            case "denied":
                guard fields[4].isEmpty else { throw fail("granted_action", "a denied entry grants nothing") }
                granted = nil
            default:
                throw fail("ruling", "not granted, modified or denied")
            }
            let number = fields[5]
            guard !number.isEmpty, number.count <= 200,
                number.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
            else { throw fail("order_number", "empty, longer than 200 characters, or holding a control character") }
            guard let orderDate = CalendarDate(iso: fields[6]) else {
                throw fail("order_date", "not a real calendar date in the form YYYY-MM-DD")
            }
            guard orderDate >= request.sealDate else {
                throw fail("order_date", "before the request's seal date \(request.sealDate)")
            }
            guard orderDate <= date else {
                throw SealKitError(
                    .invalidArgument,
                    "--date \(date) is before an order's date (\(order): line \(line)): sign the ruling on or after the order"
                )
            }
            rulings[index] = (fields[3], granted, number, orderDate)
        }
        if let missing = request.entries.indices.first(where: { rulings[$0] == nil }) {
            throw SealKitError(
                .badInputData,
                "\(order): no ruling on leaf \(missing) of the request (\(request.entries.count - rulings.count) "
                    + "unruled): an order rules on every entry"
            )
        }

        var entries: [SealingEntry] = []
        var denied: [Int] = []
        var counts = (granted: 0, modified: 0)
        for (index, entry) in request.entries.enumerated() {
            let ruling = rulings[index]!
            guard let action = ruling.granted else {
                denied.append(index)
                continue
            }
            let modified = ruling.ruling == "modified"
            if modified { counts.modified += 1 } else { counts.granted += 1 }
            entries.append(
                SealingEntry(
                    pseudonym: entry.pseudonym,
                    leaf: entry.leaf.ruled(action, effective: ruling.date),
                    ruling: EntryRuling(
                        decision: modified ? .modified : .granted,
                        requestIndex: index,
                        requested: entry.leaf.action,
                        orderNumber: ruling.number,
                        orderDate: ruling.date
                    )
                )
            )
        }
        let body: SealingBody
        let tree: MerkleTree
        do {
            tree = try SealingBody.tree(entries)
            body = try SealingBody(
                inputSHA256: request.inputSHA256,
                deidentifiedSHA256: request.deidentifiedSHA256,
                ruleSetID: request.ruleSetID,
                ruleSetVersion: request.ruleSetVersion,
                ruleSetSHA256: request.ruleSetSHA256,
                evaluationDate: request.evaluationDate,
                sealDate: date,
                normalization: request.normalization,
                epoch: request.epoch,
                masterCheckValue: request.masterCheckValue,
                tool: "sealkit 0.1.0",
                signingKeyID: keyID,
                origin: origin ?? "sealkit-ruling/\(Hex.encode(tree.root.bytes.prefix(8)))",
                entries: entries,
                tree: tree,
                ruling: (
                    RequestLink(
                        manifestSHA256: requestSHA256,
                        origin: request.origin,
                        size: request.entries.count,
                        root: request.root,
                        sealDate: request.sealDate
                    ),
                    denied
                ),
                county: request.county
            )
            try body.checkRuling()
        } catch {
            throw SealKitError(.ioError, "the ruling could not be made: \(error.message)")
        }
        try Seal.signAndWrite(
            body,
            tree: tree,
            key: key,
            files: (manifestPath, checkpointPath),
            folder: output,
            overwrite: overwrite
        )
        return Summary(
            body: body,
            granted: counts.granted,
            modified: counts.modified,
            denied: denied.count,
            manifestPath: manifestPath,
            checkpointPath: checkpointPath
        )
    }
}
