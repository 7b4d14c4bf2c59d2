import CriminalRecords
import Foundation
import SealCore
import TestSupport
import Testing

@Suite("Seeded DOJ file generator")
struct GeneratorTests {
    func generate(
        _ options: DOJFileGenerator.Options
    ) throws -> (bytes: [UInt8], statistics: DOJFileGenerator.Statistics) {
        var bytes: [UInt8] = []
        let statistics = try DOJFileGenerator(options: options).generate { bytes.append(contentsOf: $0) }
        return (bytes, statistics)
    }

    @Test("the same seed gives the same bytes; another seed other bytes; exactly the rows asked for")
    func determinism() throws {
        let options = DOJFileGenerator.Options(county: "Los Angeles", rows: 3000, seed: 42)
        let first = try generate(options)
        let second = try generate(options)
        #expect(first.bytes == second.bytes)
        #expect(first.statistics.rows == 3000)
        #expect(first.bytes.filter { $0 == 0x0A }.count == 3001)
        var other = options
        other.seed = 43
        #expect(try generate(other).bytes != first.bytes)
    }

    @Test(
        "every event follows the date of birth by 10 years or more and none is after --until",
        arguments: [("2019-12-31", 20_000), ("1962-01-01", 3_000), ("9999-12-31", 3_000)]
    )
    func plausibleDates(untilText: String, rows: Int) throws {
        let until = CalendarDate(iso: untilText)!
        #expect(DOJFileGenerator.untilRange.contains(until))
        let (bytes, _) = try generate(DOJFileGenerator.Options(county: "FRESNO", rows: rows, seed: 7, until: until))
        var options = DOJReadOptions()
        options.referenceDate = until
        let result = try readDOJ(bytes: bytes, options: options)
        #expect(result.summary.dataRows == rows)
        #expect(result.summary.grouped)
        var withoutBirthDate = 0
        var undated = 0
        for subject in result.subjects {
            // A subject of one row whose PRI_DOB is the generator's blank or invalid first-row quirk
            // has none.
            guard let birth = subject.dateOfBirth.revealed.exactDate else {
                withoutBirthDate += 1
                continue
            }
            for event in subject.events {
                // Only superstrike convictions are written undated (the generator's quirk).
                guard let date = event.eventDate.exactDate else {
                    #expect(event.disposition.isConviction && event.offense.section?.number == "187")
                    undated += 1
                    continue
                }
                #expect(date >= birth.anniversary(10))
                #expect(date <= until)
                #expect(date >= CalendarDate(iso: "1961-01-01")!)
            }
            let bad = subject.flags.filter { [.eventBeforeBirth, .implausibleAge, .dateInFuture].contains($0.kind) }
            #expect(bad.isEmpty)
        }
        #expect(withoutBirthDate * 100 <= result.subjects.count)
        #expect(undated * 200 <= rows)
    }

    @Test(
        "the quirks gogen reads otherwise are written: first-row birth dates, DECEASED spellings, blank levels, undated superstrikes, combined charges"
    )
    func quirks() throws {
        let (bytes, _) = try generate(DOJFileGenerator.Options(county: "LOS ANGELES", rows: 60_000, seed: 7))
        var options = DOJReadOptions()
        options.referenceDate = CalendarDate(iso: "2020-06-30")!
        let subjects = try readDOJ(bytes: bytes, options: options).subjects
        var counts: [String: Int] = [:]
        for subject in subjects {
            if subject.gogen.zeroBirthDate { counts["zeroBirthDate", default: 0] += 1 }
            if subject.isDeceased && !subject.gogen.deceased { counts["deceasedSpelling", default: 0] += 1 }
            for conviction in subject.convictions {
                let event = subject.events[conviction.eventIndex]
                if let gogen = event.gogen, gogen.felony != (conviction.level == .felony) {
                    counts["levelSpace", default: 0] += 1
                }
                if event.gogen?.zeroDate == true && conviction.offense.section?.number == "187" {
                    counts["undatedSuperstrike", default: 0] += 1
                }
                if conviction.offense.isCombined {
                    counts[conviction.offense.combinesProp64Section ? "combinedProp64" : "combined", default: 0] += 1
                }
            }
        }
        for quirk in [
            "zeroBirthDate", "deceasedSpelling", "levelSpace", "undatedSuperstrike", "combinedProp64", "combined",
        ] {
            #expect(counts[quirk, default: 0] > 0, "\(quirk): \(counts)")
        }
    }

    @Test("flag places: the first 20 by line, whatever order the subjects come in, with the total; no value")
    func flagPlaces() throws {
        let (bytes, _) = try generate(
            DOJFileGenerator.Options(county: "LOS ANGELES", rows: 4_000, seed: 12, defectRate: 0.03)
        )
        var options = DOJReadOptions()
        options.collectRejects = true
        let result = try readDOJ(bytes: bytes, options: options)
        let every = result.subjects.flatMap(\.flags).compactMap { flag in
            flag.line.map { FileProfile.FlagPlace(line: $0, column: flag.column?.label, flag: flag.kind.rawValue) }
        }
        #expect(every.count > 40)
        // The same subjects added in three orders give the same places: the smallest lines.
        for order in [result.subjects, result.subjects.reversed(), result.subjects.shuffled()] {
            var profile = FileProfile()
            for subject in order { profile.add(subject) }
            #expect(profile.flagsWithPlace == every.count)
            #expect(profile.flagPlaces == Array(every.sorted().prefix(FileProfile.maximumFlagPlaces)))
        }
        let place = FileProfile.FlagPlace(line: 41, column: "column 41 (STP_EVENT_DATE)", flag: "dateUnparseable")
        #expect(place.description == "41: column 41 (STP_EVENT_DATE): dateUnparseable")
        #expect(FileProfile.FlagPlace(line: 6, column: nil, flag: "malformedRow").description == "6: malformedRow")
    }

    @Test(
        "coverage: every Prop 64 section, attempts, conspiracies, comment charges, registrations, deaths, counties, units"
    )
    func coverage() throws {
        let (bytes, _) = try generate(DOJFileGenerator.Options(county: "SAN DIEGO", rows: 30_000, seed: 11))
        let result = try readDOJ(bytes: bytes)
        var profile = FileProfile()
        var units: Set<String> = []
        var subsections: Set<String> = []
        var felonies = 0
        var misdemeanors = 0
        var withoutCourt = 0
        for subject in result.subjects {
            profile.add(subject)
            for conviction in subject.convictions {
                for part in conviction.sentenceParts {
                    switch part {
                    case .days: units.insert("D")
                    case .months: units.insert("M")
                    case .years: units.insert("Y")
                    default: break
                    }
                }
                if conviction.offense.prop64Section != nil {
                    subsections.formUnion(conviction.offense.section?.subsections ?? [])
                }
                if conviction.level == .felony { felonies += 1 }
                if conviction.level == .misdemeanor { misdemeanors += 1 }
            }
            let cycles = Set(subject.events.compactMap { $0.countOrder?.cycle })
            for cycle in cycles
            where !subject.events.contains(where: { $0.countOrder?.cycle == cycle && $0.stepType == .courtAction }) {
                withoutCourt += 1
            }
        }
        #expect(Set(profile.prop64ConvictionsBySection.keys) == ["HS 11357", "HS 11358", "HS 11359", "HS 11360"])
        #expect(subsections.isSuperset(of: ["A", "B", "C", "D"]))
        #expect(profile.prop64Attempts > 0)
        #expect(profile.prop64Conspiracies > 0)
        #expect(profile.flags["chargeFromComment", default: 0] > 0)
        #expect(profile.pc290Registrants > 0)
        #expect(profile.deceasedSubjects > 0)
        #expect(profile.rowsByCounty.count > 5)
        #expect(units == ["D", "M", "Y"])
        #expect(felonies > 0 && misdemeanors > 0)
        #expect(withoutCourt > 0)
        #expect(result.subjects.contains { $0.convictions.contains { $0.offense.section?.number == "187" } })
    }

    @Test("--defects damages the asked share of rows, in both classes")
    func defects() throws {
        let (bytes, statistics) = try generate(
            DOJFileGenerator.Options(county: "KERN", rows: 20_000, seed: 3, defectRate: 0.05)
        )
        #expect(statistics.defects > 700 && statistics.defects < 1300)
        var options = DOJReadOptions()
        options.collectRejects = true
        let result = try readDOJ(bytes: bytes, options: options)
        #expect(result.summary.rejectedByKind[.wrongFieldCount, default: 0] > 0)
        #expect(result.summary.rejectedByKind[.csvSyntax, default: 0] > 0)
        var kinds: Set<RecordFlag.Kind> = []
        for subject in result.subjects { kinds.formUnion(subject.flags.map(\.kind)) }
        #expect(kinds.isSuperset(of: [.dateUnparseable, .dateImprecise, .malformedCountOrder, .malformedRow]))
        // Strict mode refuses the same file.
        #expect(throws: DOJReadError.self) { try readDOJ(bytes: bytes) }
    }
}
