import Testing

@testable import CriminalRecords

@Suite("Offense cache: the parser's answer, remembered by text")
struct OffenseCacheTests {
    @Test("every look-up (first or repeated, comment-dependent or not, past the table's growth) is the parser's answer")
    func cacheAgreesWithParser() {
        let cache = OffenseCache()
        var texts: [(String, String)] = []
        for number in 0..<3_000 { texts.append(("PC \(number) ", "")) }
        texts += [
            ("HS 11357(A)", ""), ("HS 11357(A)", "HS 11360"), ("", "HS 11359"), ("-", "HS 11358"),
            ("   ", "HS 11360(A)"),
            ("SEE COMMENT FOR CHARGE", "HS 11357(B)"), ("see comment for charge", "HS 11357(B)"),
            ("SEE COMMENT FOR CHARGE", "PC 459"), ("182 PC", "HS 11359"), ("182 PC", "HS 11360"), ("\t11359 HS\t", ""),
        ]
        for _ in 0..<2 {
            for (description, comment) in texts {
                let expected = OffenseParser.parseCharge(
                    offenseDescription: Array(description.utf8),
                    comment: Array(comment.utf8)
                )
                let cached = cache.charge(
                    offenseDescription: ArraySlice(Array(description.utf8)),
                    comment: ArraySlice(Array(comment.utf8))
                )
                #expect(cached == expected, "\(description) / \(comment)")
            }
        }
    }

    @Test("the descriptions whose reading can depend on the comment: blank, a dash, a PC 182 head, SEE COMMENT")
    func commentDependence() {
        let depends = ["", "-", "182", "182 PC", "1820", "SEE COMMENT FOR CHARGE", "see comment", "S"]
        let independent = ["--", "18", "1", "-1", "11357 HS", "281", "PC 182", "x182"]
        for text in depends { #expect(OffenseCache.dependsOnComment(Array(text.utf8)[...]), "\(text)") }
        for text in independent { #expect(!OffenseCache.dependsOnComment(Array(text.utf8)[...]), "\(text)") }
        // A slice that does not start at index 0 (as the builder's fields do).
        let row = Array("xx,182 PC,yy".utf8)
        #expect(OffenseCache.dependsOnComment(row[3..<9]))
        #expect(!OffenseCache.dependsOnComment(row[0..<2]))
    }
}

@Suite("Byte cache: values by byte string, in memory of its own")
struct ByteCacheTests {
    static func find(_ cache: ByteCache<String>, _ key: [UInt8]) -> String? {
        key.withUnsafeBytes { cache.find($0).value }
    }

    static func insert(_ cache: ByteCache<String>, _ key: [UInt8], _ value: String) {
        key.withUnsafeBytes { bytes in cache.insert(bytes, value, hash: cache.find(bytes).hash) }
    }

    @Test("keys of every length, prefixes of one another and empty, past the growth of keys, bytes and slots")
    func findsWhatWasInserted() {
        let cache = ByteCache<String>(limit: 100_000)
        var keys: [[UInt8]] = [[], [0], [0, 0], Array("A".utf8), Array("AB".utf8), Array("ABC".utf8)]
        // Long keys fill the 4 KiB arena many times over; 5,000 keys grow the slots past 1,024.
        for index in 0..<5_000 {
            keys.append(Array("key \(index) ".utf8) + Array(repeating: UInt8(index % 251), count: index % 300))
        }
        for (index, key) in keys.enumerated() {
            #expect(Self.find(cache, key) == nil, "found before it was inserted: key \(index)")
            // Values are heap strings (longer than 15 bytes), so that moving them as the table grows
            // must keep them intact.
            Self.insert(cache, key, "value number \(index) of the table")
        }
        #expect(cache.count == keys.count)
        for (index, key) in keys.enumerated() {
            #expect(Self.find(cache, key) == "value number \(index) of the table", "key \(index)")
        }
        #expect(Self.find(cache, Array("key 5000 ".utf8)) == nil)
        #expect(Self.find(cache, [0, 0, 0]) == nil)
        #expect(Self.find(cache, Array("ABCD".utf8)) == nil)
    }

    @Test("past its limit, a cache remembers nothing more and still finds what it holds")
    func limit() {
        let cache = ByteCache<String>(limit: 3)
        for index in 0..<10 { Self.insert(cache, Array("\(index)".utf8), "v\(index)") }
        #expect(cache.count == 3)
        #expect((0..<3).allSatisfy { Self.find(cache, Array("\($0)".utf8)) == "v\($0)" })
        #expect((3..<10).allSatisfy { Self.find(cache, Array("\($0)".utf8)) == nil })
    }
}
