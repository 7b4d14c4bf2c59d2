import Glibc

/// Values remembered by a short byte string, for one read: FNV-1a (``fnv1a(_:)``) and open
/// addressing over the bytes, so that a look-up allocates nothing (a dictionary key would be an
/// array made for each row). Holds at most `limit` keys; past that, ``insert(_:_:hash:)`` does
/// nothing.
///
/// The table lives in memory of its own (keys one after another in an arena, values, slots), not in
/// Swift arrays: a look-up then retains and releases nothing. Held in arrays, it retained and
/// released each of them on every look-up (five times a row for the builder's four look-ups), because
/// a table stored in a class's property is copied out to be read.
///
/// One table per builder, used by one thread.
final class ByteCache<Value> {
    let limit: Int
    private(set) var count = 0
    /// Every key's bytes, one after another.
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 12
    private var arenaUsed = 0
    /// Per key: where its bytes start in `arena`, how many there are, its hash, its value.
    private var starts: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<Value>
    private var keyCapacity = 64
    /// A key's index, or -1 for an empty slot; at least twice as many as keys, a power of two.
    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount = 1024

    init(limit: Int) {
        self.limit = limit
        arena = .allocate(capacity: arenaCapacity)
        starts = .allocate(capacity: keyCapacity)
        lengths = .allocate(capacity: keyCapacity)
        hashes = .allocate(capacity: keyCapacity)
        values = .allocate(capacity: keyCapacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: -1, count: slotCount)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
        arena.deallocate()
        starts.deallocate()
        lengths.deallocate()
        hashes.deallocate()
        slots.deallocate()
    }

    /// The value remembered under `bytes`, and the bytes' hash (for ``insert(_:_:hash:)``).
    func find(_ bytes: UnsafeRawBufferPointer) -> (value: Value?, hash: UInt64) {
        let hash = fnv1a(bytes)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return (nil, hash) }
            if lengths[index] == bytes.count
                && (bytes.isEmpty || memcmp(arena + starts[index], bytes.baseAddress!, bytes.count) == 0)
            {
                return (values[index], hash)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Remembers `value` under `key` (not already present; `hash` from ``find(_:)``).
    func insert(_ key: UnsafeRawBufferPointer, _ value: Value, hash: UInt64) {
        guard count < limit else { return }
        if count == keyCapacity { growKeys() }
        if arenaUsed + key.count > arenaCapacity { growArena(toHold: arenaUsed + key.count) }
        if let base = key.baseAddress {
            (arena + arenaUsed).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: key.count)
        }
        starts[count] = arenaUsed
        lengths[count] = key.count
        hashes[count] = hash
        (values + count).initialize(to: value)
        arenaUsed += key.count
        count += 1
        if count * 2 > slotCount {
            // Grow and place every key again.
            slots.deallocate()
            slotCount *= 2
            slots = .allocate(capacity: slotCount)
            slots.initialize(repeating: -1, count: slotCount)
            for index in 0..<count { place(index) }
        } else {
            place(count - 1)
        }
    }

    private func place(_ index: Int) {
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hashes[index] ^ (hashes[index] >> 32)) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    private func growKeys() {
        let capacity = keyCapacity * 2
        func grown<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        starts = grown(starts)
        lengths = grown(lengths)
        hashes = grown(hashes)
        values = grown(values)
        keyCapacity = capacity
    }

    private func growArena(toHold bytes: Int) {
        var capacity = arenaCapacity * 2
        while capacity < bytes { capacity *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        new.initialize(from: arena, count: arenaUsed)
        arena.deallocate()
        arena = new
        arenaCapacity = capacity
    }
}
