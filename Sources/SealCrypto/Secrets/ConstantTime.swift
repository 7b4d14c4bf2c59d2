/// Compares two byte buffers in time that does not depend on where they differ.
///
/// Use it for MAC tags, keys, check values and anything else secret; never `==` on `[UInt8]`, which
/// returns at the first differing byte. Buffers of different lengths are unequal, and the lengths are
/// not treated as secret. Uses `CRYPTO_memcmp`.
public func constantTimeEquals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return constantTimeMemoryEquals(lhs, rhs)
}

/// Compares two byte sequences in constant time for equal lengths. See ``constantTimeEquals(_:_:)-(UnsafeRawBufferPointer,UnsafeRawBufferPointer)``.
public func constantTimeEquals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
    let left = Array(lhs)
    let right = Array(rhs)
    return left.withUnsafeBufferPointer { l in
        right.withUnsafeBufferPointer { r in
            constantTimeEquals(UnsafeRawBufferPointer(l), UnsafeRawBufferPointer(r))
        }
    }
}
