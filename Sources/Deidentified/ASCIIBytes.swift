/// Byte comparisons of strings with ASCII literals, for the loops that read every conviction: a
/// `String` `==` that fails (an `HS` law code compared with `PC`) goes through Unicode-aware
/// comparison, about a hundred instructions; these compare the UTF-8 bytes. A string that is only
/// canonically equivalent to the literal is not equal to it here, which is what a code in a record
/// wants: the reader writes these fields as ASCII.
public enum ASCIIBytes {
    /// Whether `string` is exactly the bytes of `literal`.
    @inlinable @inline(__always)
    public static func equal(_ string: String, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard string.utf8.count == count else { return false }
        if let same = string.utf8.withContiguousStorageIfAvailable({ bytes in
            for index in 0..<count where bytes[index] != literal.utf8Start[index] { return false }
            return true
        }) {
            return same
        }
        return string.utf8.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
    }

    /// Whether `string` starts with the bytes of `literal`.
    @inlinable @inline(__always)
    public static func hasPrefix(_ string: String, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard string.utf8.count >= count else { return false }
        if let same = string.utf8.withContiguousStorageIfAvailable({ bytes in
            for index in 0..<count where bytes[index] != literal.utf8Start[index] { return false }
            return true
        }) {
            return same
        }
        return string.utf8.starts(with: UnsafeBufferPointer(start: literal.utf8Start, count: count))
    }

    /// ``equal(_:_:)`` for an optional string (nil is never equal).
    @inlinable @inline(__always)
    public static func equal(_ string: String?, _ literal: StaticString) -> Bool {
        guard let string else { return false }
        return equal(string, literal)
    }
}
