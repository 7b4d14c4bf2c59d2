/// Writes realistic, fabricated DOJ research files, deterministically: the same options give the
/// same bytes on every machine. It never reads the clock.
///
/// ### Distributions (all fabricated)
/// - Subjects: SUBJECT_ID ascending from a seeded 8-digit start (so files are sorted); born 19 to 75
///   years before `until`; 75% M; race codes W/H/B/A/O/U weighted 30/36/22/6/5/1; CII either ten
///   digits or a letter and nine digits; made-up SSN, CDL and FBI numbers.
/// - Histories: 1 to 8 cycles (weighted towards 1–2), dated from age 14 (never before 1961-01-01)
///   to a month before `until`; every event is after the date of birth and, from age 10, on or before
///   `until`. 20% of subjects have some cycles in another county.
/// - Each cycle: an arrest (step 001) with 1–3 counts; in 85% of cycles a court action a month later
///   (step 002) with the same counts: 70% convicted (jail, probation or prison), 30% dismissed.
/// - Charges: 40% Prop 64, in every written form of the reference (subsections, `664/`, `664-`, glued
///   `664`, `182/`, `182(A)(1)/`), 3% written only in COMMENT_TEXT (`SEE COMMENT FOR CHARGE`), the rest
///   from a list that includes super strikes (PC 187, 664/187) and PC 290 registrable offenses.
/// - Levels follow each charge's felony share; sentences are days (jail), months (probation, 40% of
///   felony probation with a second jail part on its own row) or years (prison); fines have no length.
/// - A registrable conviction adds a PC 290 REGISTRATION row; 3% of subjects end with a DECEASED row.
/// - Columns the generator does not set hold `  -  ` (as gogen's generator writes), quoted by Go's
///   `csv.Writer` rules (a field starting with a space is quoted).
/// - `defectRate`: that share of rows is damaged on purpose, one defect each, chosen evenly from:
///   an ISO date, a year-only date, an empty event date, a non-numeric sentence length, a short
///   CNT_ORDER, an unreadable charge (field-level: the row is kept and flagged), a missing field, a
///   bare quote (file-level: rejected with `--rejects`).
public struct DOJFileGenerator {
    public struct Options: Sendable {
        public var county: String
        public var rows: Int
        public var seed: UInt64
        public var until: CalendarDate
        public var defectRate: Double

        public init(
            county: String,
            rows: Int,
            seed: UInt64,
            until: CalendarDate = CalendarDate(year: 2020, month: 6, day: 30)!,
            defectRate: Double = 0
        ) {
            self.county = county
            self.rows = rows
            self.seed = seed
            self.until = until
            self.defectRate = defectRate
        }
    }

    /// What was written.
    public struct Statistics: Sendable {
        public var rows = 0
        public var subjects = 0
        public var bytes = 0
        public var defects = 0
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Writes the header and `rows` data rows, handing the bytes to `sink` in chunks of about 4 MiB.
    public func generate(into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Statistics {
        try withoutActuallyEscaping(sink) { escapable in try generate(writer: RowWriter(sink: escapable)) }
    }

    private func generate(writer: RowWriter) throws -> Statistics {
        var writer = writer
        var random = SeededRandom(seed: options.seed)
        var statistics = Statistics()
        try writer.header()
        var subjectNumber = 10_000_000 + random.int(0...8_999_999) / 100 * 100
        let county = options.county.uppercased()
        while statistics.rows < options.rows {
            var subject = SubjectPlan(id: subjectNumber, random: &random, options: options, county: county)
            statistics.subjects += 1
            try subject.write(
                to: &writer,
                random: &random,
                limit: options.rows - statistics.rows,
                statistics: &statistics
            )
            subjectNumber += 1 + random.int(0...20)
        }
        try writer.flush()
        statistics.bytes = writer.totalBytes
        return statistics
    }
}

/// One fabricated subject's identity and the plan of its rows.
private struct SubjectPlan {
    let identity: [UInt8]  // columns 0...34, already encoded, ending with a comma
    let birth: CalendarDate
    let options: DOJFileGenerator.Options
    let homeCounty: String
    let otherCounty: String?
    let deceased: Bool

    init(id: Int, random: inout SeededRandom, options: DOJFileGenerator.Options, county: String) {
        self.options = options
        homeCounty = county
        let until = options.until
        let birthYear = random.int((until.year - 75)...(until.year - 19))
        birth = CalendarDate(year: birthYear, month: random.int(1...12), day: random.int(1...28))!
        otherCounty = random.chance(0.2) ? random.element(GeneratorTables.counties.filter { $0 != county }) : nil
        deceased = random.chance(0.03)

        var fields = [[UInt8]](repeating: RowWriter.filler, count: 35)
        func set(_ column: DOJColumn, _ text: String) { fields[column.rawValue] = Array(text.utf8) }
        let cii =
            random.chance(0.6)
            ? "1" + RowWriter.digits(random.int(0...999_999_999), width: 9)
            : String(UnicodeScalar(UInt8(65 + random.int(0...25))))
                + RowWriter.digits(random.int(0...999_999_999), width: 9)
        set(.recordId, "x")
        set(.subjectId, String(id))
        set(.reqSegSep, "#")
        set(.piiSegSep, "#")
        set(.ciiNumber, cii)
        let name = "\(random.element(GeneratorTables.lastNames)),\(random.element(GeneratorTables.firstNames))"
        set(.priName, random.chance(0.6) ? name + " \(String(UnicodeScalar(UInt8(65 + random.int(0...25)))))" : name)
        set(.gender, random.chance(0.75) ? "M" : "F")
        set(.priDob, RowWriter.dateText(birth))
        set(.priSsn, String(random.int(1...7)) + RowWriter.digits(random.int(0...99_999_999), width: 8))
        set(
            .priCdl,
            String(UnicodeScalar(UInt8(65 + random.int(0...25))))
                + RowWriter.digits(random.int(0...9_999_999), width: 7)
        )
        set(.fbiNumber, RowWriter.digits(random.int(0...999_999), width: 6) + "AB" + String(random.int(0...9)))
        set(.pdrSegSep, "#")
        let race = random.weighted(GeneratorTables.races)
        set(.raceCode, race.0)
        set(.raceDescr, race.1)
        var encoded: [UInt8] = []
        for field in fields {
            RowWriter.appendField(field, to: &encoded)
            encoded.append(UInt8(ascii: ","))
        }
        identity = encoded
    }

    mutating func write(
        to writer: inout RowWriter,
        random: inout SeededRandom,
        limit: Int,
        statistics: inout DOJFileGenerator.Statistics
    ) throws {
        var remaining = limit
        let until = options.until
        let firstPossible = max(birth.anniversary(14), CalendarDate(year: 1961, month: 1, day: 1)!)
        let lastPossible = until.adding(days: -31)
        let cycleCount = random.weighted([(1, 35), (2, 25), (3, 15), (4, 10), (5, 8), (6, 5), (8, 2)])
        var cycleDates: [CalendarDate] = []
        if firstPossible >= lastPossible {
            cycleDates = [max(birth.anniversary(10), until.adding(days: -40))]
        } else {
            let span = lastPossible.dayNumber - firstPossible.dayNumber
            cycleDates = (0..<cycleCount).map { _ in firstPossible.adding(days: random.int(0...span)) }.sorted()
        }
        var lastEvent = cycleDates.last!
        for (offset, cycleDate) in cycleDates.enumerated() {
            let cycle = 101 + offset
            let county = otherCounty != nil && random.chance(0.35) ? otherCounty! : homeCounty
            let countCount = random.weighted([(1, 55), (2, 30), (3, 15)])
            let charges = (0..<countCount).map { _ in Self.pickCharge(&random) }
            let age = birth.completedYears(at: cycleDate)
            // Arrest rows.
            for (index, charge) in charges.enumerated() {
                guard remaining > 0 else { return }
                var row = RowValues(cycle: cycle, step: 1, count: index + 1, cycleDate: cycleDate, eventDate: cycleDate)
                row.stepType = "ARREST/DETAINED/CITED"
                row.agency = "CAPD" + county
                row.county = county
                row.offense = charge.commentOnly ? "SEE COMMENT FOR CHARGE" : charge.text
                row.comment = charge.commentOnly ? charge.text : nil
                row.toc = charge.felony ? "F" : "M"
                row.disposition = random.chance(0.05) ? "REL/TOT OTHER JURIS/AUTH" : nil
                row.age = age
                try emit(row, to: &writer, random: &random, statistics: &statistics)
                remaining -= 1
            }
            // Court action a month later.
            let courtDate = cycleDate.adding(days: 30)
            guard random.chance(0.85), courtDate <= until else { continue }
            lastEvent = max(lastEvent, courtDate)
            let ofn =
                String(UnicodeScalar(UInt8(65 + random.int(0...25)))) + "A"
                + RowWriter.digits(random.int(0...999_999), width: 6)
            var registrable = false
            for (index, charge) in charges.enumerated() {
                guard remaining > 0 else { return }
                var row = RowValues(cycle: cycle, step: 2, count: index + 1, cycleDate: cycleDate, eventDate: courtDate)
                row.stepType = "COURT ACTION"
                row.agency = "CASC" + county
                row.county = county
                row.dispositionDate = courtDate
                row.offenseNumber = index == 0 ? ofn : nil
                row.courtCase = ofn
                row.offense = charge.commentOnly ? "SEE COMMENT FOR CHARGE" : charge.text
                row.comment = charge.commentOnly ? charge.text : nil
                row.toc = charge.felony ? "F" : "M"
                row.age = age
                let convicted = random.chance(0.7)
                var secondPart: (String, Int, String)? = nil
                if convicted {
                    row.level = charge.felony ? "FELONY" : "MISDEMEANOR"
                    if charge.felony {
                        if random.chance(0.3) {
                            row.disposition = "CONVICTED-PRISON"
                            row.sentence = ("PRISON", random.int(1...6), "Y")
                        } else {
                            row.disposition = "CONVICTED-PROBATION"
                            row.sentence = ("PROBATION", random.int(12...60), "M")
                            if random.chance(0.4) { secondPart = ("JAIL", random.int(30...365), "D") }
                        }
                    } else {
                        switch random.int(0...2) {
                        case 0:
                            row.disposition = "CONVICTED-JAIL"
                            row.sentence = ("JAIL", random.int(1...365), "D")
                        case 1:
                            row.disposition = "CONVICTED-PROBATION"
                            row.sentence = ("PROBATION", random.int(12...36), "M")
                        default:
                            row.disposition = "CONVICTED"
                            row.sentence = ("FINE", nil, nil)
                        }
                    }
                    registrable = registrable || charge.registrable
                } else {
                    row.disposition = "DISMISSED/CHARGE DROPPED"
                    row.level = charge.felony ? "FELONY" : nil
                }
                try emit(row, to: &writer, random: &random, statistics: &statistics)
                remaining -= 1
                if let secondPart, remaining > 0 {
                    row.sentence = (secondPart.0, secondPart.1, secondPart.2)
                    row.offenseNumber = nil
                    try emit(row, to: &writer, random: &random, statistics: &statistics)
                    remaining -= 1
                }
            }
            let registrationDate = courtDate.adding(days: 60)
            if registrable, registrationDate <= until, remaining > 0 {
                var row = RowValues(cycle: cycle, step: 3, count: 1, cycleDate: cycleDate, eventDate: registrationDate)
                row.stepType = "REGISTRATION"
                row.agency = "CASO" + county
                row.county = county
                row.offense = "290 PC-REGISTRATION OF SEX OFFENDER"
                row.age = age
                try emit(row, to: &writer, random: &random, statistics: &statistics)
                remaining -= 1
                lastEvent = max(lastEvent, registrationDate)
            }
        }
        if deceased, remaining > 0, lastEvent < until {
            let span = until.dayNumber - lastEvent.dayNumber
            let date = lastEvent.adding(days: random.int(1...max(1, span)))
            var row = RowValues(cycle: 101 + cycleDates.count, step: 1, count: 1, cycleDate: date, eventDate: date)
            row.stepType = "DECEASED"
            row.agency = "CACO" + homeCounty
            row.county = homeCounty
            try emit(row, to: &writer, random: &random, statistics: &statistics)
        }
    }

    private func emit(
        _ row: RowValues,
        to writer: inout RowWriter,
        random: inout SeededRandom,
        statistics: inout DOJFileGenerator.Statistics
    ) throws {
        var row = row
        var defect: Int? = nil
        if options.defectRate > 0 && random.chance(options.defectRate) {
            defect = random.int(0...7)
            statistics.defects += 1
        }
        switch defect {
        case 0: row.eventDateText = Array(RowWriter.isoText(row.eventDate).utf8)
        case 1: row.eventDateText = Array((RowWriter.digits(row.eventDate.year, width: 4) + "0000").utf8)
        case 2: row.eventDateText = []
        case 3:
            row.sentence = (row.sentence?.0 ?? "JAIL", nil, "D")
            row.badLength = true
        case 4: row.countOrderText = Array(String(row.cycle).utf8)
        case 5: row.offense = "SEE PAPERWORK"
        default: break
        }
        try writer.row(identity: identity, row, dropLastField: defect == 6, bareQuote: defect == 7)
        statistics.rows += 1
    }

    private static func pickCharge(
        _ random: inout SeededRandom
    ) -> (text: String, felony: Bool, commentOnly: Bool, registrable: Bool) {
        if random.chance(0.03) {
            return (random.element(GeneratorTables.commentCharges), random.chance(0.5), true, false)
        }
        let charge =
            random.chance(0.4)
            ? random.weighted(GeneratorTables.prop64Charges) : random.weighted(GeneratorTables.otherCharges)
        return (charge.text, random.chance(charge.felonyShare), false, charge.registrable)
    }
}

/// The per-row columns (35...94) of one generated row.
private struct RowValues {
    let cycle: Int
    let step: Int
    let count: Int
    let cycleDate: CalendarDate
    let eventDate: CalendarDate
    var eventDateText: [UInt8]? = nil
    var countOrderText: [UInt8]? = nil
    var stepType = ""
    var agency = ""
    var county = ""
    var dispositionDate: CalendarDate? = nil
    var offenseNumber: String? = nil
    var courtCase: String? = nil
    var offense = ""
    var toc = ""
    var disposition: String? = nil
    var level: String? = nil
    var sentence: (String, Int?, String?)? = nil
    var badLength = false
    var age: Int? = nil
    var comment: String? = nil

    init(cycle: Int, step: Int, count: Int, cycleDate: CalendarDate, eventDate: CalendarDate) {
        self.cycle = cycle
        self.step = step
        self.count = count
        self.cycleDate = cycleDate
        self.eventDate = eventDate
    }
}

/// Encodes rows with Go `csv.Writer` quoting and hands them over in chunks.
private struct RowWriter {
    static let filler = Array("  -  ".utf8)
    static let encodedFiller = Array("\"  -  \"".utf8)
    let sink: (UnsafeRawBufferPointer) throws -> Void
    var buffer: [UInt8] = []
    var totalBytes = 0

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 22 + 8192)
    }

    mutating func header() throws {
        buffer.append(contentsOf: Array(DOJColumn.names.joined(separator: ",").utf8))
        buffer.append(0x0A)
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        totalBytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Go's `fieldNeedsQuotes`: a separator, quote, CR or LF anywhere, or a leading space or tab.
    static func appendField(_ field: [UInt8], to output: inout [UInt8]) {
        guard !field.isEmpty else { return }
        let needsQuotes =
            field[0] == 0x20 || field[0] == 0x09
            || field.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            output.append(contentsOf: field)
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { output.append(UInt8(ascii: "\"")) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func text(_ value: String) {
        Self.appendField(Array(value.utf8), to: &buffer)
        buffer.append(UInt8(ascii: ","))
    }

    private mutating func raw(_ bytes: [UInt8]) {
        Self.appendField(bytes, to: &buffer)
        buffer.append(UInt8(ascii: ","))
    }

    private mutating func filler(_ count: Int = 1) {
        for _ in 0..<count {
            buffer.append(contentsOf: Self.encodedFiller)
            buffer.append(UInt8(ascii: ","))
        }
    }

    private mutating func date(_ value: CalendarDate) {
        Self.appendDate(value, to: &buffer)
        buffer.append(UInt8(ascii: ","))
    }

    static func appendDate(_ date: CalendarDate, to output: inout [UInt8]) {
        let y = date.year
        output.append(UInt8(48 + y / 1000 % 10))
        output.append(UInt8(48 + y / 100 % 10))
        output.append(UInt8(48 + y / 10 % 10))
        output.append(UInt8(48 + y % 10))
        output.append(UInt8(48 + date.month / 10))
        output.append(UInt8(48 + date.month % 10))
        output.append(UInt8(48 + date.day / 10))
        output.append(UInt8(48 + date.day % 10))
    }

    static func dateText(_ date: CalendarDate) -> String {
        var bytes: [UInt8] = []
        appendDate(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isoText(_ date: CalendarDate) -> String { date.description }

    static func digits(_ value: Int, width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    mutating func row(identity: [UInt8], _ row: RowValues, dropLastField: Bool, bareQuote: Bool) throws {
        buffer.append(contentsOf: identity)
        text("#")  // 35 CYC_SEG_SEP
        text(String(row.cycle))  // 36 CYC_ORDER
        date(row.cycleDate)  // 37 CYC_DATE
        text("#")  // 38 STP_SEG_SEP
        text(String(row.step))  // 39 STP_ORDER
        if let override = row.eventDateText { raw(override) } else { date(row.eventDate) }  // 40
        filler()  // 41 STP_TYPE_CODE
        text(row.stepType)  // 42
        filler(3)  // 43-45
        if bareQuote {
            buffer.append(contentsOf: Array(row.agency.utf8) + [UInt8(ascii: "\"")])
            buffer.append(44)
        } else {
            text(row.agency)
        }  // 46
        filler()  // 47
        text(row.county)  // 48
        text("#")  // 49 CNT_SEG_SEP
        if let override = row.countOrderText {
            raw(override)
        } else {
            let order =
                Self.digits(row.cycle, width: 3) + Self.digits(row.step, width: 3) + Self.digits(row.count, width: 3)
                + "000"
            text(order)
        }  // 50
        if let dispositionDate = row.dispositionDate { date(dispositionDate) } else { filler() }  // 51 DISP_DATE
        if let ofn = row.offenseNumber { text(ofn) } else { filler() }  // 52 OFN
        filler()  // 53 OFFENSE_CODE
        text(row.offense)  // 54
        text(row.toc)  // 55
        buffer.append(UInt8(ascii: ","))  // 56 OFFENSE_QUAL_LST (empty)
        filler(19)  // 57-75
        if let courtCase = row.courtCase { text(courtCase) } else { filler() }  // 76 FE_NUM_CRT_CASE
        filler(3)  // 77-79
        if let disposition = row.disposition { text(disposition) } else { buffer.append(44) }  // 80
        filler()  // 81
        if let level = row.level { text(level) } else { buffer.append(44) }  // 82
        text("#")  // 83 SENT_SEG_SEP
        filler(2)  // 84-85
        if let sentence = row.sentence {
            text(sentence.0)  // 86
            if row.badLength {
                text("ONE")
            } else if let length = sentence.1 {
                text(String(length))
            } else {
                buffer.append(44)
            }
            if let unit = sentence.2 { text(unit) } else { buffer.append(44) }  // 88
            text(sentence.2 == "D" ? "DAYS" : sentence.2 == "M" ? "MONTHS" : sentence.2 == "Y" ? "YEARS" : "")  // 89
        } else {
            buffer.append(contentsOf: [44, 44, 44, 44])
        }
        if let age = row.age { text(String(age)) } else { filler() }  // 90
        filler(2)  // 91-92
        if let comment = row.comment { text(comment) } else { buffer.append(44) }  // 93
        if !dropLastField { buffer.append(UInt8(ascii: "#")) }  // 94 END_OF_REC
        if dropLastField { buffer.removeLast() }
        buffer.append(0x0A)
        if buffer.count >= 1 << 22 { try flush() }
    }
}
