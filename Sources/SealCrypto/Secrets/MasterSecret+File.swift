extension MasterSecret {
    /// The file text (format version 1), in wiped storage. Write it to a file created with mode 0600.
    public var fileRepresentation: SecureBytes {
        get throws(SealCryptoError) {
            let header = """
                # SealKit pseudonym master secret. KEEP IT SECRET: whoever holds this file can recompute
                # every pseudonym, count reference and date shift made with it. Keep it mode 0600, in the
                # records office only. Format and custody: keys/README.md.
                \(Self.fileMagic)
                epoch \(epoch)
                secret 
                """
            let trailer = "\ncheck \(try keyCheckValue)\n"
            let headerBytes = Array(header.utf8)
            let trailerBytes = Array(trailer.utf8)
            let secretDigits = key.byteCount * 2
            return SecureBytes(count: headerBytes.count + secretDigits + trailerBytes.count) { output in
                output.copyBytes(from: headerBytes)
                let digits = Array("0123456789abcdef".utf8)
                key.withUnsafeBytes { secret in
                    for (index, byte) in secret.enumerated() {
                        output[headerBytes.count + 2 * index] = digits[Int(byte >> 4)]
                        output[headerBytes.count + 2 * index + 1] = digits[Int(byte & 0x0f)]
                    }
                }
                UnsafeMutableRawBufferPointer(rebasing: output[(headerBytes.count + secretDigits)...])
                    .copyBytes(from: trailerBytes)
            }
        }
    }

    /// Reads the file text of format version 1 (see the type's documentation).
    ///
    /// Errors name the line number and what is wrong, never the secret or its digits.
    ///
    /// - Throws: ``SealCryptoError/Code/invalidSecretFile`` for any deviation from the format or a check
    ///   value that does not match; ``SealCryptoError/Code/secretTooShort`` for fewer than 32 bytes.
    public init(fileRepresentation text: SecureBytes) throws(SealCryptoError) {
        var fields: [(line: Int, name: Substring, value: Substring)] = []
        var parsedSecret: SecureBytes? = nil
        var secretLine = 0
        try text.withUnsafeBytes { (bytes) throws(SealCryptoError) in
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd])
                start = end + 1
                guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7f || $0 == 0x09 }) else {
                    throw Self.formatError(lineNumber, "contains a byte that is not printable ASCII")
                }
                if line.isEmpty || line[0] == UInt8(ascii: "#") { continue }
                if line.elementsEqual(Self.fileMagic.utf8) {
                    fields.append((lineNumber, Substring(Self.fileMagic), ""))
                    continue
                }
                // Split into name and value at the first space; the secret's digits never become a String.
                guard let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                    throw Self.formatError(lineNumber, "expected 'name value'")
                }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<space]), as: UTF8.self)
                let value = UnsafeRawBufferPointer(rebasing: line[(space + 1)...])
                if name == "secret" {
                    guard parsedSecret == nil else { throw Self.formatError(lineNumber, "a second 'secret' line") }
                    parsedSecret = try Self.decodeSecret(value, line: lineNumber)
                    secretLine = lineNumber
                    fields.append((lineNumber, "secret", ""))
                } else {
                    let lineText = String(decoding: line, as: UTF8.self)
                    fields.append((lineNumber, Substring(name), Substring(lineText.dropFirst(name.count + 1))))
                }
            }
        }

        let expected = [Self.fileMagic, "epoch", "secret", "check"]
        for (index, name) in expected.enumerated() {
            guard index < fields.count else {
                throw Self.formatError(
                    nil,
                    "missing the '\(name)' line (expected the lines: \(expected.joined(separator: ", ")))"
                )
            }
            guard fields[index].name == name else {
                let what = index == 0 ? "the first line must be '\(Self.fileMagic)'" : "expected the '\(name)' line"
                throw Self.formatError(fields[index].line, what)
            }
        }
        guard fields.count == expected.count else {
            throw Self.formatError(fields[expected.count].line, "unexpected line after 'check'")
        }
        let epochField = fields[1]
        guard let epoch = Int(epochField.value), epochField.value.first != "0", (1...Self.maximumEpoch).contains(epoch)
        else {
            throw Self.formatError(epochField.line, "the epoch must be a number from 1 to \(Self.maximumEpoch)")
        }
        guard let parsedSecret else { throw Self.formatError(secretLine, "no secret") }
        try self.init(bytes: parsedSecret, epoch: epoch)

        let checkField = fields[3]
        let stored = checkField.value.lowercased()
        guard stored.count == 16, Hex.decode(stored) != nil else {
            throw Self.formatError(checkField.line, "the check value must be 16 hex digits")
        }
        guard constantTimeEquals(Array(stored.utf8), Array(try keyCheckValue.utf8)) else {
            throw Self.formatError(
                checkField.line,
                "the check value does not match the secret: the file was altered, damaged or mistyped"
            )
        }
    }

    private static func decodeSecret(_ digits: UnsafeRawBufferPointer, line: Int) throws(SealCryptoError) -> SecureBytes
    {
        guard digits.count % 2 == 0 else {
            throw formatError(line, "the secret must be an even number of hex digits")
        }
        let secret = try SecureBytes(count: digits.count / 2) { (output) throws(SealCryptoError) in
            for index in 0..<output.count {
                guard let high = Hex.value(of: digits[2 * index]), let low = Hex.value(of: digits[2 * index + 1]) else {
                    throw formatError(line, "the secret must be hex digits only")
                }
                output[index] = high << 4 | low
            }
        }
        guard secret.count >= minimumByteCount else {
            throw SealCryptoError(
                .secretTooShort,
                "line \(line): the master secret has \(secret.count) bytes; at least \(minimumByteCount) are required"
            )
        }
        return secret
    }

    private static func formatError(_ line: Int?, _ problem: String) -> SealCryptoError {
        let location = line.map { "line \($0): " } ?? ""
        return SealCryptoError(
            .invalidSecretFile,
            "\(location)\(problem) (not a SealKit pseudonym secret file of format v1)"
        )
    }
}
