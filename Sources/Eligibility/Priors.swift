package import Deidentified
import SealCore

/// How two convictions of one subject relate (prop64-rules.md, C.5; reader §4.3), three-valued.
package enum Priors {
    /// Whether `a` and `b` are in the same court case: same court event (cycle and step), or same
    /// cycle and a shared case number. Same cycle with no case number to compare: unknown.
    package static func sameCase(_ a: DeidentifiedConviction, _ b: DeidentifiedConviction) -> ThreeValued {
        sameCase(
            cycles: (a.cycle, b.cycle),
            steps: (a.step, b.step),
            sharesToken: a.caseTokens.contains(where: b.caseTokens.contains),
            someEmpty: a.caseTokens.isEmpty || b.caseTokens.isEmpty
        )
    }

    /// ``sameCase(_:_:)`` on the facts it reads.
    @inline(__always)
    static func sameCase(cycles: (Int?, Int?), steps: (Int?, Int?), sharesToken: Bool, someEmpty: Bool) -> ThreeValued {
        guard let cycleA = cycles.0, let cycleB = cycles.1 else {
            if sharesToken { return .yes }
            return someEmpty ? .unknown : .no
        }
        guard cycleA == cycleB else { return .no }
        if let stepA = steps.0, let stepB = steps.1, stepA == stepB { return .yes }
        if sharesToken { return .yes }
        return someEmpty ? .unknown : .no
    }

    /// What makes `candidate` a prior of `conviction`, check by check.
    package struct Relation: Hashable, Sendable {
        /// Dated strictly before the conviction.
        package var before: ThreeValued
        /// In the same court case.
        package var sameCase: ThreeValued
        /// Dated on or after the conviction's offense-date proxy (Smit speaks of priors to the offense).
        package var afterOffense: ThreeValued

        /// Prior = before and not in the same case.
        package var isPrior: ThreeValued { before && !sameCase }

        /// The review code when `isPrior` is unknown (the first unknown fact).
        package var unknownCode: ReasonCode? {
            guard isPrior == .unknown else { return nil }
            if before == .unknown { return .priorDateUnknown }
            return .priorMayBeSameCase
        }
    }

    package static func relation(
        of candidate: DeidentifiedConviction,
        to conviction: DeidentifiedConviction
    ) -> Relation {
        Relation(
            before: candidate.date.isBefore(conviction.date),
            sameCase: sameCase(candidate, conviction),
            afterOffense: !candidate.date.isBefore(conviction.offenseDate)
        )
    }

    /// A disqualifying prior found (or possibly found): the answer and, when it is not no, the code.
    package struct Finding: Hashable, Sendable {
        package var answer: ThreeValued
        package var code: ReasonCode?
        package var count: Int

        package init(answer: ThreeValued, code: ReasonCode?, count: Int = 0) {
            self.answer = answer
            self.code = code
            self.count = count
        }
    }

    /// Whether some other conviction of `subject` that `matches` is a prior of `conviction`. A prior
    /// dated within [offense proxy, conviction) answers unknown with `priorTimingUnclear`.
    package static func find(
        in subject: DeidentifiedSubject,
        before index: Int,
        code: ReasonCode,
        matches: (DeidentifiedConviction) -> ThreeValued
    ) -> Finding {
        SubjectFacts.with(subject) { $0.find(before: index, code: code) { matches(subject.convictions[$0]) } }
    }

    /// How many other convictions that `matches` are certainly priors of `conviction`, and how many
    /// more may be.
    package static func count(
        in subject: DeidentifiedSubject,
        before index: Int,
        matches: (DeidentifiedConviction) -> ThreeValued
    ) -> (certain: Int, possible: Int, code: ReasonCode?) {
        SubjectFacts.with(subject) { $0.count(before: index) { matches(subject.convictions[$0]) } }
    }
}
