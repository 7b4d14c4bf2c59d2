import CriminalRecords
import Eligibility
import SealCore
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

    /// The generated file's de-identified records (``generatedFile(_:rows:seed:)`` as `doj.csv`, then
    /// `sealkit pseudonymize` at 2020-07-01 into `de.jsonl`): their path.
    func deidentifiedFile(rows: Int, seed: UInt64) throws -> String {
        let (input, secret) = try generatedFile("doj.csv", rows: rows, seed: seed)
        let output = file("de.jsonl")
        _ = try pseudonymize(input, secret: secret, into: output)
        return output
    }
}

/// `sealkit pseudonymize` of `input` at `asOf` into `output`, without rejects.
@discardableResult
func pseudonymize(
    _ input: String,
    secret: String,
    asOf: String = "2020-07-01",
    into output: String,
    overwrite: Bool = false
) throws(SealKitError) -> Pseudonymize.Summary {
    try Pseudonymize.run(
        input: input,
        secretPath: secret,
        evaluationDate: CalendarDate(iso: asOf)!,
        output: output,
        rejectsPath: nil,
        overwrite: overwrite
    )
}

/// `sealkit evaluate` of the de-identified file `input` under `ruleSet` into the folder `output`.
@discardableResult
func evaluate(
    _ input: String,
    rules ruleSet: RuleSet,
    county: String? = nil,
    into output: String,
    overwrite: Bool = false
) throws(SealKitError) -> Evaluate.Summary {
    try Evaluate.run(input: input, ruleSet: ruleSet, county: county, outputDirectory: output, overwrite: overwrite)
}

/// `sealkit run` of `input` at `asOf` under `ruleSet` into the folder `output`.
@discardableResult
func runPass(
    _ input: String,
    secret: String,
    asOf: String = "2020-07-01",
    rules ruleSet: RuleSet,
    county: String? = nil,
    into output: String,
    rejects: String? = nil,
    overwrite: Bool = false,
    workers: Int? = nil
) throws(SealKitError) -> Pseudonymize.Summary {
    try Run.run(
        input: input,
        secretPath: secret,
        evaluationDate: CalendarDate(iso: asOf)!,
        ruleSet: ruleSet,
        county: county,
        outputDirectory: output,
        rejectsPath: rejects,
        overwrite: overwrite,
        workers: workers
    )
}
