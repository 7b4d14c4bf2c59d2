import CriminalRecords
import Deidentified
import Foundation
import Glibc
import SealCore
import TestSupport
import Testing

@testable import SealKit

/// The spill that orders `pseudonymize` and `run` output: one nameless file per writer, each bucket a
/// list of runs in it.
@Suite("Spill: runs of one file per writer, read back by bucket in pseudonym order")
struct SpillTests {
    /// A subject line as the pipeline spills it, of about `length` bytes.
    static func line(_ hex: String, _ tag: Int, length: Int) -> [UInt8] {
        // The tag comes after the 96 bytes the drain sorts by, so lines of one pseudonym tie.
        let head = "{\"pseudonym\":\"s1.e1.\(hex)\",\"pad\":\""
        let tail = "\",\"tag\":\(tag)}\n"
        return Array((head + String(repeating: "x", count: max(96, length - tail.count) - head.count) + tail).utf8)
    }

    static func hex(_ generator: inout SystemRandomNumberGenerator) -> String {
        (0..<64).map { _ in String(UInt8.random(in: 0...15, using: &generator), radix: 16) }.joined()
    }

    /// What the drain must hand over: every line, bucket by bucket, each bucket's lines from writer
    /// 0 first, in the order written, then stably sorted by their first 96 bytes.
    static func expected(_ written: [[(bucket: Int, line: [UInt8])]]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for bucket in 0..<SpillFiles.bucketCount {
            let lines = written.flatMap { $0.filter { $0.bucket == bucket }.map(\.line) }
            let keyed = lines.enumerated().sorted { a, b in
                let (left, right) = (Array(a.element.prefix(96)), Array(b.element.prefix(96)))
                return left == right ? a.offset < b.offset : left.lexicographicallyPrecedes(right)
            }
            result += keyed.map(\.element)
        }
        return result
    }

    static func drained(
        _ spill: SpillFiles,
        skipping: Set<String> = [],
        adding: [Int: [[UInt8]]] = [:]
    ) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        try spill.drain(skipping: skipping, adding: adding) { (lines, base) throws(SealKitError) in
            for range in lines {
                out.append(Array(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)))
            }
        }
        return out
    }

    /// Descriptors of this process open on files under `directory`.
    static func openFiles(under directory: String) -> Int {
        let folder = "/proc/self/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0) }
            .filter { $0.hasPrefix(directory + "/") }.count
    }

    @Test("a full disk (/dev/full): the write error says where the spill needs room; other writes do not")
    func fullDisk() throws {
        let descriptor = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: 100, alignment: 1)
        defer { bytes.deallocate() }
        bytes.initializeMemory(as: UInt8.self, repeating: 7, count: 100)
        for hint in [SpillFiles.fullHint, nil] {
            do throws(SealKitError) {
                try FileIO.writeAll(
                    descriptor,
                    UnsafeRawBufferPointer(start: bytes, count: 100),
                    path: "spill",
                    whenFull: hint
                )
                Issue.record("a write to /dev/full succeeded")
            } catch {
                #expect(error.code == .ioError)
                let base = "spill: write failed: No space left on device"
                #expect(error.message == (hint.map { "\(base) (\($0))" } ?? base))
            }
        }
        // The unsorted file's grouping spill says which spill failed, and where room is needed.
        #expect(
            DOJFiles.error(.spill("/t/sealkit-spill-x/bucket-0", ENOSPC), path: "doj.csv").message
                == "/t/sealkit-spill-x/bucket-0: the spill of the unsorted file's rows failed: No space left on device "
                + "(it is in TMPDIR and needs room for about one copy of the input: point TMPDIR at a folder with more)"
        )
        #expect(
            DOJFiles.error(.spill("/t", ENOENT), path: "doj.csv").message
                == "/t: the spill of the unsorted file's rows failed: No such file or directory"
        )
        #expect(DOJFiles.error(.cannotReread("/dev/fd/63"), path: "/dev/fd/63").code.exitStatus == 66)
        // Another failure than a full disk gets no hint.
        #expect(FileIO.writeFailure("x", EBADF, SpillFiles.fullHint) == "x: write failed: Bad file descriptor")
    }

    @Test("three writers, lines short and long (some longer than a run), duplicates kept in writer order")
    func orderAcrossWritersAndRuns() throws {
        var generator = SystemRandomNumberGenerator()
        let spill = try SpillFiles(writers: 3)
        var written: [[(bucket: Int, line: [UInt8])]] = []
        var writers: [SpillWriter] = []
        var shared: [String] = []
        for writer in 0..<3 {
            let spillWriter = try SpillWriter(directory: spill.directory, writer: writer)
            var lines: [(bucket: Int, line: [UInt8])] = []
            for index in 0..<3_000 {
                // Some pseudonyms recur, in the same writer or another (their lines keep the order
                // written, writer 0 first); some lines are longer than a run; most are short.
                let hex: String
                if index % 97 == 0, !shared.isEmpty {
                    hex = shared[index % shared.count]
                } else {
                    hex = Self.hex(&generator)
                    if index % 50 == 0 { shared.append(hex) }
                }
                let length =
                    index % 400 == 0 ? SpillWriter.runSize + 1_000 : Int.random(in: 100...900, using: &generator)
                let line = Self.line(hex, writer * 10_000 + index, length: length)
                let bucket = SpillFiles.bucket(of: SubjectPseudonym(epoch: 1, hex: hex))
                try spillWriter.add(line, bucket: bucket)
                lines.append((bucket, line))
            }
            try spillWriter.flushAll()
            written.append(lines)
            writers.append(spillWriter)
        }
        // The files have no names while they are written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.directory).isEmpty)
        #expect(Self.openFiles(under: spill.directory) == 3)
        for (index, writer) in writers.enumerated() { spill.adopt(writer: index, writer.handOver()) }
        #expect(writers.allSatisfy { $0.handOver() == nil }, "a writer keeps nothing once handed over")
        let out = try Self.drained(spill)
        #expect(out.count == 9_000)
        #expect(out == Self.expected(written))
        // Drained: its files are closed (and so freed).
        #expect(Self.openFiles(under: spill.directory) == 0)
        let directory = spill.directory
        spill.remove()
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("a spilled subject read back before the drain, then left out of it; added lines sorted in")
    func takeSkipAndAdd() throws {
        var generator = SystemRandomNumberGenerator()
        let spill = try SpillFiles(writers: 2)
        let record = DeidentifiedSubject(
            pseudonym: SubjectPseudonym(epoch: 1, hex: Self.hex(&generator)),
            pseudonymBasis: .cii,
            gender: "M",
            race: "OTHER",
            birthday18: .unknown,
            birthday21: .unknown,
            ageAtEvaluation: nil,
            deceased: false,
            deathDate: nil,
            registrations: [],
            convictions: [],
            flags: []
        )
        let recordLine = JSONLines.encode(record)
        let recordBucket = SpillFiles.bucket(of: record.pseudonym)
        var written: [[(bucket: Int, line: [UInt8])]] = []
        for writer in 0..<2 {
            let spillWriter = try SpillWriter(directory: spill.directory, writer: writer)
            var lines: [(bucket: Int, line: [UInt8])] = []
            for index in 0..<500 {
                let hex = Self.hex(&generator)
                let line = Self.line(hex, index, length: 200)
                let bucket = SpillFiles.bucket(of: SubjectPseudonym(epoch: 1, hex: hex))
                try spillWriter.add(line, bucket: bucket)
                lines.append((bucket, line))
                if writer == 1 && index == 250 {
                    try spillWriter.add(recordLine, bucket: recordBucket)
                    lines.append((recordBucket, recordLine))
                }
            }
            try spillWriter.flushAll()
            spill.adopt(writer: writer, spillWriter.handOver())
            written.append(lines)
        }
        let reader = DeidentifiedReader(header: TestSupport.sampleHeader)
        #expect(try spill.take([record.pseudonym.description], reader: reader)[record.pseudonym.description] == record)
        #expect(throws: SealKitError.self) { try spill.take(["s1.e1.\(Self.hex(&generator))"], reader: reader) }
        let extraHex = Self.hex(&generator)
        let extra = Self.line(extraHex, 99_999, length: 120)
        let extraBucket = SpillFiles.bucket(of: SubjectPseudonym(epoch: 1, hex: extraHex))
        let out = try Self.drained(spill, skipping: [record.pseudonym.description], adding: [extraBucket: [extra]])
        var expectedWritten = written.map { $0.filter { $0.line != recordLine } }
        expectedWritten.append([(extraBucket, extra)])
        #expect(out.count == 1_001)
        #expect(out == Self.expected(expectedWritten))
    }
}
