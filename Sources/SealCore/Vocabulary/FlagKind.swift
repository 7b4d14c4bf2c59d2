/// A flag raised on a subject or a conviction: by the DOJ file's reader (doj-research-file.md, section
/// 5.10) or, for the three marked so, when the record is keyed. One vocabulary for both zones: the
/// identified record carries the kind with where it came from (`RecordFlag`), the de-identified record
/// the kind alone, in a ``FlagSet``. No flag carries a value from the file.
///
/// The cases are declared in the byte order of their names, which is the order the de-identified
/// format lists them in (a test holds it).
public enum FlagKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The charge was read from COMMENT_TEXT.
    case chargeFromComment
    /// The charge text cannot be read (a typed unknown).
    case chargeUnparsed
    /// The CII is shared with another SUBJECT_ID (raised when keying: the subject is pseudonymized
    /// from its SUBJECT_ID).
    case ciiSharedWithAnotherSubject
    /// The charge names a Prop 64 section together with another section.
    case combinedProp64Charge
    /// The comment names a different Prop 64 charge.
    case commentConflict
    /// The conviction date comes from DISP_DATE only.
    case convictionDateFromDispDate
    /// The conviction date is missing or unreadable.
    case convictionDateUnknown
    /// A conviction on a step that is not a court action.
    case convictionOnNonCourtStep
    /// The count reference is made from the court event, for want of a case number (raised when
    /// keying).
    case countReferenceWithoutCaseNumber
    /// The count suffix of CNT_ORDER varies within a count.
    case countSuffixVaries
    /// CYC_AGE differs from the age the dates give.
    case cycAgeDiffers
    /// A date is known only to the month or year.
    case dateImprecise
    /// A date is after the evaluation date.
    case dateInFuture
    /// A date cannot be read.
    case dateUnparseable
    /// DISP_DATE differs from STP_EVENT_DATE.
    case dispDateDiffers
    /// An event is dated before the date of birth.
    case eventBeforeBirth
    /// The age at the event is implausible.
    case implausibleAge
    /// A later disposition on the count may have changed it.
    case laterDispositionOnCount
    /// A Prop 64 number is written with another law code.
    case lawCodeMismatch
    /// The charge names no law code.
    case lawCodeMissing
    /// The conviction level cannot be told.
    case levelUnknown
    /// CNT_ORDER is malformed.
    case malformedCountOrder
    /// A row of the subject is malformed.
    case malformedRow
    /// The offense columns name different sections.
    case offenseFieldsDisagree
    /// CYC_ORDER or STP_ORDER disagrees with CNT_ORDER.
    case orderColumnsDisagree
    /// The pseudonym is keyed from SUBJECT_ID (the CII is blank, invalid or shared; raised when
    /// keying).
    case pseudonymFromSubjectID
    /// An offense qualifier may change the charge.
    case qualifierPresent
    /// A sentence part cannot be read.
    case sentenceUnparsed
    /// The subject's rows give different CIIs.
    case subjectCIIConflict
    /// The subject's rows give different dates of birth.
    case subjectDOBConflict
    /// The subject appears in several input files.
    case subjectInSeveralFiles
    /// The code section contains a Prop 64 number inside a longer number.
    case suspectSection
    /// A disposition outside SealKit's vocabulary.
    case unknownDisposition
    /// A step type outside SealKit's vocabulary.
    case unknownStepType

    /// What the flag does to a decision.
    public var severity: FlagSeverity {
        switch self {
        case .chargeUnparsed, .ciiSharedWithAnotherSubject, .combinedProp64Charge, .commentConflict,
            .convictionDateFromDispDate, .convictionDateUnknown, .dateInFuture, .eventBeforeBirth, .implausibleAge,
            .laterDispositionOnCount, .lawCodeMismatch, .levelUnknown, .malformedRow, .offenseFieldsDisagree,
            .qualifierPresent, .subjectDOBConflict, .suspectSection:
            .review
        case .dateImprecise, .dateUnparseable, .sentenceUnparsed:
            .threeValued
        case .chargeFromComment, .convictionOnNonCourtStep, .countReferenceWithoutCaseNumber, .countSuffixVaries,
            .cycAgeDiffers, .dispDateDiffers, .lawCodeMissing, .malformedCountOrder, .orderColumnsDisagree,
            .pseudonymFromSubjectID, .subjectCIIConflict, .subjectInSeveralFiles, .unknownDisposition, .unknownStepType:
            .advisory
        }
    }

    /// The kinds by ordinal (`allCases` makes a new array at each use).
    static let byOrdinal: [FlagKind] = allCases

    /// The flag's position in name order (its bit in a ``FlagSet``).
    @inlinable
    public var ordinal: Int {
        switch self {
        case .chargeFromComment: 0
        case .chargeUnparsed: 1
        case .ciiSharedWithAnotherSubject: 2
        case .combinedProp64Charge: 3
        case .commentConflict: 4
        case .convictionDateFromDispDate: 5
        case .convictionDateUnknown: 6
        case .convictionOnNonCourtStep: 7
        case .countReferenceWithoutCaseNumber: 8
        case .countSuffixVaries: 9
        case .cycAgeDiffers: 10
        case .dateImprecise: 11
        case .dateInFuture: 12
        case .dateUnparseable: 13
        case .dispDateDiffers: 14
        case .eventBeforeBirth: 15
        case .implausibleAge: 16
        case .laterDispositionOnCount: 17
        case .lawCodeMismatch: 18
        case .lawCodeMissing: 19
        case .levelUnknown: 20
        case .malformedCountOrder: 21
        case .malformedRow: 22
        case .offenseFieldsDisagree: 23
        case .orderColumnsDisagree: 24
        case .pseudonymFromSubjectID: 25
        case .qualifierPresent: 26
        case .sentenceUnparsed: 27
        case .subjectCIIConflict: 28
        case .subjectDOBConflict: 29
        case .subjectInSeveralFiles: 30
        case .suspectSection: 31
        case .unknownDisposition: 32
        case .unknownStepType: 33
        }
    }
}

/// What a flag does to a decision. **Review** flags send the affected Prop 64 convictions to human
/// review; **three-valued** flags mark facts that are ranges or unknown, which the rules resolve by
/// three-valued logic; **advisory** flags change no decision.
public enum FlagSeverity: String, Hashable, Sendable, Codable {
    case review
    case threeValued
    case advisory
}

/// A set of flag kinds: one bit each, listed in name order (the order the de-identified format writes
/// them in). A record's flags take eight bytes, not an array of strings.
public struct FlagSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    /// One bit per kind, at its ``FlagKind/ordinal``.
    public var bits: UInt64

    /// The empty set.
    @inlinable
    public init() { bits = 0 }

    /// The set whose bits are `bits`.
    @inlinable
    public init(bits: UInt64) { self.bits = bits }

    /// The set of the kinds listed.
    @inlinable
    public init(arrayLiteral kinds: FlagKind...) {
        self.init(kinds)
    }

    /// The set of `kinds`.
    @inlinable
    public init(_ kinds: some Sequence<FlagKind>) {
        bits = 0
        for kind in kinds { insert(kind) }
    }

    /// Every kind of severity `severity`.
    public static func severity(_ severity: FlagSeverity) -> FlagSet {
        FlagSet(FlagKind.allCases.filter { $0.severity == severity })
    }

    /// The review flags: any on a conviction sends it to review under every profile.
    public static let review = severity(.review)

    /// Whether the set holds no kind.
    @inlinable
    public var isEmpty: Bool { bits == 0 }

    /// How many kinds the set holds.
    @inlinable
    public var count: Int { bits.nonzeroBitCount }

    /// Whether the set holds `kind`.
    @inlinable
    public func contains(_ kind: FlagKind) -> Bool { bits & (1 << UInt64(kind.ordinal)) != 0 }

    /// Adds `kind` (no change if it is there).
    @inlinable
    public mutating func insert(_ kind: FlagKind) { bits |= 1 << UInt64(kind.ordinal) }

    /// The kinds of either set.
    @inlinable
    public func union(_ other: FlagSet) -> FlagSet { FlagSet(bits: bits | other.bits) }

    /// The kinds of both sets.
    @inlinable
    public func intersection(_ other: FlagSet) -> FlagSet { FlagSet(bits: bits & other.bits) }

    /// Whether the sets share no kind.
    @inlinable
    public func isDisjoint(with other: FlagSet) -> Bool { bits & other.bits == 0 }

    /// The names, in name order.
    public var names: [String] { map(\.rawValue) }

    public func makeIterator() -> Iterator { Iterator(bits: bits) }

    /// The kinds of a set, in name order.
    public struct Iterator: IteratorProtocol {
        var bits: UInt64

        public mutating func next() -> FlagKind? {
            guard bits != 0 else { return nil }
            let ordinal = bits.trailingZeroBitCount
            bits &= bits - 1
            return FlagKind.byOrdinal[ordinal]
        }
    }
}
