import SealCore
package import SealCrypto

/// A key that signs notes (C2SP signed-note): a name and an Ed25519 public key, identified in each
/// signature line by the first four bytes of `SHA-256(name || 0x0A || 0x01 || public key)`.
package struct NoteVerifier: Hashable, Sendable {
    /// The key's name: no space, no `+`, no control character, not empty.
    package let name: String
    /// The Ed25519 public key.
    package let publicKey: Ed25519.PublicKey
    /// The key hash every signature line of this key starts with (Ed25519: signature type 0x01).
    package let keyHash: [UInt8]

    /// The verifier of `publicKey` under `name`; nil when the name is not a valid key name.
    package init?(name: String, publicKey: Ed25519.PublicKey) throws(ManifestError) {
        guard SignedNote.isKeyName(name) else { return nil }
        self.name = name
        self.publicKey = publicKey
        var input = Array(name.utf8)
        input += [0x0A, 0x01]
        input += publicKey.rawRepresentation
        do {
            keyHash = Array(try SHA256.hash(input).bytes.prefix(4))
        } catch {
            throw ManifestError(error)
        }
    }

    /// The verifier key as Go's `note` package writes it: `<name>+<key hash hex>+<base64(0x01 || key)>`.
    package var encoded: String {
        "\(name)+\(Hex.encode(keyHash))+\(Base64.encode([0x01] + publicKey.rawRepresentation))"
    }
}

/// A C2SP signed note: text that ends in a newline, a blank line, and signature lines
/// `— <name> <base64(4-byte key hash || signature)>`. The signature covers the text, its final
/// newline included.
package struct SignedNote: Hashable, Sendable {
    /// One signature line.
    package struct Signature: Hashable, Sendable {
        /// The key's name.
        package let name: String
        /// The key hash the line names.
        package let keyHash: [UInt8]
        /// The signature bytes after the key hash.
        package let bytes: [UInt8]
    }

    /// The signed text, ending with a newline.
    package let text: String
    /// At least one signature line, in order.
    package let signatures: [Signature]

    /// Whether `name` is a valid key name: not empty, valid text with no space, `+` or control
    /// character.
    package static func isKeyName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "+" && !(0x7F...0x9F).contains($0.value) }
    }

    /// Whether `text` may be a note's text: not empty, ends with a newline, and no control character
    /// other than the newline.
    static func isNoteText(_ text: String) -> Bool {
        text.hasSuffix("\n")
            && text.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && !(0x7F...0x9F).contains($0.value)) }
    }

    /// `text` signed by `key` under `name` (Ed25519 is deterministic: the same inputs give the same
    /// note).
    package static func sign(text: String, name: String, key: Ed25519.PrivateKey) throws(ManifestError) -> SignedNote {
        guard isNoteText(text) else {
            throw ManifestError(.malformed, "a note's text ends with a newline and holds no other control character")
        }
        let publicKey: Ed25519.PublicKey
        do {
            publicKey = try key.publicKey
        } catch {
            throw ManifestError(error)
        }
        guard let verifier = try NoteVerifier(name: name, publicKey: publicKey) else {
            throw ManifestError(.malformed, "a key name has no space, no + and no control character")
        }
        do {
            let signature = try key.signature(for: Array(text.utf8))
            return SignedNote(
                text: text,
                signatures: [Signature(name: name, keyHash: verifier.keyHash, bytes: signature)]
            )
        } catch {
            throw ManifestError(error)
        }
    }

    /// The note's bytes: the text, a blank line, the signature lines.
    package var encoded: String {
        var out = text + "\n"
        for signature in signatures {
            out += "\u{2014} \(signature.name) \(Base64.encode(signature.keyHash + signature.bytes))\n"
        }
        return out
    }

    /// Reads a note strictly: valid UTF-8 with no control character but newlines; the text, one blank
    /// line, then one or more signature lines, each `— name base64` with a valid name and canonical
    /// base64 of more than four bytes; nothing after the last line's newline.
    package static func parse(_ bytes: [UInt8]) throws(ManifestError) -> SignedNote {
        guard let whole = String(validating: bytes, as: UTF8.self) else {
            throw ManifestError(.malformed, "a note is not valid UTF-8")
        }
        // The text ends at the first blank line: a newline followed by a newline.
        let scalars = Array(whole.utf8)
        guard let blank = scalars.indices.dropLast().first(where: { scalars[$0] == 0x0A && scalars[$0 + 1] == 0x0A })
        else {
            throw ManifestError(.malformed, "a note has no blank line before its signatures")
        }
        let text = String(decoding: scalars[...blank], as: UTF8.self)
        guard isNoteText(text) else {
            throw ManifestError(.malformed, "a note's text holds a control character")
        }
        let rest = String(decoding: scalars[(blank + 2)...], as: UTF8.self)
        guard rest.hasSuffix("\n") else { throw ManifestError(.malformed, "a note does not end with a newline") }
        var signatures: [Signature] = []
        for line in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "\u{2014}", isKeyName(String(parts[1])),
                let decoded = Base64.decode(parts[2]), decoded.count > 4
            else { throw ManifestError(.malformed, "a note's signature line is not `— <name> <base64>`") }
            signatures.append(
                Signature(name: String(parts[1]), keyHash: Array(decoded.prefix(4)), bytes: Array(decoded.dropFirst(4)))
            )
        }
        guard !signatures.isEmpty else { throw ManifestError(.malformed, "a note has no signature line") }
        return SignedNote(text: text, signatures: signatures)
    }

    /// The text, once a signature line of `verifier` (its name and key hash) verifies over it. Lines of
    /// other keys are ignored; a line that names the key and does not verify is an error.
    package func verifiedText(by verifier: NoteVerifier) throws(ManifestError) -> String {
        let lines = signatures.filter { $0.name == verifier.name && $0.keyHash == verifier.keyHash }
        guard !lines.isEmpty else {
            throw ManifestError(.signature, "the note has no signature by key \(verifier.name)")
        }
        let message = Array(text.utf8)
        guard lines.allSatisfy({ verifier.publicKey.isValidSignature($0.bytes, for: message) }) else {
            throw ManifestError(.signature, "the note's signature by key \(verifier.name) does not verify")
        }
        return text
    }
}

/// A C2SP tlog-checkpoint: the log's origin, its size and root hash, as a signed note's text
/// `<origin>\n<size>\n<base64 root>\n`. SealKit writes no extension line and reads none.
package struct Checkpoint: Hashable, Sendable {
    /// The log's name (`sealkit.example/los-angeles/prop64`): the county and the purpose.
    package let origin: String
    /// How many leaves the log holds.
    package let size: Int
    /// The root hash of those leaves.
    package let root: TreeHash

    /// A checkpoint of `size` leaves with root `root` for the log `origin`.
    package init(origin: String, size: Int, root: TreeHash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note text.
    package var text: String { "\(origin)\n\(size)\n\(Base64.encode(root.bytes))\n" }

    /// The checkpoint of a note's verified text, which must be for `origin`: exactly three lines, the
    /// size in decimal with no leading zero, the root canonical base64 of 32 bytes.
    package static func parse(_ text: String, origin expected: String) throws(ManifestError) -> Checkpoint {
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n"), lines.count == 3 else {
            throw ManifestError(.malformed, "a checkpoint has three lines: origin, size, root")
        }
        guard lines[0] == expected else {
            throw ManifestError(.binding, "the checkpoint is not for the log \(expected)")
        }
        let digits = lines[1]
        guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            digits == "0" || !digits.hasPrefix("0"), let size = Int(digits)
        else { throw ManifestError(.malformed, "a checkpoint's size is not a decimal number") }
        guard let bytes = Base64.decode(lines[2]), let root = TreeHash(bytes: bytes) else {
            throw ManifestError(.malformed, "a checkpoint's root is not canonical base64 of 32 bytes")
        }
        return Checkpoint(origin: String(lines[0]), size: size, root: root)
    }
}
