import Glibc
package import SealCore
package import SealCrypto

/// Writes a set of files so that a failed or killed run leaves none of them half-written and never a
/// set from two runs.
///
/// Each file is written to a temporary file in its own folder (with no name until it is complete),
/// given its final mode and flushed with `fsync`; only when *every* file of the set is complete are
/// they put in place through an ``OutputSet`` commit: a journal, then each file under a staging name,
/// the commit point, and renames. Without `overwrite`, any existing file stops the write before
/// anything is written.
package enum AtomicFiles {
    /// One file to write.
    package struct Entry: Sendable {
        package var path: String
        /// Permission bits, e.g. 0o600.
        package var mode: UInt32
        package var contents: SecureBytes

        package init(path: String, mode: UInt32, contents: SecureBytes) {
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
    package static func write(_ entries: [Entry], overwrite: Bool) throws(SealKitError) {
        let folders = Set(entries.map { FileIO.directory(of: $0.path) })
        precondition(folders.count == 1, "one folder per set")
        try write(entries, overwrite: overwrite, set: OutputSet(directory: folders.first!))
    }

    /// Writes every entry, or none, through `set` (whose lock the caller took).
    static func write(_ entries: [Entry], overwrite: Bool, set: OutputSet) throws(SealKitError) {
        // Before anything is written; the commit checks again at its end.
        if !overwrite { try OutputSet.refuseExisting(entries.map(\.path)) }
        var writers: [AtomicFileWriter] = []
        for entry in entries {
            let writer = try AtomicFileWriter(path: entry.path, mode: entry.mode, overwrite: overwrite)
            try entry.contents.withUnsafeBytes { (bytes) throws(SealKitError) in try writer.write(bytes) }
            writers.append(writer)
        }
        try set.commit(writers, overwrite: overwrite)
    }
}
