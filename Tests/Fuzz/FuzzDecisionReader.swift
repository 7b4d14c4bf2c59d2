// libFuzzer target: the readers of a run's decisions (decisions.jsonl lines, decisions.csv rows
// through the CSV scanner), which `seal`, `review-list` and `verify --run` use. Built by
// scripts/fuzz.sh; `make test` replays its corpus (FuzzReplayTests).
import CriminalRecords
import Eligibility
import Glibc

/// The file the CSV scanner reads: one per process, rewritten for each input.
nonisolated(unsafe) var inputPath: String? = nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecisionReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    DecisionFuzzing.readLines(bytes)
    if inputPath == nil {
        var template = Array("/tmp/sealkit-fuzz-decisions-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(descriptor >= 0, "cannot make the input file")
        close(descriptor)
        inputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    let descriptor = open(inputPath!, O_RDWR | O_TRUNC)
    precondition(descriptor >= 0, "cannot write the input file")
    defer { close(descriptor) }
    var written = 0
    while written < size {
        let count = write(descriptor, data + written, size - written)
        precondition(count > 0, "cannot write the input file")
        written += count
    }
    lseek(descriptor, 0, SEEK_SET)
    var scanner = CSVScanner(descriptor: descriptor, chunkSize: 1 << 16)
    var record = CSVRecord()
    var repeats = DecisionRow.Repeats()
    while (try? scanner.next(into: &record)) == true {
        DecisionFuzzing.readRow(count: record.fieldCount, { record.field($0) }, repeats: &repeats)
    }
    return 0
}
