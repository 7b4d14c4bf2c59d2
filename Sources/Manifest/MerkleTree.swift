package import SealCrypto

/// A SHA-256 hash of the tree: a leaf's, a node's or a root (RFC 9162, section 2.1.1).
package struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes.
    package let bytes: [UInt8]

    /// A hash from its 32 bytes, or nil for any other length.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lower-case hex.
    package var description: String { Hex.encode(bytes) }

    /// The hash of the empty tree: SHA-256 of no bytes.
    package static let empty: TreeHash = {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { output in
            // A digest of no bytes cannot fail short of OpenSSL missing SHA-256, which SealKit's
            // start-up would have found first.
            try! SHA256.hash(bufferPointer: UnsafeRawBufferPointer(start: nil, count: 0), into: output)
        }
        return TreeHash(unchecked: out)
    }()

    /// `SHA-256(0x00 || entry)`: the hash of a leaf of entry bytes `entry`.
    package static func leaf(_ entry: some Collection<UInt8>) throws(SealCryptoError) -> TreeHash {
        var input = [UInt8](repeating: 0, count: 1)
        input.append(contentsOf: entry)
        return TreeHash(unchecked: try SHA256.hash(input).bytes)
    }

    /// `SHA-256(0x01 || left || right)`: an interior node's hash.
    package static func node(_ left: TreeHash, _ right: TreeHash) throws(SealCryptoError) -> TreeHash {
        var out = [UInt8](repeating: 0, count: 32)
        try MerkleTree.hashNode(left.bytes, right.bytes, into: &out)
        return TreeHash(unchecked: out)
    }
}

/// An RFC 9162 Merkle tree over leaf hashes, kept level by level so that the root, inclusion proofs
/// and consistency proofs come from stored nodes (section 2.1).
///
/// Level 0 holds the leaf hashes; each level above pairs the nodes of the one below, and an odd last
/// node goes up unchanged. That is the RFC's tree, which splits `n` leaves at the largest power of two
/// below `n` and is never padded: the node at level `l` and index `i` is the hash of leaves
/// `i·2^l ..< min((i+1)·2^l, n)`.
package struct MerkleTree: Sendable {
    /// `levels[l]`: the node hashes of level `l`, 32 bytes each, back to back.
    private let levels: [[UInt8]]
    /// How many leaves.
    package let size: Int

    /// The tree over `leaves`, each already a leaf hash (``TreeHash/leaf(_:)``).
    package init(leaves: [TreeHash]) throws(SealCryptoError) {
        var bottom = [UInt8]()
        bottom.reserveCapacity(leaves.count * 32)
        for leaf in leaves { bottom.append(contentsOf: leaf.bytes) }
        try self.init(leafHashes: bottom)
    }

    /// The tree over `leafHashes`: leaf hashes of 32 bytes each, back to back.
    package init(leafHashes: [UInt8]) throws(SealCryptoError) {
        precondition(leafHashes.count % 32 == 0, "leaf hashes are 32 bytes each")
        size = leafHashes.count / 32
        var levels = [leafHashes]
        var input = [UInt8](repeating: 0, count: 65)
        input[0] = 1
        while levels[levels.count - 1].count > 32 {
            let below = levels[levels.count - 1]
            let count = below.count / 32
            var above = [UInt8](repeating: 0, count: (count + 1) / 2 * 32)
            var failure: SealCryptoError? = nil
            below.withUnsafeBytes { below in
                input.withUnsafeMutableBytes { input in
                    above.withUnsafeMutableBytes { above in
                        for pair in 0..<count / 2 {
                            input.baseAddress!.advanced(by: 1).copyMemory(
                                from: below.baseAddress!.advanced(by: pair * 64),
                                byteCount: 64
                            )
                            do throws(SealCryptoError) {
                                try SHA256.hash(
                                    bufferPointer: UnsafeRawBufferPointer(input),
                                    into: UnsafeMutableRawBufferPointer(rebasing: above[(pair * 32)..<(pair * 32 + 32)])
                                )
                            } catch {
                                failure = error
                                return
                            }
                        }
                        if count % 2 == 1 {
                            above.baseAddress!.advanced(by: count / 2 * 32).copyMemory(
                                from: below.baseAddress!.advanced(by: (count - 1) * 32),
                                byteCount: 32
                            )
                        }
                    }
                }
            }
            if let failure { throw failure }
            levels.append(above)
        }
        self.levels = levels
    }

    /// `SHA-256(0x01 || left || right)` into `out` (32 bytes).
    static func hashNode(_ left: [UInt8], _ right: [UInt8], into out: inout [UInt8]) throws(SealCryptoError) {
        var input = [UInt8](repeating: 1, count: 1)
        input.reserveCapacity(65)
        input.append(contentsOf: left)
        input.append(contentsOf: right)
        let digest = try SHA256.hash(input)
        out = digest.bytes
    }

    /// The node at `level`, `index`.
    private func node(_ level: Int, _ index: Int) -> TreeHash {
        TreeHash(bytes: Array(levels[level][(index * 32)..<(index * 32 + 32)]))!
    }

    /// The root hash (the empty tree's hash for no leaf).
    package var root: TreeHash {
        size == 0 ? .empty : node(levels.count - 1, 0)
    }

    /// The leaf hash at `index`.
    package func leaf(_ index: Int) -> TreeHash { node(0, index) }

    /// The inclusion proof of leaf `index` (RFC 9162, section 2.1.3.1): the sibling hashes from the
    /// leaf up, leaf's sibling first.
    package func inclusionProof(for index: Int) -> [TreeHash] {
        precondition(index >= 0 && index < size, "a leaf of the tree")
        var path: [TreeHash] = []
        var position = index
        for level in 0..<(levels.count - 1) {
            let sibling = position ^ 1
            if sibling < levels[level].count / 32 { path.append(node(level, sibling)) }
            position >>= 1
        }
        return path
    }

    /// The hash of leaves `start ..< end` (RFC 9162's `MTH(D[start:end])`), from the stored nodes.
    private func subtree(_ start: Int, _ end: Int) -> TreeHash {
        // Every range the proofs ask for starts at a multiple of the smallest power of two not below
        // its length, and is that long or ends at the last leaf: one stored node.
        var level = 0
        while 1 << level < end - start { level += 1 }
        precondition(start % (1 << level) == 0 && (end - start == 1 << level || end == size))
        return node(level, start >> level)
    }

    /// The consistency proof from the tree's first `oldSize` leaves to the whole tree (RFC 9162,
    /// section 2.1.4.1); empty when `oldSize` is 0 or the tree's size.
    package func consistencyProof(from oldSize: Int) -> [TreeHash] {
        precondition(oldSize >= 0 && oldSize <= size, "an earlier size of the tree")
        guard oldSize > 0 && oldSize < size else { return [] }
        var proof: [TreeHash] = []
        subproof(oldSize, 0, size, true, &proof)
        return proof
    }

    /// `SUBPROOF(m, D[start:end], whole)`, appended to `proof`.
    private func subproof(_ m: Int, _ start: Int, _ end: Int, _ whole: Bool, _ proof: inout [TreeHash]) {
        let n = end - start
        if m == n {
            if !whole { proof.append(subtree(start, end)) }
            return
        }
        var k = 1
        while k << 1 < n { k <<= 1 }
        if m <= k {
            subproof(m, start, start + k, whole, &proof)
            proof.append(subtree(start + k, end))
        } else {
            subproof(m - k, start + k, end, false, &proof)
            proof.append(subtree(start, start + k))
        }
    }

    /// Whether `proof` shows leaf hash `leaf` at `index` in a tree of `size` leaves with root `root`
    /// (RFC 9162, section 2.1.3.2).
    package static func verifyInclusion(
        leaf: TreeHash,
        index: Int,
        size: Int,
        proof: [TreeHash],
        root: TreeHash
    ) throws(SealCryptoError) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = try .node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = try .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows a tree of `oldSize` leaves with root `oldRoot` to be the first leaves of a
    /// tree of `newSize` leaves with root `newRoot` (RFC 9162, section 2.1.4.2). Equal sizes need an
    /// empty proof and equal roots; a tree of no leaf is the start of every tree.
    package static func verifyConsistency(
        oldSize: Int,
        newSize: Int,
        oldRoot: TreeHash,
        newRoot: TreeHash,
        proof: [TreeHash]
    ) throws(SealCryptoError) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty && oldRoot == .empty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = try .node(c, fr)
                sr = try .node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = try .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
