package import SealCore

/// A rule file that cannot be used: the file, the line and column, the key path
/// (`additionalRelief.subjectAgeThreshold`) and the problem. Never a value from the file.
package struct RuleSetError: Error, Hashable, Sendable, CustomStringConvertible {
    package let source: String
    package let path: String
    package let problem: String
    /// 1-based line and column (in characters) of the value in question; nil when the problem is the
    /// file as a whole.
    package let line: Int?
    package let column: Int?

    package init(source: String, path: String, problem: String, line: Int? = nil, column: Int? = nil) {
        self.source = source
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
    }

    /// A file that is not strict JSON (``SealCore/JSONReader``).
    package init(source: String, json error: JSONError) {
        self.init(
            source: source,
            path: error.path.description,
            problem: "not valid JSON: \(error.problem)",
            line: error.line,
            column: error.column
        )
    }

    /// `FILE: line L, column C: PATH: PROBLEM`.
    package var description: String {
        var text = source
        if let line, let column { text += ": line \(line), column \(column)" }
        if !path.isEmpty { text += ": \(path)" }
        return text + ": \(problem)"
    }
}
