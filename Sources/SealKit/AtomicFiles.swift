import Glibc
public import SealCrypto

/// Writes a set of files so that a failed run leaves none of them half-written.
///
/// Each file is written to a temporary file in its own folder (`mkstemp`, so it starts with mode
/// 0600 and only this process can have opened it), given its final mode, flushed with `fsync`, and
/// only when *every* file of the set is complete are they moved into place:
/// - without `overwrite`, with `link` and `unlink`, which fails if the name exists. If any one is taken
///   (by another process, since the check), the ones already placed are removed again and nothing of
///   the set remains;
/// - with `overwrite`, with `rename`, which replaces each file atomically (a reader sees the old or the
///   new file, never a mix). Files replaced before a failure stay replaced.
public enum AtomicFiles {
    /// One file to write.
    public struct Entry: Sendable {
        public var path: String
        /// Permission bits, e.g. 0o600.
        public var mode: UInt32
        public var contents: SecureBytes

        public init(path: String, mode: UInt32, contents: SecureBytes) {
            self.path = path
            self.mode = mode
            self.contents = contents
        }
    }

    /// Writes every entry, or none.
    ///
    /// - Throws: ``SealKitError/Code/outputExists`` if a file exists and `overwrite` is false (naming
    ///   all of them); ``SealKitError/Code/cannotCreateOutput`` or ``SealKitError/Code/ioError`` if a
    ///   file cannot be created or written.
    public static func write(_ entries: [Entry], overwrite: Bool) throws(SealKitError) {
        if !overwrite {
            let existing = entries.map(\.path).filter(FileIO.exists)
            guard existing.isEmpty else {
                throw SealKitError(
                    .outputExists,
                    "refusing to overwrite existing \(existing.joined(separator: ", ")) (use --force to replace)"
                )
            }
        }
        var temporaries: [String] = []
        do throws(SealKitError) {
            for entry in entries {
                temporaries.append(try writeTemporary(entry))
            }
        } catch {
            removeFiles(temporaries)
            throw error
        }
        var placed: [String] = []
        for (entry, temporary) in zip(entries, temporaries) {
            let moved = overwrite ? rename(temporary, entry.path) == 0 : link(temporary, entry.path) == 0
            let failure = errno
            if !overwrite { _ = unlink(temporary) }
            guard moved else {
                if !overwrite { removeFiles(placed) }
                removeFiles(temporaries)
                let code: SealKitError.Code = failure == EEXIST ? .outputExists : .cannotCreateOutput
                throw SealKitError(code, "\(entry.path): cannot create: \(FileIO.errorText(failure))")
            }
            placed.append(entry.path)
        }
        for folder in Set(entries.map { FileIO.directory(of: $0.path) }) {
            FileIO.syncDirectory(folder)
        }
    }

    /// Removes files, ignoring ones already gone: used only to roll back a failed write.
    private static func removeFiles(_ paths: [String]) {
        for path in paths {
            _ = unlink(path)
        }
    }

    /// Writes `entry` to a new temporary file beside its destination and returns the temporary's path.
    private static func writeTemporary(_ entry: Entry) throws(SealKitError) -> String {
        let folder = FileIO.directory(of: entry.path)
        let name = entry.path.split(separator: "/").last.map(String.init) ?? entry.path
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw SealKitError(
                .cannotCreateOutput,
                "\(entry.path): cannot create a file in \(folder): \(FileIO.errorText())"
            )
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(SealKitError) {
            guard fchmod(descriptor, mode_t(entry.mode)) == 0 else {
                throw SealKitError(.ioError, "\(entry.path): cannot set mode: \(FileIO.errorText())")
            }
            try entry.contents.withUnsafeBytes { (bytes) throws(SealKitError) in
                try FileIO.writeAll(descriptor, bytes, path: entry.path)
            }
            guard fsync(descriptor) == 0 else {
                throw SealKitError(.ioError, "\(entry.path): fsync failed: \(FileIO.errorText())")
            }
            guard close(descriptor) == 0 else {
                throw SealKitError(.ioError, "\(entry.path): close failed: \(FileIO.errorText())")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        return temporary
    }
}
