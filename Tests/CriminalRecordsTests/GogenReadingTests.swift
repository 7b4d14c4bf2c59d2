import Foundation
import Testing

@testable import CriminalRecords

@Suite("gogen's reading of a conviction row")
struct GogenReadingTests {
    /// gogen's rules, written plainly (the reading as it was before the look-ups were made to share
    /// their lists): the sections found before the first `-`, in order of position; FELONY; a
    /// leading 11357(A) or 11357(B); the sentence in hours.
    static func expected(source: [UInt8], status: [UInt8], length: [UInt8], unit: [UInt8]) -> GogenReading {
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
            sections: found.map(\.1),
            felony: status == Array("FELONY".utf8),
            la11357AB: text.hasPrefix("11357(A)") || text.hasPrefix("11357(B)"),
            sentenceHours: hours == 0 ? 0 : GogenReading.goAtoi(ArraySlice(length)) * hours
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
        let statuses = ["FELONY", "MISDEMEANOR", "felony", ""]
        let units = ["D", "M", "Y", "", "DD", "d", "-"]
        let lengths = ["30", "", "-2", "+5", "1234567890", "x"]
        var checked = 0
        for (index, source) in sources.enumerated() {
            let status = statuses[index % statuses.count]
            let unit = units[index % units.count]
            let length = lengths[index % lengths.count]
            let bytes = (Array(source.utf8), Array(status.utf8), Array(length.utf8), Array(unit.utf8))
            let read = GogenReading.read(
                source: ArraySlice(bytes.0),
                status: ArraySlice(bytes.1),
                length: ArraySlice(bytes.2),
                unit: ArraySlice(bytes.3)
            )
            #expect(
                read == Self.expected(source: bytes.0, status: bytes.1, length: bytes.2, unit: bytes.3),
                "\(source)"
            )
            checked += 1
        }
        #expect(checked > 700)
    }
}
