package import Deidentified
package import SealCore

/// The checks a flow can make, with a stable id and the question each asks.
package enum CheckID: String, Hashable, Sendable, CaseIterable {
    // Guards (every profile reports all that fire).
    case reviewFlags = "guard.reviewFlags"
    case ciiShared = "guard.ciiSharedWithAnotherSubject"
    case postAUMAConviction = "guard.postAUMAConviction"
    case conspiracy = "guard.conspiracyPC182"
    case priorSuperstrike = "guard.priorSuperstrike"
    case priorPC290 = "guard.priorPC290"
    case registrationUnmatched = "guard.pc290RegistrationUnmatched"
    case twoPriors = "guard.twoPriors"
    // gogen (Part A.4).
    case g1 = "G1"
    case g2 = "G2"
    case g3 = "G3"
    case g4 = "G4"
    case g5 = "G5"
    case g6 = "G6"
    case g7 = "G7"
    case g8 = "G8"
    case g9 = "G9"
    case g10 = "G10"
    // Statutory (Part C.3).
    case c2 = "C.3.2"
    case c3 = "C.3.3"
    case c4 = "C.3.4"
    case c4offense = "C.3.4.offense"
    case c5 = "C.3.5"
    case c6dob = "C.3.6.dob"
    case c6boundary = "C.3.6.boundary"
    case c6band = "C.3.6.band"
    case c7superstrike = "C.3.7.superstrike"
    case c7pc290 = "C.3.7.pc290"
    case c7registration = "C.3.7.registration"
    case c7twoPriors = "C.3.7.twoPriors"
    case c8 = "C.3.8"
    case c9 = "C.3.9"
    case c10 = "C.3.10"
    // Los Angeles 2020 (Part B.2).
    case l1 = "L1"
    case l2 = "L2"
    case l2offense = "L2.offense"
    case l3 = "L3"
    case l3b = "L3b"
    case l4 = "L4"
    case l5 = "L5"
    case l5registration = "L5.registration"
    case l6 = "L6"
    case l7 = "L7"
    case l8 = "L8"
    case l9 = "L9"
    case l10 = "L10"
    case l11 = "L11"
    case l12 = "L12"
    // Dismiss all (Part D.2).
    case dismissAll = "D.2"

    /// The question, in words a reviewer reads.
    package var question: String {
        switch self {
        case .reviewFlags: "Does the reader flag this conviction for review?"
        case .ciiShared: "Is the subject's CII shared with another SUBJECT_ID?"
        case .postAUMAConviction: "Was the conviction on or after 2016-11-09?"
        case .conspiracy: "Is the charge a PC 182 conspiracy?"
        case .priorSuperstrike: "Is there a prior superstrike conviction (felony)?"
        case .priorPC290: "Is there a prior PC 290(c) conviction or an earlier registration (felony)?"
        case .registrationUnmatched:
            "Is there a PC 290 registration after the conviction with no prior registrable conviction?"
        case .twoPriors: "Are there two or more prior convictions of the same section (felony)?"
        case .g1: "Is the conviction not a felony?"
        case .g2: "Is the section in the dismiss list?"
        case .g3: "Was the subject under 21 at conviction?"
        case .g4: "Is the subject at least the age threshold at the evaluation date?"
        case .g5: "Was the conviction at least the threshold number of years before the evaluation date?"
        case .g6: "Is every conviction of the subject more than the crime-free threshold before the evaluation date?"
        case .g7: "Are all of the subject's convictions Prop 64 convictions?"
        case .g8: "Is the subject deceased?"
        case .g9: "Is the section in the reduce list?"
        case .g10: "Did any rule apply?"
        case .c2: "Is the charge a PC 182 conspiracy?"
        case .c3: "Is the charge a PC 664 attempt?"
        case .c4: "Was the conviction on or after 2016-11-09?"
        case .c4offense: "Was the offense (proxy) on or after 2016-11-09?"
        case .c5: "Does the subsection exist in the law in force at the offense?"
        case .c6dob: "Is the date of birth known?"
        case .c6boundary: "Does an 18th or 21st birthday fall in the year before the offense (proxy)?"
        case .c6band: "Age band at the offense"
        case .c7superstrike: "Is there a prior superstrike conviction?"
        case .c7pc290: "Is there a prior PC 290(c) conviction?"
        case .c7registration: "Is there a PC 290 registration without a matching registrable conviction?"
        case .c7twoPriors: "Are there two or more prior convictions of the same section?"
        case .c8: "Least and most relief of the remedy table (C.4)"
        case .c9: "Is the sentence (this case's counts) complete at the evaluation date?"
        case .c10: "Do the least and the most relief agree?"
        case .l1: "Is the conviction not a felony?"
        case .l2: "Was the conviction on or after 2016-11-09?"
        case .l2offense: "Was the offense (proxy) on or after 2016-11-09?"
        case .l3: "Is it 11357(a) or 11357(b), not an attempt?"
        case .l3b: "Is it any other 11357?"
        case .l4: "Is there a prior superstrike conviction?"
        case .l5: "Is there a prior PC 290 conviction or an earlier registration?"
        case .l5registration:
            "Is there a PC 290 registration after the conviction with no prior registrable conviction?"
        case .l6: "Are there two or more prior convictions of the same section?"
        case .l7: "Is the subject at least the age threshold at the evaluation date?"
        case .l8: "Is the subject 21 or younger (under21Basis)?"
        case .l9: "Are all convictions Prop 64 and every sentence complete?"
        case .l10: "Is every conviction at least the conviction-free years before the evaluation date?"
        case .l11: "Is some sentence not complete at the evaluation date?"
        case .l12: "Is the subject deceased?"
        case .dismissAll: "Is the conviction in scope (every Prop 64 conviction is dismissed)?"
        }
    }
}

/// The values a check compared, kept typed (rendered only when written): numbers, sections, flags.
/// Never a shifted date, which means nothing outside the subject's own record.
package enum CheckValues: Hashable, Sendable {
    case none
    case level(Level?)
    case section(String?, list: [String])
    case subsection(String?, subsections: [String], attempt: Bool)
    case years(CompletedYears?, threshold: Int)
    case flags([ReasonCode])
    case priors(certain: Int, possible: Int, threshold: Int)
    case finding(code: ReasonCode?)
    case remedies(floor: Remedy?, ceiling: Remedy?)
    case sentence(ThreeValued)
    case band(String)
    case convictions(matching: Int, total: Int)

    /// The values as one line of text.
    package var text: String {
        var text = StringText()
        write(to: &text)
        return text.value
    }

    /// Whether ``text`` is non-empty (the explanation leaves out an empty `values`).
    package var hasText: Bool {
        switch self {
        case .none: false
        default: true
        }
    }

    /// Writes ``text`` piece by piece: the one definition of the text, for a String and for the
    /// decision line's JSON (which writes it straight in, with no String made per check).
    func write<Out: ValuesText & ~Copyable>(to out: inout Out) {
        func unknown(_ value: String?) -> String { value ?? "unknown" }
        switch self {
        case .none:
            break
        case .level(let level):
            out.add("level ")
            out.add(level?.rawValue ?? "unknown")
        case .section(let section, let list):
            out.add("section ")
            out.add(unknown(section))
            out.add("; list [")
            for (index, item) in list.enumerated() {
                if index > 0 { out.add(", ") }
                out.add(item)
            }
            out.add("]")
        case .subsection(let section, let subsections, let attempt):
            out.add("section ")
            out.add(unknown(section))
            for subsection in subsections {
                out.add("(")
                out.add(subsection)
                out.add(")")
            }
            if attempt { out.add(", attempt") }
        case .years(let years, let threshold):
            guard let years else {
                out.add("years unknown; threshold ")
                out.add(threshold)
                return
            }
            out.add("completed years ")
            out.add(years.low)
            if years.low != years.high {
                out.add("–")
                out.add(years.high)
            }
            out.add(" (on anniversary: ")
            out.add(years.onAnniversary.rawValue)
            out.add("); threshold ")
            out.add(threshold)
        case .flags(let flags):
            if flags.isEmpty { out.add("none") }
            for (index, flag) in flags.enumerated() {
                if index > 0 { out.add(", ") }
                out.add(flag.name)
            }
        case .priors(let certain, let possible, let threshold):
            out.add("priors ")
            out.add(certain)
            out.add(" certain, ")
            out.add(possible)
            out.add(" possible; threshold ")
            out.add(threshold)
        case .finding(let code):
            if let code { out.add(code.name) } else { out.add("none found") }
        case .remedies(let floor, let ceiling):
            out.add("floor ")
            out.add(floor?.rawValue ?? "unknown")
            out.add("; ceiling ")
            out.add(ceiling?.rawValue ?? "unknown")
        case .sentence(let complete):
            out.add("sentence complete: ")
            out.add(complete.rawValue)
        case .band(let band):
            out.add("age band ")
            out.add(band)
        case .convictions(let matching, let total):
            out.add(matching)
            out.add(" of ")
            out.add(total)
            out.add(" convictions")
        }
    }
}

/// Where ``CheckValues`` text goes, piece by piece.
protocol ValuesText: ~Copyable {
    mutating func add(_ literal: StaticString)
    mutating func add(_ text: String)
    mutating func add(_ number: Int)
}

/// ``CheckValues/text`` as a String.
struct StringText: ValuesText {
    var value = ""

    mutating func add(_ literal: StaticString) { value += literal.description }
    mutating func add(_ text: String) { value += text }
    mutating func add(_ number: Int) { value += String(number) }
}

/// ``CheckValues/text`` straight into a JSON string being written.
extension JSONOutput: ValuesText {
    mutating func add(_ literal: StaticString) { stringPart(literal) }
    mutating func add(_ text: String) { stringPart(text) }
    mutating func add(_ number: Int) { stringPart(number) }
}

/// One check the engine made, for the explanation: what was asked, the answer, and the values
/// compared.
package struct Check: Hashable, Sendable {
    package var id: CheckID
    package var answer: ThreeValued
    package var values: CheckValues

    package init(_ id: CheckID, _ answer: ThreeValued, _ values: CheckValues = .none) {
        self.id = id
        self.answer = answer
        self.values = values
    }
}
