internal import COpenSSL

/// Drains this thread's OpenSSL error queue, oldest entry first, leaving it empty.
///
/// The queue is per thread and sticky, so every failure path drains it and every `Bool` path clears
/// it; a stale entry would otherwise surface in a later, unrelated error. Never `await` between an
/// OpenSSL call and this function: a task can resume on another thread.
func drainOpenSSLErrors() -> [String] {
    var messages: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        let text = buffer.withUnsafeMutableBufferPointer { pointer in
            ERR_error_string_n(code, pointer.baseAddress, pointer.count)
            return String(decoding: pointer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
        }
        messages.append(text)
    }
    return messages
}

/// Empties this thread's OpenSSL error queue (used on paths whose outcome is a value, not an error).
func clearOpenSSLErrors() {
    ERR_clear_error()
}

extension SealCryptoError {
    /// An error for a failed OpenSSL call, carrying the function name and the drained error queue.
    ///
    /// Some failures leave the queue empty (an HKDF length over the limit, a `(NULL, 0)` key), so the
    /// function name is always recorded.
    static func openSSL(
        _ function: String,
        code: Code = .openSSLFailure,
        reason: String = "OpenSSL operation failed"
    ) -> SealCryptoError {
        SealCryptoError(code, reason, failingFunction: function, openSSLErrors: drainOpenSSLErrors())
    }
}

/// Checks an OpenSSL return value that is 1 on success, and throws naming `function` otherwise.
///
/// Imported C functions are implicitly discardable, so every call goes through this helper rather
/// than relying on the compiler to notice an ignored result.
@inline(__always)
func check(_ result: Int32, _ function: StaticString) throws(SealCryptoError) {
    guard result == 1 else { throw .openSSL("\(function)") }
}

/// Unwraps a pointer returned by an OpenSSL constructor, throwing naming `function` when it is nil.
@inline(__always)
func check<Pointer>(_ pointer: Pointer?, _ function: StaticString) throws(SealCryptoError) -> Pointer {
    guard let pointer else { throw .openSSL("\(function)") }
    return pointer
}
