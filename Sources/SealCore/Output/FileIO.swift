package import Glibc

/// Low-level file operations with errno-carrying errors. Every failure names the file.
package enum FileIO {
    /// Linux's `sync_file_range(fd, offset, count, flags)`, looked up in the C library at run time:
    /// Swift's Glibc module leaves it out (glibc declares it only under `_GNU_SOURCE`). Nil where
    /// the C library has none.
    package typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    package static let syncFileRange: SyncFileRange? = dlsym(nil, "sync_file_range").map {
        unsafeBitCast($0, to: SyncFileRange.self)
    }

    /// Linux's `fallocate(fd, mode, offset, count)`, looked up like ``syncFileRange`` (Swift's Glibc
    /// module leaves it out too). Nil where the C library has none.
    package typealias Fallocate = @convention(c) (Int32, Int32, Int64, Int64) -> Int32
    package static let fallocate: Fallocate? = dlsym(nil, "fallocate").map { unsafeBitCast($0, to: Fallocate.self) }

    /// Frees `count` bytes at `offset` of a file without changing its size (`fallocate` with
    /// `FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE`): they read as zeros after. Best effort: where the
    /// file system cannot, the bytes stay until the file is closed.
    package static func punchHole(_ descriptor: Int32, offset: Int, count: Int) {
        _ = fallocate?(descriptor, 0x02 | 0x01, Int64(offset), Int64(count))
    }

    /// The text of `errno`.
    package static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Whether `code` says the disk is full or the quota used up.
    package static func isDiskFull(_ code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }

    /// The message of a write to `path` that failed with `code`, with `hint` when the disk is full.
    package static func writeFailure(_ path: String, _ code: Int32, _ hint: String?) -> String {
        var text = "\(path): write failed: \(errorText(code))"
        if let hint, isDiskFull(code) { text += " (\(hint))" }
        return text
    }

    /// Opens `path` for reading, mapping failures to ``SealKitError`` (66 for missing or unreadable).
    package static func openForReading(_ path: String) throws(SealKitError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw SealKitError(.inputMissing, "\(path): cannot open: \(errorText(code))")
        }
        return descriptor
    }

    /// ``openForReading(_:)`` of an input file, refusing a folder with 66 too (it opens, but its first
    /// read fails). Key files keep their own check (a folder is no key file: 77).
    package static func openInput(_ path: String) throws(SealKitError) -> Int32 {
        let descriptor = try openForReading(path)
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw SealKitError(.inputMissing, "\(path): cannot open: \(errorText(EISDIR))")
        }
        return descriptor
    }

    /// `fstat` of an open descriptor.
    package static func status(_ descriptor: Int32, path: String) throws(SealKitError) -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw SealKitError(.ioError, "\(path): cannot stat: \(errorText())")
        }
        return info
    }

    /// Reads the whole descriptor into `buffer` (sized for `size` bytes plus one, to detect growth).
    package static func readAll(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        path: String
    ) throws(SealKitError) -> Int {
        var total = 0
        while total < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if count < 0 {
                if errno == EINTR { continue }
                throw SealKitError(.ioError, "\(path): read failed: \(errorText())")
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// The whole of a small input file (a rule file), opened as ``openInput(_:)`` opens it (a folder
    /// is exit 66); a file of more than `limit` bytes is refused as `what` it cannot be (exit 65),
    /// having read at most one 64 KiB chunk past the limit. Reads until the end, so a pipe works.
    package static func readSmallFile(_ path: String, limit: Int, what: String) throws(SealKitError) -> [UInt8] {
        let descriptor = try openInput(path)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBufferPointer { (raw) throws(SealKitError) in
                try readSome(descriptor, into: UnsafeMutableRawBufferPointer(raw), path: path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= limit else {
                throw SealKitError(.badInputData, "\(path): larger than \(ByteSize.text(limit)): not \(what)")
            }
        }
    }

    /// Reads exactly `buffer.count` bytes at `offset` (`pread`, continued after a partial read); a
    /// file that ends first is an error.
    package static func readExactly(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        at offset: Int,
        path: String
    ) throws(SealKitError) {
        var total = 0
        while total < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if count < 0 {
                if errno == EINTR { continue }
                throw SealKitError(.ioError, "\(path): read failed: \(errorText())")
            }
            if count == 0 { throw SealKitError(.ioError, "\(path): short read") }
            total += count
        }
    }

    /// Reads what is available (at most `buffer.count` bytes); 0 at the end of the file.
    package static func readSome(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        path: String
    )
        throws(SealKitError) -> Int
    {
        while true {
            let count = read(descriptor, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SealKitError(.ioError, "\(path): read failed: \(errorText())")
        }
    }

    /// Writes all of `bytes` to the descriptor.
    ///
    /// `whenFull` is added to the message when the disk is full (or the quota used up).
    package static func writeAll(
        _ descriptor: Int32,
        _ bytes: UnsafeRawBufferPointer,
        path: String,
        whenFull hint: String? = nil
    ) throws(SealKitError) {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                let failure = errno
                if failure == EINTR { continue }
                throw SealKitError(.ioError, writeFailure(path, failure, hint))
            }
            offset += count
        }
    }

    /// Writes every byte the vectors point at (`writev`, continued after a partial write). The
    /// vectors are used up: they are left past what was written.
    package static func writeAll(_ descriptor: Int32, _ vectors: inout [iovec], path: String) throws(SealKitError) {
        var first = 0
        while first < vectors.count {
            let count = vectors.withUnsafeBufferPointer { all in
                writev(descriptor, all.baseAddress! + first, Int32(min(all.count - first, 1024)))  // IOV_MAX on Linux
            }
            if count < 0 {
                let failure = errno
                if failure == EINTR { continue }
                throw SealKitError(.ioError, writeFailure(path, failure, nil))
            }
            first = advance(&vectors, from: first, by: count)
        }
    }

    /// After `written` bytes of the vectors from `first` on went out: skips the vectors written in
    /// full (and empty ones), shortens the one written in part, and returns the first left to write.
    package static func advance(_ vectors: inout [iovec], from first: Int, by written: Int) -> Int {
        var first = first
        var left = written
        while first < vectors.count && left >= vectors[first].iov_len {
            left -= vectors[first].iov_len
            first += 1
        }
        if left > 0 {
            vectors[first].iov_base += left
            vectors[first].iov_len -= left
        }
        return first
    }

    /// Whether anything (a file, a folder, a dangling link) exists at `path`.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The folder part of `path` ("." for a bare name).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Creates `path` and any missing parents with `mode` (like `mkdir -p`); an existing folder is fine.
    /// Returns the folders it created, outermost first (for ``removeFolders(_:)`` if the run fails).
    @discardableResult
    package static func makeDirectories(_ path: String, mode: mode_t) throws(SealKitError) -> [String] {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw SealKitError(.cannotCreateOutput, "\(path): exists and is not a folder")
            }
            return []
        }
        var created: [String] = []
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" {
            created = try makeDirectories(parent, mode: mode)
        }
        guard mkdir(path, mode) == 0 else {
            guard errno == EEXIST else {
                removeFolders(created)
                throw SealKitError(.cannotCreateOutput, "\(path): cannot create folder: \(errorText())")
            }
            return created
        }
        return created + [path]
    }

    /// Removes folders that ``makeDirectories(_:mode:)`` created, innermost first, as far as they
    /// are empty (`rmdir` leaves any other alone).
    package static func removeFolders(_ created: [String]) {
        for folder in created.reversed() { rmdir(folder) }
    }

    /// `fsync` of a folder, so that a rename or link into it survives a crash. Best effort.
    package static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
