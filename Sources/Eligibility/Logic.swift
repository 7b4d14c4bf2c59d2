package import Deidentified
import SealCore

/// Kleene's three-valued logic: an unknown fact never decides for or against anyone.
extension ThreeValued {
    package static prefix func ! (value: ThreeValued) -> ThreeValued {
        switch value {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }

    package static func && (lhs: ThreeValued, rhs: @autoclosure () -> ThreeValued) -> ThreeValued {
        if lhs == .no { return .no }
        let right = rhs()
        if right == .no { return .no }
        return lhs == .yes && right == .yes ? .yes : .unknown
    }

    package static func || (lhs: ThreeValued, rhs: @autoclosure () -> ThreeValued) -> ThreeValued {
        if lhs == .yes { return .yes }
        let right = rhs()
        if right == .yes { return .yes }
        return lhs == .no && right == .no ? .no : .unknown
    }

    /// "Some element satisfies": yes if one does, no if every one does not, else unknown.
    package static func any<S: Sequence>(_ items: S, _ test: (S.Element) -> ThreeValued) -> ThreeValued {
        var result = ThreeValued.no
        for item in items {
            switch test(item) {
            case .yes: return .yes
            case .unknown: result = .unknown
            case .no: break
            }
        }
        return result
    }
}

extension CompletedYears {
    /// "More than `n` completed years", i.e. strictly after the `n`th anniversary.
    package func moreThan(_ n: Int) -> ThreeValued {
        if low > n { return .yes }
        if high < n { return .no }
        if low == n && high == n {
            switch onAnniversary {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        }
        return .unknown
    }

    /// "Fewer than `n` completed years" (before the `n`th anniversary).
    package func lessThan(_ n: Int) -> ThreeValued { !atLeast(n) }
}

extension ShiftedDateValue {
    /// Whether this date is strictly before `other` (both of one subject), three-valued over ranges.
    package func isBefore(_ other: ShiftedDateValue) -> ThreeValued {
        guard let low = earliest, let high = latest, let otherLow = other.earliest, let otherHigh = other.latest
        else { return .unknown }
        if high < otherLow { return .yes }
        if low >= otherHigh { return .no }
        return .unknown
    }

    /// Whether this date falls in `[start, end)`, three-valued.
    package func isWithin(from start: ShiftedDateValue, before end: ShiftedDateValue) -> ThreeValued {
        !isBefore(start) && isBefore(end)
    }
}
