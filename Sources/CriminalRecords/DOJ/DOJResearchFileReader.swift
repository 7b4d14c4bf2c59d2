import Glibc
package import SealCore

/// How to read a research file.
package struct DOJReadOptions: Sendable {
    /// Reject malformed rows (and flag their subjects `malformedRow`) instead of failing the file.
    package var collectRejects = false
    /// The evaluation date: later event dates are flagged `dateInFuture`.
    package var referenceDate: CalendarDate?
    /// How many problems a failing file lists.
    package var maximumProblems = 20
    /// Where an unsorted file's rows are spilled while they are grouped (default: `TMPDIR` or /tmp).
    package var temporaryDirectory: String?
    /// Build typed histories (false: group rows only, for measuring the reader itself).
    package var buildHistories = true
    /// Target size of one spill bucket for unsorted files.
    package var bucketSize = 16 << 20
    /// A record this long or longer stops the read (``DOJFileProblem/Kind/recordTooLong``).
    package var maximumRecordSize = CSVScanner.defaultMaximumRecordSize
    /// ``SubjectBuilder/inPlaceHistoryLimit`` (set by tests, to build histories both ways).
    var inPlaceHistoryLimit = 64

    package init() {}
}

/// What a read found.
package struct DOJReadSummary: Sendable {
    package var bytes = 0
    package var headerPresent = false
    package var headerHasTrailingComma = false
    package var removedByteOrderMark = false
    package var dataRows = 0
    package var subjects = 0
    package var rejectedRows = 0
    /// Whether each subject's rows were contiguous. False means the file was grouped through spill
    /// buckets (see ``DOJResearchFileReader``).
    package var grouped = true
    /// The most rows one subject had.
    package var largestSubjectRows = 0
    /// Row-level problems of rejected rows (the first ``DOJReadOptions/maximumProblems``).
    package var problems: [DOJFileProblem] = []
    /// Rejected rows by problem kind.
    package var rejectedByKind: [DOJFileProblem.Kind: Int] = [:]
    /// Non-fatal notes: `noDataRows`, a trailing comma on every row.
    package var warnings: [String] = []

    package init() {}
}

/// Why a file could not be read.
package enum DOJReadError: Error, Sendable {
    /// The file cannot be opened (errno).
    case cannotOpen(String, Int32)
    /// Reading failed part-way (errno).
    case io(String, Int32)
    /// The spill of an unsorted file's rows (a private folder under `TMPDIR`) could not be made,
    /// written or read back (the path, errno).
    case spill(String, Int32)
    /// The file's subjects are not contiguous, so it must be read a second time, and it cannot be:
    /// it is not a regular file (a pipe, say), and opening it again would go on where the first read
    /// stopped.
    case cannotReread(String)
    /// The file is not a readable DOJ research file: up to the maximum number of problems, and
    /// whether more were left unlisted.
    case invalidFile([DOJFileProblem], moreNotListed: Bool)
}

/// Reads a DOJ research file and hands over one ``SubjectHistory`` at a time.
///
/// ### Memory
/// A file whose rows are grouped by SUBJECT_ID (sorted, as DOJ delivers it and as
/// `sealkit generate` writes it) streams: the reader holds one subject's rows and a 4 MiB read
/// buffer, plus 8 bytes per subject already seen (to notice a subject that comes back). Memory is
/// bounded by the largest subject.
///
/// A file whose subjects are *not* contiguous still gives correct results. When a subject comes
/// back after another one, the reader calls `restart`, and reads the file again, spilling every row
/// into hash buckets of about 16 MiB in a private temporary folder (mode 0700, removed at the end,
/// since the rows are identified data); it then groups one bucket at a time. Memory is then bounded
/// by a bucket (a few times 16 MiB), disk use is about the file's size, and subjects come out in
/// bucket order, deterministically.
///
/// ### Bad input
/// Strict by default: any file-level problem (wrong field count, CSV syntax, invalid UTF-8, a header
/// that is not the DOJ header, an empty or truncated file, a file that is not a research file) fails
/// the read with up to ``DOJReadOptions/maximumProblems`` problems, and no subject is handed over
/// after the first one. With ``DOJReadOptions/collectRejects`` the read goes on: each bad row goes to
/// `rejected` with its reason, and its subject carries the `malformedRow` flag; a row whose subject
/// cannot be told still fails the file.
package struct DOJResearchFileReader {
    package let path: String
    package var options: DOJReadOptions

    package init(path: String, options: DOJReadOptions = DOJReadOptions()) {
        self.path = path
        self.options = options
    }

    /// Reads the file.
    ///
    /// - Parameters:
    ///   - rejected: receives each rejected row (only with `collectRejects`).
    ///   - restart: called before the file is read again because it is not grouped by subject;
    ///     everything received so far must be discarded.
    ///   - progress: receives (bytes read, file size) now and then.
    ///   - input: sees every byte of the file as it is read, in order (again after a restart).
    ///   - subject: receives each subject.
    package func read(
        rejected: (RejectedRow) throws -> Void = { _ in },
        restart: () throws -> Void = {},
        progress: (Int, Int) -> Void = { _, _ in },
        input: (UnsafeRawBufferPointer) -> Void = { _ in },
        subject: (SubjectHistory) throws -> Void
    ) throws -> DOJReadSummary {
        let builder = self.builder
        let build = options.buildHistories
        return try readRows(rejected: rejected, restart: restart, progress: progress, input: input) { rows in
            if build { try subject(builder.build(rows)) }
        }
    }

    /// Reads the file and hands over each subject's raw rows, grouped but not yet built: the caller
    /// builds them (``SubjectBuilder/build(_:)``), possibly on other threads, one builder per
    /// thread. Parameters as ``read(rejected:restart:progress:input:subject:)``, and `spare`: rows a
    /// caller is done with, handed back to be filled again (their arrays keep their memory), or nil.
    /// Rows handed to another thread share their arrays with the reader's, which otherwise makes new
    /// ones for the next subject (seven allocations, freed on the other thread).
    package func readRows(
        rejected: (RejectedRow) throws -> Void = { _ in },
        restart: () throws -> Void = {},
        progress: (Int, Int) -> Void = { _, _ in },
        input: (UnsafeRawBufferPointer) -> Void = { _ in },
        spare: () -> SubjectRows? = { nil },
        rows: (SubjectRows) throws -> Void
    ) throws -> DOJReadSummary {
        try withoutActuallyEscaping(input) { observer in
            try withoutActuallyEscaping(spare) { spare in
                try read(
                    rejected: rejected,
                    restart: restart,
                    progress: progress,
                    observer: observer,
                    spare: spare,
                    subject: rows
                )
            }
        }
    }

    private func read(
        rejected: (RejectedRow) throws -> Void,
        restart: () throws -> Void,
        progress: (Int, Int) -> Void,
        observer: @escaping (UnsafeRawBufferPointer) -> Void,
        spare: @escaping () -> SubjectRows?,
        subject: (SubjectRows) throws -> Void
    ) throws -> DOJReadSummary {
        var adjacent = GroupingSink.streaming(StreamingGroups(spare: spare))
        var summary = try pass(&adjacent, rejected: rejected, progress: progress, observer: observer, subject: subject)
        if adjacent.streaming?.unsorted == true {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw DOJReadError.cannotReread(path)
            }
            try restart()
            let directory = try BucketSpill.makeDirectory(options.temporaryDirectory)
            defer { BucketSpill.removeDirectory(directory) }
            let size = summary.bytes
            var spill = GroupingSink.buckets(
                try BucketSpill(directory: directory, count: max(1, min(512, size / max(options.bucketSize, 1) + 1)))
            )
            summary = try pass(&spill, rejected: rejected, progress: progress, observer: observer, subject: subject)
            guard let buckets = spill.buckets else { return summary }
            try buckets.drain(summary: &summary, subject: subject)
            summary.grouped = false
        }
        return summary
    }

    private var builder: SubjectBuilder {
        var builder = SubjectBuilder(referenceDate: options.referenceDate)
        builder.inPlaceHistoryLimit = options.inPlaceHistoryLimit
        return builder
    }

    /// One pass over the file.
    private func pass(
        _ sink: inout GroupingSink,
        rejected: (RejectedRow) throws -> Void,
        progress: (Int, Int) -> Void,
        observer: @escaping (UnsafeRawBufferPointer) -> Void,
        subject: (SubjectRows) throws -> Void
    ) throws -> DOJReadSummary {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DOJReadError.cannotOpen(path, errno) }
        defer { close(descriptor) }
        var info = stat()
        let described = fstat(descriptor, &info) == 0
        // A folder opens, but its first read fails: it is no file to read.
        if described && (info.st_mode & S_IFMT) == S_IFDIR { throw DOJReadError.cannotOpen(path, EISDIR) }
        let fileSize = described ? Int(info.st_size) : 0
        if fileSize > 0 { posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_SEQUENTIAL)) }

        var summary = DOJReadSummary()
        var scanner = CSVScanner(descriptor: descriptor, maximumRecordSize: options.maximumRecordSize)
        scanner.keepRaw = options.collectRejects
        scanner.observer = observer
        var record = CSVRecord()
        var isFirst = true
        var rowIndex = 0
        var problems: [DOJFileProblem] = []
        var failed = false
        var moreNotListed = false
        var trailingCommaRows = 0

        func fail(_ problem: DOJFileProblem) {
            failed = true
            if problems.count < options.maximumProblems { problems.append(problem) } else { moreNotListed = true }
        }

        scanLoop: while true {
            var syntax: CSVSyntaxError? = nil
            do throws(CSVReadError) {
                guard try scanner.next(into: &record) else { break scanLoop }
            } catch {
                switch error {
                case .syntax(let value): syntax = value
                case .io(let code): throw DOJReadError.io(path, code)
                }
            }
            if rowIndex % 65_536 == 0 { progress(scanner.bytesConsumed, fileSize) }

            if isFirst {
                isFirst = false
                summary.removedByteOrderMark = scanner.removedByteOrderMark
                if syntax == nil && DOJHeader.isHeader(record) {
                    if let problem = DOJHeader.validate(record) {
                        fail(problem)
                        break scanLoop
                    }
                    summary.headerPresent = true
                    summary.headerHasTrailingComma = record.fieldCount == DOJColumn.count + 1
                    continue
                }
                if syntax == nil && !Self.hasDOJFieldCount(record) {
                    fail(
                        DOJFileProblem(
                            .notDOJFile,
                            line: record.line,
                            column: nil,
                            "not a DOJ research file: no RECORD_ID header, and the first record has "
                                + "\(record.fieldCount) fields instead of \(DOJColumn.count)"
                        )
                    )
                    break scanLoop
                }
            }

            // The header again: two files joined. Every history read on would hold its rows twice, so
            // the file fails here, with or without rejects.
            if syntax == nil && DOJHeader.isHeader(record) {
                fail(
                    DOJFileProblem(
                        .repeatedHeader,
                        line: record.line,
                        column: nil,
                        "the header line again (were two files joined? a research file has one header line, and "
                            + "joined files would count every row twice)"
                    )
                )
                break scanLoop
            }

            let currentRow = rowIndex
            rowIndex += 1
            summary.dataRows += 1
            var problem: DOJFileProblem? = nil
            if let syntax {
                switch syntax.kind {
                case .unterminatedQuote:
                    problem = DOJFileProblem(
                        .truncatedRecord,
                        line: syntax.recordLine,
                        column: nil,
                        syntax.kind.message
                    )
                case .recordTooLong:
                    problem = DOJFileProblem(
                        .recordTooLong,
                        line: syntax.recordLine,
                        column: nil,
                        "a record of \(ByteSize.text(scanner.maximumRecordSize)) or more starts here (a DOJ row is "
                            + "under 2 KB: an unclosed quote?); the file cannot be read past it"
                    )
                case .bareQuote, .textAfterQuote:
                    problem = DOJFileProblem(.csvSyntax, line: syntax.line, column: syntax.column, syntax.kind.message)
                }
            } else if !Self.hasDOJFieldCount(record) {
                let column = record.fieldCount < DOJColumn.count ? record.fieldCount + 1 : DOJColumn.count + 1
                problem = DOJFileProblem(
                    .wrongFieldCount,
                    line: record.line,
                    column: column,
                    "the record has \(record.fieldCount) fields; a DOJ research file record has \(DOJColumn.count)"
                )
            } else if let column = Self.firstInvalidUTF8Field(record) {
                problem = DOJFileProblem(
                    .invalidEncoding,
                    line: record.line,
                    column: column + 1,
                    "invalid UTF-8 in \(DOJColumn(rawValue: column)?.label ?? "column \(column + 1)")"
                )
            }
            if problem == nil && record.fieldCount == DOJColumn.count + 1 { trailingCommaRows += 1 }

            // Whose row is it? (The field's bytes in place: an array is made only for a new subject.)
            let subjectID =
                record.fieldCount > DOJColumn.subjectId.rawValue
                ? record.field(DOJColumn.subjectId.rawValue).trimmingSpaces() : []
            let unreadable = problem?.kind == .truncatedRecord || problem?.kind == .recordTooLong
            let subjectKnown = Self.isValidSubjectID(subjectID) && !unreadable
            if !subjectKnown {
                fail(
                    unreadable
                        ? problem!
                        : DOJFileProblem(
                            .subjectUnknown,
                            line: record.line,
                            column: DOJColumn.subjectId.rawValue + 1,
                            "the row's SUBJECT_ID is missing or not a valid identifier, so its subject cannot be told"
                        )
                )
                if options.collectRejects || problems.count >= options.maximumProblems { break scanLoop }
                continue
            }

            if let problem {
                if options.collectRejects {
                    summary.rejectedRows += 1
                    summary.rejectedByKind[problem.kind, default: 0] += 1
                    if summary.problems.count < options.maximumProblems { summary.problems.append(problem) }
                    try rejected(RejectedRow(rowIndex: currentRow, problem: problem, raw: record.raw))
                    if try !sink.addRejected(
                        subjectID: subjectID,
                        rowIndex: currentRow,
                        line: record.line,
                        emit: { try emit($0) }
                    ) {
                        break scanLoop
                    }
                } else {
                    fail(problem)
                    if problems.count >= options.maximumProblems {
                        moreNotListed = true
                        break scanLoop
                    }
                }
                continue
            }
            if failed { continue }
            if try !sink.add(record, subjectID: subjectID, rowIndex: currentRow, emit: { try emit($0) }) {
                break scanLoop
            }
        }

        func emit(_ rows: SubjectRows) throws {
            guard !failed else { return }
            summary.subjects += 1
            summary.largestSubjectRows = max(summary.largestSubjectRows, rows.rowCount + rows.rejected.count)
            try subject(rows)
        }

        if !failed { try sink.finish(emit: { try emit($0) }) }
        progress(scanner.bytesConsumed, fileSize)
        summary.bytes = scanner.bytesConsumed
        if isFirst && !failed {
            fail(DOJFileProblem(.emptyFile, line: nil, column: nil, "the file is empty"))
        }
        if failed { throw DOJReadError.invalidFile(problems, moreNotListed: moreNotListed) }
        if summary.dataRows == 0 { summary.warnings.append("noDataRows: the file has a header and no data rows") }
        if trailingCommaRows > 0 {
            summary.warnings.append(
                "trailingComma: \(trailingCommaRows) rows end with an extra empty field (a trailing comma), read as 95"
            )
        }
        return summary
    }

    /// 95 fields, or 96 whose last is empty (a trailing comma, as some exports write every line).
    static func hasDOJFieldCount(_ record: CSVRecord) -> Bool {
        record.fieldCount == DOJColumn.count
            || (record.fieldCount == DOJColumn.count + 1 && record.field(DOJColumn.count).isEmpty)
    }

    /// The index of the first field that is not valid UTF-8, or nil.
    static func firstInvalidUTF8Field(_ record: CSVRecord) -> Int? {
        var high: UInt8 = 0
        for byte in record.bytes { high |= byte }
        if high < 0x80 { return nil }
        for index in 0..<record.fieldCount where String(validating: record.field(index), as: UTF8.self) == nil {
            return index
        }
        return nil
    }

    /// A SUBJECT_ID that can group rows: printable ASCII, not empty, not the generator's filler,
    /// not `NULL`, not all zeros.
    static func isValidSubjectID(_ id: some Collection<UInt8>) -> Bool {
        guard !id.isEmpty, !(id.count == 1 && id.first == UInt8(ascii: "-")), id.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else { return false }
        if id.allSatisfy({ $0 == UInt8(ascii: "0") }) { return false }
        if id.count == 4 && String(decoding: id, as: UTF8.self).uppercased() == "NULL" { return false }
        return true
    }
}
