/// The keys an object of a fixed shape may have, for ``JSONReader/readObject(_:_:)-(JSONFields,_)``:
/// names in the order a writer puts them (the reader tries the next one first), and which are required.
/// At most 64.
public struct JSONFields: Sendable {
    let names: [[UInt8]]
    /// Bit `i` set: field `i` must be present.
    public let required: UInt64

    /// Fields named `names`, all required except those in `optional`.
    public init(_ names: [String], optional: Set<String> = []) {
        precondition(names.count <= 64, "at most 64 fields")
        precondition(Set(names).count == names.count, "field names are distinct")
        precondition(optional.isSubset(of: names), "optional fields are fields")
        self.names = names.map { Array($0.utf8) }
        var required: UInt64 = 0
        for (index, name) in names.enumerated() where !optional.contains(name) { required |= 1 << UInt64(index) }
        self.required = required
    }

    /// How many fields there are.
    public var count: Int { names.count }

    /// Field `index`'s name.
    public func name(_ index: Int) -> String { String(decoding: names[index], as: UTF8.self) }

    /// The index of the field named `key`, trying `hint` first.
    func index(of key: JSONString, hint: Int) -> Int? {
        key.withBytes { bytes -> Int? in
            if hint < names.count, Self.same(bytes, names[hint]) { return hint }
            for index in names.indices where index != hint && Self.same(bytes, names[index]) { return index }
            return nil
        }
    }

    /// The field whose name differs from `key` only in letter case, for a helpful message.
    func caseInsensitiveMatch(_ key: JSONString) -> String? {
        let lowered = key.string.lowercased()
        return names.first { String(decoding: $0, as: UTF8.self).lowercased() == lowered }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ name: [UInt8]) -> Bool {
        guard bytes.count == name.count else { return false }
        return name.withUnsafeBufferPointer { name in
            bytes.isEmpty || memcmpBytes(bytes.baseAddress!, name.baseAddress!, bytes.count)
        }
    }
}
