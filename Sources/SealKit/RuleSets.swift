public import Eligibility
import Foundation
import SealCrypto

/// Rule sets by name (shipped as package resources) or by path (any SealKit rule-set file or any
/// gogen/BEAR eligibility-options file). The SHA-256 of the file's bytes goes with every result.
public enum RuleSets {
    /// The shipped rule sets.
    public static let names = ["statutory", "los-angeles-2020", "dismiss-all", "gogen"]

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
    /// - Throws: ``SealKitError/Code/inputMissing`` when neither exists; ``SealKitError/Code/badInputData``
    ///   (exit 65) for a malformed rule file, naming the key path and the problem.
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
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SealKitError(.inputMissing, "\(path): cannot read: \(error.localizedDescription)")
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
