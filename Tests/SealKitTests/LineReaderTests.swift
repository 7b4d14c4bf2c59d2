import CriminalRecords
import Foundation
import Glibc
import SealCore
import TestSupport
import Testing

@testable import SealKit

/// The line reader under `sealkit evaluate`: lines of any length up to its limit, across its 1 MiB
/// reads, and a clear refusal past the limit.
@Suite("LineReader: lines across reads, and the longest line")
struct LineReaderTests {
    /// Every line of the file at `path`, read with the given limit.
    func lines(_ path: String, maximumLength: Int) throws(SealKitError) -> [[UInt8]] {
        let descriptor = try FileIO.openInput(path)
        defer { close(descriptor) }
        var reader = LineReader(descriptor: descriptor, path: path, maximumLength: maximumLength)
        var result: [[UInt8]] = []
        while let line = try reader.next() { result.append(Array(line)) }
        return result
    }

    @Test(
        "lines of random lengths (some longer than a read) come out as split gives them, with or without a last newline"
    )
    func randomLines() throws {
        let folder = try TemporaryDirectory()
        var random = SeededRandom(seed: 8)
        for round in 0..<6 {
            var expected: [[UInt8]] = []
            var total = 0
            while total < 3 << 20 {
                let length = random.chance(0.02) ? random.int((1 << 20)...(5 << 19)) : random.int(0...300)
                expected.append((0..<length).map { _ in UInt8(ascii: "a") + UInt8(random.int(0...25)) })
                total += length + 1
            }
            var bytes = Array(expected.map { $0 + [0x0A] }.joined())
            if round % 2 == 1 { bytes.removeLast() }  // no newline after the last line
            let path = try folder.write("lines-\(round).txt", bytes)
            #expect(try lines(path, maximumLength: 4 << 20) == expected)
        }
    }

    @Test("a line of the limit reads; one byte more is refused with its line number, before it is all read")
    func longestLine() throws {
        let folder = try TemporaryDirectory()
        let limit = 3 << 20  // three reads
        let atLimit = [UInt8](repeating: 0x61, count: limit)
        let path = try folder.write("limit.txt", Array("h\n".utf8) + atLimit + Array("\nlast".utf8))
        #expect(try lines(path, maximumLength: limit).map(\.count) == [1, limit, 4])
        for ending in [[UInt8(0x0A)] + Array("last\n".utf8), []] {
            let over = try folder.write("over.txt", Array("h\nx\n".utf8) + atLimit + [0x61] + ending)
            do {
                _ = try lines(over, maximumLength: limit)
                Issue.record("a line over the limit was read")
            } catch {
                #expect(error.exitStatus == 65)
                #expect(error.message == "\(over): line 3: longer than 3 MiB: not a de-identified record")
            }
        }
        // Refused while it is read: a line that never ends (a device of zeros) is not read to the end.
        do {
            _ = try lines("/dev/zero", maximumLength: limit)
            Issue.record("/dev/zero was read")
        } catch {
            #expect(error.message == "/dev/zero: line 1: longer than 3 MiB: not a de-identified record")
        }
    }
}
