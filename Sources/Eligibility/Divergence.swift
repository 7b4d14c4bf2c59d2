/// Why a decision may differ from the reference tool's outcome (the `gogen` field): the documented list
/// of **divergence codes**. A decision whose outcome differs from its reference carries at least one of
/// them among its reason codes or advisories; tests hold every profile with a reference to that over
/// generated files, so a new difference without an explanation fails.
///
/// The codes fall in three groups:
/// - **guards** SealKit adds before any rule (reader review flags, an unknown or partial date, a shared
///   CII, a conspiracy, a post-AUMA conviction or offense, prior superstrikes and PC 290 convictions,
///   two priors, unsettled prior timing), where the tool decides;
/// - **bug fixes** in reading the raw row (the tool reads no section where SealKit reads one, in this
///   charge or elsewhere in the history; it computes the sentence end with 366-day years; it misses
///   `11357A`; it reads a charge from a comment differently; it takes an attempt for its target);
/// - **statutory rules** and configuration where SealKit's reading of the law departs from the tool's
///   list (a section in neither gogen list).
package enum Divergence {
    package static let codes: Set<String> = ReviewFlags.names.union([
        // Three-valued facts that send a conviction to review.
        "dateImprecise", "dateUnparseable", "sentenceUnparsed",
        // Guards.
        "ciiSharedWithAnotherSubject", "conspiracyPC182", "postAUMAConviction", "offenseBeforeAUMA", "priorSuperstrike",
        "priorPC290", "pc290RegistrationUnmatched", "pc290RegistrationOnly", "twoPriors", "priorDateUnknown",
        "priorMayBeSameCase", "priorTimingUnclear",
        // Bug fixes in reading the raw row.
        "referenceReadsNoSection", "referenceReadsHistoryOtherwise", "referenceSentenceEnd", "subsectionNormalized",
        "chargeFromComment", "attempt", "referenceReadsLevel", "referenceReadsSubjectOtherwise",
        // The statute's exclusion lists where they depart from the tool's.
        "referenceExclusionLists",
        // Configuration.
        "sectionNotConfigured",
    ])

    /// The decision class the reference's label implies: nil when the tool gives the conviction no result.
    package static func referenceDecision(_ reference: ReferenceOutcome) -> Decision? {
        switch reference.label {
        case GogenTexts.dismissal?: .dismissAndSeal
        case GogenTexts.reduction?: .reduceToMisdemeanor
        case GogenTexts.notEligible?: .notEligible
        case GogenTexts.handReview?, GogenTexts.cityAttorneys?: .needsReview
        default: nil
        }
    }

    /// Whether `decision` departs from its reference (a reduction counts as the tool's reduction,
    /// whatever its level), and if so whether one of its codes or advisories says why.
    package static func isExplained(_ decision: ConvictionDecision) -> Bool {
        guard decision.gogen.tool != "none" else { return true }
        var ours = decision.decision
        if ours == .reduceToInfraction { ours = .reduceToMisdemeanor }
        guard ours != referenceDecision(decision.gogen) else { return true }
        return decision.reasonCodes.contains { codes.contains($0.name) }
            || decision.advisories.contains(where: codes.contains)
    }
}
