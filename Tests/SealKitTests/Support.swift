import CriminalRecords
import SealKit
import TestSupport

extension TemporaryDirectory {
    /// A generated Los Angeles research file of `rows` rows in this folder, and the test pseudonym
    /// secret copied beside it (mode 0600): their paths.
    func generatedFile(
        _ name: String,
        rows: Int,
        seed: UInt64
    ) throws -> (input: String, secret: String) {
        let input = file(name)
        _ = try DOJFiles.generate(
            DOJFileGenerator.Options(county: "LOS ANGELES", rows: rows, seed: seed),
            to: input,
            overwrite: false
        )
        return (input, try copyFixture("../keys/test/pseudonym.secret", as: "pseudonym.secret"))
    }
}
