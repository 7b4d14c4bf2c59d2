public import Eligibility
import Foundation
import SealCrypto

/// Rule sets by name (shipped as package resources) or by path (any SealKit rule-set file or any
/// gogen/BEAR eligibility-options file). The SHA-256 of the file's bytes goes with every result.
public enum RuleSets {
    /// The shipped rule sets.
    public static let names = ["statutory", "los-angeles-2020", "dismiss-all", "gogen"]

    /// The largest rule file read (the shipped ones are under 10 KB): a larger file is refused, not
    /// read whole into memory.
    public static let maximumFileSize = 4 * 1024 * 1024

    /// The folder of the shipped rule sets: beside the executable (`SealKit_SealKit.resources`), or
    /// in the build folder.
    static func shippedPath(_ name: String) -> String? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("SealKit_SealKit.resources").path,
            Bundle.module.bundleURL.path,
        ]
        for folder in candidates {
            let path = "\(folder)/RuleSets/\(name).json"
            if FileIO.exists(path) { return path }
        }
        return nil
    }

    /// Loads `nameOrPath`: a shipped name, else a file path.
    ///
    /// - Throws: ``SealKitError/Code/inputMissing`` when neither exists, or the path is a folder;
    ///   ``SealKitError/Code/badInputData`` (exit 65) for a malformed rule file, naming the key path and
    ///   the problem, or one larger than ``maximumFileSize``.
    public static func load(_ nameOrPath: String) throws(SealKitError) -> RuleSet {
        let path: String
        if names.contains(nameOrPath) {
            guard let shipped = shippedPath(nameOrPath) else {
                throw SealKitError(
                    .inputMissing,
                    "the shipped rule set \(nameOrPath) is missing from this installation"
                )
            }
            path = shipped
        } else {
            path = nameOrPath
        }
        guard FileIO.exists(path) else {
            throw SealKitError(
                .inputMissing,
                "\(nameOrPath): no such rule set (shipped: \(names.joined(separator: ", "))) or file"
            )
        }
        let bytes = try FileIO.readSmallFile(path, limit: maximumFileSize, what: "a rule file")
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw SealKitError(.badInputData, "\(path): the file is empty: not a rule file")
        }
        let digest: String
        do {
            digest = try SHA256.hash(bytes).description
        } catch {
            throw SealKitError(.ioError, "\(path): cannot hash: \(error)")
        }
        let source = names.contains(nameOrPath) ? nameOrPath : path
        do {
            return try RuleSet.load(bytes, source: source, sha256: digest)
        } catch {
            throw SealKitError(.badInputData, error.description)
        }
    }
}
