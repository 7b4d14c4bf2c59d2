/// What the builder reads from the small-vocabulary text columns (step type, disposition, county),
/// remembered by the field's bytes, for one read.
///
/// A research file spells these columns with a few dozen texts, so each distinct text is trimmed,
/// upper-cased and classified once; later rows find the result with one hash of their bytes
/// (``ByteCache``) and share its String, instead of making, comparing and freeing a String per row.
/// Past ``limit`` distinct texts per column, texts are read without being remembered: same result.
/// One vocabulary per builder, used by one thread.
final class FieldVocabulary {
    /// A step type, and whether its text is one the reader does not know (`unknownStepType`).
    struct Step {
        let type: StepType
        let unknown: Bool
    }

    /// A disposition, and whether its text is one the reader does not know (`unknownDisposition`).
    struct Outcome {
        let disposition: Disposition
        let unknown: Bool
    }

    private let steps = ByteCache<Step>(limit: limit)
    private let outcomes = ByteCache<Outcome>(limit: limit)
    private let counties = ByteCache<String>(limit: limit)

    static let limit = 4096

    /// STP_TYPE_DESCR (section 4.2): COURT ACTION, REGISTRATION, DECEASED, ARREST…, or another text.
    func step(_ field: ArraySlice<UInt8>) -> Step {
        Self.remembered(field, in: steps) { text in
            switch text {
            case "COURT ACTION": Step(type: .courtAction, unknown: false)
            case "REGISTRATION": Step(type: .registration, unknown: false)
            case "DECEASED": Step(type: .deceased, unknown: false)
            default:
                text.hasPrefix("ARREST")
                    ? Step(type: .arrest, unknown: false) : Step(type: .other(text), unknown: !text.isEmpty)
            }
        }
    }

    /// DISP_DESCR (section 4.3): CONVICTED…, DISMISSED…, none, or another text.
    func outcome(_ field: ArraySlice<UInt8>) -> Outcome {
        Self.remembered(field, in: outcomes) { text in
            if text.isEmpty { return Outcome(disposition: .none, unknown: false) }
            if text.hasPrefix("CONVICTED") { return Outcome(disposition: .convicted(text), unknown: false) }
            if text.hasPrefix("DISMISSED") { return Outcome(disposition: .dismissed(text), unknown: false) }
            return Outcome(disposition: .other(text), unknown: text != "REL/TOT OTHER JURIS/AUTH")
        }
    }

    /// STP_ORI_CNTY_NAME, trimmed and upper-cased.
    func county(_ field: ArraySlice<UInt8>) -> String {
        Self.remembered(field, in: counties) { $0 }
    }

    /// The value for the field's trimmed bytes (``SubjectBuilder/word(_:)``), made from its
    /// ``SubjectBuilder/text(_:)`` the first time those bytes are seen.
    @inline(__always)
    private static func remembered<Value>(
        _ field: ArraySlice<UInt8>,
        in cache: ByteCache<Value>,
        _ make: (String) -> Value
    ) -> Value {
        let word = SubjectBuilder.word(field)
        return word.withUnsafeBytes { bytes in
            let found = cache.find(bytes)
            if let value = found.value { return value }
            let value = make(SubjectBuilder.text(word))
            cache.insert(bytes, value, hash: found.hash)
            return value
        }
    }
}
