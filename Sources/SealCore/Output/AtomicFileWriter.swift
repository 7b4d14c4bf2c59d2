import Glibc

/// Writes one file through a temporary file in the same folder, moved into place only by
/// ``commit()``: a run that fails or is interrupted leaves no half-written output.
///
/// The temporary file has no name (`O_TMPFILE`, ``TemporaryFiles/createLinkable(in:)``) until it is
/// complete, so that even a killed process (SIGKILL, Ctrl-C, out of memory) leaves nothing in the
/// folder; where the file system cannot make one, it is a hidden `.NAME.tmp-XXXXXX` from `mkstemp`.
/// Either way it has mode 0600 until the commit sets the final mode, is written through a 64 KiB
/// buffer (or, for ranges of a block the caller holds, gathered straight from it with `writev`),
/// flushed with `fsync`, then linked into place (refusing an existing file) or renamed over it (with
/// `overwrite`; a nameless file gets a hidden name for that instant). If the writer is released
/// without a commit, the temporary file is removed.
public final class AtomicFileWriter {
    /// The file's final path.
    public let path: String
    /// The temporary file's name; nil when it has none (`O_TMPFILE`).
    package let temporaryPath: String?
    private let mode: UInt32
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var state = State.writing
    /// Bytes written so far.
    public private(set) var byteCount = 0
    /// Bytes handed to the kernel, and how many of them it was asked to start writing back.
    private var flushed = 0
    private var writebackStarted = 0

    private enum State {
        case writing
        case prepared
        /// Given its staging name by an ``OutputSet`` commit: from here the set's journal owns it.
        case staged
        case placed
        case abandoned
    }

    /// Whether bytes are still being written (not prepared yet).
    package var isWriting: Bool { state == .writing }

    /// Creates the temporary file for `path`.
    ///
    /// - Throws: ``SealKitError/Code/outputExists`` when `path` exists and `overwrite` is false;
    ///   ``SealKitError/Code/cannotCreateOutput`` when the folder cannot hold a new file.
    public convenience init(path: String, mode: UInt32, overwrite: Bool) throws(SealKitError) {
        try self.init(path: path, mode: mode, overwrite: overwrite, nameless: true)
    }

    /// `nameless` false makes the named temporary file even where a nameless one could be made (to
    /// test that way too).
    package init(path: String, mode: UInt32, overwrite: Bool, nameless: Bool) throws(SealKitError) {
        if !overwrite && FileIO.exists(path) {
            throw SealKitError(.outputExists, "refusing to overwrite existing \(path) (use --force to replace)")
        }
        self.path = path
        self.mode = mode
        let folder = FileIO.directory(of: path)
        let unnamed = nameless ? TemporaryFiles.createLinkable(in: folder) : -1
        if unnamed >= 0 {
            descriptor = unnamed
            temporaryPath = nil
        } else {
            var template = Array(Self.hiddenName(path).utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                throw SealKitError(
                    .cannotCreateOutput,
                    "\(path): cannot create a file in \(folder): \(FileIO.errorText())"
                )
            }
            self.descriptor = descriptor
            temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        // 64 KiB: written while still in the core's cache. The kernel's copy of a 1 MiB buffer filled
        // long before ran at a fifth of the speed (`dd bs=64K` 4 GB/s, `bs=1M` 0.6-1 GB/s here), and
        // `sealkit run` writes 540 MB through this buffer.
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if state == .writing || state == .prepared, let temporaryPath { unlink(temporaryPath) }
    }

    /// `FOLDER/.NAME.tmp-XXXXXX`: a `mkstemp` template for `path`.
    private static func hiddenName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "\(FileIO.directory(of: path))/.\(name).tmp-XXXXXX"
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SealKitError) {
        precondition(state == .writing, "write after commit")
        byteCount += bytes.count
        if buffer.count + bytes.count > buffer.capacity {
            try flushBuffer()
            if bytes.count >= buffer.capacity {
                try FileIO.writeAll(descriptor, bytes, path: path)
                handedOver(bytes.count)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Appends the given ranges of `base`, in order, gathered by `writev` straight from `base` (no
    /// copy through the buffer), about 64 KiB a call.
    package func write(ranges: [Range<Int>], of base: UnsafeRawPointer) throws(SealKitError) {
        precondition(state == .writing, "write after commit")
        try flushBuffer()
        var vectors: [iovec] = []
        vectors.reserveCapacity(64)
        var pending = 0
        func send() throws(SealKitError) {
            try FileIO.writeAll(descriptor, &vectors, path: path)
            byteCount += pending
            handedOver(pending)
            vectors.removeAll(keepingCapacity: true)
            pending = 0
        }
        for range in ranges {
            vectors.append(
                iovec(iov_base: UnsafeMutableRawPointer(mutating: base + range.lowerBound), iov_len: range.count)
            )
            pending += range.count
            if pending >= 1 << 16 || vectors.count == 64 { try send() }
        }
        if !vectors.isEmpty { try send() }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(SealKitError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SealKitError) in
            try write(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) throws(SealKitError) {
        try write(Array(text.utf8))
    }

    private func flushBuffer() throws(SealKitError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (bytes) throws(SealKitError) in
            try FileIO.writeAll(descriptor, UnsafeRawBufferPointer(bytes), path: path)
        }
        handedOver(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Counts `count` more bytes handed to the kernel, and gives the writeback hint when due.
    private func handedOver(_ count: Int) {
        flushed += count
        startWriteback()
    }

    /// Every 8 MiB, asks the kernel to start writing the new bytes to disk (`sync_file_range` with
    /// `SYNC_FILE_RANGE_WRITE`, which does not wait), so that the `fsync` of a commit finds little
    /// left to write: for the 330 MB de-identified file of `sealkit run` it took 0.17 s, all of it
    /// after the last byte. A hint only: durability still comes from that `fsync`, and a kernel
    /// without the call is simply not asked.
    private func startWriteback() {
        guard flushed - writebackStarted >= 8 << 20, let syncFileRange = FileIO.syncFileRange else { return }
        _ = syncFileRange(descriptor, Int64(writebackStarted), Int64(flushed - writebackStarted), 2)
        writebackStarted = flushed
    }

    /// Flushes, sets the final mode and syncs the temporary file (first half of a commit); a named
    /// one is closed too (a nameless one stays open: it is linked through its descriptor). A writer
    /// may be prepared ahead of its commit (on the thread that finished writing it, so that its
    /// `fsync` overlaps other work); the commit then only places it.
    package func prepare() throws(SealKitError) {
        precondition(state == .writing, "prepare twice")
        try flushBuffer()
        guard fchmod(descriptor, mode_t(mode)) == 0 else {
            throw SealKitError(.ioError, "\(path): cannot set mode: \(FileIO.errorText())")
        }
        guard fsync(descriptor) == 0 else {
            throw SealKitError(.ioError, "\(path): fsync failed: \(FileIO.errorText())")
        }
        if temporaryPath != nil { try closeDescriptor() }
        state = .prepared
    }

    private func closeDescriptor() throws(SealKitError) {
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw SealKitError(.ioError, "\(path): close failed: \(FileIO.errorText())") }
    }

    /// Moves the prepared temporary file into place (second half of a commit); `syncDirectory`
    /// false leaves syncing the folder to the caller (a set of files in one folder syncs it once).
    package func place(overwrite: Bool, syncDirectory: Bool = true) throws(SealKitError) {
        precondition(state == .prepared, "place before prepare")
        // The name the file is moved from: its own, or (nameless, with overwrite) one it gets now.
        var source = temporaryPath
        var failure: Int32 = 0
        if source == nil && overwrite {
            source = linkHidden()
            if source == nil { failure = errno }
        }
        let moved: Bool
        if let source {
            moved = overwrite ? rename(source, path) == 0 : link(source, path) == 0
            if !moved { failure = errno }
            if !overwrite || !moved { unlink(source) }
        } else if failure == 0 {
            moved = TemporaryFiles.link(descriptor, to: path)
            if !moved { failure = errno }
        } else {
            moved = false
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        guard moved else {
            state = .abandoned
            let code: SealKitError.Code = failure == EEXIST ? .outputExists : .cannotCreateOutput
            throw SealKitError(code, "\(path): cannot create: \(FileIO.errorText(failure))")
        }
        state = .placed
        if syncDirectory { FileIO.syncDirectory(FileIO.directory(of: path)) }
    }

    /// Gives the prepared file the name `staged` (an ``OutputSet`` commit's staging name, replacing a
    /// stale file of that name), after which the commit renames it into place.
    package func stage(at staged: String) throws(SealKitError) {
        precondition(state == .prepared, "stage before prepare")
        let moved: Bool
        if let temporaryPath {
            moved = rename(temporaryPath, staged) == 0
        } else {
            unlink(staged)
            moved = TemporaryFiles.link(descriptor, to: staged)
        }
        let failure = errno
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        guard moved else {
            state = .abandoned
            if let temporaryPath { unlink(temporaryPath) }
            throw SealKitError(.cannotCreateOutput, "\(path): cannot stage: \(FileIO.errorText(failure))")
        }
        state = .staged
    }

    /// Records that an ``OutputSet`` commit renamed the staged file into place.
    package func markPlaced() {
        state = .placed
    }

    /// Links the nameless temporary file under a new hidden name beside `path` (for a rename over
    /// `path`); nil, with `errno`, if it cannot.
    private func linkHidden() -> String? {
        let template = String(Self.hiddenName(path).dropLast(6))
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let candidate = template + String((0..<6).map { _ in letters.randomElement(using: &generator)! })
            if TemporaryFiles.link(descriptor, to: candidate) { return candidate }
            if errno != EEXIST { return nil }
        }
        errno = EEXIST
        return nil
    }

    /// Finishes the file and moves it into place.
    public func commit(overwrite: Bool) throws(SealKitError) {
        try prepare()
        try place(overwrite: overwrite)
    }

}
