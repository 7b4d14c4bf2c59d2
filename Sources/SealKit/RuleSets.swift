package import Eligibility
import Foundation
package import SealCore
import SealCrypto

/// Rule sets by name (shipped: compiled into the binary) or by path (any SealKit rule-set file or any
/// gogen/BEAR eligibility-options file). The SHA-256 of the file's bytes goes with every result.
package enum RuleSets {
    /// The shipped rule sets.
    package static let names = ["statutory", "los-angeles-2020", "dismiss-all", "gogen"]

    /// The largest rule file read (the shipped ones are under 10 KB): a larger file is refused, not
    /// read whole into memory.
    package static let maximumFileSize = 4 * 1024 * 1024

    /// The bytes of a shipped rule set, compiled into the binary (``EmbeddedRuleSets``, generated at
    /// build time from `Sources/SealKit/RuleSets/*.json`): the binary reads no resource bundle and
    /// runs from any folder.
    package static func shippedBytes(_ name: String) -> [UInt8]? {
        EmbeddedRuleSets.files[name].map { Array($0.utf8) }
    }

    /// Loads `nameOrPath`: a shipped name, else a file path.
    ///
    /// - Throws: ``SealKitError/Code/inputMissing`` when neither exists, or the path is a folder;
    ///   ``SealKitError/Code/badInputData`` (exit 65) for a malformed rule file, naming the key path and
    ///   the problem, or one larger than ``maximumFileSize``.
    package static func load(_ nameOrPath: String) throws(SealKitError) -> RuleSet {
        let path = nameOrPath
        let bytes: [UInt8]
        if names.contains(nameOrPath) {
            guard let shipped = shippedBytes(nameOrPath) else {
                throw SealKitError(.inputMissing, "the shipped rule set \(nameOrPath) is missing from this build")
            }
            bytes = shipped
        } else {
            guard FileIO.exists(path) else {
                throw SealKitError(
                    .inputMissing,
                    "\(nameOrPath): no such rule set (shipped: \(names.joined(separator: ", "))) or file"
                )
            }
            bytes = try FileIO.readSmallFile(path, limit: maximumFileSize, what: "a rule file")
        }
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
