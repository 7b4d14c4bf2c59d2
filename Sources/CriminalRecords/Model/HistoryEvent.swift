package import SealCore

/// CNT_ORDER split into its parts: `CCCSSSNNNXXX` (cycle, step, count, an unknown suffix).
package struct CountOrder: Hashable, Sendable, Comparable, CustomStringConvertible {
    package let cycle: Int
    package let step: Int
    package let count: Int
    package let suffix: Int

    /// Exactly 12 ASCII digits after trimming spaces and tabs, or nil.
    package init?(_ field: some Collection<UInt8>) {
        // On the bytes in place (every row has one): through the generic collection, trimming and
        // reading took about 400 instructions a row.
        let groups =
            field.withContiguousStorageIfAvailable(Self.groups) ?? Array(field).withUnsafeBufferPointer(Self.groups)
        guard let groups else { return nil }
        (cycle, step, count, suffix) = groups
    }

    /// The four groups of three digits of a CNT_ORDER field, or nil.
    private static func groups(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int, Int)? {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        guard end - start == 12 else { return nil }
        func group(_ first: Int) -> Int? {
            var value = 0
            for index in first..<(first + 3) {
                let digit = bytes[index] &- 0x30
                guard digit <= 9 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let cycle = group(start), let step = group(start + 3), let count = group(start + 6),
            let suffix = group(start + 9)
        else { return nil }
        return (cycle, step, count, suffix)
    }

    /// The court event: cycle and step (gogen's "case").
    package var courtEvent: Int { cycle * 1000 + step }

    /// The twelve digits.
    package var description: String {
        func pad(_ value: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: 3 - text.count) + text
        }
        return pad(cycle) + pad(step) + pad(count) + pad(suffix)
    }

    package static func < (lhs: CountOrder, rhs: CountOrder) -> Bool {
        (lhs.cycle, lhs.step, lhs.count, lhs.suffix) < (rhs.cycle, rhs.step, rhs.count, rhs.suffix)
    }
}

/// STP_TYPE_DESCR, trimmed and upper-cased.
package enum StepType: Hashable, Sendable {
    case arrest
    case courtAction
    case registration
    case deceased
    /// Another step type, kept and counted, never rejected (its text is not identifying).
    case other(String)
}

/// DISP_DESCR, trimmed and upper-cased.
package enum Disposition: Hashable, Sendable {
    /// Starts with `CONVICTED` (`CONVICTED-JAIL`, `CONVICTED-PROBATION`, …).
    case convicted(String)
    /// Starts with `DISMISSED`.
    case dismissed(String)
    /// Any other text (`REL/TOT OTHER JURIS/AUTH`).
    case other(String)
    /// Blank.
    case none

    package var isConviction: Bool {
        if case .convicted = self { return true }
        return false
    }

    /// The text, for counts and reports.
    package var text: String {
        switch self {
        case .convicted(let text), .dismissed(let text), .other(let text): text
        case .none: ""
        }
    }
}

/// One row of a subject's history: an event (arrest, court action, registration, death) and one
/// count of it.
package struct HistoryEvent: Sendable {
    /// 0-based position among data records (header excluded).
    package let rowIndex: Int
    /// Physical line where the record starts.
    package let line: Int
    /// CNT_ORDER, or nil when malformed.
    package let countOrder: CountOrder?
    package let cycleDate: DateValue
    package let eventDate: DateValue
    package let dispositionDate: DateValue
    package let stepType: StepType
    /// STP_ORI_CNTY_NAME, trimmed and upper-cased.
    package let county: String
    package let offense: Offense
    package let disposition: Disposition
    /// The level for a conviction row; nil when it cannot be told (`levelUnknown`).
    package let level: ConvictionLevel?
    package let sentence: SentencePart
    /// OFN, trimmed; nil when empty or `NULL`. Read only on the rows a conviction's case numbers come
    /// from (COURT ACTION and conviction rows); nil on the others.
    package let offenseNumber: IdentityValue?
    /// FE_NUM_CRT_CASE, trimmed; nil when empty or `NULL`. Read only on conviction rows; nil on the
    /// others.
    package let courtCaseNumber: IdentityValue?
    /// Whether this row was rejected (`--rejects`) and kept only as a marker.
    package let rejected: Bool
    /// gogen's reading of a conviction row (nil on other rows), for the reference output only.
    package let gogen: GogenReading?
}

extension Collection<UInt8> {
    /// The bytes without leading and trailing spaces and tabs.
    func trimmingSpaces() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == 0x20 || self[start] == 0x09 { formIndex(after: &start) }
        while end > start {
            let before = index(start, offsetBy: distance(from: start, to: end) - 1)
            guard self[before] == 0x20 || self[before] == 0x09 else { break }
            end = before
        }
        return self[start..<end]
    }
}

extension ArraySlice<UInt8> {
    /// Whether this slice holds the same bytes as `array`, compared in place (a SUBJECT_ID on every
    /// row, a CII, a case number: the generic `elementsEqual` went byte by byte through iterators,
    /// about 150 instructions a comparison).
    func hasSameBytes(as array: [UInt8]) -> Bool {
        guard count == array.count else { return false }
        return withUnsafeBufferPointer { left in
            array.withUnsafeBufferPointer { right in
                for index in 0..<left.count where left[index] != right[index] { return false }
                return true
            }
        }
    }
}
