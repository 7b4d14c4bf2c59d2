public import Deidentified

/// The one decision vocabulary of every rule set (prop64-rules.md, section 0).
public enum Decision: String, Hashable, Sendable, Codable, CaseIterable {
    case dismissAndSeal
    case reduceToMisdemeanor
    case reduceToInfraction
    case notEligible
    case needsReview
}

/// A remedy the statute allows: the floor and ceiling of HS 11361.8 relief (Part C.4).
public enum Remedy: String, Hashable, Sendable, Codable, Comparable {
    case none
    case misdemeanor
    case infraction
    case dismissAndSeal

    public static func < (lhs: Remedy, rhs: Remedy) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .none: 0
        case .misdemeanor: 1
        case .infraction: 2
        case .dismissAndSeal: 3
        }
    }

    public var decision: Decision {
        switch self {
        case .none: .notEligible
        case .misdemeanor: .reduceToMisdemeanor
        case .infraction: .reduceToInfraction
        case .dismissAndSeal: .dismissAndSeal
        }
    }
}

/// One check the engine made, for the explanation: what was asked, the answer, and the values
/// compared (de-identified: numbers, sections, flags; never a shifted date).
public struct Check: Hashable, Sendable, Codable {
    /// A stable identifier: `G4`, `L8`, `C.3.6`, `guard.priorSuperstrike`.
    public var id: String
    public var question: String
    public var answer: ThreeValued
    public var values: String

    public init(_ id: String, _ question: String, _ answer: ThreeValued, _ values: String = "") {
        self.id = id
        self.question = question
        self.answer = answer
        self.values = values
    }
}

/// What gogen or gogen_pilots would have output for the same conviction: its label and reason, or
/// no result at all (`label` nil).
public struct ReferenceOutcome: Hashable, Sendable, Codable {
    public var tool: String
    public var label: String?
    public var reason: String?

    public init(tool: String, label: String?, reason: String?) {
        self.tool = tool
        self.label = label
        self.reason = reason
    }
}

/// The result for one Prop 64 conviction.
public struct ConvictionDecision: Hashable, Sendable, Codable {
    public var pseudonym: SubjectPseudonym
    /// Nil when the count has no valid CNT_ORDER (the conviction is then under review).
    public var reference: CountReference?
    public var ruleSet: String
    public var ruleSetVersion: String
    public var ruleSetSHA256: String
    public var evaluationDate: String
    public var decision: Decision
    /// The label and reason as the rule set's source words them (gogen's exact strings where its
    /// rules decide; `Needs Review` otherwise).
    public var label: String
    public var reason: String
    /// SealKit's codes (prop64-rules.md, Part F); the first is the primary one.
    public var reasonCodes: [String]
    /// The statute or policy the decision rests on.
    public var authority: String
    public var gogen: ReferenceOutcome
    /// Least and most relief the statute allows on the known facts (statutory rule set only).
    public var floor: Remedy?
    public var ceiling: Remedy?
    public var advisories: [String]
    /// Every check made, in order.
    public var checks: [Check]
    /// Facts of the conviction the report groups by.
    public var section: String
    public var level: Level?
    public var county: String

    public init(
        pseudonym: SubjectPseudonym,
        reference: CountReference?,
        ruleSet: String,
        ruleSetVersion: String,
        ruleSetSHA256: String,
        evaluationDate: String,
        decision: Decision,
        label: String,
        reason: String,
        reasonCodes: [String],
        authority: String,
        gogen: ReferenceOutcome,
        floor: Remedy?,
        ceiling: Remedy?,
        advisories: [String],
        checks: [Check],
        section: String,
        level: Level?,
        county: String
    ) {
        self.pseudonym = pseudonym
        self.reference = reference
        self.ruleSet = ruleSet
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetSHA256 = ruleSetSHA256
        self.evaluationDate = evaluationDate
        self.decision = decision
        self.label = label
        self.reason = reason
        self.reasonCodes = reasonCodes
        self.authority = authority
        self.gogen = gogen
        self.floor = floor
        self.ceiling = ceiling
        self.advisories = advisories
        self.checks = checks
        self.section = section
        self.level = level
        self.county = county
    }
}
