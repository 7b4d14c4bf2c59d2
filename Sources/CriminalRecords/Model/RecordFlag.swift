/// A flag the reader raises for the rules (doj-research-file.md, section 5.10), with where it came from.
///
/// **Review** flags send the affected Prop 64 convictions to human review. **Three-valued** flags
/// mark facts that are ranges or unknown, which the rules resolve by three-valued logic.
/// **Advisory** flags change no decision. No flag carries a value from the file.
public struct RecordFlag: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        // Review.
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
        // Three-valued.
        case dateImprecise
        case dateUnparseable
        case sentenceUnparsed
        // Advisory.
        case chargeFromComment
        case lawCodeMissing
        case dispDateDiffers
        case convictionOnNonCourtStep
        case countSuffixVaries
        case orderColumnsDisagree
        case cycAgeDiffers
        case subjectCIIConflict
        case subjectInSeveralFiles
        case malformedCountOrder
        case unknownStepType
        case unknownDisposition

        public var severity: Severity {
            switch self {
            case .convictionDateUnknown, .convictionDateFromDispDate, .dateInFuture, .eventBeforeBirth,
                .implausibleAge, .suspectSection, .lawCodeMismatch, .commentConflict, .offenseFieldsDisagree,
                .chargeUnparsed, .laterDispositionOnCount, .levelUnknown, .malformedRow, .subjectDOBConflict,
                .qualifierPresent, .combinedProp64Charge:
                .review
            case .dateImprecise, .dateUnparseable, .sentenceUnparsed:
                .threeValued
            case .chargeFromComment, .lawCodeMissing, .dispDateDiffers, .convictionOnNonCourtStep,
                .countSuffixVaries, .orderColumnsDisagree, .cycAgeDiffers, .subjectCIIConflict,
                .subjectInSeveralFiles, .malformedCountOrder, .unknownStepType, .unknownDisposition:
                .advisory
            }
        }
    }

    public enum Severity: String, Hashable, Sendable, Codable {
        case review
        case threeValued
        case advisory
    }

    public let kind: Kind
    /// The 0-based data row the flag comes from (nil for subject-wide flags).
    public let rowIndex: Int?
    /// The physical line of that row.
    public let line: Int?
    /// The column concerned, if one is.
    public let column: DOJColumn?

    public init(_ kind: Kind, rowIndex: Int? = nil, line: Int? = nil, column: DOJColumn? = nil) {
        self.kind = kind
        self.rowIndex = rowIndex
        self.line = line
        self.column = column
    }

    /// `line 17: column 41 (STP_EVENT_DATE): dateUnparseable`. Never a value.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append(column.label) }
        parts.append(kind.rawValue)
        return parts.joined(separator: ": ")
    }
}
