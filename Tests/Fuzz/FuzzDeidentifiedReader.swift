// libFuzzer target: the strict JSON reader and the de-identified file reader (header, then each subject
// line under it). Built by scripts/fuzz.sh; `make test` replays its corpus (FuzzReplayTests).
import Deidentified
import SealCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeidentifiedReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? JSONValue.parse(bytes)
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    guard let first = lines.first else { return 0 }
    let header = try? DeidentifiedReader.header(UnsafeRawBufferPointer(rebasing: first))
    // A header that does not read is replaced by a valid one, so that subject lines are reached.
    let reader = DeidentifiedReader(header: header ?? fallbackHeader)
    for line in lines.dropFirst() { _ = try? reader.subject(UnsafeRawBufferPointer(rebasing: line)) }
    return 0
}

let fallbackHeader = DatasetHeader(
    normalization: "norm-1",
    epoch: 1,
    evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!,
    inputSHA256: String(repeating: "0", count: 64),
    keyCheckValues: .init(
        master: "0000000000000000",
        subjectPseudonym: "0000000000000000",
        countReference: "0000000000000000",
        caseToken: "0000000000000000",
        dateShift: "0000000000000000"
    ),
    anchors: DeidentifiedReader.anchors,
    cutoffs: [.auma, .january2011, .prop47, .january2016],
    generator: "fuzz"
)
