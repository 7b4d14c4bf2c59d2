import Foundation
import Testing

@testable import Pseudonymization

@Suite("CII registry: first carriers, packed keys")
struct CIIRegistryTests {
    @Test("a CII's first SUBJECT_ID is kept; the same one again is no collision, another one is")
    func firstCarrier() {
        let registry = CIIRegistry()
        let cii = Array("A12345678".utf8)
        #expect(registry.register(cii: cii, owner: Array("10000001".utf8)) == nil)
        #expect(registry.register(cii: cii, owner: Array("10000001".utf8)) == nil)
        #expect(registry.register(cii: cii, owner: Array("10000002".utf8)) == Array("10000001".utf8))
        // A longer or shorter SUBJECT_ID that starts the same is another one.
        #expect(registry.register(cii: cii, owner: Array("100000011".utf8)) == Array("10000001".utf8))
        #expect(registry.register(cii: cii, owner: Array("1000000".utf8)) == Array("10000001".utf8))
        // Other CIIs have their own first carriers, kept apart in the arena.
        for index in 0..<1_000 {
            let other = Array(String(format: "%09d", 100_000_000 + index).utf8)
            #expect(registry.register(cii: other, owner: Array("S\(index)".utf8)) == nil)
        }
        for index in 0..<1_000 {
            let other = Array(String(format: "%09d", 100_000_000 + index).utf8)
            #expect(registry.register(cii: other, owner: Array("T".utf8)) == Array("S\(index)".utf8))
        }
    }

    @Test("packed keys: equal bytes one key; a prefix, a longer text, a byte moved or changed, others")
    func packedKeys() {
        let texts = [
            "", "0", "00", "A1234567", "A12345678", "A123456789", "A123456780", "B12345678", "12345678A",
            "A1234567 ", "123456789012345",
        ]
        var keys: [PackedBytes: String] = [:]
        for text in texts { keys[PackedBytes(Array(text.utf8))] = text }
        #expect(keys.count == texts.count)
        for text in texts { #expect(keys[PackedBytes(Array(text.utf8))] == text) }
    }
}
