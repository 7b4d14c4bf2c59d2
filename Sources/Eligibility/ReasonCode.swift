package import SealCore

/// A reason code (Part F): why a decision is what it is, as a value the engine compares and outputs
/// write by its stable name (``name``, the string of every released output). The first code of a
/// decision is its primary one. Codes that name a reader flag have the flag's name.
package enum ReasonCode: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    // The reader's review flags, and the shared CII (``FlagKind``, review severity).
    case convictionDateUnknown
    case convictionDateFromDispDate
    case dateInFuture
    case eventBeforeBirth
    case implausibleAge
    case suspectSection
    case lawCodeMismatch
    case commentConflict
    case offenseFieldsDisagree
    case chargeUnparsed
    case laterDispositionOnCount
    case levelUnknown
    case malformedRow
    case subjectDOBConflict
    case qualifierPresent
    case combinedProp64Charge
    case ciiSharedWithAnotherSubject
    // Facts a check needed and the file does not settle.
    case dateImprecise
    case dobUnknown
    case sentenceEndUncertain
    case chargesUnknown
    // Guards and the statute's review.
    case conspiracyPC182
    case postAUMAConviction
    case offenseBeforeAUMA
    case priorSuperstrike
    case priorPC290
    case twoPriors
    case pc290RegistrationUnmatched
    case pc290RegistrationOnly
    case priorDateUnknown
    case priorMayBeSameCase
    case priorTimingUnclear
    case sectionNotConfigured
    case attempt
    case subsectionVersionMismatch
    case noSubsection
    case minorAtOffense
    case ageBandBoundary
    case amountUnknown
    case plantCountUnknown
    case conductUnknown
    case schoolGrounds
    case levelInconsistent
    case twoPriorsUnsettled
    case currentlyServing
    case cityAttorneyReview
    case other11357
    case noApplicableCriteria
    // Not eligible.
    case postAUMA
    case noLesserOffense
    case alreadyLesser
    // Relief: the criterion that grants it.
    case misdemeanorOrInfraction
    case dismissListed
    case under21AtConviction
    case ageThreshold
    case yearsSinceConviction
    case crimeFree
    case onlyProp64
    case deceased
    case reduceListed
    case dismissAllProp64
    case section11357AB
    case under21
    case onlyProp64SentenceComplete
    case convictionFree
    case statuteDismiss
    case statuteInfraction
    case statuteMisdemeanor

    /// The code as outputs write it.
    package var name: String {
        switch self {
        case .convictionDateUnknown: "convictionDateUnknown"
        case .convictionDateFromDispDate: "convictionDateFromDispDate"
        case .dateInFuture: "dateInFuture"
        case .eventBeforeBirth: "eventBeforeBirth"
        case .implausibleAge: "implausibleAge"
        case .suspectSection: "suspectSection"
        case .lawCodeMismatch: "lawCodeMismatch"
        case .commentConflict: "commentConflict"
        case .offenseFieldsDisagree: "offenseFieldsDisagree"
        case .chargeUnparsed: "chargeUnparsed"
        case .laterDispositionOnCount: "laterDispositionOnCount"
        case .levelUnknown: "levelUnknown"
        case .malformedRow: "malformedRow"
        case .subjectDOBConflict: "subjectDOBConflict"
        case .qualifierPresent: "qualifierPresent"
        case .combinedProp64Charge: "combinedProp64Charge"
        case .ciiSharedWithAnotherSubject: "ciiSharedWithAnotherSubject"
        case .dateImprecise: "dateImprecise"
        case .dobUnknown: "dobUnknown"
        case .sentenceEndUncertain: "sentenceEndUncertain"
        case .chargesUnknown: "chargesUnknown"
        case .conspiracyPC182: "conspiracyPC182"
        case .postAUMAConviction: "postAUMAConviction"
        case .offenseBeforeAUMA: "offenseBeforeAUMA"
        case .priorSuperstrike: "priorSuperstrike"
        case .priorPC290: "priorPC290"
        case .twoPriors: "twoPriors"
        case .pc290RegistrationUnmatched: "pc290RegistrationUnmatched"
        case .pc290RegistrationOnly: "pc290RegistrationOnly"
        case .priorDateUnknown: "priorDateUnknown"
        case .priorMayBeSameCase: "priorMayBeSameCase"
        case .priorTimingUnclear: "priorTimingUnclear"
        case .sectionNotConfigured: "sectionNotConfigured"
        case .attempt: "attempt"
        case .subsectionVersionMismatch: "subsectionVersionMismatch"
        case .noSubsection: "noSubsection"
        case .minorAtOffense: "minorAtOffense"
        case .ageBandBoundary: "ageBandBoundary"
        case .amountUnknown: "amountUnknown"
        case .plantCountUnknown: "plantCountUnknown"
        case .conductUnknown: "conductUnknown"
        case .schoolGrounds: "schoolGrounds"
        case .levelInconsistent: "levelInconsistent"
        case .twoPriorsUnsettled: "twoPriorsUnsettled"
        case .currentlyServing: "currentlyServing"
        case .cityAttorneyReview: "cityAttorneyReview"
        case .other11357: "other11357"
        case .noApplicableCriteria: "noApplicableCriteria"
        case .postAUMA: "postAUMA"
        case .noLesserOffense: "noLesserOffense"
        case .alreadyLesser: "alreadyLesser"
        case .misdemeanorOrInfraction: "misdemeanorOrInfraction"
        case .dismissListed: "dismissListed"
        case .under21AtConviction: "under21AtConviction"
        case .ageThreshold: "ageThreshold"
        case .yearsSinceConviction: "yearsSinceConviction"
        case .crimeFree: "crimeFree"
        case .onlyProp64: "onlyProp64"
        case .deceased: "deceased"
        case .reduceListed: "reduceListed"
        case .dismissAllProp64: "dismissAllProp64"
        case .section11357AB: "section11357AB"
        case .under21: "under21"
        case .onlyProp64SentenceComplete: "onlyProp64SentenceComplete"
        case .convictionFree: "convictionFree"
        case .statuteDismiss: "statuteDismiss"
        case .statuteInfraction: "statuteInfraction"
        case .statuteMisdemeanor: "statuteMisdemeanor"
        }
    }

    package var description: String { name }

    /// The one-line explanation of a review or not-eligible code, nil for a code of relief (whose
    /// reason the profile words).
    package var explanation: String? {
        switch self {
        case .convictionDateUnknown: "the conviction date is missing or unreadable"
        case .convictionDateFromDispDate: "the conviction date comes from DISP_DATE only"
        case .dateInFuture: "a date is after the evaluation date"
        case .eventBeforeBirth: "an event is dated before the date of birth"
        case .implausibleAge: "the age at the event is implausible"
        case .suspectSection: "the code section contains a Prop 64 number inside a longer number"
        case .lawCodeMismatch: "a Prop 64 number is written with another law code"
        case .commentConflict: "the comment names a different Prop 64 charge"
        case .offenseFieldsDisagree: "the offense columns name different sections"
        case .chargeUnparsed: "the charge text cannot be read"
        case .laterDispositionOnCount: "a later disposition on the count may have changed it"
        case .levelUnknown: "the conviction level is unknown"
        case .malformedRow: "a row of the subject is malformed"
        case .subjectDOBConflict: "the subject's rows give different dates of birth"
        case .qualifierPresent: "an offense qualifier may change the charge"
        case .combinedProp64Charge: "the charge names a Prop 64 section together with another section"
        case .ciiSharedWithAnotherSubject: "the CII is shared with another SUBJECT_ID"
        case .dateImprecise: "a date the rule needs is known only to the month or year"
        case .dobUnknown: "the date of birth is unknown"
        case .sentenceEndUncertain: "the file cannot tell whether the sentence is complete"
        case .chargesUnknown: "another conviction's charge cannot be read"
        case .conspiracyPC182: "a PC 182 conspiracy to commit a Prop 64 offense"
        case .postAUMAConviction: "convicted on or after 2016-11-09"
        case .offenseBeforeAUMA: "convicted on or after 2016-11-09 for an offense that may predate it"
        case .priorSuperstrike: "a prior superstrike conviction"
        case .priorPC290: "a prior PC 290 registrable conviction or registration"
        case .twoPriors: "two or more prior convictions of the same section"
        case .pc290RegistrationUnmatched: "a later PC 290 registration with no registrable conviction in the file"
        case .pc290RegistrationOnly: "an earlier PC 290 registration with no registrable conviction in the file"
        case .priorDateUnknown: "a possible prior has no usable date"
        case .priorMayBeSameCase: "a possible prior may be in the same court case"
        case .priorTimingUnclear: "a prior falls between the offense and the conviction"
        case .sectionNotConfigured: "the section is in neither the dismiss nor the reduce list"
        case .attempt: "a PC 664 attempt (no authority either way)"
        case .subsectionVersionMismatch: "the subsection exists only in the law after 2016-11-09"
        case .noSubsection: "no subsection, and relief depends on it"
        case .minorAtOffense: "under 18 at the offense"
        case .ageBandBoundary: "an 18th or 21st birthday falls near the offense date"
        case .amountUnknown: "relief depends on the amount, which the file does not hold"
        case .plantCountUnknown: "relief depends on the number of plants, which the file does not hold"
        case .conductUnknown:
            "relief depends on the conduct (sale, transport, giving away), which the file does not hold"
        case .schoolGrounds: "possession on school grounds"
        case .levelInconsistent: "the level does not fit the section"
        case .twoPriorsUnsettled: "whether pre-2016 priors count as two priors is unsettled"
        case .currentlyServing: "the sentence is not complete (petition track, HS 11361.8(a))"
        case .cityAttorneyReview: "a misdemeanor or infraction for the city attorneys"
        case .other11357: "an 11357 conviction other than (a) or (b)"
        case .noApplicableCriteria: "no eligibility criterion applies"
        case .postAUMA: "offense and conviction on or after 2016-11-09"
        case .noLesserOffense: "the conduct is still an offense of the same level"
        case .alreadyLesser: "already at the level Prop 64 sets"
        default: nil
        }
    }

    /// The code named `name`, or nil.
    package init?(name: String) {
        guard let code = Self.byName[name] else { return nil }
        self = code
    }

    /// The codes by name (a search of the list took 3% of `seal`, which reads codes on every row).
    private static let byName: [String: ReasonCode] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.name, $0) }
    )

    /// The code of a reader flag of review severity (its name), nil for any other flag.
    package init?(flag: FlagKind) {
        guard let code = Self.byFlag[flag.ordinal] else { return nil }
        self = code
    }

    private static let byFlag: [ReasonCode?] = FlagKind.allCases.map {
        $0.severity == .review ? ReasonCode(name: $0.rawValue) : nil
    }

}
