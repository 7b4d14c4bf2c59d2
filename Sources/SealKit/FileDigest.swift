import Glibc
package import SealCore
package import SealCrypto

/// SHA-256 of a file, streamed in 1 MiB reads: memory stays constant whatever the file's size.
///
/// The result equals `openssl dgst -sha256 FILE` and `sha256sum FILE`. SealKit records it for every
/// input it reads, so an output can be tied to the exact bytes it came from.
package enum FileDigest {
    /// The read size.
    package static let chunkSize = 1 << 20

    /// The SHA-256 digest of the file at `path`.
    ///
    /// - Throws: ``SealKitError/Code/inputMissing`` if it cannot be opened;
    ///   ``SealKitError/Code/ioError`` if reading fails.
    package static func sha256(ofFileAt path: String) throws(SealKitError) -> SHA256Digest {
        let descriptor = try FileIO.openForReading(path)
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        do {
            var hasher = try SHA256()
            while true {
                let count = read(descriptor, buffer.baseAddress!, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SealKitError(.ioError, "\(path): read failed: \(FileIO.errorText())")
                }
                if count == 0 { break }
                try hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
            return try hasher.finalize()
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(path): hashing failed: \(error)")
        }
    }
}
