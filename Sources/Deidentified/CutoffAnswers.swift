public import SealCore

/// A calendar cut-off SealKit decides on true dates before it shifts them: the dates on which the law
/// changed for the rules (Proposition 64's effective date first).
public enum CutoffDate: Int, CaseIterable, Sendable {
    /// 2016-11-09: Proposition 64 (AUMA) took effect.
    case auma = 0
    /// 2011-01-01.
    case january2011 = 1
    /// 2014-11-05: Proposition 47 took effect.
    case prop47 = 2
    /// 2016-01-01.
    case january2016 = 3

    /// The cut-off's calendar date.
    public var date: CalendarDate {
        switch self {
        case .auma: CalendarDate(year: 2016, month: 11, day: 9)!
        case .january2011: CalendarDate(year: 2011, month: 1, day: 1)!
        case .prop47: CalendarDate(year: 2014, month: 11, day: 5)!
        case .january2016: CalendarDate(year: 2016, month: 1, day: 1)!
        }
    }

    /// The cut-off of `text` (`YYYY-MM-DD`), or nil.
    public init?(text: String) {
        guard let found = Self.allCases.first(where: { $0.date.description == text }) else { return nil }
        self = found
    }
}

/// Whether a conviction's date and its offense-date proxy are on or after each ``CutoffDate``
/// (`yes`, `no` or `unknown`), decided on true dates. Fixed fields, not a map of names: an answer
/// cannot be missing (one the file's header does not list reads as `unknown`, never as `no`), and a
/// conviction's answers take two bytes, not a dictionary.
///
/// In the de-identified format they are written as `convictionOnOrAfter:<date>` and
/// `offenseOnOrAfter:<date>` members holding `yes` or `unknown`; a `no` is left out.
public struct CutoffAnswers: Hashable, Sendable {
    /// Two bits an answer (0 no, 1 yes, 2 unknown): conviction answers in the low byte, offense
    /// answers in the high byte, each at twice its date's index.
    private var bits: UInt16

    /// Every answer `no` (an old conviction: nearly every one).
    public static let allNo = CutoffAnswers(bits: 0)

    /// Every answer `unknown`.
    public static let allUnknown: CutoffAnswers = {
        var answers = CutoffAnswers.allNo
        for cutoff in CutoffDate.allCases {
            answers.setConviction(cutoff, .unknown)
            answers.setOffense(cutoff, .unknown)
        }
        return answers
    }()

    private init(bits: UInt16) {
        self.bits = bits
    }

    private static func code(_ answer: ThreeValued) -> UInt16 {
        switch answer {
        case .no: 0
        case .yes: 1
        case .unknown: 2
        }
    }

    private func answer(at shift: Int) -> ThreeValued {
        switch (bits >> UInt16(shift)) & 3 {
        case 0: .no
        case 1: .yes
        default: .unknown
        }
    }

    private mutating func set(_ answer: ThreeValued, at shift: Int) {
        bits = bits & ~(3 << UInt16(shift)) | Self.code(answer) << UInt16(shift)
    }

    /// Whether the conviction date is on or after `cutoff`.
    @inline(__always)
    public func conviction(_ cutoff: CutoffDate) -> ThreeValued { answer(at: cutoff.rawValue * 2) }

    /// Whether the offense-date proxy is on or after `cutoff`.
    @inline(__always)
    public func offense(_ cutoff: CutoffDate) -> ThreeValued { answer(at: 8 + cutoff.rawValue * 2) }

    /// Sets whether the conviction date is on or after `cutoff`.
    public mutating func setConviction(_ cutoff: CutoffDate, _ answer: ThreeValued) {
        set(answer, at: cutoff.rawValue * 2)
    }

    /// Sets whether the offense-date proxy is on or after `cutoff`.
    public mutating func setOffense(_ cutoff: CutoffDate, _ answer: ThreeValued) {
        set(answer, at: 8 + cutoff.rawValue * 2)
    }

    /// The member names of the format, and which answer each names, in the order they are written
    /// (by name, as text).
    public static let members: [(name: String, cutoff: CutoffDate, onConviction: Bool)] = CutoffDate.allCases
        .flatMap { cutoff in
            [
                ("convictionOnOrAfter:\(cutoff.date)", cutoff, true),
                ("offenseOnOrAfter:\(cutoff.date)", cutoff, false),
            ]
        }
        .sorted { $0.0 < $1.0 }

    /// The answer a member names.
    public func answer(_ cutoff: CutoffDate, onConviction: Bool) -> ThreeValued {
        onConviction ? conviction(cutoff) : offense(cutoff)
    }

    /// Sets the answer a member names.
    public mutating func set(_ cutoff: CutoffDate, onConviction: Bool, _ answer: ThreeValued) {
        if onConviction { setConviction(cutoff, answer) } else { setOffense(cutoff, answer) }
    }
}

extension CutoffAnswers: Codable {
    private struct Name: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the format's object: the answers it names (`yes` or `unknown`); every other is `no`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        self = .allNo
        for key in container.allKeys {
            guard let member = Self.members.first(where: { $0.name == key.stringValue }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: container,
                    debugDescription: "not a cut-off this SealKit decides"
                )
            }
            set(member.cutoff, onConviction: member.onConviction, try container.decode(ThreeValued.self, forKey: key))
        }
    }

    /// Writes the answers that are not `no`, by name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for member in Self.members {
            let value = answer(member.cutoff, onConviction: member.onConviction)
            if value != .no { try container.encode(value, forKey: Name(stringValue: member.name)) }
        }
    }
}
