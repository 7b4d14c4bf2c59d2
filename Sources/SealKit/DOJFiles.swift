package import CriminalRecords
import Glibc
package import SealCore

/// Reading, inspecting and generating DOJ research files, with SealKit's file handling and errors.
package enum DOJFiles {
    /// Maps a reader error to a ``SealKitError`` whose message lists the problems as
    /// `file:line: column C: problem` (exit 65), or names the I/O failure (66, 74).
    package static func error(_ error: DOJReadError, path: String) -> SealKitError {
        switch error {
        case .cannotOpen(let file, let code):
            return SealKitError(.inputMissing, "\(file): cannot open: \(FileIO.errorText(code))")
        case .io(let file, let code):
            return SealKitError(.ioError, "\(file): read failed: \(FileIO.errorText(code))")
        case .spill(let file, let code):
            var text = "\(file): the spill of the unsorted file's rows failed: \(FileIO.errorText(code))"
            if FileIO.isDiskFull(code) {
                text +=
                    " (it is in TMPDIR and needs room for about one copy of the input: point TMPDIR at a folder with more)"
            }
            return SealKitError(.ioError, text)
        case .cannotReread(let file):
            return SealKitError(
                .inputMissing,
                "\(file): its subjects' rows are not contiguous, so it must be read twice, and it is not a regular "
                    + "file (a pipe?) that can be: give the file itself, or sort its rows by SUBJECT_ID first"
            )
        case .invalidFile(let problems, let more):
            var lines = ["\(path) is not a readable DOJ research file; nothing was written:"]
            lines += problems.map { problem in
                problem.line == nil ? "\(path): \(problem.message)" : "\(path):\(problem)"
            }
            if more { lines.append("(listing stopped after \(problems.count) problems)") }
            return SealKitError(.badInputData, lines.joined(separator: "\n"))
        }
    }

    /// Reads `path`, profiling it. With `rejectsPath`, bad rows go to that file (written atomically,
    /// mode 0600: it holds identified rows) and the read goes on.
    package static func inspect(
        path: String,
        options: DOJReadOptions,
        rejectsPath: String?,
        overwrite: Bool,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(SealKitError) -> FileProfile {
        if let rejectsPath {
            try PathClash.check(
                input: .init(flag: "the file inspected", path: path),
                outputs: [.init(flag: "--rejects", path: rejectsPath)]
            )
        }
        var readOptions = options
        readOptions.collectRejects = rejectsPath != nil
        let rejects = try rejectsPath.map { (path) throws(SealKitError) in
            try RejectsFile(path: path, overwrite: overwrite)
        }
        var profile = FileProfile()
        do {
            let summary = try DOJResearchFileReader(path: path, options: readOptions).read(
                rejected: { row in try rejects?.add(row) },
                restart: {
                    profile = FileProfile()
                    try rejects?.reset()
                },
                progress: progress,
                subject: { profile.add($0) }
            )
            profile.finish(with: summary)
        } catch let error as DOJReadError {
            throw Self.error(error, path: path)
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(path): \(error)")
        }
        try rejects?.commit(overwrite: overwrite)
        return profile
    }

    /// Writes a generated file to `path`, atomically (mode 0600: fabricated, but shaped like
    /// identified data, and treated the same way).
    package static func generate(
        _ options: DOJFileGenerator.Options,
        to path: String,
        overwrite: Bool
    ) throws(SealKitError) -> DOJFileGenerator.Statistics {
        let writer = try AtomicFileWriter(path: path, mode: 0o600, overwrite: overwrite)
        let statistics: DOJFileGenerator.Statistics
        do {
            statistics = try DOJFileGenerator(options: options).generate { bytes in try writer.write(bytes) }
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(path): \(error)")
        }
        try writer.commit(overwrite: overwrite)
        return statistics
    }
}

/// The rejects file: CSV with the header `LINE,COLUMN,PROBLEM,RECORD`, one rejected row per record,
/// the row's raw text in RECORD. It holds identified data: mode 0600, written atomically.
final class RejectsFile {
    let path: String
    let overwrite: Bool
    var writer: AtomicFileWriter

    init(path: String, overwrite: Bool) throws(SealKitError) {
        self.path = path
        self.overwrite = overwrite
        writer = try AtomicFileWriter(path: path, mode: 0o600, overwrite: overwrite)
        try writer.write("LINE,COLUMN,PROBLEM,RECORD\n")
    }

    func reset() throws(SealKitError) {
        writer = try AtomicFileWriter(path: path, mode: 0o600, overwrite: overwrite)
        try writer.write("LINE,COLUMN,PROBLEM,RECORD\n")
    }

    func add(_ row: RejectedRow) throws(SealKitError) {
        var line: [UInt8] = []
        line += Array((row.problem.line.map(String.init) ?? "").utf8) + [44]
        line += Array((row.problem.column.map(String.init) ?? "").utf8) + [44]
        Self.quote(Array("\(row.problem.kind.rawValue): \(row.problem.message)".utf8), into: &line)
        line.append(44)
        Self.quote(row.raw, into: &line)
        line.append(0x0A)
        try writer.write(line)
    }

    static func quote(_ bytes: [UInt8], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }

    func commit(overwrite: Bool) throws(SealKitError) {
        try writer.commit(overwrite: overwrite)
    }
}
