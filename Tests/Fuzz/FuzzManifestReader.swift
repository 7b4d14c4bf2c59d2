// libFuzzer target: the manifest formats' readers (DSSE envelopes, sealing bodies, signed notes,
// checkpoints, tlog-proofs), and a sealing manifest's full verification under the test key.
// Built by scripts/fuzz.sh; `make test` replays its corpus (ManifestFuzzReplayTests).
import Manifest
import SealCrypto

/// The repository's test public key (keys/test/signing.pub.pem), raw.
let testKey = try! Ed25519.PublicKey(
    rawRepresentation: Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")!
)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifestReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    ManifestFuzzing.readAll(bytes, key: testKey)
    return 0
}
