import SealCore

extension SubjectBuilder {
    /// Groups conviction rows into convictions (one per CNT_ORDER; later rows of the same count are
    /// sentence parts, attached by key whatever the row order) and derives their facts.
    func buildConvictions(
        _ rows: SubjectRows,
        _ events: [HistoryEvent],
        dateOfBirth: DateValue,
        subjectFlags flags: inout [RecordFlag]
    ) -> [Conviction] {
        struct Pending {
            var key: CountOrder?
            var first: Int
            var parts: [SentencePart]
            var rows: [Int]
        }
        var pending: [Pending] = []
        // A count's pending conviction, and the suffix its count was first seen with (the first
        // pending conviction of a count is its first row's: a new count is a new key). A short
        // history (nearly all) is searched in place; only a long one gets dictionaries, which cost an
        // allocation and a hash for each look-up.
        let indexed = events.count > inPlaceHistoryLimit
        var byKey = indexed ? [CountOrder: Int](minimumCapacity: events.count) : [:]
        var suffixes = indexed ? [Int: Int](minimumCapacity: events.count) : [:]
        func countKey(_ key: CountOrder) -> Int { key.courtEvent * 1000 + key.count }
        // Events are read by index, field by field: binding a whole event copies it (a retain and
        // release of every reference it holds), and the searches below look at every event.
        for index in events.indices where events[index].disposition.isConviction {
            let sentence = events[index].sentence
            if let key = events[index].countOrder {
                let count = countKey(key)
                let seenSuffix =
                    indexed
                    ? suffixes[count]
                    : pending.first { $0.key.map(countKey) == count }?.key?.suffix
                if let seenSuffix, seenSuffix != key.suffix {
                    flags.append(
                        RecordFlag(
                            .countSuffixVaries,
                            rowIndex: events[index].rowIndex,
                            line: events[index].line,
                            column: .cntOrder
                        )
                    )
                } else if indexed && seenSuffix == nil {
                    suffixes[count] = key.suffix
                }
                if let existing = indexed ? byKey[key] : pending.firstIndex(where: { $0.key == key }) {
                    pending[existing].parts.append(sentence)
                    pending[existing].rows.append(index)
                    continue
                }
                if indexed { byKey[key] = pending.count }
            }
            pending.append(Pending(key: events[index].countOrder, first: index, parts: [sentence], rows: [index]))
        }

        let subjectWide = flags.filter { $0.kind == .malformedRow || $0.kind == .subjectDOBConflict }
        // A long history (a career of hundreds of rows, or thousands when a SUBJECT_ID is shared by
        // mistake) gets indexes for the three searches below, which otherwise look at every event or
        // flag once for each conviction: 16,000 rows of one subject took 11 s, and the time grew with
        // the square of the rows. The indexed searches find the same events and flags in the same order.
        var index = indexed ? LongHistoryIndex(events, flags) : nil
        let subjectWideSet = indexed ? Set(subjectWide) : []
        return pending.map { item in
            let event = events[item.first]
            let flagsBefore = flags.count
            func flag(_ kind: RecordFlag.Kind, _ column: DOJColumn?) {
                let value = RecordFlag(kind, rowIndex: event.rowIndex, line: event.line, column: column)
                flags.append(value)
            }

            // Conviction date (section 5.2).
            var date = event.eventDate
            if !date.isKnown {
                if event.dispositionDate.isKnown {
                    date = event.dispositionDate
                    flag(.convictionDateFromDispDate, .dispDate)
                } else {
                    flag(.convictionDateUnknown, .stpEventDate)
                }
            } else if let step = event.eventDate.exactDate, let disposition = event.dispositionDate.exactDate,
                step != disposition
            {
                flag(.dispDateDiffers, .dispDate)
            }

            // Offense-date proxy (section 5.3): CYC_DATE, unless it is unknown or certainly later
            // than the conviction date; then the conviction date.
            var proxy = event.cycleDate
            var proxyFromConviction = false
            if !proxy.isKnown {
                proxy = date
                proxyFromConviction = true
            } else if let cycleEarliest = proxy.earliest, let convictionLatest = date.latest,
                cycleEarliest > convictionLatest
            {
                proxy = date
                proxyFromConviction = true
            }

            // Sentence end (section 5.6).
            var lower: CalendarDate? = nil
            var upper: CalendarDate? = nil
            if let earliest = date.earliest, let latest = date.latest {
                lower = earliest
                for part in item.parts {
                    if let end = part.end(from: earliest), end > lower! { lower = end }
                }
                upper = latest
                for part in item.parts {
                    guard let current = upper else { break }
                    upper = part.end(from: current)
                }
            }

            // Later dispositions on the same count (section 4.4).
            if let key = event.countOrder {
                // (Closures written out, not a local function passed twice: a function value would
                // need a context allocated for each conviction.)
                let earliest = date.earliest ?? CalendarDate(dayNumber: 0)
                let laterRow =
                    index.map {
                        $0.laterDispositions(cycle: key.cycle, count: key.count).contains {
                            Self.isLaterDisposition(events, $0, of: key, after: earliest, rows: item.rows)
                        }
                    }
                    ?? events.indices.contains {
                        Self.isLaterDisposition(events, $0, of: key, after: earliest, rows: item.rows)
                    }
                if laterRow { flag(.laterDispositionOnCount, .dispDescr) }
            }

            // Implausible age: convicted before the 10th birthday.
            if let latest = date.latest, let birth = dateOfBirth.earliest,
                latest < birth.anniversary(minimumPlausibleAge)
            {
                flag(.implausibleAge, .stpEventDate)
            }

            // Case numbers: OFN of the court event's COURT ACTION rows, then FE_NUM_CRT_CASE, each
            // once. (No local function that captures the list: it would be boxed, an allocation for
            // each conviction.)
            var caseNumbers: [IdentityValue] = []
            if let index {
                caseNumbers = index.caseNumbers(of: event, rows: item.rows, events)
            } else {
                if let key = event.countOrder {
                    for other in events.indices
                    where events[other].countOrder?.courtEvent == key.courtEvent
                        && events[other].stepType == .courtAction
                    {
                        if let number = events[other].offenseNumber, !caseNumbers.contains(number) {
                            caseNumbers.append(number)
                        }
                    }
                } else if let number = event.offenseNumber {
                    caseNumbers.append(number)
                }
                for row in item.rows {
                    if let number = events[row].courtCaseNumber, !caseNumbers.contains(number) {
                        caseNumbers.append(number)
                    }
                }
            }

            // The subject-wide flags, then every flag of this conviction's rows (its own flags were
            // added to `flags` above), each once; in a short history with no temporary set or arrays
            // (most convictions have no flag at all).
            var allFlags = subjectWide
            if index != nil {
                // The earlier flags of these rows, then this conviction's own (added above); each
                // once, the set standing in for a search of the list.
                var seen = subjectWideSet
                let rows = item.rows.map { events[$0].rowIndex }
                for position in index!.flags(ofRows: rows, before: flagsBefore) + Array(flagsBefore..<flags.count) {
                    let value = flags[position]
                    guard let row = value.rowIndex, rows.contains(row), seen.insert(value).inserted else { continue }
                    allFlags.append(value)
                }
                index!.add(flags, from: flagsBefore)
            } else {
                for value in flags where !allFlags.contains(value) {
                    guard let row = value.rowIndex, item.rows.contains(where: { events[$0].rowIndex == row }) else {
                        continue
                    }
                    allFlags.append(value)
                }
            }
            let conflict = commentConflict(event.offense, rows, item.first)
            return Conviction(
                countOrder: event.countOrder,
                eventIndex: item.first,
                rowIndex: event.rowIndex,
                line: event.line,
                date: date,
                offenseDateProxy: proxy,
                offenseDateFromConviction: proxyFromConviction,
                offense: event.offense,
                level: event.level,
                county: event.county,
                disposition: event.disposition,
                sentenceParts: item.parts,
                sentenceEnd: SentenceEnd(lower: lower, upper: upper),
                caseNumbers: caseNumbers,
                flags: allFlags.sorted { ($0.line ?? 0, $0.kind.rawValue) < ($1.line ?? 0, $1.kind.rawValue) },
                isProp64Candidate: event.offense.prop64Section != nil || event.offense.suspectSection
                    || event.offense.combinesProp64Section || conflict != nil,
                gogen: gogenReading(events, item.rows)
            )
        }
    }

    /// Whether `events[other]` (not one of the conviction's `rows`) is a later disposition on the
    /// count `key` of a conviction dated from `earliest` (section 4.4). Read field by field, as the
    /// other searches read events.
    @inline(__always)
    private static func isLaterDisposition(
        _ events: [HistoryEvent],
        _ other: Int,
        of key: CountOrder,
        after earliest: CalendarDate,
        rows: [Int]
    ) -> Bool {
        guard let otherKey = events[other].countOrder, otherKey.cycle == key.cycle, otherKey.count == key.count,
            otherKey.step >= key.step, !rows.contains(other), !events[other].disposition.isConviction,
            !(otherKey.step == key.step && events[other].stepType == .arrest)
        else { return false }
        guard events[other].disposition != .none else { return false }
        if let before = events[other].eventDate.isBefore(earliest), before { return false }
        return true
    }

    /// The indexes of a long history's conviction searches (``buildConvictions(_:_:dateOfBirth:subjectFlags:)``),
    /// each list in ascending order, as a search over everything would meet them.
    struct LongHistoryIndex {
        private struct CycleCount: Hashable {
            let cycle: Int
            let count: Int
        }
        /// Rows with a disposition that is not a conviction, by cycle and count.
        private var later: [CycleCount: [Int]] = [:]
        /// COURT ACTION rows, by court event.
        private var court: [Int: [Int]] = [:]
        /// Positions in the flags, by row.
        private var flagsByRow: [Int: [Int]] = [:]

        init(_ events: [HistoryEvent], _ flags: [RecordFlag]) {
            for index in events.indices {
                guard let key = events[index].countOrder else { continue }
                if !events[index].disposition.isConviction && events[index].disposition != .none {
                    later[CycleCount(cycle: key.cycle, count: key.count), default: []].append(index)
                }
                if events[index].stepType == .courtAction { court[key.courtEvent, default: []].append(index) }
            }
            add(flags, from: 0)
        }

        func laterDispositions(cycle: Int, count: Int) -> [Int] { later[CycleCount(cycle: cycle, count: count)] ?? [] }

        /// A conviction's case numbers, as the search in place finds them: the OFN of its court
        /// event's COURT ACTION rows, then the FE_NUM_CRT_CASE of its rows, each once (a set stands in
        /// for the search of the list, which can be long).
        func caseNumbers(of event: HistoryEvent, rows: [Int], _ events: [HistoryEvent]) -> [IdentityValue] {
            var numbers: [IdentityValue] = []
            var seen: Set<IdentityValue> = []
            func add(_ number: IdentityValue?) {
                if let number, seen.insert(number).inserted { numbers.append(number) }
            }
            if let key = event.countOrder {
                for other in court[key.courtEvent] ?? [] { add(events[other].offenseNumber) }
            } else {
                add(event.offenseNumber)
            }
            for row in rows { add(events[row].courtCaseNumber) }
            return numbers
        }

        /// The positions before `end` of the flags of these rows, ascending.
        func flags(ofRows rows: [Int], before end: Int) -> [Int] {
            var positions: [Int] = []
            for row in Set(rows) { positions += flagsByRow[row] ?? [] }
            return positions.filter { $0 < end }.sorted()
        }

        /// Indexes the flags from position `start` on.
        mutating func add(_ flags: [RecordFlag], from start: Int) {
            for position in start..<flags.count {
                if let row = flags[position].rowIndex { flagsByRow[row, default: []].append(position) }
            }
        }
    }

    /// gogen's reading of a conviction: the first row's, with every row's sentence hours added.
    private func gogenReading(_ events: [HistoryEvent], _ rows: [Int]) -> GogenReading {
        var reading =
            rows.first.flatMap { events[$0].gogen }
            ?? GogenReading(sections: [], felony: false, la11357AB: false, sentenceHours: 0)
        reading.sentenceHours = rows.reduce(0) { $0 + (events[$1].gogen?.sentenceHours ?? 0) }
        return reading
    }
}
