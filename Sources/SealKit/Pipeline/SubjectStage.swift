import Deidentified
import SealCore

/// A stage of the reading pass that comes after pseudonymization: `sealkit run` is read →
/// pseudonymize → [stages] → write, and `sealkit pseudonymize` is the same pass with no stage.
///
/// A stage sees each de-identified subject once, on the worker thread that made it (never an
/// identified value: the record is all it is given), writes its lines into spills of its own, and
/// hands its output files to the pass, which commits them in one set with the de-identified file: all
/// or none. The evaluation (``EvaluationStage``) is one; a stage added later implements these three
/// protocols and is passed in the list, without any change to the reader, the pseudonymizer or the
/// other stages.
protocol SubjectStage: AnyObject {
    /// Begins one read of the input, for `workers` worker threads. An unsorted input makes the reader
    /// start again: the pass removes the old read's spills and begins another.
    func beginPass(workers: Int) throws(SealKitError) -> any StagePass
}

/// One read's side of a stage: a part per worker, the subjects moved after the read, the drain into
/// the stage's files, and the files themselves.
protocol StagePass: AnyObject {
    /// Worker `index`'s part, used on that worker's thread only until it is joined.
    func worker(_ index: Int) -> any StageWorker

    /// Called once every worker is joined, on the pass's thread: the workers' spilled lines and
    /// counts become the pass's.
    func workersFinished()

    /// A subject the workers saw as `before` is written as `after` (moved to its SUBJECT_ID pseudonym
    /// because its CII turned out to be shared). Called in pseudonym order of `before`.
    func move(before: DeidentifiedSubject, after: DeidentifiedSubject) throws(SealKitError)

    /// Called once every move is made.
    func movesFinished() throws(SealKitError)

    /// Writes the stage's lines into its files in pseudonym order, leaving out the subjects listed in
    /// `skipped` (their old pseudonyms). Runs on a thread of its own, beside the de-identified file's
    /// drain.
    func drain(skipping skipped: Set<String>) throws(SealKitError)

    /// Completes the stage's files for the commit: what the input was (its SHA-256, the rows the
    /// reader rejected) is known only now.
    func prepare(inputSHA256: String, rejectedRows: Int) throws(SealKitError) -> StageOutputs

    /// The set holding the stage's files is committed.
    func committed()

    /// Removes every spill of this read.
    func removeSpills()
}

/// A worker's part of a stage.
protocol StageWorker: AnyObject {
    /// Takes one de-identified subject, as the worker made it. `line` is the worker's reused output
    /// (it holds the subject's line; the stage may use it for its own lines).
    func add(_ record: DeidentifiedSubject, using line: inout JSONOutput) throws(SealKitError)

    /// Writes out what the worker's spills still buffer; called on the worker's thread, last.
    func flush() throws(SealKitError)
}

/// What a stage adds to the output set and to the pass's summary.
struct StageOutputs {
    /// Its files, complete, with no name yet: committed with the de-identified file.
    var writers: [AtomicFileWriter]
    /// Warnings about the input, also written in the stage's files.
    var warnings: [String] = []
    /// Decisions made (the evaluation).
    var decisions = 0
}
