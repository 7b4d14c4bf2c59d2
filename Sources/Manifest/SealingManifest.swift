package import Deidentified
package import SealCore
package import SealCrypto

/// The relief a sealing entry asks for (and, in a ruling, what the court granted).
package enum SealingAction: String, CaseIterable, Hashable, Sendable {
    /// Dismiss and seal (HS 11361.8(b), (f)).
    case dismissAndSeal
    /// Redesignate as a misdemeanor.
    case reduceToMisdemeanor
    /// Redesignate as an infraction.
    case reduceToInfraction
}

/// Who decided an entry's relief: the rule set, or staff reviewing a `needsReview` decision.
package enum DecisionSource: String, Hashable, Sendable {
    /// The rule set decided it (an automatic decision).
    case rules
    /// Staff decided it on review; the leaf carries the SHA-256 of their note.
    case review
}

/// Which manifest a leaf or body belongs to: the office's request, or the court's ruling on it.
package enum ManifestKind: String, CaseIterable, Hashable, Sendable {
    /// The relief the office asks for (`sealkit seal`).
    case request
    /// What the court granted (`sealkit ruling`): the only manifests redaction applies.
    case ruling

    /// The envelope's payload type.
    package var payloadType: String {
        switch self {
        case .request: "application/vnd.sealkit.sealing-manifest+json"
        case .ruling: "application/vnd.sealkit.ruling-manifest+json"
        }
    }

    /// The body's format name.
    package var formatName: String {
        switch self {
        case .request: "sealkit-sealing-manifest"
        case .ruling: "sealkit-ruling-manifest"
        }
    }
}

/// One leaf of a sealing manifest: what is asked for one count, and a nonce. Nothing in it names a
/// person: the count reference is a keyed HMAC, and the nonce (256 bits, derived with a purpose key
/// of its own) keeps anyone holding a list of count references from testing which were sealed.
package struct SealingLeaf: Hashable, Sendable {
    /// The relief asked for.
    package let action: SealingAction
    /// The statute or policy it rests on.
    package let statute: String
    /// The date the relief takes effect as asked (the seal date).
    package let effectiveDate: CalendarDate
    /// The count, by its keyed reference.
    package let countReference: CountReference
    /// Why, as the decision's reason codes.
    package let reasonCodes: [String]
    /// 32 bytes.
    package let nonce: [UInt8]
    /// Who decided it.
    package let decidedBy: DecisionSource
    /// The SHA-256 of the reviewer's note (32 bytes) when staff decided it; nil when the rules did.
    package let reviewNoteSHA256: [UInt8]?
    /// The manifest the leaf is of: a request's leaf and a ruling's leaf of one count never have the
    /// same bytes (a log holds both).
    package let manifest: ManifestKind
    /// The leaf's entry bytes: RFC 8785 canonical JSON
    /// `{"action":…,"countReference":…,"decidedBy":…,"effectiveDate":…,"manifest":…,"nonce":<hex>,
    /// "reasonCodes":[…],"reviewNoteSHA256":<hex>|null,"statute":…}`. Made once, with the leaf: the
    /// tree, the body and every proof use them (made at each use, they were a quarter of `seal`).
    package let bytes: [UInt8]

    /// A leaf from its fields; nil when the nonce is not 32 bytes, a reason code is not a name, or
    /// the note's hash is not there exactly when staff decided.
    package init?(
        action: SealingAction,
        statute: String,
        effectiveDate: CalendarDate,
        countReference: CountReference,
        reasonCodes: [String],
        nonce: [UInt8],
        decidedBy: DecisionSource = .rules,
        reviewNoteSHA256: [UInt8]? = nil,
        manifest: ManifestKind = .request
    ) {
        guard nonce.count == 32, reasonCodes.allSatisfy(JSONPath.isKeyName),
            (decidedBy == .review) == (reviewNoteSHA256?.count == 32),
            decidedBy == .review || reviewNoteSHA256 == nil
        else { return nil }
        self.action = action
        self.statute = statute
        self.effectiveDate = effectiveDate
        self.countReference = countReference
        self.reasonCodes = reasonCodes
        self.nonce = nonce
        self.decidedBy = decidedBy
        self.reviewNoteSHA256 = reviewNoteSHA256
        self.manifest = manifest
        bytes = Self.encode(
            action: action,
            countReference: countReference,
            decidedBy: decidedBy,
            effectiveDate: effectiveDate,
            manifest: manifest,
            nonce: nonce,
            reasonCodes: reasonCodes,
            reviewNoteSHA256: reviewNoteSHA256,
            statute: statute
        )
    }

    /// The same leaf in a ruling: the action the court granted, effective on the order's date.
    package func ruled(_ action: SealingAction, effective date: CalendarDate) -> SealingLeaf {
        SealingLeaf(
            action: action,
            statute: statute,
            effectiveDate: date,
            countReference: countReference,
            reasonCodes: reasonCodes,
            nonce: nonce,
            decidedBy: decidedBy,
            reviewNoteSHA256: reviewNoteSHA256,
            manifest: .ruling
        )!
    }

    /// The canonical bytes of a leaf of these fields (``bytes``), appended into one buffer.
    private static func encode(
        action: SealingAction,
        countReference: CountReference,
        decidedBy: DecisionSource,
        effectiveDate: CalendarDate,
        manifest: ManifestKind,
        nonce: [UInt8],
        reasonCodes: [String],
        reviewNoteSHA256: [UInt8]?,
        statute: String
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(360 + statute.utf8.count + reasonCodes.count * 24)
        func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func plain(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        raw("{\"action\":\"")
        plain(action.rawValue)
        raw("\",\"countReference\":\"")
        plain(countReference.description)
        raw("\",\"decidedBy\":\"")
        plain(decidedBy.rawValue)
        raw("\",\"effectiveDate\":\"")
        plain(effectiveDate.description)
        raw("\",\"manifest\":\"")
        plain(manifest.rawValue)
        raw("\",\"nonce\":\"")
        plain(Hex.encode(nonce))
        raw("\",\"reasonCodes\":[")
        for (index, code) in reasonCodes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONCanonical.string(code, into: &out)
        }
        raw("],\"reviewNoteSHA256\":")
        if let reviewNoteSHA256 {
            out.append(UInt8(ascii: "\""))
            plain(Hex.encode(reviewNoteSHA256))
            out.append(UInt8(ascii: "\""))
        } else {
            raw("null")
        }
        raw(",\"statute\":")
        JSONCanonical.string(statute, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// One entry of a sealing manifest: the leaf, and the subject's pseudonym beside it (in the body only,
/// never in a leaf or a proof), so that redaction can check it found every sealed count of a person.
package struct SealingEntry: Hashable, Sendable {
    /// The subject's pseudonym.
    package let pseudonym: SubjectPseudonym
    /// The leaf.
    package let leaf: SealingLeaf
    /// In a ruling: how the court ruled on the request's entry; nil in a request.
    package let ruling: EntryRuling?

    /// An entry of `leaf` for the subject `pseudonym`.
    package init(pseudonym: SubjectPseudonym, leaf: SealingLeaf, ruling: EntryRuling? = nil) {
        self.pseudonym = pseudonym
        self.leaf = leaf
        self.ruling = ruling
    }
}

/// How the court ruled on one entry of a request, as a ruling's entry records it.
package struct EntryRuling: Hashable, Sendable {
    /// Granted as asked, or modified to another action (denied entries are listed by index only).
    package enum Decision: String, Hashable, Sendable {
        case granted
        case modified
    }

    /// Granted or modified.
    package let decision: Decision
    /// The request's entry it rules on (its leaf index in the request).
    package let requestIndex: Int
    /// What the request asked for.
    package let requested: SealingAction
    /// The court's order: its number and date.
    package let orderNumber: String
    /// (The order's date.)
    package let orderDate: CalendarDate

    package init(
        decision: Decision,
        requestIndex: Int,
        requested: SealingAction,
        orderNumber: String,
        orderDate: CalendarDate
    ) {
        self.decision = decision
        self.requestIndex = requestIndex
        self.requested = requested
        self.orderNumber = orderNumber
        self.orderDate = orderDate
    }

    /// Canonical JSON of the object.
    var bytes: [UInt8] {
        var out = Array("{\"decision\":\"\(decision.rawValue)\",\"orderDate\":\"\(orderDate)\",\"orderNumber\":".utf8)
        JSONCanonical.string(orderNumber, into: &out)
        out += Array(",\"requestIndex\":\(requestIndex),\"requested\":\"\(requested.rawValue)\"}".utf8)
        return out
    }
}

/// What a ruling rules on: the request manifest, by the SHA-256 of its envelope's bytes, and its log.
package struct RequestLink: Hashable, Sendable {
    /// SHA-256 (hex) of the request manifest's bytes, as the office holds them.
    package let manifestSHA256: String
    /// The request's log origin, size and root.
    package let origin: String
    /// (Its size.)
    package let size: Int
    /// (Its root.)
    package let root: TreeHash
    /// The request's seal date.
    package let sealDate: CalendarDate

    package init(manifestSHA256: String, origin: String, size: Int, root: TreeHash, sealDate: CalendarDate) {
        self.manifestSHA256 = manifestSHA256
        self.origin = origin
        self.size = size
        self.root = root
        self.sealDate = sealDate
    }

    var bytes: [UInt8] {
        var out = Array("{\"manifestSHA256\":\"\(manifestSHA256)\",\"origin\":".utf8)
        JSONCanonical.string(origin, into: &out)
        out += Array(",\"root\":\"\(Base64.encode(root.bytes))\",\"sealDate\":\"\(sealDate)\",\"size\":\(size)}".utf8)
        return out
    }
}

/// The signed body of a sealing manifest, a request or a ruling: what it was made from, with what
/// keys and rules, when, and its entries with their tree. Written as RFC 8785 canonical JSON; the
/// envelope signs those bytes. A ruling also names the request it rules on (``request``), each
/// entry's ruling, and the request's entries the court denied (``denied``).
package struct SealingBody: Hashable, Sendable {
    /// The format version this SealKit writes and reads.
    package static let version = 1

    /// A request (`sealkit seal`) or a ruling (`sealkit ruling`).
    package let kind: ManifestKind
    /// A ruling's request; nil for a request.
    package let request: RequestLink?
    /// A ruling's denied entries, as the request's leaf indexes, ascending; empty for a request.
    package let denied: [Int]

    /// The county the decisions were scoped to (`sealkit run --county`), nil for a statewide run: an
    /// audit re-derives the decisions under the same scope.
    package let county: String?
    /// The research file's SHA-256 (hex), as the de-identified header records it.
    package let inputSHA256: String
    /// The de-identified file's SHA-256 (hex).
    package let deidentifiedSHA256: String
    /// The rule set's id, version and SHA-256.
    package let ruleSetID: String
    /// (Its version.)
    package let ruleSetVersion: String
    /// (Its SHA-256, hex.)
    package let ruleSetSHA256: String
    /// The evaluation date of the decisions.
    package let evaluationDate: CalendarDate
    /// The date the office sealed (given on the command line, never the clock).
    package let sealDate: CalendarDate
    /// The normalization, key epoch and key check values of the de-identified file.
    package let normalization: String
    /// (The key epoch.)
    package let epoch: Int
    /// (The master secret's check value, hex.)
    package let masterCheckValue: String
    /// The tool and its version.
    package let tool: String
    /// The signing key's ID (hex SHA-256 of its DER SubjectPublicKeyInfo).
    package let signingKeyID: String
    /// The log the entries go to.
    package let origin: String
    /// The entries, in leaf order.
    package let entries: [SealingEntry]
    /// The root of the tree over the entries' leaves.
    package let root: TreeHash

    /// A body over `entries`, its root computed.
    package init(
        inputSHA256: String,
        deidentifiedSHA256: String,
        ruleSetID: String,
        ruleSetVersion: String,
        ruleSetSHA256: String,
        evaluationDate: CalendarDate,
        sealDate: CalendarDate,
        normalization: String,
        epoch: Int,
        masterCheckValue: String,
        tool: String,
        signingKeyID: String,
        origin: String,
        entries: [SealingEntry],
        tree: MerkleTree? = nil,
        ruling: (request: RequestLink, denied: [Int])? = nil,
        county: String? = nil
    ) throws(ManifestError) {
        precondition(tree.map { $0.size == entries.count } ?? true, "the tree is over the entries")
        let kind: ManifestKind = ruling == nil ? .request : .ruling
        guard entries.allSatisfy({ $0.leaf.manifest == kind && ($0.ruling == nil) == (kind == .request) }) else {
            throw ManifestError(.binding, "entries: not all of a \(kind.rawValue) manifest")
        }
        self.kind = kind
        self.county = county
        request = ruling?.request
        denied = ruling?.denied ?? []
        self.inputSHA256 = inputSHA256
        self.deidentifiedSHA256 = deidentifiedSHA256
        self.ruleSetID = ruleSetID
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetSHA256 = ruleSetSHA256
        self.evaluationDate = evaluationDate
        self.sealDate = sealDate
        self.normalization = normalization
        self.epoch = epoch
        self.masterCheckValue = masterCheckValue
        self.tool = tool
        self.signingKeyID = signingKeyID
        self.origin = origin
        self.entries = entries
        if let tree { root = tree.root } else { root = try Self.tree(entries).root }
    }

    /// A ruling rules on every entry of its request exactly once: each granted or modified entry
    /// names a request index of its own, the denied ones are the rest; a granted entry has the action
    /// asked for, a modified one another; each takes effect on its order's date.
    package func checkRuling() throws(ManifestError) {
        guard let request else { return }
        var ruled = Set(denied)
        for (index, entry) in entries.enumerated() {
            guard let ruling = entry.ruling else { throw ManifestError(.binding, "entries[\(index)]: no ruling") }
            guard ruling.requestIndex < request.size, ruled.insert(ruling.requestIndex).inserted else {
                throw ManifestError(
                    .binding,
                    "entries[\(index)].ruling.requestIndex: outside the request, or ruled twice"
                )
            }
            guard (ruling.decision == .granted) == (entry.leaf.action == ruling.requested) else {
                throw ManifestError(
                    .binding,
                    "entries[\(index)].ruling: a granted entry has the action asked for, a modified one another"
                )
            }
            guard entry.leaf.effectiveDate == ruling.orderDate else {
                throw ManifestError(.binding, "entries[\(index)].leaf.effectiveDate: not the order's date")
            }
        }
        guard denied.allSatisfy({ $0 < request.size }), ruled.count == request.size else {
            throw ManifestError(.binding, "denied: the ruling does not rule on every entry of its request exactly once")
        }
    }

    /// The tree over `entries`' leaves, in order.
    package static func tree(_ entries: [SealingEntry]) throws(ManifestError) -> MerkleTree {
        do {
            var hashes: [UInt8] = []
            hashes.reserveCapacity(entries.count * 32)
            for entry in entries { hashes += try TreeHash.leaf(entry.leaf.bytes).bytes }
            return try MerkleTree(leafHashes: hashes)
        } catch {
            throw ManifestError(error)
        }
    }

    /// The body's bytes: RFC 8785 canonical JSON, keys in code-unit order.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        func member(_ key: String, _ value: String, last: Bool = false) {
            JSONCanonical.string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONCanonical.string(value, into: &out)
            if !last { out.append(UInt8(ascii: ",")) }
        }
        out += Array("{\"county\":".utf8)
        if let county { JSONCanonical.string(county, into: &out) } else { out += Array("null".utf8) }
        out += Array(",\"deidentifiedSHA256\":\"\(deidentifiedSHA256)\",".utf8)
        if kind == .ruling { out += Array("\"denied\":[\(denied.map(String.init).joined(separator: ","))],".utf8) }
        out += Array("\"entries\":[".utf8)
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"leaf\":".utf8)
            out += entry.leaf.bytes
            out += Array(",\"pseudonym\":\"\(entry.pseudonym)\"".utf8)
            if let ruling = entry.ruling {
                out += Array(",\"ruling\":".utf8)
                out += ruling.bytes
            }
            out.append(UInt8(ascii: "}"))
        }
        out += Array("],\"evaluationDate\":\"\(evaluationDate)\",".utf8)
        out += Array("\"format\":\"\(kind.formatName)\",\"inputSHA256\":\"\(inputSHA256)\",".utf8)
        out += Array("\"keys\":{\"epoch\":\(epoch),\"masterCheckValue\":\"\(masterCheckValue)\",".utf8)
        member("normalization", normalization, last: true)
        out += Array("},\"log\":{".utf8)
        member("origin", origin)
        out += Array("\"root\":\"\(Base64.encode(root.bytes))\",\"size\":\(entries.count)},".utf8)
        if let request {
            out += Array("\"request\":".utf8)
            out += request.bytes
            out.append(UInt8(ascii: ","))
        }
        out += Array("\"ruleSet\":{".utf8)
        member("id", ruleSetID)
        out += Array("\"sha256\":\"\(ruleSetSHA256)\",".utf8)
        member("version", ruleSetVersion, last: true)
        out += Array("},\"sealDate\":\"\(sealDate)\",\"signingKeyID\":\"\(signingKeyID)\",".utf8)
        member("tool", tool)
        out += Array("\"version\":\(Self.version)}".utf8)
        return out
    }

    /// Reads a body strictly: strict JSON, exactly the keys of its format (a request's or a ruling's),
    /// each value in its domain, a log root and size that are those of the entries' tree, and a
    /// ruling that rules on every entry of its request once (``SealingBodyReader``).
    package static func parse(_ bytes: [UInt8]) throws(ManifestError) -> SealingBody {
        try SealingBodyReader.parse(bytes)
    }
}

/// Sealing manifests: a ``SealingBody`` in a DSSE envelope signed with the office's key; the payload
/// type says whether it is a request or a ruling.
package enum SealingManifest {
    /// The request's payload type (``ManifestKind/payloadType``).
    package static let payloadType = ManifestKind.request.payloadType

    /// `body` signed with `key`; the body must name `key`'s ID as its signing key.
    package static func sign(_ body: SealingBody, key: Ed25519.PrivateKey) throws(ManifestError) -> DSSEEnvelope {
        let publicKey: Ed25519.PublicKey
        do {
            publicKey = try key.publicKey
        } catch {
            throw ManifestError(error)
        }
        guard body.signingKeyID == (try ManifestError.keyID(of: publicKey)) else {
            throw ManifestError(.binding, "the body names another signing key than the one signing it")
        }
        return try DSSEEnvelope.sign(payloadType: body.kind.payloadType, payload: body.bytes, key: key)
    }

    /// The body of an envelope's bytes, once every layer holds: the envelope reads strictly, its
    /// signature by `key` verifies over the payload received, the payload type is a sealing manifest's
    /// (`kind`'s, when given), the body reads strictly from those very bytes, is of the payload type's
    /// kind and is canonical (the bytes a canonical writer gives for it), it names `key` as its signing
    /// key, and its log root and size are its entries'.
    package static func verify(
        _ bytes: [UInt8],
        key: Ed25519.PublicKey,
        kind expected: ManifestKind? = nil
    ) throws(ManifestError) -> SealingBody {
        let envelope = try DSSEEnvelope.parse(bytes)
        let kinds = expected.map { [$0] } ?? ManifestKind.allCases
        guard let kind = kinds.first(where: { $0.payloadType == envelope.payloadType }) else {
            throw ManifestError(
                .binding,
                "payloadType: not \(kinds.map(\.payloadType).joined(separator: " or "))"
            )
        }
        let payload = try envelope.verifiedPayload(key: key, payloadType: kind.payloadType)
        let body = try SealingBody.parse(payload)
        guard body.kind == kind else {
            throw ManifestError(.binding, "format: the body is not of the kind its payload type names")
        }
        guard body.bytes == payload else {
            throw ManifestError(.binding, "the body is not in its canonical form (RFC 8785)")
        }
        guard body.signingKeyID == (try ManifestError.keyID(of: key)) else {
            throw ManifestError(.binding, "the body names another signing key than the verifying one")
        }
        return body
    }
}

/// Strict reading of objects with a fixed set of keys.
enum StrictObject {
    /// `bytes` as strict JSON (RFC 8259, no key twice), or a malformed error naming `what`.
    static func parse(_ bytes: [UInt8], _ what: String) throws(ManifestError) -> JSONNode {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw ManifestError(.malformed, "\(what) is not strict JSON: \(error)")
        }
    }

    /// The members of `node`, which must be an object with exactly `keys`.
    static func members(
        _ node: JSONNode,
        _ keys: Set<String>,
        _ what: String
    ) throws(ManifestError) -> [String: JSONNode] {
        guard case .object(let object) = node.value else { throw ManifestError(.malformed, "\(what): not an object") }
        var members: [String: JSONNode] = [:]
        for member in object.members {
            guard keys.contains(member.key) else {
                throw ManifestError(.malformed, "\(what): a key it does not have (\(JSONPath([.key(member.key)])))")
            }
            members[member.key] = member.node
        }
        for key in keys.sorted() where members[key] == nil {
            throw ManifestError(.malformed, "\(what): \(key) is missing")
        }
        return members
    }

    /// The bytes of lower-case hex text (canonical: one text per byte string), or nil.
    static func lowercaseHex(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return Hex.decode(text)
    }

    /// The string `node` holds.
    static func string(_ node: JSONNode, _ what: String) throws(ManifestError) -> String {
        guard case .string(let text) = node.value else { throw ManifestError(.malformed, "\(what): not a string") }
        return text
    }
}
