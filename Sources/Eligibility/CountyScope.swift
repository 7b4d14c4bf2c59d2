package import Deidentified
import SealCore

/// What the input held for a `--county` scope, so that a misspelt county is reported instead of an
/// empty report passing for a county with no Prop 64 conviction: how many convictions (of any
/// section) were in the county, and which of California's 58 counties the input's convictions name.
///
/// Only names on ``californiaCounties`` are ever kept or shown: a county field of a damaged file can
/// hold anything, even a name, and the warning goes into `summary.json` and onto standard error.
/// Other values are counted, never kept. One scope per worker thread, merged at the end.
package struct CountyScope: Sendable {
    /// The county whose convictions get a decision (normalized, as ``Evaluator/county``); nil for
    /// every county, when nothing is tallied.
    package let county: String?
    /// Convictions of any section in ``county``.
    package private(set) var convictionsInCounty = 0
    /// The California counties named by the input's convictions (tallied while none is in ``county``:
    /// they are shown only then).
    package private(set) var countiesSeen: Set<String> = []
    /// Convictions whose county is none of California's (tallied like ``countiesSeen``).
    package private(set) var otherConvictions = 0
    /// The last county value looked at, and whether it is a California county: the convictions of a
    /// subject, and of one court, mostly name the same county.
    private var last: String? = nil
    private var lastIsCalifornian = false

    package init(county: String?) {
        self.county = county
    }

    /// California's 58 counties, upper case, as the DOJ file's STP_ORI_CNTY_NAME spells them.
    package static var californiaCounties: Set<String> { PublicVocabulary.counties }

    /// Tallies a subject's convictions (every one, in scope or not), read in place.
    package mutating func add(_ subject: DeidentifiedSubject) {
        guard let county else { return }
        subject.convictions.withUnsafeBufferPointer { convictions in
            for index in convictions.indices {
                // The field alone: a copy of the conviction would retain every string and array it holds.
                tally((convictions.baseAddress! + index).pointer(to: \.county)!.pointee, county)
            }
        }
    }

    @inline(__always)
    private mutating func tally(_ name: String, _ county: String) {
        if name == county {
            convictionsInCounty += 1
            return
        }
        // Past the first match no warning can follow: the other counties are not needed.
        guard convictionsInCounty == 0 else { return }
        if name != last {
            last = name
            lastIsCalifornian = Self.californiaCounties.contains(name)
            if lastIsCalifornian { countiesSeen.insert(name) }
        }
        if !lastIsCalifornian { otherConvictions += 1 }
    }

    /// Adds another worker's tallies.
    package mutating func merge(_ other: CountyScope) {
        convictionsInCounty += other.convictionsInCounty
        countiesSeen.formUnion(other.countiesSeen)
        otherConvictions += other.otherConvictions
    }

    /// The warning for a county that no conviction of the input names (none otherwise).
    package var warnings: [String] {
        guard let county, convictionsInCounty == 0 else { return [] }
        var text = "--county \(county) matches no conviction in the input, so no conviction was decided"
        if !Self.californiaCounties.contains(county) {
            text += " (\(county) is not one of California's 58 counties as the DOJ file spells them)"
        }
        if countiesSeen.isEmpty && otherConvictions == 0 {
            text += "; the input holds no conviction"
        } else {
            var parts: [String] = []
            if !countiesSeen.isEmpty {
                parts.append("the input's counties: \(countiesSeen.sorted().joined(separator: ", "))")
            }
            if otherConvictions > 0 {
                parts.append(
                    "\(otherConvictions) conviction\(otherConvictions == 1 ? "" : "s") in no California county"
                )
            }
            text += "; " + parts.joined(separator: "; ")
        }
        return [text]
    }
}
