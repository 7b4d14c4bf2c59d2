import Deidentified
import Foundation
import Testing

/// Keyed references hold their HMAC output as 32 inline bytes; the text form is made only to print.
@Suite("Reference digests: bytes, hex digits and order")
struct ReferenceDigestTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("bytes to hex and back, for random digests and the all-zero and all-ones ones")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        var samples: [[UInt8]] = [Array(repeating: 0, count: 32), Array(repeating: 0xFF, count: 32), Array(0..<32)]
        for _ in 0..<1_000 { samples.append((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for bytes in samples {
            let digest = ReferenceDigest(bytes: bytes)
            let text = Self.hex(bytes)
            #expect(digest.hex == text)
            #expect(digest.withHexDigits { String(decoding: $0, as: UTF8.self) } == text)
            #expect(ReferenceDigest(hex: text) == digest)
            #expect(digest.firstByte == bytes[0])
            let reference = CountReference(epoch: 7, digest: digest)
            #expect(reference.description == "c1.e7.\(text)")
            #expect(CountReference(text: reference.description) == reference)
            #expect(SubjectPseudonym(text: reference.description) == nil, "another kind")
        }
    }

    @Test("only 64 lower-case hex digits read as a digest")
    func rejects() {
        let good = String(repeating: "0123456789abcdef", count: 4)
        #expect(ReferenceDigest(hex: good) != nil)
        for bad in [
            "", String(good.dropLast()), good + "0", good.uppercased(), String(good.dropLast()) + "g",
            String(good.dropLast(2)) + " 0", "0x" + String(good.dropFirst(2)),
        ] {
            #expect(ReferenceDigest(hex: bad) == nil, "\(bad)")
        }
    }

    @Test("digests order, compare and hash as their hex digits do")
    func order() {
        var generator = SystemRandomNumberGenerator()
        var digests: [(ReferenceDigest, String)] = []
        for index in 0..<500 {
            var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if let last = digests.last, index % 3 != 0 {
                // The last one again, or with a bit changed in two of its bytes (so that the order
                // of words is tested: late bytes decide too).
                bytes = (0..<32).map { UInt8(last.1.dropFirst($0 * 2).prefix(2), radix: 16)! }
                if index % 3 == 1 {
                    let positions = [31, 20, 12, 0, 25]
                    bytes[positions[index % 5]] ^= UInt8(1 << (index % 8))
                    bytes[positions[(index + 2) % 5]] ^= UInt8(1 << ((index / 3) % 8))
                }
            }
            let digest = ReferenceDigest(bytes: bytes)
            digests.append((digest, digest.hex))
        }
        // Each against its neighbour (often equal or one byte apart) and against the first 60.
        for ((a, hexA), (b, hexB)) in zip(digests, digests.dropFirst()) {
            #expect((a < b) == (hexA < hexB) && (b < a) == (hexB < hexA))
            #expect((a == b) == (hexA == hexB))
        }
        for (a, hexA) in digests {
            for (b, hexB) in digests.prefix(60) {
                #expect((a < b) == (hexA < hexB))
                #expect((a == b) == (hexA == hexB))
                if a == b { #expect(a.hashValue == b.hashValue) }
            }
        }
        #expect(Set(digests.map(\.0)).count == Set(digests.map(\.1)).count)
    }
}
