import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

/// SHA-256 of the input, fed by the reader as it reads (no second pass over the file), computed on a
/// thread of its own so that hashing does not slow the reader: each chunk is copied into a queue of
/// at most four (16 MiB with the scanner's 4 MiB chunks).
///
/// `@unchecked Sendable`: `hasher` and `failure` belong to the hashing thread until `finish()` has
/// joined it.
final class InputDigest: @unchecked Sendable {
    private enum Chunk: Sendable {
        case bytes([UInt8])
        case reset
    }

    private var hasher: SHA256
    private var failure: SealCryptoError?
    private let queue = WorkQueue<Chunk>(capacity: 4)
    private var thread: WorkerThread?

    init() throws(SealKitError) {
        do {
            hasher = try SHA256()
        } catch {
            throw SealKitError(.ioError, "cannot start SHA-256: \(error)")
        }
        thread = WorkerThread { [self] in
            while let chunk = queue.pop() {
                do throws(SealCryptoError) {
                    switch chunk {
                    case .bytes(let bytes):
                        try bytes.withUnsafeBufferPointer { (raw) throws(SealCryptoError) in
                            try hasher.update(bufferPointer: UnsafeRawBufferPointer(raw))
                        }
                    case .reset:
                        try hasher.reset()
                        failure = nil
                    }
                } catch {
                    failure = error
                }
            }
        }
    }

    /// Queues a copy of `bytes` (waits while four chunks are queued).
    func update(_ bytes: UnsafeRawBufferPointer) {
        _ = queue.push(.bytes(Array(bytes)))
    }

    /// Starts again from nothing (the reader restarts an unsorted file).
    func reset() {
        _ = queue.push(.reset)
    }

    /// Ends the hashing thread without a result (the read failed). Harmless after `finish()`.
    func cancel() {
        queue.close()
        try? thread?.join()
        thread = nil
    }

    /// The hex digest of everything fed since the last reset.
    func finish() throws -> String {
        queue.close()
        try thread?.join()
        thread = nil
        if let failure { throw SealKitError(.ioError, "hashing the input failed: \(failure)") }
        return try hasher.finalizeAndReset().hexString
    }
}
