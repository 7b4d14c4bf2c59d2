package import SealCore

/// A charge read from the research file, as a typed value.
///
/// Parsed once, at the edge, from OFFENSE_DESCR (or COMMENT_TEXT when the description is blank or
/// `SEE COMMENT FOR CHARGE`) by ``OffenseParser``. A charge that cannot be read is
/// ``Reading/unparsed``: later stages send it to human review, never guess.
package struct Offense: Hashable, Sendable {
    /// Where the charge text came from.
    package typealias Source = ChargeSource

    /// What the parser made of the text.
    package enum Reading: Hashable, Sendable {
        /// A code section was read.
        case parsed(CodeSection)
        /// The text has no readable head (a typed unknown).
        case unparsed
        /// Both OFFENSE_DESCR and COMMENT_TEXT were blank.
        case missing
    }

    package var reading: Reading
    package var source: Source
    /// An attempt (PC 664 in any written form); the section is the target.
    package var attempt: Bool
    /// A conspiracy (PC 182); the section is the target.
    package var conspiracy: Bool
    /// The head holds a digit run containing 11357–11360 that is not exactly one of them (`111357 HS`).
    package var suspectSection: Bool
    /// The description after the head, from OFFENSE_DESCR only (comment text is never kept).
    package var descriptionText: String?
    /// The further sections of a combined charge (`484(A)/490.5 PC`), in the order written; the first
    /// is ``section``. Empty for a charge naming one section.
    package var otherSections: [CodeSection]

    package init(
        reading: Reading,
        source: Source,
        attempt: Bool = false,
        conspiracy: Bool = false,
        suspectSection: Bool = false,
        descriptionText: String? = nil,
        otherSections: [CodeSection] = []
    ) {
        self.reading = reading
        self.source = source
        self.attempt = attempt
        self.conspiracy = conspiracy
        self.suspectSection = suspectSection
        self.descriptionText = descriptionText
        self.otherSections = otherSections
    }

    /// Whether the charge names more than one section.
    package var isCombined: Bool { !otherSections.isEmpty }

    /// A combined charge that names a Prop 64 section beside another section (`11359/11360 HS`,
    /// `484/11357`): which of them the conviction is for cannot be read from the text, so it goes to
    /// review.
    package var combinesProp64Section: Bool {
        guard isCombined else { return false }
        return section?.prop64Section != nil || otherSections.contains { $0.prop64Section != nil }
    }

    /// The code section, if one was read.
    package var section: CodeSection? {
        if case .parsed(let section) = reading { return section }
        return nil
    }

    /// The Prop 64 section when the (target) section is 11357–11360, whatever the law code.
    package var prop64Section: Prop64Section? { section?.prop64Section }

    /// How the law code fits a Prop 64 section: HS, absent (advisory), or another code (review).
    package var prop64LawCode: Prop64LawCode? {
        guard let section, section.prop64Section != nil else { return nil }
        switch section.lawCode {
        case .healthAndSafety: return .healthAndSafety
        case nil: return .missing
        case .some: return .mismatch
        }
    }
}

/// The law code of a charge whose number is a Prop 64 section.
package enum Prop64LawCode: Hashable, Sendable {
    case healthAndSafety
    case missing
    case mismatch
}
