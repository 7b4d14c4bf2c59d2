package import Deidentified
package import SealCore

/// A code section as the exclusion lists name it: law code, section number and the subsection paths
/// that match. Matched on the parsed charge, never on text.
package struct SectionPattern: Hashable, Sendable {
    package enum Subsections: Hashable, Sendable {
        /// Any subsection, or none.
        case any
        /// Exactly one of these paths (`[]` = the bare section).
        case exactly([[String]])
        /// One of these paths; the bare section (no subsection read) may be any subdivision, so it
        /// matches as *unknown*.
        case exactlyOrBareUnknown([[String]])
    }

    package let lawCode: LawCode
    package let section: String
    package let subsections: Subsections

    /// A pattern of the lists, written `SectionPattern("PC", "187")` (static data: a law code not of
    /// the vocabulary is a programming error).
    package init(_ lawCode: String, _ section: String, _ subsections: Subsections = .any) {
        guard let code = LawCode(rawValue: lawCode) else { preconditionFailure("not a law code: \(lawCode)") }
        self.lawCode = code
        self.section = section
        self.subsections = subsections
    }

    /// Whether `charge` is this section: yes, no, or unknown when the charge has no law code.
    package func matches(_ charge: borrowing Charge) -> ThreeValued {
        matches(charge, section: charge.section)
    }

    /// ``matches(_:)`` with the charge's section read as `chargeSection`.
    func matches(_ charge: borrowing Charge, section chargeSection: String?) -> ThreeValued {
        withUnsafePointer(to: charge) { matches($0, section: chargeSection) }
    }

    /// ``matches(_:section:)`` of the charge at `charge`, read in place (the engine's path: a charge
    /// passed by value from a conviction is copied, each of its strings retained and released).
    func matches(_ charge: UnsafePointer<Charge>, section chargeSection: String?) -> ThreeValued {
        guard charge.pointee.reading == .parsed, chargeSection == section else { return .no }
        var bareUnknown = false
        switch subsections {
        case .any: break
        case .exactly(let paths): if !paths.contains(charge.pointee.subsections) { return .no }
        case .exactlyOrBareUnknown(let paths):
            if charge.pointee.subsections.isEmpty {
                bareUnknown = true
            } else if !paths.contains(charge.pointee.subsections) {
                return .no
            }
        }
        guard let code = charge.pointee.lawCode else { return .unknown }
        guard code == lawCode else { return .no }
        return bareUnknown ? .unknown : .yes
    }
}

/// The lists of prop64-rules.md, Part C.5.
package enum ExclusionLists {
    private static func paths(_ items: [String]) -> SectionPattern.Subsections {
        .exactly(items.map { $0.isEmpty ? [] : $0.split(separator: ",").map(String.init) })
    }

    /// PC 667(e)(2)(C)(iv) ("super strikes") as SealKit's own decisions read the statute: categories
    /// I–VII, and VIII (punishable by life) without gogen's two offenses that are not: simple
    /// kidnapping, PC 207 (PC 208: 3, 5 or 8 years), and PC 217.1(a) (217.1(b), attempted assassination,
    /// is). A bare 653F or 217.1 may be any subdivision: an *unknown* superstrike (review). Homicide
    /// (IV) includes attempts; the other categories match the completed offense only.
    package static let superstrikes: [SectionPattern] = {
        var list = sharedSuperstrikes
        list.append(SectionPattern("PC", "653F", .exactlyOrBareUnknown([["B"]])))
        for section in lifePunishable where section != "207" && section != "217.1" {
            list.append(SectionPattern("PC", section))
        }
        list.append(SectionPattern("PC", "217.1", .exactlyOrBareUnknown([["B"]])))
        list.append(SectionPattern("PC", "273AB"))
        list.append(SectionPattern("MV", "1672", paths(["A"])))
        return list
    }()

    /// gogen's superstrike list (prop64-rules.md, Part A), for the reference field only: its selection
    /// for category VIII (PC 207 and 217.1 whole included) and a bare 653F counted as solicitation.
    package static let gogenSuperstrikes: [SectionPattern] = {
        var list = sharedSuperstrikes
        list.append(SectionPattern("PC", "653F", paths(["", "B"])))
        for section in lifePunishable { list.append(SectionPattern("PC", section)) }
        list.append(SectionPattern("PC", "273AB"))
        list.append(SectionPattern("MV", "1672", paths(["A"])))
        return list
    }()

    /// Category VIII (punishable by life) as gogen selected it.
    private static let lifePunishable = [
        "37", "128", "205", "207", "209", "209.5", "217.1", "218", "219", "220", "451.5", "667.61", "667.7",
        "667.71", "4500", "12308", "12310", "18745", "18755",
    ]

    /// Categories I–IV, VI and VII, which both lists hold.
    private static let sharedSuperstrikes: [SectionPattern] = {
        var list: [SectionPattern] = []
        // (IV) homicide, attempts included.
        for section in homicide.sorted() { list.append(SectionPattern("PC", section)) }
        // (VI), (VII).
        list.append(SectionPattern("PC", "245", paths(["D,3"])))
        list.append(SectionPattern("PC", "11418", paths(["A,1", "B,1", "B,2"])))
        // (I)–(III) sexual offenses.
        list.append(SectionPattern("PC", "261"))
        list.append(SectionPattern("PC", "262"))
        list.append(SectionPattern("PC", "264.1"))
        list.append(SectionPattern("PC", "269"))
        var sodomy = ["", "D,1", "D,2", "D,3"]
        for number in ["1", "2", "3"] {
            sodomy.append("C,\(number)")
            for letter in ["A", "B", "C"] { sodomy.append("C,\(number),\(letter)") }
        }
        list.append(SectionPattern("PC", "286", paths(sodomy)))
        list.append(SectionPattern("PC", "287"))
        list.append(SectionPattern("PC", "288", paths(["", "A", "B,1", "B,2"])))
        list.append(SectionPattern("PC", "288A", paths(["", "C,1", "C,2,A", "C,2,B", "C,2,C", "D"])))
        list.append(SectionPattern("PC", "288.5", paths(["", "A"])))
        list.append(SectionPattern("PC", "289", paths(["", "A,1,A", "A,1,B", "A,1,C", "A,2,C", "J"])))
        return list
    }()

    /// Offenses that are superstrikes only with a PC 186.22(b)(4) gang enhancement in the same case.
    package static let enhanceable: [SectionPattern] = [
        SectionPattern("PC", "136.1"), SectionPattern("PC", "213", paths(["A,1,A"])), SectionPattern("PC", "215"),
        SectionPattern("PC", "246"), SectionPattern("PC", "519"), SectionPattern("PC", "12022.55"),
    ]

    /// PC 186.22(b)(4).
    package static let gangEnhancement = SectionPattern("PC", "186.22", paths(["B,4"]))

    /// PC 290(c) registrable offenses (gogen's list; legal review required before production use). For
    /// SealKit's own decisions an attempt or a conspiracy to commit one counts too: PC 290(c)(1) requires
    /// registration of anyone convicted of "the attempt or conspiracy to commit" a listed offense. gogen
    /// counts completed offenses only (the reference field).
    package static let registrable: [SectionPattern] = {
        var list: [SectionPattern] = [
            SectionPattern("PC", "236.1", paths(["B", "C"])), SectionPattern("PC", "243.4"),
            SectionPattern("PC", "261"), SectionPattern("PC", "262", paths(["A", "A,1"])),
            SectionPattern("PC", "264.1"), SectionPattern("PC", "266"), SectionPattern("PC", "266C"),
            SectionPattern("PC", "266H", paths(["B"])), SectionPattern("PC", "266I", paths(["B"])),
            SectionPattern("PC", "266J"), SectionPattern("PC", "267"), SectionPattern("PC", "269"),
            SectionPattern("PC", "272"), SectionPattern("PC", "285"), SectionPattern("PC", "286"),
            SectionPattern("PC", "287"), SectionPattern("PC", "288"), SectionPattern("PC", "288A"),
            SectionPattern("PC", "289"), SectionPattern("PC", "311.1"),
            SectionPattern("PC", "311.2", paths(["B", "C", "D"])), SectionPattern("PC", "311.3"),
            SectionPattern("PC", "311.4"), SectionPattern("PC", "311.10"), SectionPattern("PC", "311.11"),
            SectionPattern("PC", "314", paths(["1", "2"])), SectionPattern("PC", "451.5"),
            SectionPattern("PC", "647.6"), SectionPattern("PC", "647A"),
            SectionPattern("PC", "653F", paths(["B", "C"])),
        ]
        for section in ["288.2", "288.3", "288.4", "288.5", "288.7"] { list.append(SectionPattern("PC", section)) }
        return list
    }()

    /// Homicide sections (category IV), whose attempts are superstrikes too.
    private static let homicide: Set<String> = ["187", "188", "189", "189.1", "189.5", "190", "191", "191.5"]

    /// Whether no pattern of the lists can match `charge`: unread, or of a law code none of them has
    /// (every pattern is PC or MV; a charge without a law code may be either).
    @inline(__always)
    static func outsideLists(_ charge: borrowing Charge) -> Bool {
        withUnsafePointer(to: charge) { outsideLists($0) }
    }

    /// ``outsideLists(_:)`` of the charge at `charge`, read in place.
    @inline(__always)
    static func outsideLists(_ charge: UnsafePointer<Charge>) -> Bool {
        guard charge.pointee.reading == .parsed else { return true }
        return outsideListsLawCode(charge.pointee.lawCode)
    }

    /// Whether a parsed charge of law code `code` is outside every list (a missing code may be PC or MV).
    @inline(__always)
    static func outsideListsLawCode(_ code: LawCode?) -> Bool {
        guard let code else { return false }
        return code != .penal && code != .militaryAndVeterans
    }

    /// Whether `charge` is a superstrike by itself (homicide attempts included).
    package static func isSuperstrike(_ charge: borrowing Charge) -> ThreeValued {
        if outsideLists(charge) { return .no }
        return withUnsafePointer(to: charge) {
            superstrikeInLists($0, patterns: $0.pointee.section.flatMap { index[$0] }?.superstrike)
        }
    }

    /// What the lists say of one charge (``isSuperstrike(_:)``, ``isRegistrable(_:)``,
    /// ``isEnhanceable(_:)``, ``isGangEnhancement(_:)``).
    struct Listing {
        var superstrike = ThreeValued.no
        var registrable = ThreeValued.no
        var enhanceable = ThreeValued.no
        var gangEnhancement = ThreeValued.no
        /// What gogen's lists say (the reference field only).
        var gogenSuperstrike = ThreeValued.no
        var gogenRegistrable = ThreeValued.no

        /// Whether some list may hold the charge.
        var any: Bool {
            superstrike != .no || registrable != .no || enhanceable != .no || gangEnhancement != .no
                || gogenSuperstrike != .no || gogenRegistrable != .no
        }
    }

    /// The ``Listing`` of a charge that may be in the lists (``outsideLists(_:)`` is false), with one
    /// look-up of its section. The charge is read in place: one copied out of a conviction would
    /// retain and release each string it holds.
    static func listing(_ charge: UnsafePointer<Charge>) -> Listing {
        let section = charge.pointee.section
        let patterns = section.flatMap { index[$0] }
        var listing = Listing(
            superstrike: superstrikeInLists(charge, patterns: patterns?.superstrike),
            gogenSuperstrike: superstrikeInLists(charge, patterns: patterns?.gogenSuperstrike)
        )
        guard let patterns else { return listing }
        // An attempt or conspiracy to commit a registrable offense requires registration (290(c)(1)).
        listing.registrable = anyMatches(patterns.registrable, charge, section: section)
        guard !charge.pointee.attempt, !charge.pointee.conspiracy else { return listing }
        listing.gogenRegistrable = listing.registrable
        listing.enhanceable = anyMatches(patterns.enhanceable, charge, section: section)
        if patterns.gangEnhancement { listing.gangEnhancement = gangEnhancement.matches(charge, section: section) }
        return listing
    }

    /// The ``Listing`` of a combined charge (``Charge/otherSections``): each section read as a charge of
    /// its own (with the charge's attempt and conspiracy), the answers joined by "or"; and an
    /// enhanceable offense with the PC 186.22(b)(4) enhancement in the one charge is a superstrike, as
    /// two such convictions in one case are (Part C.5; gogen's patterns read it so too).
    static func combinedListing(_ charge: Charge) -> Listing {
        var sections = [charge]
        sections[0].otherSections = []
        for other in charge.otherSections {
            var single = sections[0]
            single.lawCode = other.lawCode
            single.section = other.section
            single.subsections = other.subsections
            sections.append(single)
        }
        var result = Listing()
        for single in sections where !outsideLists(single) {
            let found = withUnsafePointer(to: single) { Self.listing($0) }
            result.superstrike = result.superstrike || found.superstrike
            result.registrable = result.registrable || found.registrable
            result.enhanceable = result.enhanceable || found.enhanceable
            result.gangEnhancement = result.gangEnhancement || found.gangEnhancement
            result.gogenSuperstrike = result.gogenSuperstrike || found.gogenSuperstrike
            result.gogenRegistrable = result.gogenRegistrable || found.gogenRegistrable
        }
        let together = result.enhanceable && result.gangEnhancement
        result.superstrike = result.superstrike || together
        result.gogenSuperstrike = result.gogenSuperstrike || together
        return result
    }

    /// ``isSuperstrike(_:)`` of a charge inside the lists' law codes, given the patterns of its section
    /// in one of the two superstrike lists (SealKit's or gogen's).
    private static func superstrikeInLists(_ charge: UnsafePointer<Charge>, patterns: [SectionPattern]?) -> ThreeValued
    {
        if charge.pointee.conspiracy { return .no }
        if charge.pointee.attempt && !(charge.pointee.section.map(homicide.contains) ?? false) { return .no }
        // 190.x (190.03, 190.05, …) are homicide sections of their own: read them as 190 (in both
        // lists alike).
        var section = charge.pointee.section
        var patterns = patterns
        if let text = section, ASCIIBytes.hasPrefix(text, "190.") {
            section = "190"
            patterns = index["190"]?.superstrike
        }
        guard let patterns, !patterns.isEmpty else { return .no }
        return anyMatches(patterns, charge, section: section)
    }
    /// Whether `charge` is an offense that a PC 186.22(b)(4) enhancement in its case makes a superstrike.
    package static func isEnhanceable(_ charge: borrowing Charge) -> ThreeValued {
        if charge.attempt || charge.conspiracy || outsideLists(charge) { return .no }
        return withUnsafePointer(to: charge) { anyMatches(enhanceable, $0, section: $0.pointee.section) }
    }

    /// Whether `charge` is the PC 186.22(b)(4) gang enhancement.
    package static func isGangEnhancement(_ charge: borrowing Charge) -> ThreeValued {
        if charge.attempt || charge.conspiracy || outsideLists(charge) { return .no }
        return gangEnhancement.matches(charge)
    }

    /// The patterns of the lists that name one section.
    struct ListPatterns: Sendable {
        var superstrike: [SectionPattern] = []
        var gogenSuperstrike: [SectionPattern] = []
        var registrable: [SectionPattern] = []
        var enhanceable: [SectionPattern] = []
        var gangEnhancement = false
    }

    /// The patterns of every list by section number.
    private static let index: ByteKeyTable<ListPatterns> = {
        var bySection: [String: ListPatterns] = [:]
        for pattern in superstrikes { bySection[pattern.section, default: ListPatterns()].superstrike.append(pattern) }
        for pattern in gogenSuperstrikes {
            bySection[pattern.section, default: ListPatterns()].gogenSuperstrike.append(pattern)
        }
        for pattern in registrable { bySection[pattern.section, default: ListPatterns()].registrable.append(pattern) }
        for pattern in enhanceable { bySection[pattern.section, default: ListPatterns()].enhanceable.append(pattern) }
        bySection[gangEnhancement.section, default: ListPatterns()].gangEnhancement = true
        return ByteKeyTable(bySection.map { ($0.key, $0.value) })
    }()

    /// Whether `charge` is a PC 290(c) registrable offense, or an attempt or conspiracy to commit one.
    package static func isRegistrable(_ charge: borrowing Charge) -> ThreeValued {
        if outsideLists(charge) { return .no }
        guard let patterns = charge.section.flatMap({ index[$0] })?.registrable else { return .no }
        return withUnsafePointer(to: charge) { anyMatches(patterns, $0, section: $0.pointee.section) }
    }

    /// "Some pattern matches", three-valued (``ThreeValued/any(_:_:)`` without a closure, which could
    /// not hold the borrowed charge).
    private static func anyMatches(
        _ patterns: [SectionPattern],
        _ charge: UnsafePointer<Charge>,
        section: String?
    ) -> ThreeValued {
        var result = ThreeValued.no
        for pattern in patterns {
            switch pattern.matches(charge, section: section) {
            case .yes: return .yes
            case .unknown: result = .unknown
            case .no: break
            }
        }
        return result
    }
}
