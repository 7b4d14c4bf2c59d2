/// A read-only table keyed by short strings, looked up on their UTF-8 bytes (a hash of the length and
/// the ends, then a byte comparison). The engine looks up a section number or a reason code for each conviction; a
/// `Dictionary<String, _>` spends most of that on SipHash and on Unicode-aware comparison, which keys
/// of ASCII letters, digits and dots do not need. Keys are compared as bytes: a key matches only the
/// exact bytes it was made from (a string that is merely canonically equivalent does not).
struct ByteKeyTable<Value> {
    /// Every key's bytes, one after another: key `i` is `bytes[ends[i - 1]..<ends[i]]` (from 0 for the
    /// first). One array, so that a look-up retains no array of its own per key compared.
    private let bytes: [UInt8]
    private let ends: [Int]
    private let values: [Value]
    /// Open addressing: an index into `keys` and `values`, or -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    init(_ pairs: some Sequence<(String, Value)>) {
        var keys: [[UInt8]] = []
        var values: [Value] = []
        for (key, value) in pairs {
            precondition(!keys.contains(Array(key.utf8)), "duplicate key in a ByteKeyTable")
            keys.append(Array(key.utf8))
            values.append(value)
        }
        var size = 8
        while size < keys.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, key) in keys.enumerated() {
            var slot = key.withUnsafeBufferPointer { Self.hash(UnsafeRawBufferPointer($0)) } & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        bytes = keys.flatMap { $0 }
        var end = 0
        ends = keys.map { key in
            end += key.count
            return end
        }
        self.values = values
        self.slots = slots
        mask = size - 1
    }

    var count: Int { values.count }

    /// The value of `key`, or nil.
    @inline(__always)
    subscript(key: String) -> Value? {
        // Native strings, small or not, have contiguous UTF-8; a bridged one is copied first.
        if let found = key.utf8.withContiguousStorageIfAvailable({ find(UnsafeRawBufferPointer($0)) }) {
            return found
        }
        return find(Array(key.utf8))
    }

    private func find(_ bytes: [UInt8]) -> Value? {
        bytes.withUnsafeBufferPointer { find(UnsafeRawBufferPointer($0)) }
    }

    private func find(_ key: UnsafeRawBufferPointer) -> Value? {
        var slot = Self.hash(key) & mask
        let index: Int? = bytes.withUnsafeBytes { all in
            ends.withUnsafeBufferPointer { ends in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let index = Int(slots[slot])
                        if index < 0 { return nil }
                        let start = index == 0 ? 0 : ends[index - 1]
                        if Self.equal(UnsafeRawBufferPointer(rebasing: all[start..<ends[index]]), key) { return index }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        guard let index else { return nil }
        return values[index]
    }

    /// Byte equality, eight bytes at a time where the keys are that long.
    @inline(__always)
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        guard count >= 8 else {
            for offset in 0..<count where a[offset] != b[offset] { return false }
            return true
        }
        // Whole words, then the last eight bytes (overlapping the words already compared).
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// A hash of the length and of the first and last eight bytes (all of a shorter key), mixed: the
    /// keys are short codes and section numbers, which these tell apart, and a collision costs only a
    /// probe (every candidate is compared in full).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        var word = UInt64(truncatingIfNeeded: count) &* 0x9e37_79b9_7f4a_7c15
        if count >= 8 {
            word ^= bytes.loadUnaligned(as: UInt64.self)
            word = (word ^ (word >> 31)) &* 0xbf58_476d_1ce4_e5b9
            word ^= bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            var low: UInt64 = 0
            for index in 0..<count { low |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            word ^= low
        }
        word = (word ^ (word >> 30)) &* 0xbf58_476d_1ce4_e5b9
        word = (word ^ (word >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: word ^ (word >> 31))
    }
}

extension ByteKeyTable: Sendable where Value: Sendable {}
