package import Deidentified
package import Eligibility
import Foundation
import Glibc
package import SealCore

/// The decision files and the county report of one evaluation, written through temporary files and
/// committed together: `decisions.jsonl` and `decisions.csv` (pseudonymous: mode 0600), and
/// `summary.json` and `summary.html` (aggregates with small counts suppressed: mode 0644).
///
/// Each decision file is in the byte order of its lines, which puts subjects in pseudonym order (never
/// input order) and is the same whether the decisions come from `sealkit evaluate` or `sealkit run`.
final class EvaluationOutputs {
    let directory: String
    let formats: DecisionFormats
    let reportFiles: (String) -> ReportFiles
    let decisions: AtomicFileWriter
    let csv: AtomicFileWriter
    let summaryJSON: AtomicFileWriter
    let summaryHTML: AtomicFileWriter
    var report = CountyReport()
    /// What the input held for the county scope (the warning for a county no conviction names).
    var scope: CountyScope
    /// The output folder and its parents, where this run created them: removed again (if empty) when
    /// the run fails, so that a failed run leaves nothing at all.
    private let createdFolders: [String]
    private var committed = false
    /// The folder's lock and commit journal (``OutputSet``), taken before anything is read.
    let outputSet: OutputSet

    static let fileNames = ["decisions.jsonl", "decisions.csv", "summary.json", "summary.html"]

    init(
        directory: String,
        ruleSet: RuleSet,
        evaluationDate: CalendarDate,
        county: String?,
        overwrite: Bool
    )
        throws(SealKitError)
    {
        let createdFolders = try FileIO.makeDirectories(directory, mode: 0o700)
        self.createdFolders = createdFolders
        self.directory = directory
        scope = CountyScope(county: county)
        formats = DecisionFormats(ruleSet: ruleSet, evaluationDate: evaluationDate)
        reportFiles = { digest in
            ReportFiles(ruleSet: ruleSet, evaluationDate: evaluationDate, county: county, inputSHA256: digest)
        }
        let set: OutputSet
        do {
            set = try OutputSet(directory: directory)
        } catch {
            FileIO.removeFolders(createdFolders)
            throw error
        }
        outputSet = set
        do {
            decisions = try AtomicFileWriter(path: "\(directory)/decisions.jsonl", mode: 0o600, overwrite: overwrite)
            csv = try AtomicFileWriter(path: "\(directory)/decisions.csv", mode: 0o600, overwrite: overwrite)
            summaryJSON = try AtomicFileWriter(path: "\(directory)/summary.json", mode: 0o644, overwrite: overwrite)
            summaryHTML = try AtomicFileWriter(path: "\(directory)/summary.html", mode: 0o644, overwrite: overwrite)
            try csv.write(DecisionFormats.csvHeader)
        } catch {
            // No deinit runs for an object that was not made: remove the folders here.
            set.release()
            FileIO.removeFolders(createdFolders)
            throw error
        }
    }

    /// One subject's decision lines (JSON and CSV), each list in byte order.
    static func lines(
        _ formats: DecisionFormats,
        _ subject: DeidentifiedSubject,
        _ decided: [ConvictionDecision]
    ) -> (json: [[UInt8]], csv: [[UInt8]]) {
        var json: [[UInt8]] = []
        var csv: [[UInt8]] = []
        json.reserveCapacity(decided.count)
        csv.reserveCapacity(decided.count)
        var out = JSONOutput()
        var line: [UInt8] = []
        formats.writeLines(decided, of: subject, json: &out, csv: &line) { (out, line) in
            var bytes: [UInt8] = []
            out.append(to: &bytes)
            json.append(bytes)
            csv.append(line)
        }
        json.sort { $0.lexicographicallyPrecedes($1) }
        csv.sort { $0.lexicographicallyPrecedes($1) }
        return (json, csv)
    }

    /// The warnings about the input that go into the report (and onto standard error): rows the
    /// reader rejected (`--rejects`), which no figure counts, and a county no conviction names.
    func warnings(rejectedRows: Int?) -> [String] {
        var warnings: [String] = []
        if let rejectedRows, rejectedRows > 0 {
            warnings.append(
                "rows of the research file rejected by the reader (--rejects): \(rejectedRows); they are in no record, "
                    + "and no figure here counts them"
            )
        }
        return warnings + scope.warnings
    }

    /// Writes the summaries (with `warnings`, ``warnings(rejectedRows:)``) and moves all four files
    /// into place, all or none.
    func commit(inputSHA256: String, warnings: [String], overwrite: Bool) throws(SealKitError) {
        let writers = try prepareCommit(inputSHA256: inputSHA256, warnings: warnings)
        try outputSet.commit(writers, overwrite: overwrite)
        markCommitted()
    }

    /// Writes the summaries and returns the four files' writers, for a commit that may hold more
    /// (`sealkit run` commits them with the de-identified file).
    func prepareCommit(inputSHA256: String, warnings: [String]) throws(SealKitError) -> [AtomicFileWriter] {
        let files = reportFiles(inputSHA256)
        try summaryJSON.write(files.json(report, warnings: warnings))
        try summaryHTML.write(files.html(report, warnings: warnings))
        return [decisions, csv, summaryJSON, summaryHTML]
    }

    /// The files are in place: the folder stays when this is released.
    func markCommitted() { committed = true }

    deinit {
        // The writers (members) are released after this: their files have no names yet, and a
        // folder holding only such files is empty.
        outputSet.release()
        if !committed { FileIO.removeFolders(createdFolders) }
    }
}

/// `sealkit evaluate`: decisions and the county report from a de-identified file.
package enum Evaluate {
    package struct Summary: Sendable {
        package var subjects = 0
        package var decisions = 0
        package var byDecision: [Decision: Int] = [:]
        package var header: DatasetHeader?
        /// Warnings about the input (also in `summary.json`): rows the reader rejected when the file
        /// was made, a county that no conviction names.
        package var warnings: [String] = []
    }

    /// Reads `input` (a `sealkit-deidentified` file of schema 3), evaluates every subject under
    /// `ruleSet` at the file's evaluation date, and writes the four files into `outputDirectory`.
    ///
    /// - Throws: ``SealKitError/Code/badInputData`` (exit 65) naming the file and line of a line that
    ///   is not a de-identified record (never its contents); other codes for missing input and
    ///   unwritable output. Nothing is left half-written.
    package static func run(
        input: String,
        ruleSet: RuleSet,
        county: String?,
        outputDirectory: String,
        overwrite: Bool
    ) throws(SealKitError) -> Summary {
        if let problem = Evaluator.countyProblem(county) { throw SealKitError(.invalidArgument, problem) }
        try PathClash.check(
            input: .init(flag: "--input", path: input),
            outputs: EvaluationOutputs.fileNames.map { .init(flag: "--out", path: "\(outputDirectory)/\($0)") }
        )
        let descriptor = try FileIO.openInput(input)
        defer { close(descriptor) }
        var lines = LineReader(descriptor: descriptor, path: input)
        let header = try Self.header(&lines, input: input)
        try Self.checkHeader(header, input: input)
        let evaluationDate = header.evaluationDate
        guard Evaluator.canEvaluate(at: evaluationDate) else {
            throw SealKitError(
                .badInputData,
                "\(input): line 1: the evaluation date \(Evaluator.tooEarly(evaluationDate)) (pseudonymize again with a later --as-of)"
            )
        }
        let evaluator = Evaluator(ruleSet: ruleSet, county: county, evaluationDate: evaluationDate)
        let outputs = try EvaluationOutputs(
            directory: outputDirectory,
            ruleSet: ruleSet,
            evaluationDate: evaluationDate,
            county: evaluator.county,
            overwrite: overwrite
        )
        var summary = Summary(header: header)
        var decided: [ConvictionDecision] = []
        try Self.forEachSubject(&lines, header: header, input: input) { (subject) throws(SealKitError) in
            decided.removeAll(keepingCapacity: true)
            evaluator.evaluate(subject, into: &decided)
            outputs.scope.add(subject)
            summary.subjects += 1
            guard !decided.isEmpty else { return }
            outputs.report.add(subject, decided)
            let (json, csv) = EvaluationOutputs.lines(outputs.formats, subject, decided)
            for item in json { try outputs.decisions.write(item) }
            for item in csv { try outputs.csv.write(item) }
            summary.decisions += decided.count
            for decision in decided { summary.byDecision[decision.decision, default: 0] += 1 }
        }
        summary.warnings = outputs.warnings(rejectedRows: header.rejectedRows)
        try outputs.commit(inputSHA256: header.inputSHA256, warnings: summary.warnings, overwrite: overwrite)
        return summary
    }

    /// Reads the subject lines after the header (`lines` stands at the first), strictly and in
    /// pseudonym order, handing each subject to `body`: exit 65 naming the file, line and column of a
    /// line that is not a record, a second header, or a subject out of order.
    static func forEachSubject(
        _ lines: inout LineReader,
        header: DatasetHeader,
        input: String,
        _ body: (DeidentifiedSubject) throws(SealKitError) -> Void
    ) throws(SealKitError) {
        let reader = DeidentifiedReader(header: header)
        var lineNumber = 1
        var previous: SubjectPseudonym? = nil
        while let line = try lines.next() {
            lineNumber += 1
            let subject: DeidentifiedSubject
            do {
                subject = try line.withUnsafeBytes { raw in
                    Result { () throws(JSONError) in try reader.subject(raw) }
                }.get()
            } catch {
                if line.starts(with: Self.headerStart) {
                    throw SealKitError(
                        .badInputData,
                        "\(input): line \(lineNumber): a second header line (were two files joined? evaluate each file on its own)"
                    )
                }
                throw SealKitError(.badInputData, Self.located(input, line: lineNumber, error))
            }
            try Self.checkOrder(subject.pseudonym, after: previous, header: header, line: lineNumber, input: input)
            previous = subject.pseudonym
            try body(subject)
        }
    }

    /// How a header line begins (its first key).
    static let headerStart = Array(#"{"format":"#.utf8)

    /// The header line of a de-identified file, read strictly from `lines` (which then stand at the
    /// first subject line): exit 65 naming the line and column of what is wrong, never a value.
    static func header(_ lines: inout LineReader, input: String) throws(SealKitError) -> DatasetHeader {
        guard let first = try lines.next() else {
            throw SealKitError(.badInputData, "\(input): line 1: empty file (expected a sealkit-deidentified header)")
        }
        do {
            return try first.withUnsafeBytes { raw in
                Result { () throws(JSONError) in try DeidentifiedReader.header(raw) }
            }.get()
        } catch {
            if first.starts(with: Self.headerStart) || first.first == UInt8(ascii: "{") {
                throw SealKitError(.badInputData, Self.located(input, line: 1, error))
            }
            throw SealKitError(.badInputData, "\(input): line 1: not a sealkit-deidentified header (\(error.problem))")
        }
    }

    /// A de-identified file lists each subject once, in pseudonym order, under the header's key epoch
    /// (deidentified-format.md): a subject twice would be counted twice in the report, and the
    /// decision files would leave byte order. The message gives line numbers, never a pseudonym.
    static func checkOrder(
        _ pseudonym: SubjectPseudonym,
        after previous: SubjectPseudonym?,
        header: DatasetHeader,
        line: Int,
        input: String
    ) throws(SealKitError) {
        guard pseudonym.epoch == header.epoch else {
            throw SealKitError(
                .badInputData,
                "\(input): line \(line): the subject's pseudonym is of key epoch \(pseudonym.epoch), the header's is \(header.epoch)"
            )
        }
        guard let previous, !(previous < pseudonym) else { return }
        let problem =
            previous == pseudonym
            ? "the subject of line \(line - 1) again (each subject is listed once; were two files joined?)"
            : "subjects are not in pseudonym order (this one sorts before line \(line - 1)'s)"
        throw SealKitError(.badInputData, "\(input): line \(line): \(problem)")
    }

    /// `FILE: line N, column C: PATH: PROBLEM` for an error in line `line` of the file (each line is
    /// read as a text of its own, so the error's own line is 1). Never a value: ``JSONError`` quotes none.
    static func located(_ input: String, line: Int, _ error: JSONError) -> String {
        let path = error.path.isEmpty ? "" : "\(error.path): "
        return "\(input): line \(line + error.line - 1), column \(error.column): \(path)\(error.problem)"
    }

    /// What `evaluate` checks of a header beyond its syntax: the normalization this build
    /// pseudonymizes with, and the cut-offs the rules read (a cut-off the header does not list would
    /// read as "no" for every conviction).
    static func checkHeader(_ header: DatasetHeader, input: String) throws(SealKitError) {
        guard header.normalization == DatasetHeader.currentNormalization else {
            throw SealKitError(
                .badInputData,
                "\(input): line 1: normalization: not \(DatasetHeader.currentNormalization), the only one this SealKit knows"
            )
        }
        let missing = Evaluator.requiredCutoffs.filter { !header.cutoffs.contains($0) }
        guard missing.isEmpty else {
            throw SealKitError(
                .badInputData,
                "\(input): line 1: cutoffs: the rules need \(missing.map(\.date.description).joined(separator: ", ")), which the header does not list (pseudonymize again)"
            )
        }
    }
}

/// Lines of a file, read in 1 MiB chunks. A line may be up to ``maximumLength`` bytes: a longer one
/// is no de-identified record (a subject with thousands of rows is a few MB) and is refused before
/// it is all held in memory.
struct LineReader {
    let descriptor: Int32
    let path: String
    let maximumLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline goes on (the bytes before it, from `start`, hold none).
    private var searched = 0
    private var finished = false
    /// Lines returned so far.
    private var lines = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    /// The longest line read by default: 64 MiB.
    static let defaultMaximumLength = 64 << 20

    private static func read(_ descriptor: Int32, _ path: String, into chunk: inout [UInt8]) throws(SealKitError) -> Int
    {
        let result: Result<Int, SealKitError> = chunk.withUnsafeMutableBytes { raw in
            Result { () throws(SealKitError) in try FileIO.readSome(descriptor, into: raw, path: path) }
        }
        return try result.get()
    }

    init(descriptor: Int32, path: String, maximumLength: Int = LineReader.defaultMaximumLength) {
        self.descriptor = descriptor
        self.path = path
        self.maximumLength = maximumLength
    }

    /// The next line without its newline; nil at the end.
    mutating func next() throws(SealKitError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[searched...].firstIndex(of: 0x0A) {
                let line = try checked(buffer[start..<newline])
                start = newline + 1
                searched = start
                lines += 1
                return line
            }
            searched = buffer.count
            if finished {
                guard start < buffer.count else { return nil }
                let line = try checked(buffer[start...])
                start = buffer.count
                lines += 1
                return line
            }
            _ = try checked(buffer[start...])
            buffer.removeFirst(start)
            searched -= start
            start = 0
            let count = try Self.read(descriptor, path, into: &chunk)
            if count == 0 { finished = true } else { buffer.append(contentsOf: chunk[0..<count]) }
        }
    }

    /// `line` (whole or its part read so far), if it is not too long.
    private func checked(_ line: ArraySlice<UInt8>) throws(SealKitError) -> ArraySlice<UInt8> {
        guard line.count <= maximumLength else {
            throw SealKitError(
                .badInputData,
                "\(path): line \(lines + 1): longer than \(ByteSize.text(maximumLength)): not a de-identified record"
            )
        }
        return line
    }
}
