import Glibc

/// Refuses a command whose output would replace its input, or whose two outputs are one file: with
/// `--force`, `run --rejects` naming the research file replaced it with the rejected rows, and a
/// rejects file named like an output left identified rows under that name, or was replaced by it.
///
/// Paths are compared as files: an existing path by device and inode (a hard link or another
/// spelling is the same file), a new one by its folder's real path and its name. Checked before
/// anything is created.
package enum PathClash {
    /// A path as a command-line flag gave it.
    package struct Named {
        let flag: String
        let path: String
        /// What the file is, for a message about a file read.
        var role = "the input file"

        package init(flag: String, path: String, role: String = "the input file") {
            self.flag = flag
            self.path = path
            self.role = role
        }
    }

    /// What a path names: an existing file's device and inode, or a new file's canonical path.
    private enum Identity: Equatable {
        case file(dev_t, ino_t)
        case new(String)
    }

    private static func identity(_ path: String) -> Identity {
        var info = stat()
        if stat(path, &info) == 0 { return .file(info.st_dev, info.st_ino) }
        let folder = FileIO.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let real = realpath(folder, nil) else { return .new(path) }
        defer { free(real) }
        return .new(String(cString: real) + "/" + name)
    }

    /// Throws ``SealKitError/Code/invalidArgument`` (exit 64) when an output is the input, or the
    /// secret the command reads, or two outputs are one file.
    package static func check(input: Named, secret: Named? = nil, outputs: [Named]) throws(SealKitError) {
        let targets = outputs.map { ($0, identity($0.path)) }
        for read in [input] + (secret.map { [$0] } ?? []) {
            let source = identity(read.path)
            for (output, target) in targets where target == source {
                throw SealKitError(
                    .invalidArgument,
                    "\(output.flag) \(output.path) is \(read.role) (\(read.flag)): it would be replaced; choose another path"
                )
            }
        }
        for (index, (first, one)) in targets.enumerated() {
            for (second, other) in targets[(index + 1)...] where one == other {
                throw SealKitError(
                    .invalidArgument,
                    "\(first.flag) \(first.path) and \(second.flag) \(second.path) are one file; choose another path"
                )
            }
        }
    }
}
