import Glibc

/// Values remembered by a short byte string, for one read: FNV-1a (``fnv1a(_:)``) and open
/// addressing over the bytes, so that a look-up allocates nothing (a dictionary key would be an
/// array made for each row). Holds at most `limit` keys; past that, ``insert(_:_:hash:)`` does
/// nothing.
struct ByteCache<Value> {
    let limit: Int
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    /// An index into `keys` and `values`, or -1 for an empty slot; at least twice as many as keys.
    private var slots = [Int32](repeating: -1, count: 1024)

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { keys.count }

    /// The value remembered under `bytes`, and the bytes' hash (for ``insert(_:_:hash:)``).
    func find(_ bytes: UnsafeRawBufferPointer) -> (value: Value?, hash: UInt64) {
        let hash = fnv1a(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return (nil, hash) }
            let same = keys[index].withUnsafeBytes { key in
                key.count == bytes.count
                    && (key.isEmpty || memcmp(key.baseAddress!, bytes.baseAddress!, key.count) == 0)
            }
            if same { return (values[index], hash) }
            slot = (slot + 1) & mask
        }
    }

    /// Remembers `value` under `key` (not already present; `hash` from ``find(_:)``).
    mutating func insert(_ key: [UInt8], _ value: Value, hash: UInt64) {
        guard keys.count < limit else { return }
        keys.append(key)
        values.append(value)
        if keys.count * 2 > slots.count {
            // Grow and place every key again.
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (index, key) in keys.enumerated() { place(index, hash: fnv1a(key)) }
        } else {
            place(keys.count - 1, hash: hash)
        }
    }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

}
