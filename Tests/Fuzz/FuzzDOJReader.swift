// libFuzzer target: the DOJ research file reader (CSV scanner, header, rows, subject histories), strict
// and with rejects. Built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer,address`; not a SwiftPM
// target. `make test` replays this target's corpus through the ordinary build (FuzzReplayTests).
import CriminalRecords
import Glibc

/// The file the reader reads: one per process, rewritten for each input (the reader takes a path).
nonisolated(unsafe) var inputPath: String? = nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDOJReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    if inputPath == nil {
        var template = Array("/tmp/sealkit-fuzz-doj-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(descriptor >= 0, "cannot make the input file")
        close(descriptor)
        inputPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    let path = inputPath!
    let descriptor = open(path, O_WRONLY | O_TRUNC)
    precondition(descriptor >= 0, "cannot write the input file")
    var written = 0
    while written < size {
        let count = write(descriptor, data + written, size - written)
        precondition(count > 0, "cannot write the input file")
        written += count
    }
    close(descriptor)
    for collectRejects in [false, true] {
        var options = DOJReadOptions()
        options.collectRejects = collectRejects
        let reader = DOJResearchFileReader(path: path, options: options)
        _ = try? reader.read(subject: { _ in })
    }
    return 0
}
