import Glibc

/// The temporary folder, from `TMPDIR` (without Foundation).
public enum ProcessInfoLite {
    /// `TMPDIR` without a trailing `/`, or `/tmp` when it is unset or empty.
    public static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 {
            let text = String(cString: value)
            return text.hasSuffix("/") && text.count > 1 ? String(text.dropLast()) : text
        }
        return "/tmp"
    }
}

/// The private folders and the nameless files the spills use.
public enum TemporaryFiles {
    /// A new folder `PARENT/PREFIX-XXXXXX` only its owner can enter (mode 0700, `mkdtemp`), or nil
    /// with `errno` set.
    public static func makePrivateFolder(in parent: String, prefix: String) -> String? {
        var template = Array("\(parent)/\(prefix)-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { return nil }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64))
    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`, the same bits on x86-64 and arm64): a macro
    /// built of another macro, which Swift's Glibc module does not import.
    static let unnamed: Int32 = 0o20_000_000 | O_DIRECTORY
    #endif

    /// A new, empty file in `folder` (mode 0600, for reading and writing) that has no name until
    /// ``link(_:to:)`` gives it one: `O_TMPFILE`, so that a process killed before then leaves nothing.
    /// -1 (with `errno` set) where the file system or the system cannot make one, or `/proc` (through
    /// which it is linked) is missing: the caller then makes a named temporary file instead.
    public static func createLinkable(in folder: String) -> Int32 {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        let descriptor = open(folder, unnamed | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return -1 }
        guard access(procPath(descriptor), F_OK) == 0 else {
            close(descriptor)
            errno = ENOENT
            return -1
        }
        return descriptor
        #else
        errno = EOPNOTSUPP
        return -1
        #endif
    }

    /// Gives the file of ``createLinkable(in:)`` the name `path`; false (with `errno`, `EEXIST` when
    /// the name is taken) if it cannot. The name is never replaced.
    public static func link(_ descriptor: Int32, to path: String) -> Bool {
        linkat(AT_FDCWD, procPath(descriptor), AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0
    }

    private static func procPath(_ descriptor: Int32) -> String { "/proc/self/fd/\(descriptor)" }

    /// A new, empty file for reading and writing (mode 0600) that has no name in `folder`, open as the
    /// returned descriptor, or -1 with `errno` set. The kernel frees it with its last descriptor, so
    /// even a killed process leaves none of its bytes behind.
    ///
    /// Where the file system can (`O_TMPFILE`, with `O_EXCL` so that it can never be linked in), the
    /// file never has a name. Elsewhere it is created as `folder/name` and unlinked at once: it then
    /// has its name for that instant only.
    public static func createNameless(in folder: String, name: String) -> Int32 {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        let unnamedFile = open(folder, unnamed | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        // EOPNOTSUPP: a file system without unnamed files; EISDIR: a kernel older than 3.11.
        if unnamedFile >= 0 || (errno != EOPNOTSUPP && errno != EISDIR) { return unnamedFile }
        #endif
        let path = "\(folder)/\(name)"
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { unlink(path) }
        return descriptor
    }
}
