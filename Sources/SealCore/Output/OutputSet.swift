import Glibc

/// The output files of one command — across folders (`--rejects` may live elsewhere) — committed all
/// or none, even when the process is killed in the middle of putting them in place, and one writer at
/// a time.
///
/// **One writer.** Making the set takes an exclusive lock (`flock`) on `.sealkit-lock` in the set's
/// folder, held until the set is released: a second command writing there stops at once (exit 73)
/// instead of mixing its files with the first's. The folder is never swapped, so the lock always means
/// it; the lock file is removed on release (a killed command leaves it, empty and harmless).
///
/// **All or none.** A commit is a small journal, `.sealkit-commit` in the same folder, written
/// atomically:
/// 1. the journal lists each file's staging name (`.NAME.sealkit-new`, beside it) and final name, in
///    state `staging`;
/// 2. each complete, synced file gets its staging name;
/// 3. the journal turns to state `committing`: the commit point;
/// 4. each staged file is renamed over its final name; the journal is removed.
///
/// A kill before step 3 leaves the old set as it was and staged files that the journal lists; a kill
/// after it leaves some files renamed and the journal saying which remain. Making the next set in the
/// folder (any later command that writes there) first finishes what a journal says: removes the staged
/// files of a `staging` journal, or completes the renames of a `committing` one. So no later command
/// ever sees a set from two runs, and no staged copy (of a new master secret, say) outlives it.
package final class OutputSet {
    package static let lockName = ".sealkit-lock"
    package static let journalName = ".sealkit-commit"
    package static let stagingSuffix = ".sealkit-new"

    /// The folder that holds the lock and the journal.
    package let directory: String
    private let lockDescriptor: Int32

    /// Takes the folder's lock and finishes any commit a killed command left in it.
    ///
    /// - Throws: ``SealKitError/Code/cannotCreateOutput`` when another command holds the lock or the
    ///   lock file cannot be made; ``SealKitError/Code/ioError`` when a journal cannot be finished.
    package init(directory: String) throws(SealKitError) {
        self.directory = directory
        lockDescriptor = try Self.lock("\(directory)/\(Self.lockName)", directory: directory)
        _ = try Self.recover(directory)
    }

    deinit {
        release()
    }

    private var released = false

    /// Removes the lock file and lets the lock go (the owner calls this before it removes the folders
    /// it made; otherwise the set's release does).
    package func release() {
        guard !released else { return }
        released = true
        // Removed while still held: a command that opened the file before the unlink sees, once it has
        // the lock, that the name no longer leads to its file, and starts again (``lock(_:directory:)``).
        unlink("\(directory)/\(Self.lockName)")
        close(lockDescriptor)
    }

    /// Creates or opens the lock file and locks it without waiting; tries again when the file it
    /// locked was removed (by a command releasing its lock) in the meantime.
    private static func lock(_ lockPath: String, directory: String) throws(SealKitError) -> Int32 {
        for _ in 0..<100 {
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else {
                throw SealKitError(
                    .cannotCreateOutput,
                    "\(lockPath): cannot create the lock file: \(FileIO.errorText())"
                )
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                if code == EWOULDBLOCK {
                    throw SealKitError(
                        .cannotCreateOutput,
                        "\(directory): another sealkit command is writing its outputs here (it holds \(lockName)); "
                            + "wait for it to end"
                    )
                }
                throw SealKitError(.cannotCreateOutput, "\(lockPath): cannot lock: \(FileIO.errorText(code))")
            }
            var held = stat()
            var named = stat()
            if fstat(descriptor, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino,
                held.st_dev == named.st_dev
            {
                return descriptor
            }
            close(descriptor)
        }
        throw SealKitError(
            .cannotCreateOutput,
            "\(lockPath): the lock file keeps changing; is another program removing it?"
        )
    }

    /// One file of a journal.
    package struct Entry: Equatable {
        var staged: String
        var final: String
    }

    /// Commits `writers` (each complete; prepared here if not yet) all or none, as the type's
    /// documentation says. Without `overwrite`, an existing file of the set stops the commit before
    /// anything changes.
    package func commit(_ writers: [AtomicFileWriter], overwrite: Bool) throws(SealKitError) {
        for writer in writers where writer.isWriting { try writer.prepare() }
        if !overwrite { try Self.refuseExisting(writers.map(\.path)) }
        let entries = writers.map { Entry(staged: Self.stagingPath(of: $0.path), final: $0.path) }
        let folders = Array(Set(writers.map { FileIO.directory(of: $0.path) } + [directory])).sorted()
        // 1-2. The journal first, so that every staged name is known to whoever comes next.
        try writeJournal(state: "staging", entries)
        do {
            for (writer, entry) in zip(writers, entries) { try writer.stage(at: entry.staged) }
            for folder in folders { FileIO.syncDirectory(folder) }
        } catch {
            for entry in entries { unlink(entry.staged) }
            removeJournal()
            throw error
        }
        // 3. The commit point.
        try writeJournal(state: "committing", entries)
        // 4. From here on the new set wins: a failure leaves the journal for the next command.
        for entry in entries {
            guard rename(entry.staged, entry.final) == 0 else {
                throw SealKitError(
                    .ioError,
                    "\(entry.final): cannot put in place: \(FileIO.errorText()) (the next sealkit command "
                        + "writing to \(directory) completes the set)"
                )
            }
        }
        for writer in writers { writer.markPlaced() }
        for folder in folders { FileIO.syncDirectory(folder) }
        removeJournal()
    }

    /// Refuses a set of which some file exists already (exit 73, naming every one of them).
    package static func refuseExisting(_ paths: [String]) throws(SealKitError) {
        let existing = paths.filter(FileIO.exists)
        guard existing.isEmpty else {
            throw SealKitError(
                .outputExists,
                "refusing to overwrite existing \(existing.joined(separator: ", ")) (use --force to replace)"
            )
        }
    }

    /// `FOLDER/.NAME.sealkit-new` for `path`.
    package static func stagingPath(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "\(FileIO.directory(of: path))/.\(name)\(stagingSuffix)"
    }

    /// Writes the journal atomically (a temporary file, synced, renamed over it, the folder synced).
    private func writeJournal(state: String, _ entries: [Entry]) throws(SealKitError) {
        var out = JSONOutput()
        out.beginObject()
        out.key("format")
        out.string("sealkit-commit")
        out.key("version")
        out.int(1)
        out.key("state")
        out.string(state)
        out.key("files")
        out.beginArray()
        for entry in entries {
            out.beginObject()
            out.key("staged")
            out.string(Self.absolute(entry.staged))
            out.key("final")
            out.string(Self.absolute(entry.final))
            out.endObject()
        }
        out.endArray()
        out.endObject()
        out.raw(0x0A)
        let path = "\(directory)/\(Self.journalName)"
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw SealKitError(.cannotCreateOutput, "\(temporary): cannot create: \(FileIO.errorText())")
        }
        do throws(SealKitError) {
            try out.withBytes { (bytes) throws(SealKitError) in try FileIO.writeAll(descriptor, bytes, path: temporary)
            }
            guard fsync(descriptor) == 0 else {
                throw SealKitError(.ioError, "\(temporary): fsync failed: \(FileIO.errorText())")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SealKitError(.ioError, "\(path): cannot write the commit journal: \(FileIO.errorText(code))")
        }
        FileIO.syncDirectory(directory)
    }

    private func removeJournal() {
        unlink("\(directory)/\(Self.journalName)")
        FileIO.syncDirectory(directory)
    }

    /// `path` from the root (journals hold absolute paths: `--rejects` may be relative to another
    /// folder than the lock's).
    package static func absolute(_ path: String) -> String {
        let folder = FileIO.directory(of: path)
        guard let real = realpath(folder, nil) else { return path }
        defer { free(real) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let base = String(cString: real)
        return base == "/" ? "/\(name)" : "\(base)/\(name)"
    }

    /// Finishes a journal left in `directory`: the state it was in, or nil when there was none.
    package static func recover(_ directory: String) throws(SealKitError) -> String? {
        let path = "\(directory)/\(journalName)"
        unlink(path + ".tmp")
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            guard errno == ENOENT else {
                throw SealKitError(.ioError, "\(path): cannot read the commit journal: \(FileIO.errorText())")
            }
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        let read = bytes.withUnsafeMutableBytes { raw in
            Result { () throws(SealKitError) in try FileIO.readAll(descriptor, into: raw, path: path) }
        }
        close(descriptor)
        let count = try read.get()
        let (state, entries) = try parseJournal(Array(bytes[0..<count]), path: path)
        switch state {
        case "staging":
            for entry in entries { unlink(entry.staged) }
        default:
            for entry in entries where FileIO.exists(entry.staged) {
                guard rename(entry.staged, entry.final) == 0 else {
                    throw SealKitError(
                        .ioError,
                        "\(entry.final): cannot complete an interrupted commit: \(FileIO.errorText())"
                    )
                }
            }
        }
        for folder in Set(entries.map { FileIO.directory(of: $0.final) }) { FileIO.syncDirectory(folder) }
        unlink(path)
        FileIO.syncDirectory(directory)
        return state
    }

    package static let journalFields = JSONFields(["format", "version", "state", "files"])
    package static let entryFields = JSONFields(["staged", "final"])

    /// A journal's state and files, read strictly: a journal SealKit did not write is not acted on.
    package static func parseJournal(_ bytes: [UInt8], path: String) throws(SealKitError) -> (String, [Entry]) {
        do {
            return try JSONReader.read(bytes) { (reader) throws(JSONError) in
                var state = ""
                var entries: [Entry] = []
                try reader.readObject(journalFields) { (reader, field) throws(JSONError) in
                    let at = reader.position
                    switch field {
                    case 0:
                        guard try reader.readString() == "sealkit-commit" else {
                            throw reader.fail("not sealkit-commit", at: at)
                        }
                    case 1:
                        guard try reader.readInt() == 1 else { throw reader.fail("not version 1", at: at) }
                    case 2:
                        state = try reader.readString()
                        guard state == "staging" || state == "committing" else {
                            throw reader.fail("must be staging or committing", at: at)
                        }
                    default:
                        try reader.readArray { (reader, _) throws(JSONError) in
                            var entry = Entry(staged: "", final: "")
                            try reader.readObject(entryFields) { (reader, field) throws(JSONError) in
                                let at = reader.position
                                let text = try reader.readString()
                                guard text.hasPrefix("/") else { throw reader.fail("not an absolute path", at: at) }
                                if field == 0 { entry.staged = text } else { entry.final = text }
                            }
                            guard entry.staged == stagingPath(of: entry.final) else {
                                throw reader.fail("a staged name that is not the final name's")
                            }
                            entries.append(entry)
                        }
                    }
                }
                return (state, entries)
            }
        } catch {
            throw SealKitError(
                .ioError,
                "\(path): an unreadable commit journal (\(error)); move it away and check the files it names"
            )
        }
    }
}
