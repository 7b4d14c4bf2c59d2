import SealCore

/// A short profile of a research file for `sealkit inspect`: sizes, coverage and problems, all as
/// aggregates. It holds no identity value, no case number and no comment; counties, dispositions and
/// step types are counted under SealKit's fixed vocabularies (``PublicVocabulary``), any other value
/// as `(other)`.
public struct FileProfile: Codable, Sendable {
    public var bytes = 0
    public var headerPresent = false
    public var byteOrderMark = false
    public var dataRows = 0
    public var subjects = 0
    public var rejectedRows = 0
    /// Whether each subject's rows were contiguous (false: grouped through spill buckets).
    public var groupedBySubject = true
    public var largestSubjectRows = 0
    /// Earliest and latest event date (STP_EVENT_DATE) seen, `YYYY-MM-DD`.
    public var earliestEventDate: String?
    public var latestEventDate: String?
    /// Rows per county (STP_ORI_CNTY_NAME).
    public var rowsByCounty: [String: Int] = [:]
    /// Rows per disposition (DISP_DESCR; "(none)" when blank).
    public var rowsByDisposition: [String: Int] = [:]
    /// Rows per step type.
    public var rowsByStepType: [String: Int] = [:]
    public var convictions = 0
    /// Convictions per Prop 64 section (attempts and conspiracies included under their target).
    public var prop64ConvictionsBySection: [String: Int] = [:]
    public var prop64Attempts = 0
    public var prop64Conspiracies = 0
    public var felonyConvictions = 0
    public var misdemeanorConvictions = 0
    public var infractionConvictions = 0
    public var levelUnknownConvictions = 0
    public var deceasedSubjects = 0
    public var pc290Registrants = 0
    /// Flags raised, by kind (each flag counted once).
    public var flags: [String: Int] = [:]
    /// How many flags came from a row (a line of the file), and the first ``maximumFlagPlaces`` of them
    /// by line: where to look, never the value.
    public var flagsWithPlace = 0
    public var flagPlaces: [FlagPlace] = []

    /// How many flag places a profile lists.
    public static let maximumFlagPlaces = 20

    /// Where a flag was raised: the line, the column (`column 41 (STP_EVENT_DATE)`) when one field is
    /// concerned, and the flag.
    public struct FlagPlace: Codable, Sendable, Hashable, Comparable {
        public var line: Int
        public var column: String?
        public var flag: String

        public init(line: Int, column: String?, flag: String) {
            self.line = line
            self.column = column
            self.flag = flag
        }

        public static func < (lhs: FlagPlace, rhs: FlagPlace) -> Bool {
            (lhs.line, lhs.column ?? "", lhs.flag) < (rhs.line, rhs.column ?? "", rhs.flag)
        }

        /// `LINE: column N (NAME): flag`, to follow `FILE:`.
        public var description: String {
            "\(line):" + (column.map { " \($0):" } ?? "") + " \(flag)"
        }
    }
    /// Rejected rows by problem kind.
    public var rejectedByKind: [String: Int] = [:]
    /// The first rejected-row problems, `line: column C: problem`.
    public var problems: [String] = []
    public var warnings: [String] = []

    public init() {}

    /// Adds one subject.
    public mutating func add(_ subject: SubjectHistory) {
        subjects += 1
        if subject.isDeceased { deceasedSubjects += 1 }
        if subject.registrations.contains(where: { $0.kind == .pc290 }) { pc290Registrants += 1 }
        // The subject's own extremes as dates; only they are written out and compared as text.
        var earliest: CalendarDate? = nil
        var latest: CalendarDate? = nil
        for event in subject.events {
            let county = PublicVocabulary.county(event.county)
            rowsByCounty[county.isEmpty ? "(none)" : county, default: 0] += 1
            let disposition = PublicVocabulary.disposition(event.disposition.text)
            rowsByDisposition[disposition.isEmpty ? "(none)" : disposition, default: 0] += 1
            rowsByStepType[Self.name(event.stepType), default: 0] += 1
            if let low = event.eventDate.earliest, earliest.map({ low < $0 }) ?? true { earliest = low }
            if let high = event.eventDate.latest, latest.map({ high > $0 }) ?? true { latest = high }
        }
        if let low = earliest?.description, earliestEventDate.map({ low < $0 }) ?? true { earliestEventDate = low }
        if let high = latest?.description, latestEventDate.map({ high > $0 }) ?? true { latestEventDate = high }
        for conviction in subject.convictions {
            convictions += 1
            switch conviction.level {
            case .felony: felonyConvictions += 1
            case .misdemeanor: misdemeanorConvictions += 1
            case .infraction: infractionConvictions += 1
            case nil: levelUnknownConvictions += 1
            }
            if let section = conviction.offense.prop64Section {
                prop64ConvictionsBySection["HS \(section.rawValue)", default: 0] += 1
                if conviction.offense.attempt { prop64Attempts += 1 }
                if conviction.offense.conspiracy { prop64Conspiracies += 1 }
            }
        }
        for flag in subject.flags {
            flags[flag.kind.rawValue, default: 0] += 1
            guard let line = flag.line else { continue }
            flagsWithPlace += 1
            let place = FlagPlace(line: line, column: flag.column?.label, flag: flag.kind.rawValue)
            // The first places by line, whatever order the subjects come in (an unsorted file's come
            // through buckets): a short sorted list, kept at its size.
            if flagPlaces.count < Self.maximumFlagPlaces || place < flagPlaces[flagPlaces.count - 1] {
                let index = flagPlaces.firstIndex { place < $0 } ?? flagPlaces.count
                flagPlaces.insert(place, at: index)
                if flagPlaces.count > Self.maximumFlagPlaces { flagPlaces.removeLast() }
            }
        }
    }

    private static func name(_ step: StepType) -> String {
        switch step {
        case .arrest: "ARREST"
        case .courtAction: "COURT ACTION"
        case .registration: "REGISTRATION"
        case .deceased: "DECEASED"
        case .other(let text): text.isEmpty ? "(none)" : PublicVocabulary.stepType(text)
        }
    }

    /// Takes the reader's summary.
    public mutating func finish(with summary: DOJReadSummary) {
        bytes = summary.bytes
        headerPresent = summary.headerPresent
        byteOrderMark = summary.removedByteOrderMark
        dataRows = summary.dataRows
        rejectedRows = summary.rejectedRows
        groupedBySubject = summary.grouped
        largestSubjectRows = summary.largestSubjectRows
        rejectedByKind = Dictionary(uniqueKeysWithValues: summary.rejectedByKind.map { ($0.key.rawValue, $0.value) })
        problems = summary.problems.map(\.description)
        warnings = summary.warnings
    }
}
