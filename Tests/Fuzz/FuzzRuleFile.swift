// libFuzzer target: rule files (gogen options and SealKit rule sets) through the strict JSON reader.
// Built by scripts/fuzz.sh; `make test` replays its corpus (FuzzReplayTests).
import Eligibility

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuleFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? RuleSet.load(bytes, source: "fuzz.json", sha256: "00")
    return 0
}
