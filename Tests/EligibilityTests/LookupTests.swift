import Deidentified
import SealCore
import Testing

@testable import Eligibility

/// The byte-level look-ups the engine uses in its loops: they must answer exactly as the string
/// comparisons and dictionaries they replace.
@Suite("Byte look-ups: ByteKeyTable, ASCIIBytes, the lists' one-look-up listing")
struct LookupTests {
    @Test("a ByteKeyTable finds every key it was made from and nothing else, as a Dictionary does")
    func tableMatchesDictionary() {
        var reference: [String: Int] = [:]
        for (index, code) in ReasonCode.allCases.map(\.name).sorted().enumerated() { reference[code] = index }
        for number in 0..<500 { reference["\(number).\(number % 7)"] = 1_000 + number }
        let table = ByteKeyTable(reference.map { ($0.key, $0.value) })
        #expect(table.count == reference.count)
        for (key, value) in reference { #expect(table[key] == value) }
        var probes = [
            "", "p", "twoPriors ", "TWOPRIORS", "twoPrior", "0.", "499.2x", "500.3", String(repeating: "a", count: 40),
        ]
        probes += reference.keys.map { $0 + "x" } + reference.keys.map { String($0.dropLast()) }
        for probe in probes { #expect(table[probe] == reference[probe], "\(probe)") }
        // A string bridged or built piecewise (not a literal) is found by its bytes.
        let built = ["two", "Priors"].joined()
        #expect(table[built] == reference["twoPriors"])
    }

    @Test("a ByteKeyTable tells apart keys that differ in one byte anywhere, and keys whose hashes collide")
    func tableComparesEveryByte() {
        // Every length up to 24 (shorter than a word, one word, word and a tail, words that overlap),
        // and each key with one byte changed at each position: the hash reads only the ends of a long
        // key, so the comparison must read the rest.
        var reference: [String: Int] = [:]
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for length in 0...24 {
            let key = String(decoding: alphabet.prefix(length), as: UTF8.self)
            reference[key] = length
        }
        // Keys that share their length and their first and last eight bytes: same hash, one probe each.
        for letter in "ABCDEFGHIJKLMNOPQRST" { reference["abcdefgh\(letter)ijklmnop"] = 100 }
        let table = ByteKeyTable(reference.map { ($0.key, $0.value) })
        for (key, value) in reference { #expect(table[key] == value, "\(key)") }
        var probes: [String] = ["abcdefghUijklmnop", "abcdefghijklmnop", "abcdefghAijklmnoq", "bbcdefghAijklmnop"]
        for length in 1...24 {
            for position in 0..<length {
                var bytes = Array(alphabet.prefix(length))
                bytes[position] = UInt8(ascii: "_")
                probes.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        for probe in probes { #expect(table[probe] == reference[probe], "\(probe)") }
    }

    @Test("a conviction's facts are plain values, so their memory is freed without deinitializing")
    func factsArePlainValues() {
        // SubjectFacts.with(_:_:) deallocates the facts without deinitializing them: a reference or a
        // string added to ConvictionFacts would leak there.
        #expect(_isPOD(ConvictionFacts.self))
        #expect(_isPOD(DayRange.self))
    }

    @Test("ASCIIBytes compares bytes: equal, prefix, Prop 64 section numbers")
    func asciiBytes() {
        #expect(ASCIIBytes.equal("parsed", "parsed"))
        #expect(!ASCIIBytes.equal("unparsed", "parsed"))
        #expect(!ASCIIBytes.equal("parse", "parsed"))
        #expect(!ASCIIBytes.equal("PARSED", "parsed"))
        #expect(!ASCIIBytes.equal(nil, "parsed"))
        let long = "convictionOnOrAfter:2016-11-09"
        #expect(ASCIIBytes.equal(long, "convictionOnOrAfter:2016-11-09"))
        #expect(!ASCIIBytes.equal(long, "convictionOnOrAfter:2014-11-05"))
        #expect(ASCIIBytes.hasPrefix("190.05", "190."))
        #expect(!ASCIIBytes.hasPrefix("190", "190."))
        #expect(!ASCIIBytes.hasPrefix("1905", "190."))
        // Canonically equivalent is not equal: a KELVIN SIGN is not the letter K.
        #expect("\u{212A}" == "K")
        #expect(!ASCIIBytes.equal("\u{212A}", "K"))
        let sections: [(String?, Int?)] = [
            ("11357", 0), ("11358", 1), ("11359", 2), ("11360", 3), ("11356", nil), ("11361", nil),
            ("1135", nil), ("113577", nil), ("11357 ", nil), (" 11357", nil), ("21357", nil), ("", nil), (nil, nil),
            ("11357.5", nil),
        ]
        for (section, expected) in sections {
            #expect(Prop64Section(number: section)?.index == expected, "\(section ?? "nil")")
            let charge = charge("HS", section)
            #expect((charge.prop64Section != nil) == (expected != nil))
            #expect(Prop64Section(number: section)?.text == expected.map { ["11357", "11358", "11359", "11360"][$0] })
        }
    }

    /// Homicide sections (category IV), whose attempts are superstrikes too (prop64-rules.md, C.5).
    let homicide: Set<String> = ["187", "188", "189", "189.1", "189.5", "190", "191", "191.5"]

    /// "Some pattern of `list` matches", over the whole list.
    func every(_ list: [SectionPattern], _ charge: Charge, _ section: String) -> ThreeValued {
        .any(list) { $0.matches(charge, section: section) }
    }

    @Test("the engine's one-look-up listing and the list functions answer as the lists' definitions")
    func listingMatchesListFunctions() {
        let patterns =
            ExclusionLists.superstrikes + ExclusionLists.gogenSuperstrikes + ExclusionLists.registrable
            + ExclusionLists.enhanceable + [ExclusionLists.gangEnhancement]
        var sections = Set(patterns.map(\.section))
        sections.formUnion(["190.03", "190.05", "11357", "459", "187.1", ""])
        var subsectionSets: Set<[String]> = [[], ["A"], ["B", "4"], ["C", "1", "B"], ["D", "3"], ["A", "1", "A"]]
        for pattern in patterns {
            switch pattern.subsections {
            case .exactly(let paths), .exactlyOrBareUnknown(let paths): subsectionSets.formUnion(paths)
            case .any: break
            }
        }
        var compared = 0
        for section in sections.sorted() {
            for lawCode in ["PC", "MV", nil, "HS"] as [String?] {
                for subsections in subsectionSets.sorted(by: { $0.joined(separator: ",") < $1.joined(separator: ",") })
                {
                    for (attempt, conspiracy) in [(false, false), (true, false), (false, true)] {
                        let charge = charge(
                            lawCode,
                            section,
                            subsections,
                            attempt: attempt,
                            conspiracy: conspiracy
                        )
                        guard !ExclusionLists.outsideLists(charge) else {
                            #expect(ExclusionLists.isSuperstrike(charge) == .no)
                            #expect(ExclusionLists.isRegistrable(charge) == .no)
                            continue
                        }
                        // The definitions, pattern by pattern over the whole lists (no index).
                        let completed = !attempt && !conspiracy
                        var superstrike = ThreeValued.no
                        var gogenSuperstrike = ThreeValued.no
                        if !conspiracy && (!attempt || homicide.contains(section)) {
                            let read = section.hasPrefix("190.") ? "190" : section
                            superstrike = every(ExclusionLists.superstrikes, charge, read)
                            gogenSuperstrike = every(ExclusionLists.gogenSuperstrikes, charge, read)
                        }
                        // SealKit: an attempt or conspiracy to commit a registrable offense counts (PC
                        // 290(c)(1)); gogen: completed offenses only.
                        let registrable = every(ExclusionLists.registrable, charge, section)
                        let gogenRegistrable = completed ? registrable : .no
                        let enhanceable = completed ? every(ExclusionLists.enhanceable, charge, section) : .no
                        let gang = completed ? ExclusionLists.gangEnhancement.matches(charge) : .no

                        let listing = withUnsafePointer(to: charge) { ExclusionLists.listing($0) }
                        #expect(listing.superstrike == superstrike)
                        #expect(listing.gogenSuperstrike == gogenSuperstrike)
                        #expect(listing.registrable == registrable)
                        #expect(listing.gogenRegistrable == gogenRegistrable)
                        #expect(listing.enhanceable == enhanceable)
                        #expect(listing.gangEnhancement == gang)
                        #expect(ExclusionLists.isSuperstrike(charge) == superstrike)
                        #expect(ExclusionLists.isRegistrable(charge) == registrable)
                        #expect(ExclusionLists.isEnhanceable(charge) == enhanceable)
                        #expect(ExclusionLists.isGangEnhancement(charge) == gang)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 10_000)
    }
}
