package import SealCore

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
/// - Quirks gogen reads differently from SealKit, drawn from a second seeded stream (so the rest of
///   the file is the bytes it was without them): 1% of subjects have a blank or invalid PRI_DOB on
///   their first row only; a quarter of DECEASED rows are spelled `Deceased` or ` DECEASED`; 2% of
///   felony convictions have a blank CONV_STAT_DESCR and 1% a single space (OFFENSE_TOC `F`); a fifth
///   of superstrike convictions have no STP_EVENT_DATE; 1.5% of charges are combined
///   (`484(A)/490.5 PC`, `11359/11360 HS`, `136.1/186.22(B)(4) PC`).
/// - `defectRate`: that share of rows is damaged on purpose, one defect each, chosen evenly from:
///   an ISO date, a year-only date, an empty event date, a non-numeric sentence length, a short
///   CNT_ORDER, an unreadable charge (field-level: the row is kept and flagged), a missing field, a
///   bare quote (file-level: rejected with `--rejects`).
package struct DOJFileGenerator {
    package struct Options: Sendable {
        package var county: String
        package var rows: Int
        package var seed: UInt64
        package var until: CalendarDate
        package var defectRate: Double
        /// Every two consecutive subjects (1 and 2, 3 and 4, …) share one CII, as two SUBJECT_IDs of one
        /// person do in DOJ data: the shape that makes every subject's pseudonym move to its SUBJECT_ID.
        /// Otherwise the same bytes.
        package var sharedCIIPairs: Bool

        package init(
            county: String,
            rows: Int,
            seed: UInt64,
            until: CalendarDate = CalendarDate(year: 2020, month: 6, day: 30)!,
            defectRate: Double = 0,
            sharedCIIPairs: Bool = false
        ) {
            self.county = county
            self.rows = rows
            self.seed = seed
            self.until = until
            self.defectRate = defectRate
            self.sharedCIIPairs = sharedCIIPairs
        }
    }

    /// What was written.
    package struct Statistics: Sendable {
        package var rows = 0
        package var subjects = 0
        package var bytes = 0
        package var defects = 0
    }

    package let options: Options

    package init(options: Options) {
        self.options = options
    }

    /// The `until` dates a file can be generated for: histories start in 1961 (the research file's
    /// first year), so at least a year after it; and no later than a four-digit year.
    package static let untilRange =
        CalendarDate(year: 1962, month: 1, day: 1)!...CalendarDate(year: 9999, month: 12, day: 31)!

    /// Writes the header and `rows` data rows, handing the bytes to `sink` in chunks of about 4 MiB.
    ///
    /// - Precondition: `options.until` is in ``untilRange``.
    package func generate(into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Statistics {
        precondition(Self.untilRange.contains(options.until), "until outside DOJFileGenerator.untilRange")
        return try withoutActuallyEscaping(sink) { escapable in
            let writer = RowWriter(sink: escapable)
            defer { writer.release() }
            return try generate(writer: writer)
        }
    }

    private func generate(writer: RowWriter) throws -> Statistics {
        var writer = writer
        var random = SeededRandom(seed: options.seed)
        var quirks = SeededRandom(seed: options.seed ^ 0x5EA1_C0DE_0000_0018)
        var statistics = Statistics()
        try writer.header()
        var subjectNumber = 10_000_000 + random.int(0...8_999_999) / 100 * 100
        let county = options.county.uppercased()
        while statistics.rows < options.rows {
            var subject = SubjectPlan(
                id: subjectNumber,
                ordinal: statistics.subjects,
                random: &random,
                quirks: &quirks,
                options: options,
                county: county
            )
            statistics.subjects += 1
            try subject.write(
                to: &writer,
                random: &random,
                quirks: &quirks,
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
    /// The identity of the subject's first row when it differs (a blank or invalid PRI_DOB).
    let firstIdentity: [UInt8]?
    var rowsWritten = 0
    let birth: CalendarDate
    let options: DOJFileGenerator.Options
    let homeCounty: String
    let otherCounty: String?
    let deceased: Bool

    /// `ordinal` counts subjects from 0 (pairs for ``DOJFileGenerator/Options/sharedCIIPairs``).
    init(
        id: Int,
        ordinal: Int,
        random: inout SeededRandom,
        quirks: inout SeededRandom,
        options: DOJFileGenerator.Options,
        county: String
    ) {
        self.options = options
        homeCounty = county
        let until = options.until
        let birthYear = random.int((until.year - 75)...(until.year - 19))
        birth = CalendarDate(year: birthYear, month: random.int(1...12), day: random.int(1...28))!
        otherCounty = random.chance(0.2) ? random.element(GeneratorTables.counties.filter { $0 != county }) : nil
        deceased = random.chance(0.03)

        var fields = [[UInt8]](repeating: RowWriter.filler, count: 35)
        func set(_ column: DOJColumn, _ text: String) { fields[column.rawValue] = Array(text.utf8) }
        var cii =
            random.chance(0.6)
            ? "1" + RowWriter.digits(random.int(0...999_999_999), width: 9)
            : String(UnicodeScalar(UInt8(65 + random.int(0...25))))
                + RowWriter.digits(random.int(0...999_999_999), width: 9)
        // The pair's number as the CII, drawn after the random one so that the rest stays the same.
        if options.sharedCIIPairs { cii = "2" + RowWriter.digits(ordinal / 2, width: 9) }
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
        func encode(_ fields: [[UInt8]]) -> [UInt8] {
            var encoded: [UInt8] = []
            for field in fields {
                RowWriter.appendField(field, to: &encoded)
                encoded.append(UInt8(ascii: ","))
            }
            return encoded
        }
        identity = encode(fields)
        if quirks.chance(0.01) {
            // gogen takes the date of birth from the first row alone.
            let month = RowWriter.digits(birth.year, width: 4) + RowWriter.digits(birth.month, width: 2)
            set(.priDob, quirks.element(["", month + "00", month + "32"]))
            firstIdentity = encode(fields)
        } else {
            firstIdentity = nil
        }
    }

    mutating func write(
        to writer: inout RowWriter,
        random: inout SeededRandom,
        quirks: inout SeededRandom,
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
            let countyBytes = Array(county.utf8)
            let countCount = random.weighted([(1, 55), (2, 30), (3, 15)])
            let charges = (0..<countCount).map { _ in Self.pickCharge(&random, &quirks) }
            let age = birth.completedYears(at: cycleDate)
            let arrestAgency = Array("CAPD".utf8) + countyBytes
            // Arrest rows.
            for (index, charge) in charges.enumerated() {
                guard remaining > 0 else { return }
                var row = RowValues(cycle: cycle, step: 1, count: index + 1, cycleDate: cycleDate, eventDate: cycleDate)
                row.stepType = Words.arrest
                row.agency = arrestAgency
                row.county = countyBytes
                row.offense = charge.commentOnly ? Words.seeComment : charge.text
                row.comment = charge.commentOnly ? charge.text : nil
                row.toc = charge.felony ? Words.letterF : Words.letterM
                row.disposition = random.chance(0.05) ? Words.released : nil
                row.age = age
                try emit(row, to: &writer, random: &random, statistics: &statistics)
                remaining -= 1
            }
            // Court action a month later.
            let courtDate = cycleDate.adding(days: 30)
            guard random.chance(0.85), courtDate <= until else { continue }
            lastEvent = max(lastEvent, courtDate)
            var ofn: [UInt8] = [UInt8(65 + random.int(0...25)), UInt8(ascii: "A")]
            RowWriter.appendNumber(random.int(0...999_999), width: 6, to: &ofn)
            let courtAgency = Array("CASC".utf8) + countyBytes
            var registrable = false
            for (index, charge) in charges.enumerated() {
                guard remaining > 0 else { return }
                var row = RowValues(cycle: cycle, step: 2, count: index + 1, cycleDate: cycleDate, eventDate: courtDate)
                row.stepType = Words.court
                row.agency = courtAgency
                row.county = countyBytes
                row.dispositionDate = courtDate
                row.offenseNumber = index == 0 ? ofn : nil
                row.courtCase = ofn
                row.offense = charge.commentOnly ? Words.seeComment : charge.text
                row.comment = charge.commentOnly ? charge.text : nil
                row.toc = charge.felony ? Words.letterF : Words.letterM
                row.age = age
                let convicted = random.chance(0.7)
                var secondPart: ([UInt8], Int, UInt8)? = nil
                if convicted {
                    row.level = charge.felony ? Words.felony : Words.misdemeanor
                    if charge.felony {
                        // A blank level, read from OFFENSE_TOC; a single space, which gogen does not.
                        let blank = quirks.int(0...99)
                        if blank < 2 { row.level = nil } else if blank < 3 { row.level = Words.space }
                    }
                    if charge.superstrike && quirks.chance(0.2) { row.eventDateText = [] }
                    if charge.felony {
                        if random.chance(0.3) {
                            row.disposition = Words.convictedPrison
                            row.sentence = (Words.prison, random.int(1...6), UInt8(ascii: "Y"))
                        } else {
                            row.disposition = Words.convictedProbation
                            row.sentence = (Words.probation, random.int(12...60), UInt8(ascii: "M"))
                            if random.chance(0.4) { secondPart = (Words.jail, random.int(30...365), UInt8(ascii: "D")) }
                        }
                    } else {
                        switch random.int(0...2) {
                        case 0:
                            row.disposition = Words.convictedJail
                            row.sentence = (Words.jail, random.int(1...365), UInt8(ascii: "D"))
                        case 1:
                            row.disposition = Words.convictedProbation
                            row.sentence = (Words.probation, random.int(12...36), UInt8(ascii: "M"))
                        default:
                            row.disposition = Words.convicted
                            row.sentence = (Words.fine, nil, nil)
                        }
                    }
                    registrable = registrable || charge.registrable
                } else {
                    row.disposition = Words.dismissed
                    row.level = charge.felony ? Words.felony : nil
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
                row.stepType = Words.registration
                row.agency = Array("CASO".utf8) + countyBytes
                row.county = countyBytes
                row.offense = Words.pc290
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
            row.stepType = quirks.chance(0.25) ? quirks.element(Words.deceasedSpellings) : Words.deceased
            row.agency = Array("CACO\(homeCounty)".utf8)
            row.county = Array(homeCounty.utf8)
            try emit(row, to: &writer, random: &random, statistics: &statistics)
        }
    }

    private mutating func emit(
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
            row.sentence = (row.sentence?.0 ?? Words.jail, nil, UInt8(ascii: "D"))
            row.badLength = true
        case 4: row.countOrderText = Array(String(row.cycle).utf8)
        case 5: row.offense = Words.seePaperwork
        default: break
        }
        try writer.row(
            identity: rowsWritten == 0 ? firstIdentity ?? identity : identity,
            row,
            dropLastField: defect == 6,
            bareQuote: defect == 7
        )
        rowsWritten += 1
        statistics.rows += 1
    }

    private static func pickCharge(
        _ random: inout SeededRandom,
        _ quirks: inout SeededRandom
    ) -> (text: [UInt8], felony: Bool, commentOnly: Bool, registrable: Bool, superstrike: Bool) {
        if random.chance(0.03) {
            return (random.element(GeneratorTables.commentCharges), random.chance(0.5), true, false, false)
        }
        var charge =
            random.chance(0.4)
            ? random.weighted(GeneratorTables.prop64Charges) : random.weighted(GeneratorTables.otherCharges)
        let felony = random.chance(charge.felonyShare)
        if quirks.chance(0.015) { charge = quirks.element(GeneratorTables.combinedCharges) }
        return (charge.bytes, felony, false, charge.registrable, charge.superstrike)
    }
}

/// The per-row columns (35...94) of one generated row, as bytes.
private struct RowValues {
    let cycle: Int
    let step: Int
    let count: Int
    let cycleDate: CalendarDate
    let eventDate: CalendarDate
    var eventDateText: [UInt8]? = nil
    var countOrderText: [UInt8]? = nil
    var stepType: [UInt8] = []
    var agency: [UInt8] = []
    var county: [UInt8] = []
    var dispositionDate: CalendarDate? = nil
    var offenseNumber: [UInt8]? = nil
    var courtCase: [UInt8]? = nil
    var offense: [UInt8] = []
    var toc: [UInt8] = []
    var disposition: [UInt8]? = nil
    var level: [UInt8]? = nil
    /// Location, length (nil: none), unit (nil: none).
    var sentence: ([UInt8], Int?, UInt8?)? = nil
    var badLength = false
    var age: Int? = nil
    var comment: [UInt8]? = nil

    init(cycle: Int, step: Int, count: Int, cycleDate: CalendarDate, eventDate: CalendarDate) {
        self.cycle = cycle
        self.step = step
        self.count = count
        self.cycleDate = cycleDate
        self.eventDate = eventDate
    }
}

/// The generator's vocabulary, encoded once.
private enum Words {
    static let arrest = Array("ARREST/DETAINED/CITED".utf8)
    static let court = Array("COURT ACTION".utf8)
    static let registration = Array("REGISTRATION".utf8)
    static let deceased = Array("DECEASED".utf8)
    /// Spellings SealKit reads as DECEASED (trimmed, upper-cased) and gogen does not.
    static let deceasedSpellings = [Array("Deceased".utf8), Array(" DECEASED".utf8)]
    static let space = Array(" ".utf8)
    static let released = Array("REL/TOT OTHER JURIS/AUTH".utf8)
    static let seeComment = Array("SEE COMMENT FOR CHARGE".utf8)
    static let seePaperwork = Array("SEE PAPERWORK".utf8)
    static let pc290 = Array("290 PC-REGISTRATION OF SEX OFFENDER".utf8)
    static let felony = Array("FELONY".utf8)
    static let misdemeanor = Array("MISDEMEANOR".utf8)
    static let prison = Array("PRISON".utf8)
    static let probation = Array("PROBATION".utf8)
    static let jail = Array("JAIL".utf8)
    static let fine = Array("FINE".utf8)
    static let convictedPrison = Array("CONVICTED-PRISON".utf8)
    static let convictedProbation = Array("CONVICTED-PROBATION".utf8)
    static let convictedJail = Array("CONVICTED-JAIL".utf8)
    static let convicted = Array("CONVICTED".utf8)
    static let dismissed = Array("DISMISSED/CHARGE DROPPED".utf8)
    static let letterF = Array("F".utf8)
    static let letterM = Array("M".utf8)
    static let days = Array("DAYS".utf8)
    static let months = Array("MONTHS".utf8)
    static let years = Array("YEARS".utf8)
    static let one = Array("ONE".utf8)
}

/// Encodes rows with Go `csv.Writer` quoting and hands them over in chunks.
///
/// Rows are written into one raw buffer through a pointer: `Array.append` in this loop cost about a
/// third of the generator's time.
private struct RowWriter {
    static let filler = Array("  -  ".utf8)
    /// `"  -  ",` repeated: the quoted filler and its separator, for up to 24 columns at once.
    static let fillers: [UInt8] = Array(repeating: Array("\"  -  \",".utf8), count: 24).flatMap { $0 }
    static let fillerWidth = 8
    static let chunk = 1 << 22
    let sink: (UnsafeRawBufferPointer) throws -> Void
    /// The output buffer: `chunk` bytes plus room for one more row of any length the generator makes.
    let output: UnsafeMutablePointer<UInt8>
    var count = 0
    var totalBytes = 0

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        output = .allocate(capacity: Self.chunk + (1 << 16))
    }

    /// Frees the buffer (the writer is a value used once per generation).
    func release() {
        output.deallocate()
    }

    mutating func header() throws {
        append(Array(DOJColumn.names.joined(separator: ",").utf8))
        byte(0x0A)
    }

    mutating func flush() throws {
        guard count > 0 else { return }
        try sink(UnsafeRawBufferPointer(start: output, count: count))
        totalBytes += count
        count = 0
    }

    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        output[count] = value
        count &+= 1
    }

    @inline(__always)
    private mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            (output + count).update(from: source.baseAddress!, count: source.count)
        }
        count &+= bytes.count
    }

    @inline(__always)
    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { source in
            (output + count).update(from: source.baseAddress!, count: source.count)
        }
        count &+= bytes.count
    }

    /// Go's `fieldNeedsQuotes`: a separator, quote, CR or LF anywhere, or a leading space or tab.
    static func needsQuotes(_ field: [UInt8]) -> Bool {
        guard let first = field.first else { return false }
        if first == 0x20 || first == 0x09 { return true }
        for byte in field where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        {
            return true
        }
        return false
    }

    static func appendField(_ field: [UInt8], to output: inout [UInt8]) {
        guard !field.isEmpty else { return }
        if !needsQuotes(field) {
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

    private mutating func quoted(_ field: [UInt8]) {
        guard !field.isEmpty else { return }
        if !Self.needsQuotes(field) {
            append(field)
            return
        }
        byte(UInt8(ascii: "\""))
        for value in field {
            if value == UInt8(ascii: "\"") { byte(UInt8(ascii: "\"")) }
            byte(value)
        }
        byte(UInt8(ascii: "\""))
    }

    private mutating func field(_ bytes: [UInt8]) {
        quoted(bytes)
        byte(UInt8(ascii: ","))
    }

    private mutating func separatorText(_ value: UInt8) {
        byte(value)
        byte(UInt8(ascii: ","))
    }

    private mutating func filler(_ columns: Int = 1) {
        append(Self.fillers[0..<(columns * Self.fillerWidth)])
    }

    private mutating func empty(_ columns: Int = 1) {
        for _ in 0..<columns { byte(UInt8(ascii: ",")) }
    }

    /// Appends `value` in decimal, zero-padded to `width`.
    private mutating func number(_ value: Int, width: Int = 1) {
        var digits = 1
        var limit = 10
        while value >= limit && digits < 19 {
            digits += 1
            limit &*= 10
        }
        let total = max(width, digits)
        var rest = value
        var index = count + total - 1
        while index >= count {
            output[index] = UInt8(48 + rest % 10)
            rest /= 10
            index -= 1
        }
        count += total
    }

    static func appendNumber(_ value: Int, width: Int, to output: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < 10
            for _ in count..<max(width, count) { output.append(0x30) }
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(raw[index]) }
        }
    }

    private mutating func date(_ value: CalendarDate) {
        number(value.year, width: 4)
        number(value.month, width: 2)
        number(value.day, width: 2)
        byte(UInt8(ascii: ","))
    }

    static func appendDate(_ date: CalendarDate, to output: inout [UInt8]) {
        appendNumber(date.year, width: 4, to: &output)
        appendNumber(date.month, width: 2, to: &output)
        appendNumber(date.day, width: 2, to: &output)
    }

    static func dateText(_ date: CalendarDate) -> String {
        var bytes: [UInt8] = []
        appendDate(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isoText(_ date: CalendarDate) -> String { date.description }

    static func digits(_ value: Int, width: Int) -> String {
        var bytes: [UInt8] = []
        appendNumber(value, width: width, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static let suffixAndComma: [UInt8] = [0x30, 0x30, 0x30, 44]

    mutating func row(identity: [UInt8], _ row: RowValues, dropLastField: Bool, bareQuote: Bool) throws {
        append(identity)
        separatorText(UInt8(ascii: "#"))  // 35 CYC_SEG_SEP
        number(row.cycle)  // 36 CYC_ORDER
        byte(44)
        date(row.cycleDate)  // 37 CYC_DATE
        separatorText(UInt8(ascii: "#"))  // 38 STP_SEG_SEP
        number(row.step)  // 39 STP_ORDER
        byte(44)
        if let override = row.eventDateText { field(override) } else { date(row.eventDate) }  // 40
        filler()  // 41 STP_TYPE_CODE
        field(row.stepType)  // 42
        filler(3)  // 43-45
        if bareQuote {
            append(row.agency)
            byte(UInt8(ascii: "\""))
            byte(44)
        } else {
            field(row.agency)
        }  // 46
        filler()  // 47
        field(row.county)  // 48
        separatorText(UInt8(ascii: "#"))  // 49 CNT_SEG_SEP
        if let override = row.countOrderText {
            field(override)
        } else {
            number(row.cycle, width: 3)
            number(row.step, width: 3)
            number(row.count, width: 3)
            append(Self.suffixAndComma)
        }  // 50
        if let dispositionDate = row.dispositionDate { date(dispositionDate) } else { filler() }  // 51 DISP_DATE
        if let ofn = row.offenseNumber { field(ofn) } else { filler() }  // 52 OFN
        filler()  // 53 OFFENSE_CODE
        field(row.offense)  // 54
        field(row.toc)  // 55
        empty()  // 56 OFFENSE_QUAL_LST
        filler(19)  // 57-75
        if let courtCase = row.courtCase { field(courtCase) } else { filler() }  // 76 FE_NUM_CRT_CASE
        filler(3)  // 77-79
        if let disposition = row.disposition { field(disposition) } else { empty() }  // 80
        filler()  // 81
        if let level = row.level { field(level) } else { empty() }  // 82
        separatorText(UInt8(ascii: "#"))  // 83 SENT_SEG_SEP
        filler(2)  // 84-85
        if let sentence = row.sentence {
            field(sentence.0)  // 86
            if row.badLength {
                field(Words.one)
            } else if let length = sentence.1 {
                number(length)
                byte(44)
            } else {
                empty()
            }  // 87
            if let unit = sentence.2 { separatorText(unit) } else { empty() }  // 88
            switch sentence.2 {
            case UInt8(ascii: "D"): field(Words.days)
            case UInt8(ascii: "M"): field(Words.months)
            case UInt8(ascii: "Y"): field(Words.years)
            default: empty()
            }  // 89
        } else {
            empty(4)
        }
        if let age = row.age {
            number(age)
            byte(44)
        } else {
            filler()
        }  // 90
        filler(2)  // 91-92
        if let comment = row.comment { field(comment) } else { empty() }  // 93
        if dropLastField {
            count -= 1
        } else {
            byte(UInt8(ascii: "#"))  // 94 END_OF_REC
        }
        byte(0x0A)
        if count >= Self.chunk { try flush() }
    }
}
