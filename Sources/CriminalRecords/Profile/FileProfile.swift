import SealCore

/// A short profile of a research file for `sealkit inspect`: sizes, coverage and problems, all as
/// aggregates. It holds no identity value, no case number and no comment; counties, dispositions and
/// step types are counted under SealKit's fixed vocabularies (``PublicVocabulary``), any other value
/// as `(other)`.
package struct FileProfile: Codable, Sendable {
    package var bytes = 0
    package var headerPresent = false
    package var byteOrderMark = false
    package var dataRows = 0
    package var subjects = 0
    package var rejectedRows = 0
    /// Whether each subject's rows were contiguous (false: grouped through spill buckets).
    package var groupedBySubject = true
    package var largestSubjectRows = 0
    /// Earliest and latest event date (STP_EVENT_DATE) seen, `YYYY-MM-DD`.
    package var earliestEventDate: String?
    package var latestEventDate: String?
    /// Rows per county (STP_ORI_CNTY_NAME).
    package var rowsByCounty: [String: Int] = [:]
    /// Rows per disposition (DISP_DESCR; "(none)" when blank).
    package var rowsByDisposition: [String: Int] = [:]
    /// Rows per step type.
    package var rowsByStepType: [String: Int] = [:]
    package var convictions = 0
    /// Convictions per Prop 64 section (attempts and conspiracies included under their target).
    package var prop64ConvictionsBySection: [String: Int] = [:]
    package var prop64Attempts = 0
    package var prop64Conspiracies = 0
    package var felonyConvictions = 0
    package var misdemeanorConvictions = 0
    package var infractionConvictions = 0
    package var levelUnknownConvictions = 0
    package var deceasedSubjects = 0
    package var pc290Registrants = 0
    /// Flags raised, by kind (each flag counted once).
    package var flags: [String: Int] = [:]
    /// How many flags came from a row (a line of the file), and the first ``maximumFlagPlaces`` of them
    /// by line: where to look, never the value.
    package var flagsWithPlace = 0
    package var flagPlaces: [FlagPlace] = []

    /// How many flag places a profile lists.
    package static let maximumFlagPlaces = 20

    /// Where a flag was raised: the line, the column (`column 41 (STP_EVENT_DATE)`) when one field is
    /// concerned, and the flag.
    package struct FlagPlace: Codable, Sendable, Hashable, Comparable {
        package var line: Int
        package var column: String?
        package var flag: String

        package init(line: Int, column: String?, flag: String) {
            self.line = line
            self.column = column
            self.flag = flag
        }

        package static func < (lhs: FlagPlace, rhs: FlagPlace) -> Bool {
            (lhs.line, lhs.column ?? "", lhs.flag) < (rhs.line, rhs.column ?? "", rhs.flag)
        }

        /// `LINE: column N (NAME): flag`, to follow `FILE:`.
        package var description: String {
            "\(line):" + (column.map { " \($0):" } ?? "") + " \(flag)"
        }
    }
    /// Rejected rows by problem kind.
    package var rejectedByKind: [String: Int] = [:]
    /// The first rejected-row problems, `line: column C: problem`.
    package var problems: [String] = []
    package var warnings: [String] = []

    package init() {}

    /// Adds one subject.
    package mutating func add(_ subject: SubjectHistory) {
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
    package mutating func finish(with summary: DOJReadSummary) {
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
