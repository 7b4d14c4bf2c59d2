package import SealCore

/// Turns one subject's raw rows into a ``SubjectHistory``: typed values, derived facts and flags
/// (doj-research-file.md, sections 4 and 5).
package struct SubjectBuilder {
    /// Event dates after this date are flagged `dateInFuture` (the evaluation date, when known).
    package var referenceDate: CalendarDate?
    /// Convictions before this birthday are flagged `implausibleAge`.
    package var minimumPlausibleAge = 10
    /// A history of more events than this gets indexes for its conviction searches
    /// (``buildConvictions(_:_:dateOfBirth:subjectFlags:)``); one of this many or fewer is searched
    /// in place. The results are the same (tested by building histories both ways).
    var inPlaceHistoryLimit = 64

    /// Parsed charges by their text: charge vocabularies are small, so each text is parsed once.
    let offenses = OffenseCache()
    /// Step types, dispositions and counties by their text, classified once per distinct text.
    let vocabulary = FieldVocabulary()

    package init(referenceDate: CalendarDate? = nil) {
        self.referenceDate = referenceDate
    }

    package func build(_ rows: SubjectRows) -> SubjectHistory {
        var flags: [RecordFlag] = []
        var events: [HistoryEvent] = []
        events.reserveCapacity(rows.rowCount)

        // Identity: first valid DOB and first non-blank CII; conflicts flagged.
        var dateOfBirth = DateValue.unknown
        var exactBirth: CalendarDate? = nil
        var ciiValue: [UInt8]? = nil
        var birthMemo = DateMemo()
        for row in 0..<rows.rowCount {
            let line = rows.lines[row]
            let rowIndex = rows.rowIndexes[row]
            switch birthMemo.parse(rows.field(row, .priDob)) {
            case .exact(let date):
                if let exactBirth, exactBirth != date {
                    flags.append(RecordFlag(.subjectDOBConflict, rowIndex: rowIndex, line: line, column: .priDob))
                } else if exactBirth == nil {
                    exactBirth = date
                    dateOfBirth = .exact(date)
                }
            case .imprecise(let value):
                if !dateOfBirth.isKnown { dateOfBirth = value }
            case .unparseable, .empty:
                break
            }
            // Compared on the slice: an array is made only for the first CII kept.
            let cii = Self.word(rows.field(row, .ciiNumber))
            if !cii.isEmpty {
                if let ciiValue, !cii.hasSameBytes(as: ciiValue) {
                    flags.append(RecordFlag(.subjectCIIConflict, rowIndex: rowIndex, line: line, column: .ciiNumber))
                } else if ciiValue == nil {
                    ciiValue = Array(cii)
                }
            }
        }
        for rejected in rows.rejected {
            flags.append(RecordFlag(.malformedRow, rowIndex: rejected.rowIndex, line: rejected.line))
        }

        // Rows → events.
        var memos = Memos()
        for row in 0..<rows.rowCount {
            events.append(event(rows, row, dateOfBirth: dateOfBirth, memos: &memos, flags: &flags))
        }

        // Deaths and registrations.
        var death: DateValue? = nil
        var registrations: [Registration] = []
        // Events are read by index, field by field: binding a whole event copies it (a retain and
        // release of every reference it holds).
        for index in events.indices {
            switch events[index].stepType {
            case .deceased:
                if death == nil || death == .unknown { death = events[index].eventDate }
            case .registration:
                let description = rows.field(index, .offenseDescr).trimmingSpaces()
                let kind: Registration.Kind? =
                    description.starts(with: "290".utf8)
                    ? .pc290 : description.starts(with: "11590".utf8) ? .hs11590 : nil
                if let kind {
                    registrations.append(
                        Registration(
                            kind: kind,
                            date: events[index].eventDate,
                            rowIndex: events[index].rowIndex,
                            line: events[index].line
                        )
                    )
                }
            default:
                break
            }
        }

        let convictions = buildConvictions(rows, events, dateOfBirth: dateOfBirth, subjectFlags: &flags)
        let identity = SubjectIdentity(
            ciiNumber: IdentityValue(ciiValue ?? []),
            name: IdentityValue(rows.rowCount > 0 ? Array(rows.field(0, .priName)) : []),
            gender: rows.rowCount > 0 ? Self.text(rows.field(0, .gender)) : "",
            raceCode: rows.rowCount > 0 ? Self.text(rows.field(0, .raceCode)) : "",
            raceDescription: rows.rowCount > 0 ? Self.text(rows.field(0, .raceDescr)) : ""
        )
        let lines = rows.lines + rows.rejected.map(\.line)
        return SubjectHistory(
            subjectID: IdentityValue(rows.subjectID),
            identity: identity,
            dateOfBirth: Protected(dateOfBirth),
            events: events,
            convictions: convictions,
            registrations: registrations,
            death: death,
            flags: flags.sorted { ($0.line ?? 0, $0.kind.rawValue) < ($1.line ?? 0, $1.kind.rawValue) },
            gogen: GogenSubjectReading.read(rows),
            firstLine: lines.min() ?? 0,
            lastLine: lines.max() ?? 0
        )
    }

    /// The trimmed bytes of a field, empty for the generator's `-` filler: what ``text(_:)`` reads,
    /// before it makes a String (the checks below compare and parse bytes, which most fields need).
    @inline(__always)
    static func word(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let trimmed = field.trimmingSpaces()
        if trimmed.count == 1 && trimmed.first == UInt8(ascii: "-") {
            return trimmed[trimmed.startIndex..<trimmed.startIndex]
        }
        return trimmed
    }

    /// Whether a field's ``text(_:)`` is `literal` (an upper-case ASCII literal), compared on bytes.
    @inline(__always)
    static func reads(_ field: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let bytes = word(field)
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        var index = bytes.startIndex
        for offset in 0..<literal.utf8CodeUnitCount {
            let byte = bytes[index]
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            if upper != literal.utf8Start[offset] { return false }
            index += 1
        }
        return true
    }

    /// Whether a field's ``text(_:)`` is empty.
    @inline(__always)
    static func blank(_ field: ArraySlice<UInt8>) -> Bool { word(field).isEmpty }

    /// `Int(text(field))`, on bytes: an optional sign and one or more ASCII digits, nil on overflow.
    static func integer(_ field: ArraySlice<UInt8>) -> Int? {
        var bytes = word(field)
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let digit = Int(byte - 0x30)
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflowTimes || overflowSum { return nil }
            value = sum
        }
        return value
    }

    /// Trimmed, upper-cased ASCII text of a field; the generator's `-` filler reads as empty.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        let trimmed = word(field)
        if trimmed.isEmpty { return "" }
        if !trimmed.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) {
            return String(decoding: trimmed, as: UTF8.self)
        }
        return String(decoding: trimmed.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// Reads a date column, flagging imprecise and unreadable values.
    private func date(
        _ rows: SubjectRows,
        _ row: Int,
        _ column: DOJColumn,
        memo: inout DateMemo,
        flags: inout [RecordFlag]
    ) -> DateValue {
        switch memo.parse(rows.field(row, column)) {
        case .exact(let date):
            return .exact(date)
        case .imprecise(let value):
            flags.append(
                RecordFlag(.dateImprecise, rowIndex: rows.rowIndexes[row], line: rows.lines[row], column: column)
            )
            return value
        case .unparseable:
            flags.append(
                RecordFlag(.dateUnparseable, rowIndex: rows.rowIndexes[row], line: rows.lines[row], column: column)
            )
            return .unknown
        case .empty:
            return .unknown
        }
    }

    private func event(
        _ rows: SubjectRows,
        _ row: Int,
        dateOfBirth: DateValue,
        memos: inout Memos,
        flags: inout [RecordFlag]
    ) -> HistoryEvent {
        let rowIndex = rows.rowIndexes[row]
        let line = rows.lines[row]
        func flag(_ kind: RecordFlag.Kind, _ column: DOJColumn? = nil) {
            flags.append(RecordFlag(kind, rowIndex: rowIndex, line: line, column: column))
        }

        let countOrder = CountOrder(rows.field(row, .cntOrder))
        if countOrder == nil {
            flag(.malformedCountOrder, .cntOrder)
            flag(.malformedRow, .cntOrder)
        }
        let cycleDate = date(rows, row, .cycDate, memo: &memos.cycle, flags: &flags)
        let eventDate = date(rows, row, .stpEventDate, memo: &memos.event, flags: &flags)
        let dispositionDate = date(rows, row, .dispDate, memo: &memos.disposition, flags: &flags)

        let step = vocabulary.step(rows.field(row, .stpTypeDescr))
        let stepType = step.type
        if step.unknown { flag(.unknownStepType, .stpTypeDescr) }

        let outcome = vocabulary.outcome(rows.field(row, .dispDescr))
        let disposition = outcome.disposition
        if outcome.unknown { flag(.unknownDisposition, .dispDescr) }

        let offense = offenses.charge(
            offenseDescription: rows.field(row, .offenseDescr),
            comment: rows.field(row, .commentText)
        )

        // Level (section 5.4): CONV_STAT_DESCR, else OFFENSE_TOC (compared on bytes).
        let status = rows.field(row, .convStatDescr)
        let statusBlank = Self.blank(status)
        var level: ConvictionLevel?
        if statusBlank {
            let toc = rows.field(row, .offenseToc)
            if Self.reads(toc, "F") {
                level = .felony
            } else if Self.reads(toc, "M") {
                level = .misdemeanor
            } else if Self.reads(toc, "I") {
                level = .infraction
            }
        } else if Self.reads(status, "FELONY") {
            level = .felony
        } else if Self.reads(status, "MISDEMEANOR") {
            level = .misdemeanor
        } else if Self.reads(status, "INFRACTION") {
            level = .infraction
        }

        // Sentence part (section 5.6).
        let lengthField = rows.field(row, .sentLength)
        let unitField = rows.field(row, .sentTimeCode)
        let sentence: SentencePart
        if Self.blank(lengthField) && Self.blank(unitField) {
            sentence = .none
        } else if let length = Self.integer(lengthField), length >= 0,
            Self.word(lengthField).first != UInt8(ascii: "+")
        {
            if Self.reads(unitField, "D") {
                sentence = .days(length)
            } else if Self.reads(unitField, "M") {
                sentence = .months(length)
            } else if Self.reads(unitField, "Y") {
                sentence = .years(length)
            } else {
                sentence = .unknown
            }
        } else {
            sentence = .unknown
        }

        // Conviction-row checks.
        if disposition.isConviction {
            if level == nil { flag(.levelUnknown, statusBlank ? .offenseToc : .convStatDescr) }
            if sentence == .unknown { flag(.sentenceUnparsed, .sentLength) }
            if stepType != .courtAction { flag(.convictionOnNonCourtStep, .stpTypeDescr) }
            if !Self.blank(rows.field(row, .offenseQualLst)) { flag(.qualifierPresent, .offenseQualLst) }
            chargeFlags(offense, rows, row, flag: flag)
        }

        // Order columns against CNT_ORDER.
        if let countOrder {
            if let cycle = Self.integer(rows.field(row, .cycOrder)), cycle != countOrder.cycle {
                flag(.orderColumnsDisagree, .cycOrder)
            } else if let step = Self.integer(rows.field(row, .stpOrder)), step != countOrder.step {
                flag(.orderColumnsDisagree, .stpOrder)
            }
        }

        // Plausibility (section 5.1).
        func plausible(_ value: DateValue, _ column: DOJColumn) {
            if let referenceDate, let earliest = value.earliest, earliest > referenceDate {
                flag(.dateInFuture, column)
            }
            if let latest = value.latest, let birth = dateOfBirth.earliest, latest < birth {
                flag(.eventBeforeBirth, column)
            }
        }
        plausible(cycleDate, .cycDate)
        plausible(eventDate, .stpEventDate)
        if let cycleAge = Self.integer(rows.field(row, .cycAge)), let birth = dateOfBirth.exactDate,
            let cycle = cycleDate.exactDate, abs(birth.completedYears(at: cycle) - cycleAge) > 1
        {
            flag(.cycAgeDiffers, .cycAge)
        }

        return HistoryEvent(
            rowIndex: rowIndex,
            line: line,
            countOrder: countOrder,
            cycleDate: cycleDate,
            eventDate: eventDate,
            dispositionDate: dispositionDate,
            stepType: stepType,
            county: vocabulary.county(rows.field(row, .stpOriCntyName)),
            offense: offense,
            disposition: disposition,
            level: level,
            sentence: sentence,
            // Kept only where a conviction's case numbers are taken from (``buildConvictions``):
            // the OFN of court actions and conviction rows, the court case number of conviction rows.
            offenseNumber: stepType == .courtAction || disposition.isConviction
                ? memos.offenseNumber.read(rows.field(row, .ofn)) : nil,
            courtCaseNumber: disposition.isConviction
                ? memos.courtCaseNumber.read(rows.field(row, .feNumCrtCase)) : nil,
            rejected: false,
            gogen: disposition.isConviction
                ? GogenReading.read(
                    // gogen picks the comment on its own test (trimmed, case-sensitive).
                    source: rows.field(
                        row,
                        GogenReading.chargeFromComment(rows.field(row, .offenseDescr)) ? .commentText : .offenseDescr
                    ),
                    status: rows.field(row, .convStatDescr),
                    typeOfCharge: rows.field(row, .offenseToc),
                    length: rows.field(row, .sentLength),
                    unit: rows.field(row, .sentTimeCode),
                    eventDate: rows.field(row, .stpEventDate)
                ) : nil
        )
    }

    /// Charge flags of a conviction row (section 5.5).
    private func chargeFlags(
        _ offense: Offense,
        _ rows: SubjectRows,
        _ row: Int,
        flag: (RecordFlag.Kind, DOJColumn?) -> Void
    ) {
        let column: DOJColumn = offense.source == .comment ? .commentText : .offenseDescr
        if offense.source == .comment && offense.reading != .missing { flag(.chargeFromComment, .commentText) }
        switch offense.reading {
        case .unparsed, .missing:
            flag(.chargeUnparsed, column)
        case .parsed:
            break
        }
        if offense.suspectSection { flag(.suspectSection, column) }
        if offense.combinesProp64Section { flag(.combinedProp64Charge, column) }
        switch offense.prop64LawCode {
        case .missing: flag(.lawCodeMissing, column)
        case .mismatch: flag(.lawCodeMismatch, column)
        case .healthAndSafety, nil: break
        }
        if offense.source == .offenseDescription, let conflict = commentConflict(offense, rows, row) {
            _ = conflict
            flag(.commentConflict, .commentText)
        }
        // Other charge columns.
        for other in [DOJColumn.convOffenseDescr, .dispOffenseDescr] {
            let field = rows.field(row, other)
            guard !SubjectBuilder.blank(field) else { continue }
            let parsed = offenses.charge(offenseDescription: field, comment: [])
            if let otherSection = parsed.section, let section = offense.section,
                otherSection.number != section.number
            {
                flag(.offenseFieldsDisagree, other)
            }
        }
    }

    /// gogen's "Possible Other P64 Charges" cases (a)–(d): the comment names a Prop 64 section that
    /// the description does not match. Returns the comment's reading when there is a conflict.
    func commentConflict(_ offense: Offense, _ rows: SubjectRows, _ row: Int) -> Offense? {
        let comment = OffenseParser.normalize(rows.field(row, .commentText))
        guard !comment.isEmpty else { return nil }
        let fromComment = OffenseParser.parseComment(comment)
        guard let commentSection = fromComment.prop64Section else { return nil }
        // A 182 head whose target comes from the comment is a conspiracy, not a conflict.
        if offense.section?.number == "182" { return nil }
        guard let described = offense.prop64Section else { return fromComment }  // (a)
        if described != commentSection { return fromComment }  // (b)
        if described == .hs11357 {
            let mine = offense.section?.subsections.first
            let theirs = fromComment.section?.subsections.first
            let low: Set<String> = ["A", "B"]
            let high: Set<String> = ["C", "D"]
            if let mine, let theirs,
                (low.contains(mine) && high.contains(theirs)) || (high.contains(mine) && low.contains(theirs))
            {
                return fromComment  // (c)
            }
            if mine == nil && theirs != nil { return fromComment }  // (d)
        }
        return nil
    }

    /// A case number: trimmed; nil when empty, the filler, or `NULL` in any case.
    static func caseNumber(_ field: ArraySlice<UInt8>) -> IdentityValue? {
        // Checked on the slice: the array is made only for a value kept (most rows hold the filler).
        let trimmed = word(field)
        if trimmed.isEmpty { return nil }
        if reads(trimmed, "NULL") { return nil }
        return IdentityValue(Array(trimmed))
    }
}

/// What the rows of one subject repeat, remembered column by column while its events are built.
struct Memos {
    var cycle = DateMemo()
    var event = DateMemo()
    var disposition = DateMemo()
    var offenseNumber = CaseNumberMemo()
    var courtCaseNumber = CaseNumberMemo()
}

/// The last case number read from one column: the rows of a court event repeat its OFN and court
/// case number, and a field with the same bytes as the last one shares its value (one array for them
/// all, not one made per row). Same value either way (``SubjectBuilder/caseNumber(_:)``).
struct CaseNumberMemo {
    private var last: IdentityValue? = nil

    mutating func read(_ field: ArraySlice<UInt8>) -> IdentityValue? {
        let trimmed = SubjectBuilder.word(field)
        if trimmed.isEmpty { return nil }
        // The last value was kept, so its bytes are not `NULL`: equal bytes read as the same value.
        if let last, trimmed.hasSameBytes(as: last.revealedBytes) { return last }
        let value = SubjectBuilder.caseNumber(field)
        if value != nil { last = value }
        return value
    }
}

/// The last value read from one date column and what it read as: a subject's rows repeat their
/// dates (the date of birth on every row, a cycle's date on each of its rows), so a field that holds
/// the same bytes as the last one is not parsed again. Same reading either way.
struct DateMemo {
    /// The last field's bytes (at most 8, the length of a DOJ date) packed into a word, and its length
    /// (-1: nothing remembered).
    private var packed: UInt64 = 0
    private var length = -1
    private var reading = DateParse.empty

    mutating func parse(_ field: ArraySlice<UInt8>) -> DateParse {
        field.withUnsafeBytes { raw in
            guard raw.count <= 8, let base = raw.baseAddress else { return DateValue.parseDOJ(raw) }
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: base, byteCount: raw.count) }
            if word == packed && raw.count == length { return reading }
            reading = DateValue.parseDOJ(raw)
            (packed, length) = (word, raw.count)
            return reading
        }
    }
}
