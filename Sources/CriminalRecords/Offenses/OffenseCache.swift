import Glibc

/// Remembers parsed charges by their text, for one read.
///
/// A research file uses a small vocabulary of charge texts, so the parser runs once per distinct
/// text rather than once per row. The comment is part of the key only when it can change the result
/// (a blank description, `SEE COMMENT FOR CHARGE`, or a PC 182 head). The cache holds at most
/// ``limit`` texts; past that, charges are parsed without being remembered.
///
/// The texts are looked up on their bytes in a table of its own (FNV-1a, open addressing): a row's
/// look-up allocates nothing, where a dictionary key would be an array made for each row.
final class OffenseCache {
    let limit = 65_536
    private var keys: [[UInt8]] = []
    private var offenses: [Offense] = []
    /// An index into `keys` and `offenses`, or -1 for an empty slot; twice as many slots as keys, at least.
    private var slots = [Int32](repeating: -1, count: 1024)

    func charge(offenseDescription: ArraySlice<UInt8>, comment: ArraySlice<UInt8>) -> Offense {
        let description = offenseDescription.trimmingSpaces()
        var withComment: [UInt8]? = nil
        if Self.dependsOnComment(description) {
            withComment = Array(description) + [0] + Array(comment)
        }
        let found: (offense: Offense?, hash: UInt64)
        if let withComment {
            found = withComment.withUnsafeBytes { find($0) }
        } else {
            found = description.withUnsafeBytes { find($0) }
        }
        if let offense = found.offense { return offense }
        let offense = OffenseParser.parseCharge(offenseDescription: offenseDescription, comment: comment)
        if keys.count < limit { insert(withComment ?? Array(description), offense, hash: found.hash) }
        return offense
    }

    /// The offense remembered under `bytes`, and the bytes' hash.
    private func find(_ bytes: UnsafeRawBufferPointer) -> (offense: Offense?, hash: UInt64) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return (nil, hash) }
            let same = keys[index].withUnsafeBytes { key in
                key.count == bytes.count
                    && (key.isEmpty || memcmp(key.baseAddress!, bytes.baseAddress!, key.count) == 0)
            }
            if same { return (offenses[index], hash) }
            slot = (slot + 1) & mask
        }
    }

    private func insert(_ key: [UInt8], _ offense: Offense, hash: UInt64) {
        keys.append(key)
        offenses.append(offense)
        if keys.count * 2 > slots.count {
            // Grow and place every key again.
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (index, key) in keys.enumerated() { place(index, hash: key.withUnsafeBytes { Self.hash($0) }) }
        } else {
            place(keys.count - 1, hash: hash)
        }
    }

    private func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// Whether the comment can change how this description reads.
    private static func dependsOnComment(_ description: ArraySlice<UInt8>) -> Bool {
        if description.isEmpty || description.elementsEqual([UInt8(ascii: "-")]) { return true }
        if description.starts(with: [0x31, 0x38, 0x32]) { return true }  // "182"
        let first = description.first!
        return first == UInt8(ascii: "S") || first == UInt8(ascii: "s")  // SEE COMMENT FOR CHARGE, any case
    }
}
