/// The outer shape of a PEM file, checked before OpenSSL parses it.
///
/// OpenSSL's reader is lenient: it skips text before the `BEGIN` line, skips blocks of other types and
/// ignores everything after the first block it wants. A key file must be exactly one block, so this
/// checks the envelope first and gives precise errors: garbage, truncation, several blocks, an
/// encrypted key, a key of another kind. The base64 body itself is decoded by OpenSSL.
struct PEMEnvelope {
    /// The label between `BEGIN ` and the dashes, e.g. `PRIVATE KEY`.
    let label: String
    /// Whether a legacy `Proc-Type: 4,ENCRYPTED` header is present.
    let hasEncryptionHeader: Bool

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SealCryptoError) -> PEMEnvelope {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            throw SealCryptoError(.invalidPEM, "not PEM text: contains non-ASCII bytes")
        }
        // Split on LF bytes (in Swift, "\r\n" is one Character, so a String split would miss it).
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { line in line.last == UInt8(ascii: "\r") ? line.dropLast() : line }
            .map { Substring(String(decoding: $0, as: UTF8.self)).trimmingTrailingSpaces() }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }

        guard let first = lines.first, let label = boundaryLabel(first, kind: "BEGIN") else {
            throw SealCryptoError(.invalidPEM, "not PEM: the file does not start with a -----BEGIN ...----- line")
        }
        guard let endIndex = lines.firstIndex(where: { boundaryLabel($0, kind: "END") != nil }) else {
            throw SealCryptoError(.invalidPEM, "truncated PEM: no -----END \(label)----- line")
        }
        guard boundaryLabel(lines[endIndex], kind: "END") == label else {
            throw SealCryptoError(.invalidPEM, "malformed PEM: the END line does not match BEGIN \(label)")
        }
        guard endIndex == lines.count - 1 else {
            throw SealCryptoError(.invalidPEM, "PEM file holds more than one block or text after the END line")
        }
        let body = lines[1..<endIndex]
        var hasEncryptionHeader = false
        var base64Lines = 0
        for line in body {
            if boundaryLabel(line, kind: "BEGIN") != nil {
                throw SealCryptoError(.invalidPEM, "malformed PEM: a BEGIN line inside a block")
            }
            if line.contains(":") {
                if line.hasPrefix("Proc-Type:") && line.contains("ENCRYPTED") { hasEncryptionHeader = true }
                continue
            }
            guard !line.isEmpty else { continue }
            guard line.utf8.allSatisfy(isBase64Character) else {
                throw SealCryptoError(.invalidPEM, "malformed PEM: the body is not base64")
            }
            base64Lines += 1
        }
        guard base64Lines > 0 else {
            throw SealCryptoError(.invalidPEM, "truncated PEM: the block is empty")
        }
        return PEMEnvelope(label: label, hasEncryptionHeader: hasEncryptionHeader)
    }

    /// The label of a `-----BEGIN X-----` or `-----END X-----` line, or nil.
    private static func boundaryLabel(_ line: Substring, kind: String) -> String? {
        let prefix = "-----\(kind) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }

    private static func isBase64Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

/// What a PEM file holds, judged by its label.
enum PEMKeyKind {
    case privateKey
    case publicKey

    /// Classifies a file by its envelope, with SealKit's errors for encrypted and foreign keys.
    static func classify(_ envelope: PEMEnvelope) throws(SealCryptoError) -> PEMKeyKind {
        switch envelope.label {
        case "PRIVATE KEY":
            if envelope.hasEncryptionHeader { throw encrypted }
            return .privateKey
        case "PUBLIC KEY":
            return .publicKey
        case "ENCRYPTED PRIVATE KEY":
            throw encrypted
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "RSA PUBLIC KEY":
            throw SealCryptoError(
                .wrongKeyType,
                "expected an Ed25519 key, found a PEM block labelled \(envelope.label)"
            )
        default:
            throw SealCryptoError(.invalidPEM, "a PEM block labelled \(envelope.label) is not a key")
        }
    }

    private static var encrypted: SealCryptoError {
        SealCryptoError(
            .encryptedPrivateKey,
            "the private key is encrypted; SealKit never prompts for a passphrase: store it unencrypted "
                + "with mode 0600 (openssl pkey -in KEY -out PLAIN)"
        )
    }
}
