import Foundation
import SealCore
import Testing

@testable import CriminalRecords

@Suite("gogen's reading of a conviction row")
struct GogenReadingTests {
    /// gogen's rules, written plainly (the reading as it was before the look-ups were made to share
    /// their lists): the sections found before the first `-`, in order of position; FELONY; a
    /// leading 11357(A) or 11357(B); the sentence in hours.
    static func expected(
        source: [UInt8],
        status: [UInt8],
        toc: [UInt8],
        length: [UInt8],
        unit: [UInt8],
        zeroDate: Bool
    ) -> GogenReading {
        let head = Array(source.prefix { $0 != UInt8(ascii: "-") })
        let text = String(decoding: head, as: UTF8.self)
        var found: [(Int, String)] = []
        for section in ["11357", "11358", "11359", "11360"] {
            if let range = text.range(of: section) {
                found.append((text.distance(from: text.startIndex, to: range.lowerBound), section))
            }
        }
        found.sort { $0.0 < $1.0 }
        let hours = ["D": 24, "M": 732, "Y": 8784][String(decoding: unit, as: UTF8.self)] ?? 0
        return GogenReading(
            sections: found.map { Prop64Section(rawValue: $0.1)! },
            felony: status == Array("FELONY".utf8) || (status.isEmpty && toc == Array("F".utf8)),
            la11357AB: text.hasPrefix("11357(A)") || text.hasPrefix("11357(B)"),
            sentenceHours: hours == 0 ? 0 : GogenReading.goAtoi(ArraySlice(length)) * hours,
            zeroDate: zeroDate
        )
    }

    @Test("sections in every order and count, before and after a dash; levels; units; lengths")
    func readingAgreesWithRules() {
        let pieces = ["11357", "11358", "11359", "11360", "11357(A)", "11357(B)", "HS ", "-", "PC 459", "113", " "]
        var sources: [String] = [""]
        for a in pieces {
            sources.append(a)
            for b in pieces {
                sources.append(a + b)
                for c in pieces.prefix(6) { sources.append(a + b + c) }
            }
        }
        let statuses = ["FELONY", "MISDEMEANOR", "felony", "", " ", "FELONY "]
        let tocs = ["F", "M", "", " F", "f", "F "]
        let units = ["D", "M", "Y", "", "DD", "d", "-"]
        let lengths = ["30", "", "-2", "+5", "1234567890", "x"]
        var checked = 0
        var felonies = 0
        for (index, source) in sources.enumerated() {
            let status = statuses[index % statuses.count]
            let toc = tocs[(index / statuses.count) % tocs.count]
            let unit = units[index % units.count]
            let length = lengths[index % lengths.count]
            let bytes = (Array(source.utf8), Array(status.utf8), Array(length.utf8), Array(unit.utf8))
            let read = GogenReading.read(
                source: ArraySlice(bytes.0),
                status: ArraySlice(bytes.1),
                typeOfCharge: ArraySlice(toc.utf8),
                length: ArraySlice(bytes.2),
                unit: ArraySlice(bytes.3),
                eventDate: ArraySlice((index % 3 == 0 ? "" : "20100301").utf8)
            )
            #expect(
                read
                    == Self.expected(
                        source: bytes.0,
                        status: bytes.1,
                        toc: Array(toc.utf8),
                        length: bytes.2,
                        unit: bytes.3,
                        zeroDate: index % 3 == 0
                    ),
                "\(source)"
            )
            if read.felony { felonies += 1 }
            checked += 1
        }
        #expect(checked > 700)
        #expect(felonies > 0 && felonies < checked)
    }

    @Test("gogen's felony test: exactly FELONY, or an exactly empty level with OFFENSE_TOC exactly F")
    func felonyFromTypeOfCharge() {
        func felony(_ status: String, _ toc: String) -> Bool {
            GogenReading.read(
                source: ArraySlice("11357 HS".utf8),
                status: ArraySlice(status.utf8),
                typeOfCharge: ArraySlice(toc.utf8),
                length: [],
                unit: [],
                eventDate: ArraySlice("20100301".utf8)
            ).felony
        }
        #expect(felony("FELONY", "M"))
        #expect(felony("", "F"))
        #expect(!felony("", " F"))
        #expect(!felony("", "f"))
        #expect(!felony(" ", "F"))
        #expect(!felony("MISDEMEANOR", "F"))
        #expect(!felony("FELONY ", ""))
    }

    @Test("gogen's other raw tests: its comment choice, Go's date parsing")
    func rawTests() {
        #expect(GogenReading.chargeFromComment(ArraySlice("  ".utf8)))
        #expect(GogenReading.chargeFromComment(ArraySlice(" SEE COMMENT FOR CHARGE\t".utf8)))
        #expect(!GogenReading.chargeFromComment(ArraySlice("see comment for charge".utf8)))
        #expect(!GogenReading.chargeFromComment(ArraySlice("SEE  COMMENT FOR CHARGE".utf8)))
        #expect(!GogenReading.chargeFromComment(ArraySlice("11357 HS".utf8)))
        for valid in ["19800101", "20000229", "19991231", "00010101"] {
            #expect(GogenReading.goParsesDate(ArraySlice(valid.utf8)), "\(valid)")
        }
        for invalid in [
            "", "1980010", "198001011", "19800100", "19801301", "19000229", "19800132", " 9800101", "1980-01-01",
        ] {
            #expect(!GogenReading.goParsesDate(ArraySlice(invalid.utf8)), "\(invalid)")
        }
    }
}
