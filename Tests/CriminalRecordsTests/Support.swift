import CriminalRecords
import Foundation
import TestSupport

/// Reads DOJ text written to a temporary file.
struct ReadResult {
    var subjects: [SubjectHistory] = []
    var rejected: [RejectedRow] = []
    var summary = DOJReadSummary()
    var restarts = 0
}

func readDOJ(_ text: String, options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    try readDOJ(bytes: Array(text.utf8), options: options)
}

func readDOJ(bytes: [UInt8], options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    let folder = try TemporaryDirectory()
    let path = try folder.write("doj.csv", bytes)
    return try readDOJFile(path, options: options)
}

func readDOJFile(_ path: String, options: DOJReadOptions = DOJReadOptions()) throws -> ReadResult {
    var result = ReadResult()
    result.summary = try DOJResearchFileReader(path: path, options: options).read(
        rejected: { result.rejected.append($0) },
        restart: {
            result.subjects.removeAll()
            result.rejected.removeAll()
            result.restarts += 1
        },
        subject: { result.subjects.append($0) }
    )
    return result
}

/// The problems of a file that fails to read.
func readProblems(_ text: String, options: DOJReadOptions = DOJReadOptions()) throws -> [DOJFileProblem] {
    do {
        _ = try readDOJ(text, options: options)
        return []
    } catch DOJReadError.invalidFile(let problems, _) {
        return problems
    }
}
