import CriminalRecords
import Foundation
import SealCore
import TestSupport
import Testing

@testable import SealKit

@Suite("Atomic writes: a set of files, all or none")
struct AtomicFileWriterTests {
    /// The names in `folder`, temporary files included.
    func names(_ folder: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a set commits with one writer prepared ahead: every file in place, its bytes and mode, no temporary left")
    func preparedAhead() throws {
        let folder = try TemporaryDirectory()
        let first = try AtomicFileWriter(path: folder.file("a.jsonl"), mode: 0o600, overwrite: false)
        let second = try AtomicFileWriter(path: folder.file("b.csv"), mode: 0o644, overwrite: false)
        // More than the writer's buffer, so that both the buffered and the direct paths write.
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
        try first.write(big)
        try first.write("end\n")
        try second.write("b\n")
        try second.prepare()
        // Prepared ahead: not in place yet.
        #expect(!FileManager.default.fileExists(atPath: folder.file("b.csv")))
        try OutputSet(directory: folder.path).commit([first, second], overwrite: false)
        #expect(try names(folder) == ["a.jsonl", "b.csv"])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: folder.file("a.jsonl")))) == big + Array("end\n".utf8))
        #expect(try String(contentsOfFile: folder.file("b.csv"), encoding: .utf8) == "b\n")
        let modes = try ["a.jsonl", "b.csv"].map {
            try FileManager.default.attributesOfItem(atPath: folder.file($0))[.posixPermissions] as? Int
        }
        #expect(modes == [0o600, 0o644])
    }

    @Test("a file past several writeback hints (every 8 MiB) is whole: buffered, direct and uneven writes, in order")
    func writebackHints() throws {
        // The C library has sync_file_range (glibc, Linux): the hint is really given here.
        #expect(FileIO.syncFileRange != nil)
        let folder = try TemporaryDirectory()
        let writer = try AtomicFileWriter(path: folder.file("big.jsonl"), mode: 0o600, overwrite: false)
        var expected: [UInt8] = []
        var sizes = [1, 4_095, 65_536, 300_001, 17]
        var value: UInt8 = 0
        while expected.count < 26 << 20 {
            let size = sizes.removeFirst()
            sizes.append(size)
            value &+= 1
            let part = [UInt8](repeating: value, count: size)
            try writer.write(part)
            expected += part
        }
        try writer.commit(overwrite: false)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: folder.file("big.jsonl")))) == expected)
        #expect(try names(folder) == ["big.jsonl"])
    }

    @Test("gathered writes: ranges in any order, many and large, between buffered writes, give the bytes in order")
    func gatheredRanges() throws {
        let folder = try TemporaryDirectory()
        let writer = try AtomicFileWriter(path: folder.file("g.jsonl"), mode: 0o600, overwrite: false)
        // Lines of 1 to 3,000 bytes, written in a shuffled order of ranges (as a sorted bucket is).
        var random = SeededRandom(seed: 7)
        var source: [UInt8] = []
        var ranges: [Range<Int>] = []
        for index in 0..<2_000 {
            let length = random.int(1...3_000)
            ranges.append(source.count..<(source.count + length))
            source += [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: length)
        }
        ranges.shuffle(using: &random)
        var expected = Array("head\n".utf8)
        try writer.write("head\n")
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 1)
        defer { bytes.deallocate() }
        bytes.copyBytes(from: source)
        let base = UnsafeRawPointer(bytes.baseAddress!)
        try writer.write(ranges: Array(ranges[..<1_000]), of: base)
        try writer.write("middle\n")
        try writer.write(ranges: [], of: base)
        try writer.write(ranges: Array(ranges[1_000...]), of: base)
        for range in ranges[..<1_000] { expected += source[range] }
        expected += Array("middle\n".utf8)
        for range in ranges[1_000...] { expected += source[range] }
        try writer.write("tail\n")
        expected += Array("tail\n".utf8)
        #expect(writer.byteCount == expected.count)
        try writer.commit(overwrite: false)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: folder.file("g.jsonl")))) == expected)
    }

    @Test("after a partial writev, the vectors written in full and empty ones are skipped, the one cut is shortened")
    func partialGather() {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { bytes.deallocate() }
        let base = bytes.baseAddress!
        let lengths = [3, 0, 5, 2]
        var starts = [0]
        for length in lengths.dropLast() { starts.append(starts.last! + length) }
        let original = zip(starts, lengths).map { iovec(iov_base: base + $0.0, iov_len: $0.1) }
        var cut = original
        #expect(FileIO.advance(&cut, from: 0, by: 4) == 2)
        #expect(cut[2].iov_base == base + 4 && cut[2].iov_len == 4)
        var exact = original
        #expect(FileIO.advance(&exact, from: 0, by: 3) == 2)  // the empty one is skipped too
        #expect(exact[2].iov_base == base + 3 && exact[2].iov_len == 5)
        var all = original
        #expect(FileIO.advance(&all, from: 0, by: 10) == 4)
        var none = original
        #expect(FileIO.advance(&none, from: 2, by: 0) == 2 && none[2].iov_len == 5)
    }

    @Test("a set whose second file appears meanwhile is refused whole: nothing placed, no temporary or journal left")
    func rollback() throws {
        let folder = try TemporaryDirectory()
        let first = try AtomicFileWriter(path: folder.file("a.jsonl"), mode: 0o600, overwrite: false)
        let second = try AtomicFileWriter(path: folder.file("b.csv"), mode: 0o600, overwrite: false)
        try first.write("a\n")
        try second.write("b\n")
        try second.prepare()
        // Another process creates the second file after the writers started.
        try folder.write("b.csv", Array("old\n".utf8))
        #expect(throws: SealKitError.self) {
            try OutputSet(directory: folder.path).commit([first, second], overwrite: false)
        }
        #expect(try names(folder) == ["b.csv"])
        #expect(try String(contentsOfFile: folder.file("b.csv"), encoding: .utf8) == "old\n")
    }

    @Test(
        "a file has no name in its folder until it is placed; with overwrite it replaces the old file; nothing else is left",
        arguments: [true, false]
    )
    func namelessUntilPlaced(nameless: Bool) throws {
        let folder = try TemporaryDirectory()
        try folder.write("b.csv", Array("old\n".utf8))
        let first = try AtomicFileWriter(
            path: folder.file("a.jsonl"),
            mode: 0o640,
            overwrite: false,
            nameless: nameless
        )
        let second = try AtomicFileWriter(path: folder.file("b.csv"), mode: 0o600, overwrite: true, nameless: nameless)
        #expect((first.temporaryPath == nil) == nameless && (second.temporaryPath == nil) == nameless)
        try first.write([UInt8](repeating: 0x61, count: 100_000))
        try second.write("new\n")
        try second.prepare()
        // Written, one of them prepared: only the old file has a name (or, the named way, the two
        // hidden temporary files beside it).
        let hidden = try names(folder).filter { $0.hasPrefix(".") }
        #expect(try names(folder).filter { !$0.hasPrefix(".") } == ["b.csv"])
        #expect(hidden.count == (nameless ? 0 : 2), "\(hidden)")
        try first.commit(overwrite: false)
        try second.place(overwrite: true)
        #expect(try names(folder) == ["a.jsonl", "b.csv"])
        #expect(try String(contentsOfFile: folder.file("b.csv"), encoding: .utf8) == "new\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("a.jsonl"))).count == 100_000)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.file("a.jsonl"))[.posixPermissions]
        #expect(mode as? Int == 0o640)
        // Without overwrite an existing name is never replaced, and the new bytes leave no trace.
        let third = try AtomicFileWriter(path: folder.file("c"), mode: 0o600, overwrite: false, nameless: nameless)
        try third.write("third\n")
        try folder.write("c", Array("taken\n".utf8))
        #expect(throws: SealKitError(.outputExists, "")) { try third.commit(overwrite: false) }
        #expect(try names(folder) == ["a.jsonl", "b.csv", "c"])
        #expect(try String(contentsOfFile: folder.file("c"), encoding: .utf8) == "taken\n")
    }

    @Test("a writer prepared ahead and then released without a commit leaves nothing")
    func preparedThenReleased() throws {
        let folder = try TemporaryDirectory()
        do {
            let writer = try AtomicFileWriter(path: folder.file("a.jsonl"), mode: 0o600, overwrite: false)
            try writer.write("a\n")
            try writer.prepare()
        }
        #expect(try names(folder).isEmpty)
    }
}
