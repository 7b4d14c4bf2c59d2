/// Remembers parsed charges by their text, for one read.
///
/// A research file uses a small vocabulary of charge texts, so the parser runs once per distinct
/// text rather than once per row. The comment is part of the key only when it can change the result
/// (a blank description, `SEE COMMENT FOR CHARGE`, or a PC 182 head). The cache holds at most
/// ``limit`` texts; past that, charges are parsed without being remembered. Texts are looked up on
/// their bytes (``ByteCache``). One cache per builder, used by one thread.
final class OffenseCache {
    private let table = ByteCache<Offense>(limit: 65_536)
    var limit: Int { table.limit }

    func charge(offenseDescription: ArraySlice<UInt8>, comment: ArraySlice<UInt8>) -> Offense {
        let description = offenseDescription.trimmingSpaces()
        var withComment: [UInt8]? = nil
        if Self.dependsOnComment(description) {
            withComment = Array(description) + [0] + Array(comment)
        }
        func remembered(_ key: UnsafeRawBufferPointer) -> Offense {
            let found = table.find(key)
            if let offense = found.value { return offense }
            let offense = OffenseParser.parseCharge(offenseDescription: offenseDescription, comment: comment)
            table.insert(key, offense, hash: found.hash)
            return offense
        }
        if let withComment { return withComment.withUnsafeBytes(remembered) }
        return description.withUnsafeBytes(remembered)
    }

    /// Whether the comment can change how this description reads.
    /// Compared byte by byte: array literals to compare with were made (and freed) for every row.
    static func dependsOnComment(_ description: ArraySlice<UInt8>) -> Bool {
        guard let first = description.first else { return true }
        if description.count == 1 && first == UInt8(ascii: "-") { return true }
        let start = description.startIndex
        if description.count >= 3 && first == 0x31 && description[start + 1] == 0x38 && description[start + 2] == 0x32 {
            return true  // "182"
        }
        return first == UInt8(ascii: "S") || first == UInt8(ascii: "s")  // SEE COMMENT FOR CHARGE, any case
    }
}
