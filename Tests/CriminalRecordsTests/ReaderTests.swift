import CriminalRecords
import Foundation
import Glibc
import SealCore
import TestSupport
import Testing

@Suite("DOJ research file reader: structure and bad input")
struct ReaderTests {
    static let two = [DOJRowBuilder.conviction(), DOJRowBuilder.conviction(subject: "10000002")]

    @Test("header variants: plain, trailing comma, BOM, quoted and lower-case; or no header at all")
    func headers() throws {
        let rows = Self.two.map(\.line).joined(separator: "\n") + "\n"
        let variants = [
            DOJText.header + "\n" + rows,
            DOJText.header + ",\n" + rows,
            "\u{FEFF}" + DOJText.header + "\n" + rows,
            DOJColumn.names.map { "\"\($0.lowercased())\"" }.joined(separator: ",") + "\n" + rows,
            rows,
        ]
        for (index, text) in variants.enumerated() {
            let result = try readDOJ(text)
            #expect(result.subjects.count == 2, "variant \(index)")
            #expect(result.summary.dataRows == 2, "variant \(index)")
            #expect(result.summary.headerPresent == (index != 4), "variant \(index)")
            #expect(result.subjects.first?.firstLine == (index == 4 ? 1 : 2), "variant \(index)")
        }
    }

    @Test("a header that is not the DOJ header is refused, naming the column")
    func headerMismatch() throws {
        var names = DOJColumn.names
        names.swapAt(12, 13)
        let problems = try readProblems(names.joined(separator: ",") + "\n" + Self.two[0].line + "\n")
        #expect(problems.map(\.kind) == [.headerMismatch])
        #expect(problems.first?.column == 13)
        #expect(problems.first?.line == 1)
    }

    @Test("lines ending in CR CR LF (line endings converted twice) are refused with that reason")
    func doubledCarriageReturns() throws {
        // Also with the trailing comma some exports put on every line (a 96th field, then holding the CR).
        for (header, columns) in [(DOJText.header, DOJColumn.count), (DOJText.header + ",", DOJColumn.count + 1)] {
            let text = ([header] + Self.two.map(\.line)).joined(separator: "\r\r\n") + "\r\r\n"
            let problems = try readProblems(text)
            #expect(problems.map(\.kind) == [.headerMismatch])
            #expect(problems.first?.line == 1)
            #expect(problems.first?.column == columns)
            #expect(problems.first?.message.contains("converted twice") == true)
        }
    }

    @Test("two files joined: the second header line stops the read, with and without rejects")
    func repeatedHeader() throws {
        let file = ([DOJText.header] + Self.two.map(\.line)).joined(separator: "\n") + "\n"
        var rejects = DOJReadOptions()
        rejects.collectRejects = true
        for options in [DOJReadOptions(), rejects] {
            let problems = try readProblems(file + file, options: options)
            #expect(problems.map(\.kind) == [.repeatedHeader])
            #expect(problems.first?.line == 4)
            #expect(problems.first?.message.contains("were two files joined?") == true)
        }
        // Also a header without a trailing newline before it, and in another spelling.
        let lower = DOJColumn.names.map { $0.lowercased() }.joined(separator: ",")
        #expect(try readProblems(file + lower + "\n" + Self.two[0].line + "\n").map(\.kind) == [.repeatedHeader])
    }

    @Test("empty file, BOM only, and a header with no rows")
    func emptyFiles() throws {
        #expect(try readProblems("").map(\.kind) == [.emptyFile])
        #expect(try readProblems("\u{FEFF}").map(\.kind) == [.emptyFile])
        let headerOnly = try readDOJ(DOJText.header + "\n")
        #expect(headerOnly.subjects.isEmpty)
        #expect(headerOnly.summary.warnings.contains { $0.hasPrefix("noDataRows") })
    }

    @Test("a file that is not a DOJ file at all")
    func notDOJ() throws {
        #expect(try readProblems("name,age\nalice,30\n").map(\.kind) == [.notDOJFile])
        #expect(try readProblems("%PDF-1.4 binary\u{0}junk").map(\.kind) == [.notDOJFile])
    }

    @Test("strict: wrong field counts, CSV syntax and invalid UTF-8 fail the file, listed with line and column")
    func strictProblems() throws {
        var short = DOJRowBuilder.conviction(subject: "10000003")
        short.fields.removeLast()
        var quote = DOJRowBuilder.conviction(subject: "10000004")
        quote[.stpOriDescr] = "AB"
        let quoteLine = quote.line.replacingOccurrences(of: ",AB,", with: ",A\"B,")
        var bad = Array((DOJText.header + "\n" + Self.two[0].line + "\n" + short.line + "\n" + quoteLine + "\n").utf8)
        var latin = DOJRowBuilder.conviction(subject: "10000005")
        latin[.priName] = "PENA,JOSE"
        bad += Array(latin.line.utf8).map { $0 == UInt8(ascii: "N") ? 0xD1 : $0 }.prefix(while: { _ in true }) + [0x0A]
        let problems: [DOJFileProblem]
        do {
            _ = try readDOJ(bytes: bad)
            problems = []
        } catch DOJReadError.invalidFile(let list, _) {
            problems = list
        }
        #expect(problems.map(\.kind) == [.wrongFieldCount, .csvSyntax, .invalidEncoding])
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(problems[0].column == 95)
        #expect(problems[2].column == 3 || problems[2].column == 13)
        // No value of the row appears in any message.
        for problem in problems {
            #expect(!problem.description.contains("DOE"))
            #expect(!problem.description.contains("PENA"))
            #expect(!problem.description.contains("A12345678"))
        }
    }

    @Test("at most 20 problems are listed")
    func problemLimit() throws {
        var short = DOJRowBuilder.conviction()
        short.fields.removeLast()
        let text = DOJText.header + "\n" + Array(repeating: short.line, count: 30).joined(separator: "\n") + "\n"
        do {
            _ = try readDOJ(text)
            Issue.record("accepted")
        } catch DOJReadError.invalidFile(let problems, let more) {
            #expect(problems.count == 20)
            #expect(more)
        }
    }

    @Test("--rejects: bad rows are handed over with their reason and raw text; their subject is flagged malformedRow")
    func rejects() throws {
        var short = DOJRowBuilder.conviction(order: "101002002000")
        short.fields.removeLast()
        let text =
            DOJText.file([DOJRowBuilder.conviction(), DOJRowBuilder.conviction(subject: "10000002")])
            + short.line + "\n"
        var options = DOJReadOptions()
        options.collectRejects = true
        let result = try readDOJ(
            DOJText.header + "\n" + DOJRowBuilder.conviction().line + "\n" + short.line + "\n"
                + DOJRowBuilder.conviction(subject: "10000002").line + "\n",
            options: options
        )
        _ = text
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.problem.kind == .wrongFieldCount)
        #expect(result.rejected.first?.problem.line == 3)
        #expect(String(decoding: result.rejected.first?.raw ?? [], as: UTF8.self) == short.line)
        #expect(result.summary.rejectedRows == 1)
        let first = try #require(result.subjects.first)
        #expect(first.flags.contains { $0.kind == .malformedRow && $0.line == 3 })
        #expect(first.convictions.first?.flags.contains { $0.kind == .malformedRow } == true)
        #expect(result.subjects[1].flags.isEmpty)
    }

    @Test(
        "a row whose subject cannot be told stops the file, even with --rejects",
        arguments: ["", "  -  ", "NULL", "0000"]
    )
    func subjectUnknown(id: String) throws {
        var row = DOJRowBuilder.conviction()
        row[.subjectId] = id
        var options = DOJReadOptions()
        options.collectRejects = true
        let problems = try readProblems(DOJText.file([DOJRowBuilder.conviction(), row]), options: options)
        #expect(problems.map(\.kind) == [.subjectUnknown])
        #expect(problems.first?.line == 3)
    }

    @Test("a truncated last record fails the file")
    func truncated() throws {
        let text =
            DOJText.file([DOJRowBuilder.conviction()])
            + DOJRowBuilder.conviction().line.replacingOccurrences(
                of: "DOE,JANE",
                with: "DOE,JANE"
            ).prefix(60) + ",\"unfinished"
        var options = DOJReadOptions()
        options.collectRejects = true
        #expect(try readProblems(String(text), options: options).map(\.kind) == [.truncatedRecord])
    }

    @Test(
        "a record too long to read (an unclosed quote, no quote after it) fails the file at its line, with or without rejects"
    )
    func recordTooLong() throws {
        let row = DOJRowBuilder.conviction().line.replacingOccurrences(of: "\"DOE,JANE\"", with: "DOE JANE")
        // A quote opened at the start of a field of the second data row (line 3), never closed: the
        // rows after it hold no quote, so the field would run to the end of the file.
        let fields = row.split(separator: ",", omittingEmptySubsequences: false)
        let opened = fields.prefix(40).joined(separator: ",") + ",\"" + fields.dropFirst(40).joined(separator: ",")
        let tail = Array(repeating: row, count: 40).joined(separator: "\n")
        let text = DOJText.file([DOJRowBuilder.conviction()]) + opened + "\n" + tail + "\n"
        #expect(!tail.contains("\""))
        for collectRejects in [false, true] {
            var options = DOJReadOptions()
            options.collectRejects = collectRejects
            options.maximumRecordSize = 4096
            let problems = try readProblems(text, options: options)
            #expect(problems.map(\.kind) == [.recordTooLong], "\(problems)")
            #expect(problems.first?.line == 3 && problems.first?.kind.rawValue == "recordTooLong")
            #expect(
                problems.first?.message
                    == "a record of 4096 bytes or more starts here (a DOJ row is under 2 KB: an unclosed quote?); "
                    + "the file cannot be read past it"
            )
            // With the default limit (16 MiB) the same file is read to its end: a truncated record.
            options.maximumRecordSize = DOJReadOptions().maximumRecordSize
            #expect(try readProblems(text, options: options).map(\.kind) == [.truncatedRecord])
        }
    }

    @Test("an unsorted file gives the same subjects as the sorted one, through spill buckets")
    func unsorted() throws {
        let a1 = DOJRowBuilder.conviction(subject: "10000001", order: "101002001000")
        let a2 = DOJRowBuilder.conviction(subject: "10000001", order: "102002001000", date: "20120101")
        let b1 = DOJRowBuilder.conviction(subject: "10000002")
        let sorted = try readDOJ(DOJText.file([a1, a2, b1]))
        var options = DOJReadOptions()
        options.bucketSize = 64  // many small buckets
        let unsorted = try readDOJ(DOJText.file([a1, b1, a2]), options: options)
        #expect(sorted.summary.grouped)
        #expect(!unsorted.summary.grouped)
        #expect(unsorted.restarts == 1)
        #expect(unsorted.subjects.count == 2)
        let byID = Dictionary(uniqueKeysWithValues: unsorted.subjects.map { ($0.subjectID.revealedText, $0) })
        #expect(byID["10000001"]?.convictions.count == 2)
        #expect(byID["10000001"]?.events.map(\.line) == [2, 4])
        #expect(byID["10000002"]?.convictions.count == 1)
    }

    @Test("an unsorted file whose spill folder cannot be made: a spill error naming the folder (not a read error)")
    func spillFailure() throws {
        let a1 = DOJRowBuilder.conviction(subject: "10000001", order: "101002001000")
        let a2 = DOJRowBuilder.conviction(subject: "10000001", order: "102002001000", date: "20120101")
        let b1 = DOJRowBuilder.conviction(subject: "10000002")
        var options = DOJReadOptions()
        options.temporaryDirectory = "/nonexistent-sealkit-folder"
        do {
            _ = try readDOJ(DOJText.file([a1, b1, a2]), options: options)
            Issue.record("the unsorted file was read without a spill folder")
        } catch DOJReadError.spill(let path, let code) {
            #expect(path == "/nonexistent-sealkit-folder" && code == ENOENT)
        }
        // A sorted file needs no spill.
        #expect(try readDOJ(DOJText.file([a1, a2, b1]), options: options).subjects.count == 2)
    }

    @Test("an unsorted file through a pipe cannot be read twice: that error, not a wrong header at the second read")
    func unsortedPipe() throws {
        let a1 = DOJRowBuilder.conviction(subject: "10000001", order: "101002001000")
        let a2 = DOJRowBuilder.conviction(subject: "10000001", order: "102002001000", date: "20120101")
        let b1 = DOJRowBuilder.conviction(subject: "10000002")
        // A pipe, named as a shell's process substitution names one: opening it again does not
        // start over (and, its writer gone, does not block either).
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let path = "/dev/fd/\(ends[0])"
        let bytes = Array(DOJText.file([a1, b1, a2]).utf8)
        let writeEnd = ends[1]
        let writer = Thread {
            _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress!, $0.count) }
            close(writeEnd)
        }
        writer.start()
        do {
            _ = try readDOJFile(path)
            Issue.record("an unsorted pipe was read")
        } catch DOJReadError.cannotReread(let named) {
            #expect(named == path)
        }
    }

    @Test("a folder given as the file: cannot open (EISDIR), not a read failure part-way")
    func folderAsFile() throws {
        let folder = try TemporaryDirectory()
        do {
            _ = try readDOJFile(folder.path)
            Issue.record("a folder was read")
        } catch DOJReadError.cannotOpen(let path, let code) {
            #expect(path == folder.path && code == EISDIR)
        }
    }

    @Test("identity values print redacted")
    func redaction() throws {
        let subject = try #require(try readDOJ(DOJText.file([DOJRowBuilder.conviction()])).subjects.first)
        #expect("\(subject.identity.name)" == "<redacted>")
        var dumped = ""
        dump(subject, to: &dumped)
        #expect(!dumped.contains("DOE"))
        #expect(!dumped.contains("A12345678"))
        #expect(!dumped.contains("10000001"))
        #expect(!dumped.contains("1970-01-01"))
        #expect("\(subject.dateOfBirth)" == "<redacted>")
        #expect(subject.identity.name.revealedText == "DOE,JANE")
    }
}
