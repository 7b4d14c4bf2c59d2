import Foundation
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
        try AtomicFileWriter.commitAll([first, second], overwrite: false)
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

    @Test("a set whose second file appears meanwhile is rolled back: the first is removed again, no temporary left")
    func rollback() throws {
        let folder = try TemporaryDirectory()
        let first = try AtomicFileWriter(path: folder.file("a.jsonl"), mode: 0o600, overwrite: false)
        let second = try AtomicFileWriter(path: folder.file("b.csv"), mode: 0o600, overwrite: false)
        try first.write("a\n")
        try second.write("b\n")
        try second.prepare()
        // Another process creates the second file after the writers started.
        try folder.write("b.csv", Array("old\n".utf8))
        #expect(throws: SealKitError.self) { try AtomicFileWriter.commitAll([first, second], overwrite: false) }
        #expect(try names(folder) == ["b.csv"])
        #expect(try String(contentsOfFile: folder.file("b.csv"), encoding: .utf8) == "old\n")
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
