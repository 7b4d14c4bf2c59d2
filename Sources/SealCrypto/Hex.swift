/// Lower-case hexadecimal text for bytes, and bytes from hexadecimal text.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`, two digits per byte, no separators (the fast, concrete form).
    public static func encode(_ bytes: [UInt8]) -> String {
        // The digits from a static string's bytes: no array look-up (and its checks) per digit.
        let table: StaticString = "0123456789abcdef"
        let digit = table.utf8Start
        return bytes.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: source.count * 2) { output in
                guard let start = output.baseAddress else { return 0 }
                for (index, byte) in source.enumerated() {
                    start[2 &* index] = digit[Int(byte &>> 4)]
                    start[2 &* index &+ 1] = digit[Int(byte & 0x0f)]
                }
                return source.count * 2
            }
        }
    }

    /// Lower-case hex of `bytes`, two digits per byte, no separators.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of hex text (upper or lower case, no separators), or `nil` if it is not hex of even length.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]), let low = value(of: utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// The value of one hex digit, or `nil`.
    static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
