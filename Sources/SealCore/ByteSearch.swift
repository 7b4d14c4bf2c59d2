#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Whether UTF-8 text holds a byte that its output format must treat specially: 16 bytes at a time
/// with SSE2 compares and `pmovmskb` on x86-64 (SSE2 is part of every x86-64 processor; a text of 16
/// bytes or more ends with a block that overlaps the one before), a byte at a time elsewhere and for
/// shorter texts. Most texts written are 64-digit references, tokens and labels, which hold none.
public enum ByteSearch {
    /// JSON (RFC 8259, section 7): a control byte (below 0x20), a quote or a backslash.
    @inline(__always)
    public static func needsJSONEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let control = _mm_set1_epi8(0x1F)
        let quote = _mm_set1_epi8(0x22)
        let backslash = _mm_set1_epi8(0x5C)
        // A byte is at most 0x1F (unsigned) exactly when min(byte, 0x1F) is the byte.
        let found = blocks(utf8) {
            _mm_or_si128(
                _mm_cmpeq_epi8(_mm_min_epu8($0, control), $0),
                _mm_or_si128(_mm_cmpeq_epi8($0, quote), _mm_cmpeq_epi8($0, backslash))
            )
        }
        if let found { return found }
        #endif
        return utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    /// CSV (RFC 4180): a comma, a quote, a line feed or a carriage return, which make a field quoted.
    public static func needsCSVQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let comma = _mm_set1_epi8(0x2C)
        let quote = _mm_set1_epi8(0x22)
        let newline = _mm_set1_epi8(0x0A)
        let carriage = _mm_set1_epi8(0x0D)
        let found = blocks(utf8) {
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8($0, comma), _mm_cmpeq_epi8($0, quote)),
                _mm_or_si128(_mm_cmpeq_epi8($0, newline), _mm_cmpeq_epi8($0, carriage))
            )
        }
        if let found { return found }
        #endif
        return utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    }

    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    /// Whether `special` marks a byte of `utf8`, looked at in blocks of 16 (the last one overlapping
    /// the one before); nil for a text shorter than 16 bytes, which the caller looks at byte by byte.
    @inline(__always)
    private static func blocks(_ utf8: UnsafeBufferPointer<UInt8>, _ special: (__m128i) -> __m128i) -> Bool? {
        guard let start = utf8.baseAddress, utf8.count >= 16 else { return nil }
        let raw = UnsafeRawPointer(start)
        var index = 0
        while true {
            // An unaligned load (`movdqu`); the last block is the text's last 16 bytes.
            let offset = min(index, utf8.count &- 16)
            let vector = _mm_loadu_si128((raw + offset).assumingMemoryBound(to: __m128i.self))
            if _mm_movemask_epi8(special(vector)) != 0 { return true }
            index = offset &+ 16
            if index == utf8.count { return false }
        }
    }
    #endif
}
