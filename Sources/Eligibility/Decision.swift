import Deidentified
import SealCore

/// The one decision vocabulary of every rule set (prop64-rules.md, section 0).
package enum Decision: String, Hashable, Sendable, Codable, CaseIterable {
    case dismissAndSeal
    case reduceToMisdemeanor
    case reduceToInfraction
    case notEligible
    case needsReview
}

/// A remedy the statute allows: the floor and ceiling of HS 11361.8 relief (Part C.4).
package enum Remedy: String, Hashable, Sendable, Codable, Comparable {
    case none
    case misdemeanor
    case infraction
    case dismissAndSeal

    package static func < (lhs: Remedy, rhs: Remedy) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .none: 0
        case .misdemeanor: 1
        case .infraction: 2
        case .dismissAndSeal: 3
        }
    }

    package var decision: Decision {
        switch self {
        case .none: .notEligible
        case .misdemeanor: .reduceToMisdemeanor
        case .infraction: .reduceToInfraction
        case .dismissAndSeal: .dismissAndSeal
        }
    }
}

/// What gogen or gogen_pilots would have output for the same conviction: its label and reason, or
/// no result at all (`label` nil).
package struct ReferenceOutcome: Hashable, Sendable, Codable {
    package var tool: String
    package var label: String?
    package var reason: String?

    package init(tool: String, label: String?, reason: String?) {
        self.tool = tool
        self.label = label
        self.reason = reason
    }
}
