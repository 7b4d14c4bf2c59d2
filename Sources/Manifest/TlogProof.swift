import SealCore

/// A C2SP tlog-proof: a self-contained proof that one entry is in a log, checkable offline.
///
/// ```
/// c2sp.org/tlog-proof@v1
/// extra <base64>            (optional, unauthenticated)
/// index <leaf index>
/// <base64 hash>             (the inclusion path, the leaf's sibling first)
/// …
///
/// <the checkpoint's signed note, verbatim>
/// ```
///
/// The verifier computes the leaf hash itself from the entry it is given, never from `extra`, checks
/// the checkpoint's signature and origin, then the path to the checkpoint's root.
package struct TlogProof: Hashable, Sendable {
    /// The first line.
    package static let header = "c2sp.org/tlog-proof@v1"

    /// Application data, not authenticated by the proof (SealKit puts the leaf's entry bytes here, for
    /// the holder's convenience; a verifier compares them with the entry it was given).
    package let extra: [UInt8]?
    /// The leaf's index.
    package let index: Int
    /// The inclusion path.
    package let path: [TreeHash]
    /// The signed checkpoint.
    package let checkpoint: SignedNote

    /// A proof of leaf `index` with `path` against `checkpoint`.
    package init(extra: [UInt8]?, index: Int, path: [TreeHash], checkpoint: SignedNote) {
        self.extra = extra
        self.index = index
        self.path = path
        self.checkpoint = checkpoint
    }

    /// The proofs of many leaves against one checkpoint, as bytes: the checkpoint's note is encoded
    /// once, and each proof is written straight into bytes (`prove --all` writes tens of thousands).
    package struct Writer {
        private let note: [UInt8]

        /// A writer of proofs against `checkpoint`.
        package init(checkpoint: SignedNote) {
            note = Array(checkpoint.encoded.utf8)
        }

        /// The bytes of ``TlogProof/encoded`` for a proof with these fields and this writer's checkpoint.
        package func bytes(extra: [UInt8]?, index: Int, path: [TreeHash]) -> [UInt8] {
            var out = Array(TlogProof.header.utf8)
            out.reserveCapacity(64 + (extra?.count ?? 0) * 4 / 3 + path.count * 45 + note.count)
            out.append(0x0A)
            if let extra {
                out += Array("extra ".utf8)
                out += Array(Base64.encode(extra).utf8)
                out.append(0x0A)
            }
            out += Array("index \(index)\n".utf8)
            for hash in path {
                out += Array(Base64.encode(hash.bytes).utf8)
                out.append(0x0A)
            }
            out.append(0x0A)
            out += note
            return out
        }
    }

    /// The proof's text.
    package var encoded: String {
        var out = Self.header + "\n"
        if let extra { out += "extra \(Base64.encode(extra))\n" }
        out += "index \(index)\n"
        for hash in path { out += Base64.encode(hash.bytes) + "\n" }
        return out + "\n" + checkpoint.encoded
    }

    /// Reads a proof strictly: the header, an optional `extra` line, the index (decimal, no leading
    /// zero), hashes of 32 bytes in canonical base64, a blank line, then a signed note.
    package static func parse(_ bytes: [UInt8]) throws(ManifestError) -> TlogProof {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ManifestError(.malformed, "a proof is not valid UTF-8")
        }
        let utf8 = Array(text.utf8)
        guard let blank = utf8.indices.dropLast().first(where: { utf8[$0] == 0x0A && utf8[$0 + 1] == 0x0A }) else {
            throw ManifestError(.malformed, "a proof has no blank line before its checkpoint")
        }
        let head = String(decoding: utf8[..<blank], as: UTF8.self)
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(header) else {
            throw ManifestError(.malformed, "a proof does not start with \(header)")
        }
        var position = 1
        var extra: [UInt8]? = nil
        if position < lines.count, lines[position].hasPrefix("extra ") {
            guard let decoded = Base64.decode(lines[position].dropFirst(6)) else {
                throw ManifestError(.malformed, "a proof's extra line is not canonical base64")
            }
            extra = decoded
            position += 1
        }
        guard position < lines.count, lines[position].hasPrefix("index ") else {
            throw ManifestError(.malformed, "a proof has no index line")
        }
        let digits = lines[position].dropFirst(6)
        guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            digits == "0" || !digits.hasPrefix("0"), let index = Int(digits)
        else { throw ManifestError(.malformed, "a proof's index is not a decimal number") }
        var path: [TreeHash] = []
        for line in lines[(position + 1)...] {
            guard let decoded = Base64.decode(line), let hash = TreeHash(bytes: decoded) else {
                throw ManifestError(.malformed, "a proof's hash line is not canonical base64 of 32 bytes")
            }
            path.append(hash)
        }
        let note = try SignedNote.parse(Array(utf8[(blank + 2)...]))
        return TlogProof(extra: extra, index: index, path: path, checkpoint: note)
    }

    /// Whether the proof shows `entry` in the log `origin` whose checkpoints `verifier` signs: the
    /// checkpoint's signature, its origin, and the path from `entry`'s leaf hash to its root. Returns
    /// the checkpoint on success; throws the first failure.
    package func verify(entry: [UInt8], verifier: NoteVerifier, origin: String) throws(ManifestError) -> Checkpoint {
        let checkpoint = try Checkpoint.parse(try self.checkpoint.verifiedText(by: verifier), origin: origin)
        let included: Bool
        do {
            included = try MerkleTree.verifyInclusion(
                leaf: try TreeHash.leaf(entry),
                index: index,
                size: checkpoint.size,
                proof: path,
                root: checkpoint.root
            )
        } catch {
            throw ManifestError(error)
        }
        guard included else {
            throw ManifestError(.binding, "the entry is not at index \(index) of the checkpoint's tree")
        }
        return checkpoint
    }
}
