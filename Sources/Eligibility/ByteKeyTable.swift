/// A read-only table keyed by short strings, looked up on their UTF-8 bytes (FNV-1a, then a byte
/// comparison). The engine looks up a section number or a reason code for each conviction; a
/// `Dictionary<String, _>` spends most of that on SipHash and on Unicode-aware comparison, which keys
/// of ASCII letters, digits and dots do not need. Keys are compared as bytes: a key matches only the
/// exact bytes it was made from (a string that is merely canonically equivalent does not).
struct ByteKeyTable<Value> {
    private let keys: [[UInt8]]
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
        self.keys = keys
        self.values = values
        self.slots = slots
        mask = size - 1
    }

    var count: Int { keys.count }

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

    private func find(_ bytes: UnsafeRawBufferPointer) -> Value? {
        var slot = Self.hash(bytes) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if keys[index].withUnsafeBufferPointer({ Self.equal(UnsafeRawBufferPointer($0), bytes) }) {
                return values[index]
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] != b[index] { return false }
        return true
    }

    /// FNV-1a, 64-bit.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}

extension ByteKeyTable: Sendable where Value: Sendable {}
