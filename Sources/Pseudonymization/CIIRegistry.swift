import Foundation

/// Which SUBJECT_ID first carried each normalized CII, and the subjects to move to their SUBJECT_ID
/// pseudonyms because a later SUBJECT_ID carries their CII too. Shared by the workers.
///
/// A normalized CII (8 to 10 letters and digits) is packed into a 16-byte key and each first
/// SUBJECT_ID is kept in one arena, so an entry allocates nothing: with an array for each (two per
/// subject), freeing the registry at the end of a run took tens of milliseconds on the thread that
/// then orders the output, and the registry held 8 MB more for a million rows.
///
/// `@unchecked Sendable`: every stored property is used only while `lock` is held, which is also why
/// they skip the run-time exclusivity checks (about 300 instructions a registration).
package final class CIIRegistry: @unchecked Sendable {
    package init() {}

    private let lock = NSLock()
    /// Packed CII → the bounds of its first SUBJECT_ID in `ownerBytes`.
    @exclusivity(unchecked) private var owners: [PackedBytes: OwnerBounds] = [:]
    @exclusivity(unchecked) private var ownerBytes: [UInt8] = []
    @exclusivity(unchecked) private var moves: [String: [UInt8]] = [:]

    private struct OwnerBounds {
        let start: Int
        let count: Int
    }

    /// Records `owner` as carrying `cii` (normalized: at most 15 bytes). Returns the SUBJECT_ID that
    /// carried it first when that is another one (the CII is shared), else nil.
    package func register(cii: [UInt8], owner: [UInt8]) -> [UInt8]? {
        let key = PackedBytes(cii)
        lock.lock()
        defer { lock.unlock() }
        // One hash for a new CII (nearly every registration): insert, and put the first carrier
        // back in the rare case that there was one.
        let bounds = OwnerBounds(start: ownerBytes.count, count: owner.count)
        if let first = owners.updateValue(bounds, forKey: key) {
            owners[key] = first
            let carrier = ownerBytes[first.start..<(first.start + first.count)]
            return carrier.elementsEqual(owner) ? nil : Array(carrier)
        }
        ownerBytes.append(contentsOf: owner)
        return nil
    }

    /// The subject spilled under `pseudonym` (text form) moves to its SUBJECT_ID pseudonym.
    package func retract(_ pseudonym: String, subjectID: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if moves[pseudonym] == nil { moves[pseudonym] = subjectID }
    }

    /// Pseudonym (text) → SUBJECT_ID of every subject to move.
    package var retracted: [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return moves
    }
}

/// Up to 15 bytes packed with their count into two words: a dictionary key that holds no array.
struct PackedBytes: Hashable {
    private let low: UInt64
    private let high: UInt64

    /// - Precondition: `bytes` holds at most 15 bytes.
    init(_ bytes: [UInt8]) {
        precondition(bytes.count <= 15, "a packed key holds at most 15 bytes")
        var words: (UInt64, UInt64) = (0, UInt64(bytes.count) << 56)
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                words.0 |= UInt64(byte) << UInt64(index * 8)
            } else {
                words.1 |= UInt64(byte) << UInt64((index - 8) * 8)
            }
        }
        low = words.0
        high = words.1
    }
}
