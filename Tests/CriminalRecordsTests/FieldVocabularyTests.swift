import Testing

@testable import CriminalRecords

@Suite("Field vocabulary: step types, dispositions and counties, classified once per text")
struct FieldVocabularyTests {
    /// The classification the builder made on every row before the vocabulary remembered it.
    static func expectedStep(_ field: [UInt8]) -> (StepType, Bool) {
        let text = SubjectBuilder.text(ArraySlice(field))
        switch text {
        case "COURT ACTION": return (.courtAction, false)
        case "REGISTRATION": return (.registration, false)
        case "DECEASED": return (.deceased, false)
        default: return text.hasPrefix("ARREST") ? (.arrest, false) : (.other(text), !text.isEmpty)
        }
    }

    static func expectedOutcome(_ field: [UInt8]) -> (Disposition, Bool) {
        let text = SubjectBuilder.text(ArraySlice(field))
        if text.isEmpty { return (.none, false) }
        if text.hasPrefix("CONVICTED") { return (.convicted(text), false) }
        if text.hasPrefix("DISMISSED") { return (.dismissed(text), false) }
        return (.other(text), text != "REL/TOT OTHER JURIS/AUTH")
    }

    @Test("every look-up (first, repeated, any case and padding, past the limit) is the direct reading")
    func vocabularyAgreesWithDirectReading() {
        let vocabulary = FieldVocabulary()
        var texts = [
            "COURT ACTION", "court action", " Court Action ", "REGISTRATION", "DECEASED", "ARREST/DETAINED/CITED",
            "arrest", "PROBATION", "", "-", " - ", "   ", "CONVICTED-PROBATION", "convicted-jail", "CONVICTED",
            "DISMISSED-FURTHERANCE OF JUSTICE", "dismissed", "REL/TOT OTHER JURIS/AUTH", "rel/tot other juris/auth",
            "ACQUITTED", "LOS ANGELES", "san luis obispo", "\tSAN FRANCISCO\t", "CONTRA COSTA COUNTY NAME LONGER",
        ]
        // More distinct texts than the vocabulary remembers: the rest are read without it.
        for number in 0..<(FieldVocabulary.limit + 100) { texts.append("OTHER \(number)") }
        for _ in 0..<2 {
            for text in texts {
                let field = Array(text.utf8)
                let step = vocabulary.step(ArraySlice(field))
                let (stepType, stepUnknown) = Self.expectedStep(field)
                #expect(step.type == stepType && step.unknown == stepUnknown, "step \(text)")
                let outcome = vocabulary.outcome(ArraySlice(field))
                let (disposition, outcomeUnknown) = Self.expectedOutcome(field)
                #expect(outcome.disposition == disposition && outcome.unknown == outcomeUnknown, "outcome \(text)")
                #expect(
                    vocabulary.county(ArraySlice(field)) == SubjectBuilder.text(ArraySlice(field)),
                    "county \(text)"
                )
            }
        }
    }

    @Test("a field read from the middle of a row (a slice with a non-zero start) reads as its own bytes")
    func slicesOfARow() {
        let vocabulary = FieldVocabulary()
        let row = Array("xx,COURT ACTION,convicted-fine,yy".utf8)
        #expect(vocabulary.step(row[3..<15]).type == .courtAction)
        #expect(vocabulary.outcome(row[16..<30]).disposition == .convicted("CONVICTED-FINE"))
        // The same bytes again, from another array: found, same answer.
        let again = Array("CONVICTED-FINE".utf8)
        #expect(vocabulary.outcome(again[...]).disposition == .convicted("CONVICTED-FINE"))
        #expect(vocabulary.outcome(row[16..<25]).disposition == .convicted("CONVICTED"))
    }
}
