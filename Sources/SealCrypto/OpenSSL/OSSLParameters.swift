internal import COpenSSL

/// One `OSSL_PARAM` to build, with its key and value held by Swift until the array is built.
enum OSSLParameter {
    case utf8String(key: String, value: String)
    case octetString(key: String, value: UnsafeRawBufferPointer)
}

/// Builds an `OSSL_PARAM` array that stays valid for the whole of `body`, then wipes and frees it.
///
/// An `OSSL_PARAM` stores pointers to its key and value. Passing Swift strings or `&buffer` directly
/// compiles but leaves both dangling once the constructor returns, and `OSSL_PARAM_BLD` keeps the key
/// pointers too. So every key and value is copied into one allocation owned by this function. The
/// storage is cleansed before it is freed because values can be key material (HKDF input keys).
///
/// Params only have to outlive the call that consumes them: `EVP_MAC_init`, `EVP_KDF_derive` and the
/// `*_set_params` functions copy what they need.
func withOSSLParameters<Result>(
    _ parameters: [OSSLParameter],
    _ body: (UnsafeMutablePointer<OSSL_PARAM>) throws(SealCryptoError) -> Result
) throws(SealCryptoError) -> Result {
    // Lay out every key (NUL-terminated) and value back to back.
    var size = 0
    for parameter in parameters {
        switch parameter {
        case .utf8String(let key, let value):
            size += key.utf8.count + 1 + value.utf8.count + 1
        case .octetString(let key, let value):
            size += key.utf8.count + 1 + max(value.count, 1)
        }
    }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 1)
    let array = UnsafeMutablePointer<OSSL_PARAM>.allocate(capacity: parameters.count + 1)
    defer {
        cleanse(storage.baseAddress!, count: storage.count)
        storage.deallocate()
        array.deallocate()
    }

    var offset = 0
    func copyCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let start = storage.baseAddress!.advanced(by: offset)
        for byte in text.utf8 {
            storage[offset] = byte
            offset += 1
        }
        storage[offset] = 0
        offset += 1
        return start.assumingMemoryBound(to: CChar.self)
    }

    for (index, parameter) in parameters.enumerated() {
        switch parameter {
        case .utf8String(let key, let value):
            let keyPointer = copyCString(key)
            let valueLength = value.utf8.count
            let valuePointer = copyCString(value)
            array[index] = OSSL_PARAM_construct_utf8_string(keyPointer, valuePointer, valueLength)
        case .octetString(let key, let value):
            let keyPointer = copyCString(key)
            let start = storage.baseAddress!.advanced(by: offset)
            if value.count > 0 {
                start.copyMemory(from: value.baseAddress!, byteCount: value.count)
            }
            offset += max(value.count, 1)
            array[index] = OSSL_PARAM_construct_octet_string(keyPointer, start, value.count)
        }
    }
    array[parameters.count] = OSSL_PARAM_construct_end()
    return try body(array)
}
