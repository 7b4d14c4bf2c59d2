package import SealCore

/// A code section as a value: law code, section number and subdivisions, rendered as text
/// (`HS 11357(A)`) only for display.
///
/// The section number keeps decimals and letters that belong to it (`148.9`, `288A`, `653F`);
/// subdivisions are a separate list, upper-cased (`11357(b)` → `["B"]`).
package struct CodeSection: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The law code, or nil when the charge does not say (`11357(A)` alone).
    package var lawCode: LawCode?
    /// The section number: digits, an optional decimal part, optional letters.
    package var number: String
    /// Subdivisions in order: `11357(B)(2)` → `["B", "2"]`.
    package var subsections: [String]

    package init(lawCode: LawCode?, number: String, subsections: [String] = []) {
        self.lawCode = lawCode
        self.number = number
        self.subsections = subsections
    }

    /// `HS 11357(A)`, or `11357(A)` without a law code.
    package var description: String {
        let body = number + subsections.map { "(\($0))" }.joined()
        return lawCode.map { "\($0.rawValue) \(body)" } ?? body
    }

    /// The Prop 64 section this number is, if it is exactly one of 11357–11360 (read on the bytes).
    package var prop64Section: Prop64Section? { Prop64Section(number: number) }
}
