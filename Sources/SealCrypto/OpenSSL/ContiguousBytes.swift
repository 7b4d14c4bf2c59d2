/// Lends the bytes of any `Sequence<UInt8>` to `body` as one contiguous buffer.
///
/// Arrays, array slices, native strings' UTF-8 views and buffers lend their own storage; any other
/// sequence is copied into a temporary array first. `withContiguousStorageIfAvailable` only
/// `rethrows`, so the typed error travels through a `Result`.
@inlinable
func withContiguousBytes<Bytes: Sequence<UInt8>, Result, E: Error>(
    _ bytes: Bytes,
    _ body: (UnsafeRawBufferPointer) throws(E) -> Result
) throws(E) -> Result {
    let lent: Swift.Result<Result, E>? = bytes.withContiguousStorageIfAvailable { buffer in
        Swift.Result { () throws(E) -> Result in try body(UnsafeRawBufferPointer(buffer)) }
    }
    if let lent {
        return try lent.get()
    }
    let array = Array(bytes)
    return try array.withUnsafeBufferPointer { (buffer) throws(E) -> Result in
        try body(UnsafeRawBufferPointer(buffer))
    }
}
