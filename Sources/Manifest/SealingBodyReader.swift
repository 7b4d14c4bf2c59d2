import Deidentified
import SealCore
import SealCrypto

/// Reads a manifest body with the strict typed reader: bytes straight into the body's values, with
/// no tree in between (the tree of a 40,000-entry body took 1.5 s to build; this reads it in a
/// fraction of that). Exactly the format's keys, each once, each value in its domain; errors give the
/// line, column and key path, never a value.
enum SealingBodyReader {
    static let topFields = JSONFields(
        [
            "county", "deidentifiedSHA256", "denied", "entries", "evaluationDate", "format", "inputSHA256", "keys",
            "log",
            "request", "ruleSet", "sealDate", "signingKeyID", "tool", "version",
        ],
        optional: ["denied", "request"]
    )
    static let entryFields = JSONFields(["leaf", "pseudonym", "ruling"], optional: ["ruling"])
    static let leafFields = JSONFields([
        "action", "countReference", "decidedBy", "effectiveDate", "manifest", "nonce", "reasonCodes",
        "reviewNoteSHA256", "statute",
    ])
    static let rulingFields = JSONFields(["decision", "orderDate", "orderNumber", "requestIndex", "requested"])
    static let requestFields = JSONFields(["manifestSHA256", "origin", "root", "sealDate", "size"])
    static let keysFields = JSONFields(["epoch", "masterCheckValue", "normalization"])
    static let logFields = JSONFields(["origin", "root", "size"])
    static let ruleSetFields = JSONFields(["id", "sha256", "version"])

    /// The body of `bytes`, read strictly, its kind (its `format`) consistent with its keys, its log
    /// root and size its entries', and a ruling ruling on every request entry once.
    static func parse(_ bytes: [UInt8]) throws(ManifestError) -> SealingBody {
        var county: String? = nil
        var deidentified = ""
        var denied: [Int]? = nil
        var entries: [SealingEntry] = []
        var evaluationDate = CalendarDate(year: 2000, month: 1, day: 1)!
        var format = ""
        var input = ""
        var keys = (epoch: 0, checkValue: "", normalization: "")
        var log = (origin: "", root: TreeHash.empty, size: 0)
        var request: RequestLink? = nil
        var ruleSet = (id: "", sha256: "", version: "")
        var sealDate = evaluationDate
        var signingKeyID = ""
        var tool = ""
        var version = 0
        do {
            _ = try JSONReader.read(bytes) { (reader) throws(JSONError) in
                try reader.readObject(topFields) { (reader, field) throws(JSONError) in
                    switch field {
                    case 0: county = try reader.readNull() ? nil : try reader.readString()
                    case 1: deidentified = try reader.hex(digits: 64)
                    case 2:
                        var indexes: [Int] = []
                        try reader.readArray { (reader, _) throws(JSONError) in
                            let at = reader.position
                            let index = try reader.readInt(in: 0...Int(Int32.max))
                            guard index > (indexes.last ?? -1) else {
                                throw reader.fail("not leaf indexes in ascending order", at: at)
                            }
                            indexes.append(index)
                        }
                        denied = indexes
                    case 3:
                        try reader.readArray { (reader, _) throws(JSONError) in entries.append(try entry(&reader)) }
                    case 4: evaluationDate = try reader.date()
                    case 5: format = try reader.readString()
                    case 6: input = try reader.hex(digits: 64)
                    case 7:
                        try reader.readObject(keysFields) { (reader, field) throws(JSONError) in
                            switch field {
                            case 0: keys.epoch = try reader.readInt(in: 1...999_999)
                            case 1: keys.checkValue = try reader.hex(digits: 16)
                            default: keys.normalization = try reader.readString()
                            }
                        }
                    case 8:
                        try reader.readObject(logFields) { (reader, field) throws(JSONError) in
                            switch field {
                            case 0: log.origin = try reader.readString()
                            case 1: log.root = try reader.treeHash()
                            default: log.size = try reader.readInt(in: 0...Int(Int32.max))
                            }
                        }
                    case 9: request = try link(&reader)
                    case 10:
                        try reader.readObject(ruleSetFields) { (reader, field) throws(JSONError) in
                            switch field {
                            case 0: ruleSet.id = try reader.readString()
                            case 1: ruleSet.sha256 = try reader.hex(digits: 64)
                            default: ruleSet.version = try reader.readString()
                            }
                        }
                    case 11: sealDate = try reader.date()
                    case 12: signingKeyID = try reader.hex(digits: 64)
                    case 13: tool = try reader.readString()
                    default: version = try reader.readInt()
                    }
                }
            }
        } catch {
            throw ManifestError(.malformed, "the manifest body: \(error)")
        }
        guard let kind = ManifestKind.allCases.first(where: { $0.formatName == format }) else {
            throw ManifestError(
                .malformed,
                "format: not \(ManifestKind.allCases.map(\.formatName).joined(separator: " or "))"
            )
        }
        guard version == SealingBody.version else {
            throw ManifestError(.malformed, "version: not \(SealingBody.version), the one this SealKit reads")
        }
        guard (request != nil) == (kind == .ruling), (denied != nil) == (kind == .ruling) else {
            throw ManifestError(.malformed, "request and denied: given exactly in a ruling")
        }
        for (index, entry) in entries.enumerated() {
            guard entry.leaf.manifest == kind else {
                throw ManifestError(.binding, "entries[\(index)].leaf.manifest: not \(kind.rawValue), the body's kind")
            }
            guard (entry.ruling != nil) == (kind == .ruling) else {
                throw ManifestError(.malformed, "entries[\(index)].ruling: given exactly in a ruling")
            }
        }
        let body = try SealingBody(
            inputSHA256: input,
            deidentifiedSHA256: deidentified,
            ruleSetID: ruleSet.id,
            ruleSetVersion: ruleSet.version,
            ruleSetSHA256: ruleSet.sha256,
            evaluationDate: evaluationDate,
            sealDate: sealDate,
            normalization: keys.normalization,
            epoch: keys.epoch,
            masterCheckValue: keys.checkValue,
            tool: tool,
            signingKeyID: signingKeyID,
            origin: log.origin,
            entries: entries,
            ruling: request.map { ($0, denied ?? []) },
            county: county
        )
        if kind == .ruling { try body.checkRuling() }
        guard log.size == entries.count else { throw ManifestError(.binding, "log.size: not the number of entries") }
        guard log.root == body.root else {
            throw ManifestError(.binding, "log.root: not the root of the entries' tree")
        }
        return body
    }

    /// One entry: its leaf, its subject's pseudonym, and in a ruling, the ruling.
    private static func entry(_ reader: inout JSONReader) throws(JSONError) -> SealingEntry {
        var leaf: SealingLeaf? = nil
        var pseudonym: SubjectPseudonym? = nil
        var ruling: EntryRuling? = nil
        try reader.readObject(entryFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: leaf = try self.leaf(&reader)
            case 1: pseudonym = try reader.readReference() as SubjectPseudonym
            default: ruling = try self.ruling(&reader)
            }
        }
        return SealingEntry(pseudonym: pseudonym!, leaf: leaf!, ruling: ruling)
    }

    /// One leaf: its nine keys, each in its domain; the note's hash given exactly when staff decided.
    private static func leaf(_ reader: inout JSONReader) throws(JSONError) -> SealingLeaf {
        let start = reader.position
        var action = SealingAction.dismissAndSeal
        var reference: CountReference? = nil
        var source = DecisionSource.rules
        var date = CalendarDate(year: 2000, month: 1, day: 1)!
        var kind = ManifestKind.request
        var nonce: [UInt8] = []
        var codes: [String] = []
        var note: [UInt8]? = nil
        var statute = ""
        try reader.readObject(leafFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: action = try reader.value(SealingAction.self, "an action of the format")
            case 1: reference = try reader.readReference() as CountReference
            case 2: source = try reader.value(DecisionSource.self, "rules or review")
            case 3: date = try reader.date()
            case 4: kind = try reader.value(ManifestKind.self, "request or ruling")
            case 5: nonce = Hex.decode(try reader.hex(digits: 64))!
            case 6:
                try reader.readArray { (reader, _) throws(JSONError) in
                    let at = reader.position
                    let code = try reader.readString()
                    guard JSONPath.isKeyName(code) else { throw reader.fail("not a reason code name", at: at) }
                    codes.append(code)
                }
            case 7: note = try reader.readNull() ? nil : Hex.decode(try reader.hex(digits: 64))!
            default: statute = try reader.readString()
            }
        }
        guard
            let leaf = SealingLeaf(
                action: action,
                statute: statute,
                effectiveDate: date,
                countReference: reference!,
                reasonCodes: codes,
                nonce: nonce,
                decidedBy: source,
                reviewNoteSHA256: note,
                manifest: kind
            )
        else { throw reader.fail("reviewNoteSHA256: given exactly when staff decided (decidedBy review)", at: start) }
        return leaf
    }

    /// An entry's ruling.
    private static func ruling(_ reader: inout JSONReader) throws(JSONError) -> EntryRuling {
        var decision = EntryRuling.Decision.granted
        var date = CalendarDate(year: 2000, month: 1, day: 1)!
        var number = ""
        var index = 0
        var requested = SealingAction.dismissAndSeal
        try reader.readObject(rulingFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: decision = try reader.value(EntryRuling.Decision.self, "granted or modified")
            case 1: date = try reader.date()
            case 2: number = try reader.readString()
            case 3: index = try reader.readInt(in: 0...Int(Int32.max))
            default: requested = try reader.value(SealingAction.self, "an action of the format")
            }
        }
        return EntryRuling(
            decision: decision,
            requestIndex: index,
            requested: requested,
            orderNumber: number,
            orderDate: date
        )
    }

    /// A ruling's request.
    private static func link(_ reader: inout JSONReader) throws(JSONError) -> RequestLink {
        var digest = ""
        var origin = ""
        var root = TreeHash.empty
        var date = CalendarDate(year: 2000, month: 1, day: 1)!
        var size = 0
        try reader.readObject(requestFields) { (reader, field) throws(JSONError) in
            switch field {
            case 0: digest = try reader.hex(digits: 64)
            case 1: origin = try reader.readString()
            case 2: root = try reader.treeHash()
            case 3: date = try reader.date()
            default: size = try reader.readInt(in: 0...Int(Int32.max))
            }
        }
        return RequestLink(manifestSHA256: digest, origin: origin, size: size, root: root, sealDate: date)
    }
}

extension JSONReader {
    /// `digits` lower-case hex digits (one text per byte string).
    fileprivate mutating func hex(digits: Int) throws(JSONError) -> String {
        let at = position
        let text = try readString()
        guard text.utf8.count == digits,
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw fail("not \(digits) lower-case hex digits", at: at) }
        return text
    }

    /// A real calendar date `YYYY-MM-DD`.
    fileprivate mutating func date() throws(JSONError) -> CalendarDate {
        let at = position
        guard let date = CalendarDate(iso: try readString()) else {
            throw fail("not a real calendar date in the form YYYY-MM-DD", at: at)
        }
        return date
    }

    /// A tree hash: canonical base64 of 32 bytes.
    fileprivate mutating func treeHash() throws(JSONError) -> TreeHash {
        let at = position
        guard let bytes = Base64.decode(try readString()), let hash = TreeHash(bytes: bytes) else {
            throw fail("not canonical base64 of 32 bytes", at: at)
        }
        return hash
    }

    /// A value of the string enumeration `type`.
    fileprivate mutating func value<Value: RawRepresentable>(
        _ type: Value.Type,
        _ words: String
    ) throws(JSONError) -> Value where Value.RawValue == String {
        let at = position
        guard let value = Value(rawValue: try readString()) else { throw fail("not \(words)", at: at) }
        return value
    }
}
