public import SealCore

/// The level of a conviction: the one vocabulary both zones share (``ConvictionLevel``).
public typealias Level = ConvictionLevel

/// What a subject's pseudonym is keyed from: the normalized CII, or SUBJECT_ID when the CII is blank,
/// invalid or shared with another subject (flagged `pseudonymFromSubjectID`).
public enum PseudonymBasis: String, Hashable, Sendable {
    case cii
    case subjectId
}

/// A typed charge, as the reader parsed it. No free text: the description is not kept.
public struct Charge: Hashable, Sendable {
    /// `parsed`, `unparsed` (a typed unknown: review) or `missing`.
    public var reading: ChargeReading
    /// `offenseDescription` or `comment` (the comment's text itself is dropped).
    public var source: ChargeSource
    /// The law code (`HS`, `PC`, …), nil when the charge does not say.
    public var lawCode: LawCode?
    /// The (target) section number: `11357`, `148.9`, `288A`.
    public var section: String?
    /// The subdivisions in order: `11357(B)(2)` → `["B", "2"]`.
    public var subsections: [String]
    /// A PC 664 attempt (in any written form); the section is the target.
    public var attempt: Bool
    /// A PC 182 conspiracy; the section is the target.
    public var conspiracy: Bool
    /// The code section holds a Prop 64 number inside a longer number (`111357`): flagged for review.
    public var suspectSection: Bool
    /// The further sections of a combined charge (`484(A)/490.5 PC`: `PC 490.5` after `PC 484(A)`),
    /// in the order written; empty for a charge naming one section. The attempt and conspiracy
    /// prefixes apply to the whole charge.
    public var otherSections: [ChargeSection]

    /// A charge from its parts (the pseudonymizer's, and tests').
    public init(
        reading: ChargeReading,
        source: ChargeSource,
        lawCode: LawCode?,
        section: String?,
        subsections: [String],
        attempt: Bool,
        conspiracy: Bool,
        suspectSection: Bool,
        otherSections: [ChargeSection] = []
    ) {
        self.reading = reading
        self.source = source
        self.lawCode = lawCode
        self.section = section
        self.subsections = subsections
        self.attempt = attempt
        self.conspiracy = conspiracy
        self.suspectSection = suspectSection
        self.otherSections = otherSections
    }

    /// Whether the charge names more than one section.
    @inlinable
    public var isCombined: Bool { !otherSections.isEmpty }

    /// The Prop 64 section (11357–11360) when the target section is one, whatever the law code.
    @inlinable
    public var prop64Section: Prop64Section? { Prop64Section(number: section) }
}

/// One further section of a combined charge: law code (nil when the charge does not say), number and
/// subdivisions, as ``Charge`` holds its first.
public struct ChargeSection: Hashable, Sendable {
    /// The law code, nil when the charge does not say.
    public var lawCode: LawCode?
    /// The section number.
    public var section: String
    /// The subdivisions in order.
    public var subsections: [String]

    /// A further section from its parts.
    public init(lawCode: LawCode?, section: String, subsections: [String]) {
        self.lawCode = lawCode
        self.section = section
        self.subsections = subsections
    }
}

/// The end of a sentence as a shifted interval: the longest part, and all parts added in order.
public struct SentenceEnd: Hashable, Sendable {
    /// The end from the longest part alone (nil when it cannot be computed).
    public var lower: ShiftedDate?
    /// The end from every part added in order (nil when it cannot be computed).
    public var upper: ShiftedDate?

    /// A sentence end from its bounds.
    public init(lower: ShiftedDate?, upper: ShiftedDate?) {
        self.lower = lower
        self.upper = upper
    }
}

/// A conviction, de-identified, with every comparison the rules make against the evaluation date or
/// a calendar cut-off already decided on true dates.
public struct DeidentifiedConviction: Hashable, Sendable {
    /// Nil when the count has no valid CNT_ORDER (the conviction then carries `malformedRow`).
    public var reference: CountReference?
    /// CNT_ORDER's cycle position (a position, not an identifier), nil when malformed.
    public var cycle: Int?
    /// CNT_ORDER's step position, nil when malformed.
    public var step: Int?
    /// CNT_ORDER's count position, nil when malformed.
    public var count: Int?
    /// The conviction date (STP_EVENT_DATE, or DISP_DATE, flagged), shifted.
    public var date: ShiftedDateValue
    /// The offense-date proxy (CYC_DATE, or the conviction date).
    public var offenseDate: ShiftedDateValue
    /// The charge as the reader parsed it.
    public var charge: Charge
    /// The level, nil when the row cannot tell it (flagged `levelUnknown`).
    public var level: ConvictionLevel?
    /// DISP_DESCR as a value of the vocabulary (``PublicVocabulary``): blank, `(other)`, or a listed one.
    public var disposition: String
    /// The county of the court action as a value of the vocabulary (one of the 58, blank or `(other)`).
    public var county: String
    /// The sentence parts of the count's rows, in order.
    public var sentenceParts: [SentencePart]
    /// The sentence's end, decided on true dates and shifted.
    public var sentenceEnd: SentenceEnd
    /// Whether the sentence was complete on the evaluation date.
    public var sentenceCompleteAtEvaluation: ThreeValued
    /// Completed years from the conviction to the evaluation date.
    public var yearsSinceConviction: CompletedYears?
    /// Completed years of age at the conviction and at the offense-date proxy.
    public var ageAtConviction: CompletedYears?
    /// Completed years of age at the offense-date proxy.
    public var ageAtOffense: CompletedYears?
    /// Whether this conviction's date and offense-date proxy are on or after each calendar cut-off,
    /// decided on true dates (``CutoffAnswers``). Written as the `convictionOnOrAfter:<date>` and
    /// `offenseOnOrAfter:<date>` answers that are not `no`; a cut-off the header does not list is read
    /// as `unknown`, never `no`, and `evaluate` refuses a header that lacks one the rules read.
    public var cutoffs: CutoffAnswers
    /// Tokens of the conviction's case numbers (keyed per subject).
    public var caseTokens: [CaseToken]
    /// Reader flags that bear on this conviction, and `countReferenceWithoutCaseNumber` (kinds only:
    /// no row index, no line number).
    public var flags: FlagSet
    /// The reader's Prop 64 candidate test: HS 11357–11360, attempts and conspiracies included, suspect
    /// sections, a comment naming a Prop 64 section.
    public var prop64Candidate: Bool
    /// How gogen and gogen_pilots read the raw row, carried only where that differs from what the
    /// structured facts imply (``GogenView/derived(from:)``); see ``gogenView``.
    public var gogen: GogenView?

    /// A conviction from its parts (the pseudonymizer's, the reader's, and tests').
    @inlinable
    public init(
        reference: CountReference?,
        cycle: Int?,
        step: Int?,
        count: Int?,
        date: ShiftedDateValue,
        offenseDate: ShiftedDateValue,
        charge: Charge,
        level: ConvictionLevel?,
        disposition: String,
        county: String,
        sentenceParts: [SentencePart],
        sentenceEnd: SentenceEnd,
        sentenceCompleteAtEvaluation: ThreeValued,
        yearsSinceConviction: CompletedYears?,
        ageAtConviction: CompletedYears?,
        ageAtOffense: CompletedYears?,
        cutoffs: CutoffAnswers,
        caseTokens: [CaseToken],
        flags: FlagSet,
        prop64Candidate: Bool,
        gogen: GogenView? = nil
    ) {
        self.reference = reference
        self.cycle = cycle
        self.step = step
        self.count = count
        self.date = date
        self.offenseDate = offenseDate
        self.charge = charge
        self.level = level
        self.disposition = disposition
        self.county = county
        self.sentenceParts = sentenceParts
        self.sentenceEnd = sentenceEnd
        self.sentenceCompleteAtEvaluation = sentenceCompleteAtEvaluation
        self.yearsSinceConviction = yearsSinceConviction
        self.ageAtConviction = ageAtConviction
        self.ageAtOffense = ageAtOffense
        self.cutoffs = cutoffs
        self.caseTokens = caseTokens
        self.flags = flags
        self.prop64Candidate = prop64Candidate
        self.gogen = gogen
    }

    /// gogen's reading of the raw row: the carried view, or the one the structured facts imply.
    public var gogenView: GogenView { gogen ?? GogenView.derived(from: self) }
}

/// What gogen and gogen_pilots make of a conviction's raw row (prop64-rules.md, Parts A, B and E), for
/// the reference outcome only: their substring, exact-text and fixed-length-unit tests, which the
/// structured reading corrects. Nothing here is identifying (section numbers and yes/no answers).
public struct GogenView: Hashable, Sendable {
    /// The Prop 64 numbers (11357–11360) the raw code section (text before the first `-`) contains,
    /// in order of first occurrence; the first is gogen's canonical section. Empty: gogen gives the
    /// row no result and counts it as a non-Prop-64 conviction.
    public var sections: [Prop64Section]
    /// CONV_STAT_DESCR is exactly `FELONY` (untrimmed, case-sensitive).
    public var felony: Bool
    /// The raw charge text starts with `11357(A)` or `11357(B)` (gogen_pilots' case-sensitive test).
    public var la11357AB: Bool
    /// gogen's sentence end (conviction date + every part, 366-day years, 30.5-day months) is after
    /// the evaluation date (decided on true dates).
    public var servingAtEvaluation: Bool
    /// gogen's conviction date is its zero date (STP_EVENT_DATE is not a date Go reads) though
    /// SealKit's is a known date (from DISP_DATE, or a written form it reads).
    public var zeroDate: Bool

    /// A view from its parts.
    public init(
        sections: [Prop64Section],
        felony: Bool,
        la11357AB: Bool,
        servingAtEvaluation: Bool,
        zeroDate: Bool = false
    ) {
        self.sections = sections
        self.felony = felony
        self.la11357AB = la11357AB
        self.servingAtEvaluation = servingAtEvaluation
        self.zeroDate = zeroDate
    }

    /// The view the structured facts imply: what gogen reads when the raw text is clean.
    public static func derived(from conviction: DeidentifiedConviction) -> GogenView {
        derived(
            charge: conviction.charge,
            level: conviction.level,
            sentenceCompleteAtEvaluation: conviction.sentenceCompleteAtEvaluation
        )
    }

    /// Whether this view is the one the structured facts imply
    /// (``derived(charge:level:sentenceCompleteAtEvaluation:)``), decided without making that view
    /// (whose section list is an array of its own).
    public func isDerived(charge: Charge, level: ConvictionLevel?, sentenceCompleteAtEvaluation: ThreeValued) -> Bool {
        guard !zeroDate, felony == (level == .felony), servingAtEvaluation == (sentenceCompleteAtEvaluation == .no)
        else {
            return false
        }
        guard la11357AB == Self.impliedLA11357AB(charge) else { return false }
        guard let section = charge.prop64Section else { return sections.isEmpty }
        return sections.count == 1 && sections[0] == section
    }

    /// The view the structured facts of a conviction imply, from the facts it reads.
    public static func derived(
        charge: Charge,
        level: ConvictionLevel?,
        sentenceCompleteAtEvaluation: ThreeValued
    ) -> GogenView {
        GogenView(
            sections: charge.prop64Section.map { [$0] } ?? [],
            felony: level == .felony,
            la11357AB: impliedLA11357AB(charge),
            servingAtEvaluation: sentenceCompleteAtEvaluation == .no
        )
    }

    /// gogen_pilots' 11357(A)/(B) test as the structured charge answers it.
    private static func impliedLA11357AB(_ charge: Charge) -> Bool {
        let first = charge.subsections.first
        return charge.prop64Section == .hs11357 && !charge.attempt && !charge.conspiracy
            && (first == "A" || first == "B")
    }
}

/// A subject, de-identified: no name, number, date of birth, address, case number or comment; a keyed
/// pseudonym, shifted dates, and numbers decided on true dates.
public struct DeidentifiedSubject: Hashable, Sendable {
    /// The subject's keyed pseudonym (`s1`).
    public var pseudonym: SubjectPseudonym
    /// `cii`, or `subjectId` when the CII is blank, invalid or shared (flagged).
    public var pseudonymBasis: PseudonymBasis
    /// Quasi-identifiers the county report shows.
    public var gender: String
    /// RACE_DESCR as a value of the vocabulary (GENDER above likewise): blank, `(other)`, or a listed
    /// one.
    public var race: String
    /// The 18th and 21st birthdays, computed on true dates and shifted.
    public var birthday18: ShiftedDateValue
    /// The 21st birthday, computed on the true date of birth and shifted.
    public var birthday21: ShiftedDateValue
    /// Completed years of age at the evaluation date.
    public var ageAtEvaluation: CompletedYears?
    /// The file records the subject's death.
    public var deceased: Bool
    /// The date of death, shifted; nil when none is recorded.
    public var deathDate: ShiftedDateValue?
    /// PC 290 registration dates.
    public var registrations: [ShiftedDateValue]
    /// Every conviction of the subject, in every county, in history order. Arrests and court actions
    /// that are not convictions are not carried: no rule uses them (data minimization).
    public var convictions: [DeidentifiedConviction]
    /// Subject-wide flags (kinds only).
    public var flags: FlagSet
    /// How gogen and gogen_pilots read the subject's raw rows, carried only where that differs from
    /// what the structured facts imply (``GogenSubjectView/derived(from:)``); see ``gogenView``.
    public var gogen: GogenSubjectView?

    /// A subject from its parts (the pseudonymizer's, the reader's, and tests').
    public init(
        pseudonym: SubjectPseudonym,
        pseudonymBasis: PseudonymBasis,
        gender: String,
        race: String,
        birthday18: ShiftedDateValue,
        birthday21: ShiftedDateValue,
        ageAtEvaluation: CompletedYears?,
        deceased: Bool,
        deathDate: ShiftedDateValue?,
        registrations: [ShiftedDateValue],
        convictions: [DeidentifiedConviction],
        flags: FlagSet,
        gogen: GogenSubjectView? = nil
    ) {
        self.pseudonym = pseudonym
        self.pseudonymBasis = pseudonymBasis
        self.gender = gender
        self.race = race
        self.birthday18 = birthday18
        self.birthday21 = birthday21
        self.ageAtEvaluation = ageAtEvaluation
        self.deceased = deceased
        self.deathDate = deathDate
        self.registrations = registrations
        self.convictions = convictions
        self.flags = flags
        self.gogen = gogen
    }

    /// gogen's reading of the subject's raw rows: the carried view, or the one the structured facts
    /// imply.
    public var gogenView: GogenSubjectView { gogen ?? GogenSubjectView.derived(from: self) }
}

/// What gogen and gogen_pilots make of a subject's raw rows where they read differently from SealKit
/// (for the reference outcome only): the byte-exact `DECEASED` step type, the date of birth taken from
/// the first row alone (a zero date when that row's is blank or invalid), and the byte-exact PC 290
/// registration test. Nothing here is identifying (three yes/no answers).
public struct GogenSubjectView: Hashable, Sendable {
    /// Some STP_TYPE_DESCR is exactly `DECEASED`.
    public var deceased: Bool
    /// gogen's date of birth is its zero date, 0001-01-01, though SealKit may know one.
    public var zeroBirthDate: Bool
    /// Some row is exactly `REGISTRATION` with an OFFENSE_DESCR starting with `290`.
    public var pc290Registration: Bool

    /// A view from its three answers.
    public init(deceased: Bool, zeroBirthDate: Bool, pc290Registration: Bool) {
        self.deceased = deceased
        self.zeroBirthDate = zeroBirthDate
        self.pc290Registration = pc290Registration
    }

    /// The view the structured facts imply: what gogen reads of clean rows.
    public static func derived(from subject: DeidentifiedSubject) -> GogenSubjectView {
        GogenSubjectView(
            deceased: subject.deceased,
            zeroBirthDate: false,
            pc290Registration: !subject.registrations.isEmpty
        )
    }
}

/// The first line of a de-identified file: what it was made from and how. Never the secret.
public struct DatasetHeader: Hashable, Sendable {
    /// The `format` every de-identified file names.
    public static let formatName = "sealkit-deidentified"
    /// The schema this SealKit writes and the only one it reads (docs/deidentified-format.md, "Versions").
    public static let currentSchemaVersion = 6
    /// The normalization of identity values before they are keyed (`norm-1`, docs/privacy.md): the
    /// one this SealKit pseudonymizes with, and the only one `evaluate` accepts.
    public static let currentNormalization = "norm-1"

    /// Eight-byte check values (hex) of the master secret and of each purpose key: which keys made the file,
    /// without the keys.
    public struct KeyCheckValues: Hashable, Sendable {
        /// The master secret's.
        public var master: String
        /// The subject-pseudonym key's.
        public var subjectPseudonym: String
        /// The count-reference key's.
        public var countReference: String
        /// The case-token key's.
        public var caseToken: String
        /// The date-shift key's.
        public var dateShift: String

        /// Check values from their hex texts.
        public init(
            master: String,
            subjectPseudonym: String,
            countReference: String,
            caseToken: String,
            dateShift: String
        ) {
            self.master = master
            self.subjectPseudonym = subjectPseudonym
            self.countReference = countReference
            self.caseToken = caseToken
            self.dateShift = dateShift
        }
    }

    /// Always ``formatName``.
    public var format: String
    /// Always ``currentSchemaVersion`` when written by this SealKit.
    public var schemaVersion: Int
    /// The normalization of identity values before keying (``currentNormalization``).
    public var normalization: String
    /// The master secret's key epoch (every reference names it).
    public var epoch: Int
    /// The evaluation date the numbers were decided for (not secret; never present as a shifted date).
    public var evaluationDate: CalendarDate
    /// SHA-256 of the research file's bytes, lower-case hex.
    public var inputSHA256: String
    /// The check values of the keys that made the file.
    public var keyCheckValues: KeyCheckValues
    /// Anchors carried per subject and conviction.
    public var anchors: [String]
    /// The calendar cut-offs decided on true dates, whose answers each conviction carries.
    public var cutoffs: [CutoffDate]
    /// The program and version that wrote the file.
    public var generator: String
    /// How many rows of the research file the reader rejected (`--rejects`), which are in no subject of
    /// this file; nil (and absent from the line) when none was.
    public var rejectedRows: Int?

    /// A header of the current format and schema.
    public init(
        normalization: String,
        epoch: Int,
        evaluationDate: CalendarDate,
        inputSHA256: String,
        keyCheckValues: KeyCheckValues,
        anchors: [String],
        cutoffs: [CutoffDate],
        generator: String,
        rejectedRows: Int? = nil
    ) {
        format = Self.formatName
        schemaVersion = Self.currentSchemaVersion
        self.normalization = normalization
        self.epoch = epoch
        self.evaluationDate = evaluationDate
        self.inputSHA256 = inputSHA256
        self.keyCheckValues = keyCheckValues
        self.anchors = anchors
        self.cutoffs = cutoffs
        self.generator = generator
        self.rejectedRows = rejectedRows.flatMap { $0 > 0 ? $0 : nil }
    }
}
