import Deidentified
import Foundation
import Glibc
import SealCore

/// Where some of one bucket's lines lie in a writer's spill file: one flushed buffer.
struct SpillRun {
    let offset: Int
    let count: Int
}

/// One writer's spill file as the reading side takes it over: the open (nameless) file and, for each
/// bucket, the runs written for it, in the order written.
struct SpillFile {
    let descriptor: Int32
    let path: String
    let runs: [[SpillRun]]
}

/// One writer's side of the spill: lines kept in ``SpillFiles/bucketCount`` buffers by a pseudonym's
/// first six bits, each buffer appended to the writer's one spill file when it fills, where it is
/// remembered as a run of its bucket. The file has no name (``TemporaryFiles/createNameless(in:name:)``:
/// `O_TMPFILE`, or a name unlinked at once where the file system has no unnamed files) and lives as
/// an open descriptor only, so a crash leaves no spilled line behind (the kernel frees the file with
/// its last descriptor).
///
/// One file per writer, not one per bucket: creating a file is an inode allocation, and 64 of them for
/// each writer of each spill (384 for `sealkit run` on two cores) took about 70 ms before the read
/// could start, and as many descriptors.
final class SpillWriter {
    let path: String
    private var descriptor: Int32
    private var size = 0
    private var buffers: [[UInt8]] = Array(repeating: [], count: SpillFiles.bucketCount)
    private var runs: [[SpillRun]] = Array(repeating: [], count: SpillFiles.bucketCount)

    /// A buffer is written out when it holds this many bytes.
    static let runSize = 1 << 15

    init(directory: String, writer: Int) throws(SealKitError) {
        path = SpillFiles.path(directory, writer: writer)
        descriptor = TemporaryFiles.createNameless(in: directory, name: "\(writer)")
        guard descriptor >= 0 else {
            throw SealKitError(.cannotCreateOutput, "\(path): cannot create: \(FileIO.errorText())")
        }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// The file and its runs, handed to the spill's reading side (this writer keeps nothing). Call
    /// ``flushAll()`` first.
    func handOver() -> SpillFile? {
        guard descriptor >= 0 else { return nil }
        defer {
            descriptor = -1
            buffers = []
            runs = []
        }
        return SpillFile(descriptor: descriptor, path: path, runs: runs)
    }

    func add(_ line: [UInt8], bucket: Int) throws(SealKitError) {
        try line.withUnsafeBufferPointer { (bytes) throws(SealKitError) in
            try add(UnsafeRawBufferPointer(bytes), bucket: bucket)
        }
    }

    func add(_ line: UnsafeRawBufferPointer, bucket: Int) throws(SealKitError) {
        buffers[bucket].append(contentsOf: line)
        if buffers[bucket].count >= Self.runSize { try flush(bucket) }
    }

    private func flush(_ bucket: Int) throws(SealKitError) {
        let count = buffers[bucket].count
        guard count > 0 else { return }
        try buffers[bucket].withUnsafeBufferPointer { (bytes) throws(SealKitError) in
            try FileIO.writeAll(descriptor, UnsafeRawBufferPointer(bytes), path: path, whenFull: SpillFiles.fullHint)
        }
        runs[bucket].append(SpillRun(offset: size, count: count))
        size += count
        buffers[bucket].removeAll(keepingCapacity: true)
    }

    func flushAll() throws(SealKitError) {
        for bucket in 0..<buffers.count { try flush(bucket) }
    }
}

/// The spill of one pass: a private temporary folder (mode 0700) where every writer creates its
/// nameless spill file, read back one bucket at a time (its runs from every writer), its
/// lines sorted by pseudonym. A bucket's runs are freed once it is drained.
///
/// `@unchecked Sendable`: the files are adopted after the writers' threads are joined, and each spill
/// is then read by one thread at a time.
final class SpillFiles: @unchecked Sendable {
    let directory: String
    let writers: Int
    /// By writer; nil until adopted and once closed.
    private var files: [SpillFile?]

    init(writers: Int) throws(SealKitError) {
        let parent = ProcessInfoLite.temporaryDirectory
        guard let folder = TemporaryFiles.makePrivateFolder(in: parent, prefix: "sealkit-order") else {
            throw SealKitError(
                .cannotCreateOutput,
                "\(parent): cannot create a temporary folder: \(FileIO.errorText())"
            )
        }
        directory = folder
        self.writers = writers
        files = Array(repeating: nil, count: writers)
    }

    deinit {
        remove()
    }

    /// Takes over writer `writer`'s file (``SpillWriter/handOver()``).
    func adopt(writer: Int, _ file: SpillFile?) {
        if let old = files[writer] { Glibc.close(old.descriptor) }
        files[writer] = file
    }

    /// Said when a spill write finds the disk full: where the room is needed, and how much.
    static let fullHint =
        "the ordering spill in TMPDIR needs room for about as many bytes as the outputs: point TMPDIR at a folder with more"

    static func path(_ directory: String, writer: Int) -> String {
        "\(directory)/\(writer)"
    }

    /// How many buckets a spill has: enough that one bucket of a large run sorts in a few MiB, few
    /// enough that a writer's buffers (one per bucket) stay small.
    static let bucketCount = 64

    /// The bucket of a pseudonym: its first six bits (buckets in pseudonym order).
    static func bucket(of pseudonym: SubjectPseudonym) -> Int {
        Int(pseudonym.digest.firstByte >> 2)
    }

    /// A bucket's bytes from every writer, in writer order and, within a writer, in the order
    /// written (read straight into the array: no zero fill first, which cost a pass over every
    /// spilled byte). Every writer's file must have been adopted, except the last writer's when
    /// `beforeLastWriter` (``take(_:reader:_:)`` reads the workers' lines before the mover, the last
    /// writer, has written any).
    private func contents(_ bucket: Int, beforeLastWriter: Bool = false) throws(SealKitError) -> [UInt8] {
        var total = 0
        for writer in 0..<(beforeLastWriter ? writers - 1 : writers) {
            guard let file = files[writer] else {
                throw SealKitError(.ioError, "\(Self.path(directory, writer: writer)): the spill file is not open")
            }
            for run in file.runs[bucket] { total += run.count }
        }
        var failure: SealKitError? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            var start = 0
            do throws(SealKitError) {
                for case let file? in files {
                    for run in file.runs[bucket] {
                        let part = UnsafeMutableRawBufferPointer(
                            rebasing: UnsafeMutableRawBufferPointer(buffer)[start..<(start + run.count)]
                        )
                        try FileIO.readExactly(file.descriptor, into: part, at: run.offset, path: file.path)
                        start += run.count
                    }
                }
            } catch {
                failure = error
            }
            initialized = start
        }
        if let failure { throw failure }
        return bytes
    }

    /// The ranges of the lines in a bucket's bytes, newlines included.
    private static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count, let hit = memchr(base + start, 0x0A, buffer.count - start) {
                let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                lines.append(start..<end)
                start = end
            }
        }
        return lines
    }

    /// How a line spilled under `pseudonym` (its text form) begins.
    static func prefix(_ pseudonym: String) -> [UInt8] {
        Array("{\"pseudonym\":\"\(pseudonym)\"".utf8)
    }

    /// How a CSV line spilled under `pseudonym` begins.
    static func csvPrefix(_ pseudonym: String) -> [UInt8] { Array("\(pseudonym),".utf8) }

    /// The records spilled under `pseudonyms` (their text forms), read back and handed to `body` one
    /// bucket at a time (each bucket that holds one is read once, however many it holds: one read per
    /// record made many CII pairs cost the square of their number; and only one bucket's bytes are held
    /// at a time). The lines stay in the spill: ``drain(skipping:adding:linePrefix:keyLength:_:)``
    /// leaves them out.
    func take(
        _ pseudonyms: some Collection<String>,
        reader: DeidentifiedReader,
        _ body: (String, DeidentifiedSubject) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        var wanted: [Int: [String]] = [:]
        for pseudonym in pseudonyms {
            guard let key = SubjectPseudonym(text: pseudonym) else {
                throw SealKitError(.ioError, "\(directory): not a pseudonym")
            }
            wanted[Self.bucket(of: key), default: []].append(pseudonym)
        }
        for (bucket, names) in wanted.sorted(by: { $0.key < $1.key }) {
            let bytes = try contents(bucket, beforeLastWriter: files[writers - 1] == nil)
            let matcher = PrefixMatcher(names, linePrefix: Self.prefix)
            var found = 0
            for range in Self.lines(bytes) {
                guard let pseudonym = matcher.match(bytes[range]) else { continue }
                let record: DeidentifiedSubject
                do {
                    record = try bytes[range].withUnsafeBytes { raw in
                        Result { () throws(JSONError) in try reader.subject(raw) }
                    }.get()
                } catch {
                    throw SealKitError(.ioError, "\(directory): a spilled line does not read back: \(error)")
                }
                found += 1
                try body(pseudonym, record)
            }
            guard found == names.count else {
                throw SealKitError(.ioError, "\(directory): a spilled subject is missing")
            }
        }
    }

    /// ``take(_:reader:_:)`` into a dictionary (for a few records).
    func take(
        _ pseudonyms: some Collection<String>,
        reader: DeidentifiedReader
    ) throws(SealKitError) -> [String: DeidentifiedSubject] {
        var taken: [String: DeidentifiedSubject] = [:]
        try take(pseudonyms, reader: reader) { (pseudonym, record) throws(SealKitError) in taken[pseudonym] = record }
        return taken
    }

    /// Hands over every line in pseudonym order, leaving out the lines spilled under `skipping`
    /// (pseudonyms as text) and taking in `adding` (more lines, by bucket).
    func drain(
        skipping: Set<String> = [],
        adding: [Int: [[UInt8]]] = [:],
        linePrefix: (String) -> [UInt8] = SpillFiles.prefix,
        keyLength: Int = 96,
        _ write: (_ lines: [Range<Int>], _ of: UnsafeRawPointer) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        let skipped = PrefixMatcher(skipping, linePrefix: linePrefix)
        for bucket in 0..<Self.bucketCount {
            var bytes = try contents(bucket)
            release(bucket)
            var lines = Self.lines(bytes)
            if !skipping.isEmpty {
                lines.removeAll { range in skipped.match(bytes[range]) != nil }
            }
            for line in adding[bucket] ?? [] {
                lines.append(bytes.count..<(bytes.count + line.count))
                bytes.append(contentsOf: line)
            }
            // Every line starts with the pseudonym ({"pseudonym":"s1.e<epoch>.<hex>" or s1.e<epoch>.<hex>,):
            // sort by the first `keyLength` bytes (subject lines: up to the closing quote; decision
            // lines: the whole line, as a subject has several).
            // A stable sort, byte order of the keys (a shorter key that is a prefix comes first).
            try bytes.withUnsafeBufferPointer { (all) throws(SealKitError) in
                guard let base = all.baseAddress else { return }
                lines.sort { a, b in
                    let (left, right) = (min(a.count, keyLength), min(b.count, keyLength))
                    let order = memcmp(base + a.lowerBound, base + b.lowerBound, min(left, right))
                    return order != 0 ? order < 0 : left < right
                }
                try write(lines, UnsafeRawPointer(base))
            }
        }
        closeFiles()
    }

    /// Frees a bucket's runs (read in full): the kernel frees their pages here, bucket by bucket, not
    /// all at the end.
    private func release(_ bucket: Int) {
        for case let file? in files {
            for run in file.runs[bucket] { FileIO.punchHole(file.descriptor, offset: run.offset, count: run.count) }
        }
    }

    /// Closes every file (which frees them: they have no names).
    private func closeFiles() {
        for writer in 0..<files.count {
            if let file = files[writer] { Glibc.close(file.descriptor) }
            files[writer] = nil
        }
    }

    /// Closes every file still open and removes the (empty) folder.
    func remove() {
        closeFiles()
        rmdir(directory)
    }
}

/// Finds which of a set of pseudonyms a spilled line begins with, by a hash lookup of the line's first
/// bytes (a walk over every pseudonym for every line cost the product of their numbers).
struct PrefixMatcher {
    /// Prefix lengths (one, unless the pseudonyms' epochs differ in digits), each with its prefixes.
    private let byLength: [(length: Int, names: [[UInt8]: String])]

    init(_ pseudonyms: some Collection<String>, linePrefix: (String) -> [UInt8]) {
        var table: [Int: [[UInt8]: String]] = [:]
        for pseudonym in pseudonyms {
            let prefix = linePrefix(pseudonym)
            table[prefix.count, default: [:]][prefix] = pseudonym
        }
        byLength = table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The pseudonym whose line prefix `line` starts with, if any.
    func match(_ line: ArraySlice<UInt8>) -> String? {
        for (length, names) in byLength where line.count >= length {
            if let name = names[Array(line.prefix(length))] { return name }
        }
        return nil
    }
}
