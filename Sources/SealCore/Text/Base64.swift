/// Base64 (RFC 4648, section 4: the standard alphabet, padded), read strictly.
///
/// Signatures, payloads and hashes in manifests, checkpoints and proofs are base64. A lenient decoder
/// lets two texts decode to the same bytes (whitespace, missing padding, non-zero bits in the last
/// character), and a signed text that can be rewritten without breaking its signature is one layer
/// not bound to the next. So exactly one text decodes to given bytes: the one ``encode(_:)`` writes.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Each byte's value in the alphabet, 0xFF when it is not in it.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The padded base64 text of `bytes`.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) { return text }
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let word = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(alphabet[Int(word >> 18 & 63)])
            out.append(alphabet[Int(word >> 12 & 63)])
            out.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(word >> 6 & 63)])
            out.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(word & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``encode(_:)`` of contiguous bytes, three at a time into a preallocated string (the generic
    /// iterator took 15% of `sealkit seal`, whose envelope holds a 27 MB payload).
    private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { out in
            alphabet.withUnsafeBufferPointer { alphabet in
                var input = 0
                var output = 0
                while input + 3 <= bytes.count {
                    let word = UInt32(bytes[input]) << 16 | UInt32(bytes[input + 1]) << 8 | UInt32(bytes[input + 2])
                    out[output] = alphabet[Int(word >> 18 & 63)]
                    out[output + 1] = alphabet[Int(word >> 12 & 63)]
                    out[output + 2] = alphabet[Int(word >> 6 & 63)]
                    out[output + 3] = alphabet[Int(word & 63)]
                    input += 3
                    output += 4
                }
                let left = bytes.count - input
                if left > 0 {
                    let word = UInt32(bytes[input]) << 16 | (left == 2 ? UInt32(bytes[input + 1]) << 8 : 0)
                    out[output] = alphabet[Int(word >> 18 & 63)]
                    out[output + 1] = alphabet[Int(word >> 12 & 63)]
                    out[output + 2] = left == 2 ? alphabet[Int(word >> 6 & 63)] : UInt8(ascii: "=")
                    out[output + 3] = UInt8(ascii: "=")
                    output += 4
                }
                return output
            }
        }
    }

    /// The bytes `text` encodes, or nil unless it is exactly what ``encode(_:)`` writes for them: a
    /// multiple of four characters of the alphabet, `=` only as the last one or two, and zero bits
    /// where the padding leaves bits unused. No whitespace, no line breaks, no URL-safe alphabet.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// ``decode(_:)`` of the text's UTF-8 bytes: every quartet but the last in a tight loop (a 27 MB
    /// manifest payload went through a per-character loop, a tenth of `verify`), the last with its
    /// padding checked as the format requires.
    private static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count % 4 == 0 else { return nil }
        guard !bytes.isEmpty else { return [] }
        let full = bytes.count / 4 - 1
        var valid = true
        var out = [UInt8](unsafeUninitializedCapacity: full * 3 + 3) { buffer, count in
            values.withUnsafeBufferPointer { table in
                var bad: UInt8 = 0
                for quartet in 0..<full {
                    let index = quartet * 4
                    let a = table[Int(bytes[index])]
                    let b = table[Int(bytes[index + 1])]
                    let c = table[Int(bytes[index + 2])]
                    let d = table[Int(bytes[index + 3])]
                    bad |= a | b | c | d
                    let word = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6 | UInt32(d & 63)
                    buffer[quartet * 3] = UInt8(truncatingIfNeeded: word >> 16)
                    buffer[quartet * 3 + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    buffer[quartet * 3 + 2] = UInt8(truncatingIfNeeded: word)
                }
                // Every value of the alphabet is below 64; 0xFF (not in it) has the top bits set.
                valid = bad & 0xC0 == 0
            }
            count = full * 3
        }
        guard valid else { return nil }
        let index = full * 4
        let padding = bytes[index + 3] == UInt8(ascii: "=") ? (bytes[index + 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        var word: UInt32 = 0
        for offset in 0..<4 {
            if offset >= 4 - padding {
                word <<= 6
                continue
            }
            let value = values[Int(bytes[index + offset])]
            guard value != 0xFF else { return nil }
            word = word << 6 | UInt32(value)
        }
        out.append(UInt8(word >> 16 & 0xFF))
        if padding == 2 {
            // One byte: the second character's last four bits must be zero.
            guard word & 0xFFFF == 0 else { return nil }
        } else {
            out.append(UInt8(word >> 8 & 0xFF))
            if padding == 1 {
                // Two bytes: the third character's last two bits must be zero.
                guard word & 0xFF == 0 else { return nil }
            } else {
                out.append(UInt8(word & 0xFF))
            }
        }
        return out
    }
}
