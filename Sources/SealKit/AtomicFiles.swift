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
        // Every file is complete on disk before any is moved into place; a writer released without
        // being placed removes its temporary file.
        var writers: [AtomicFileWriter] = []
        for entry in entries {
            let writer = try AtomicFileWriter(path: entry.path, mode: entry.mode, overwrite: overwrite)
            try entry.contents.withUnsafeBytes { (bytes) throws(SealKitError) in try writer.write(bytes) }
            try writer.prepare()
            writers.append(writer)
        }
        for (index, writer) in writers.enumerated() {
            do throws(SealKitError) {
                try writer.place(overwrite: overwrite)
            } catch {
                if !overwrite {
                    for placed in writers[..<index] { placed.removePlaced() }
                }
                throw error
            }
        }
    }
}
