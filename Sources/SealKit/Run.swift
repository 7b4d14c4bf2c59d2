import CriminalRecords
package import Eligibility
package import SealCore

/// `sealkit run`: pseudonymize and evaluate in one streaming pass over the DOJ file. Each worker
/// evaluates a subject as soon as it is de-identified (the engine sees only the de-identified
/// record), so the de-identified file, the decisions and the county report come from one read.
package enum Run {
    /// Writes `deidentified.jsonl`, `decisions.jsonl`, `decisions.csv`, `summary.json` and
    /// `summary.html` into `outputDirectory` (created mode 0700 when missing).
    package static func run(
        input: String,
        secretPath: String,
        evaluationDate: CalendarDate,
        ruleSet: RuleSet,
        county: String?,
        outputDirectory: String,
        rejectsPath: String?,
        overwrite: Bool,
        workers: Int? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(SealKitError) -> Pseudonymize.Summary {
        guard Evaluator.canEvaluate(at: evaluationDate) else {
            throw SealKitError(.invalidArgument, "--as-of \(Evaluator.tooEarly(evaluationDate))")
        }
        if let problem = Evaluator.countyProblem(county) { throw SealKitError(.invalidArgument, problem) }
        try PathClash.check(
            input: .init(flag: "--input", path: input),
            secret: .init(flag: "--secret", path: secretPath, role: "the secret"),
            outputs: (["deidentified.jsonl"] + EvaluationOutputs.fileNames).map {
                .init(flag: "--out", path: "\(outputDirectory)/\($0)")
            } + (rejectsPath.map { [.init(flag: "--rejects", path: $0)] } ?? [])
        )
        let evaluator = Evaluator(ruleSet: ruleSet, county: county, evaluationDate: evaluationDate)
        let outputs = try EvaluationOutputs(
            directory: outputDirectory,
            ruleSet: ruleSet,
            evaluationDate: evaluationDate,
            county: evaluator.county,
            overwrite: overwrite
        )
        let evaluation = EvaluationStage(
            evaluator: evaluator,
            formats: DecisionFormats(ruleSet: ruleSet, evaluationDate: evaluationDate),
            outputs: outputs
        )
        // read → pseudonymize → evaluate → write, in one pass and one output set.
        return try Pseudonymize.runPass(
            input: input,
            secretPath: secretPath,
            evaluationDate: evaluationDate,
            output: "\(outputDirectory)/deidentified.jsonl",
            rejectsPath: rejectsPath,
            overwrite: overwrite,
            workers: workers,
            stages: [evaluation],
            outputSet: outputs.outputSet,
            progress: progress
        )
    }
}
