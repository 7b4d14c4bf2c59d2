import Glibc

#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// A streaming reader of CSV records in the dialect of Go's `encoding/csv` with default settings,
/// which is what gogen reads (doj-research-file.md, section 2.2):
///
/// - separator `,`, quote `"`; a quoted field may hold commas, doubled quotes and line breaks;
/// - a `"` inside an unquoted field is an error, and so is text after a closing quote;
/// - LF or CRLF line endings, mixed allowed; a CR right before an LF is dropped, also inside quotes;
/// - a CR that ends the file is dropped; any other CR is data, or after a closing quote an error;
/// - the last record may lack a line ending; completely empty lines are skipped but counted;
/// - field text is kept byte-exact (no trimming).
///
/// ### How it is fast
/// The file is read in 4 MiB chunks with `read(2)`; memory stays constant whatever the file's size.
/// The scanner classifies 64 bytes at a time, as simdcsv does: SIMD compares give bitmasks of quotes,
/// commas, LFs and CRs (``BlockMasks``: SSE2 `pcmpeqb` and `pmovmskb` on x86-64, through the
/// compiler's own intrinsics module, else portable lane arithmetic); a prefix XOR of the quote bits
/// gives the bytes inside quotes; the commas and LFs outside quotes are the field ends, taken one by
/// one with a trailing-zero count. A field costs a few instructions whatever its length: each block
/// also has a mask of its *unexpected* bytes (every quote, CR and LF inside quotes, except a quote on
/// a field's first byte or right before its end), and a field with none in its range (in its block,
/// or in its block and the one before when it crosses a boundary) is plain or quoted at its two ends
/// only, which its first byte tells. Only fields that hold other quotes or line breaks are looked at
/// byte by byte (to check and unescape them). If a record runs past the chunk, the unread
/// bytes move to the front, the chunk is refilled and the record is scanned again from its start
/// (nothing has been changed).
/// A whole record is handed over with one copy of its bytes and one of its field bounds.
package struct CSVScanner: ~Copyable {
    private let descriptor: Int32
    /// The read buffer, with 64 zero bytes of slack after `filled` so a block load never reads junk.
    private var buffer: UnsafeMutableRawBufferPointer
    private var capacity: Int
    /// The longest record read (``init(descriptor:chunkSize:maximumRecordSize:)``).
    package let maximumRecordSize: Int
    private var position = 0
    private var filled = 0
    private var atEnd = false
    private var started = false
    private var bufferBase = 0
    private var line = 1

    // The current 64-byte block.
    private var blockValid = false
    private var blockStart = 0
    /// Field ends (commas and LFs outside quotes) of the block not yet taken.
    private var pending: UInt64 = 0
    private var blockQuotes: UInt64 = 0
    private var blockSpecial: UInt64 = 0
    /// The block's special bytes other than the field ends and the quotes a plain quoted field has:
    /// one at a field's start, one right before a field's end (bit 63's end lies in the next block and
    /// is not known yet, so a quote there counts as unexpected until the scan sees that block).
    private var blockUnexpected: UInt64 = 0
    /// Whether the block's last byte is a field end (so the next block's first byte starts a field).
    private var endsWithFieldEnd = false
    /// Whether the byte before the next block is inside quotes (all ones) or not (zero).
    private var carry: UInt64 = 0
    /// Whether the last valid byte seen is inside quotes (for a file that ends in a quoted field).
    private var endsInQuote = false

    // Field bounds of the record being scanned, relative to its start.
    private var starts: UnsafeMutablePointer<Int32>
    private var ends: UnsafeMutablePointer<Int32>
    /// The fields of the record being scanned that hold doubled quotes or CRLFs to unescape.
    private var unescapeFields: [Int] = []
    private var boundsCapacity = 128

    /// Keep each record's raw bytes (for the rejects file).
    package var keepRaw = false
    /// Sees every byte read from the file, in order, once (to hash the input while it is scanned).
    package var observer: ((UnsafeRawBufferPointer) -> Void)?
    /// Whether a UTF-8 byte-order mark was removed at the start.
    package private(set) var removedByteOrderMark = false
    /// Bytes consumed so far (a progress measure).
    package var bytesConsumed: Int { bufferBase + position }

    /// The default longest record: 16 MiB, some 20,000 times a DOJ row.
    package static let defaultMaximumRecordSize = 16 << 20

    /// Scans the open file `descriptor`, which the caller keeps open and closes.
    ///
    /// A record that has not ended within `maximumRecordSize` bytes of its start (its line end
    /// included) stops the scan with ``CSVSyntaxError/Kind/recordTooLong``: such a record is almost
    /// always an unclosed quote swallowing the rest of the file, which would otherwise all be held in
    /// memory. So does a physical line that long after a syntax error, when raw bytes are kept.
    package init(
        descriptor: Int32,
        chunkSize: Int = 1 << 22,
        maximumRecordSize: Int = CSVScanner.defaultMaximumRecordSize
    ) {
        self.descriptor = descriptor
        self.maximumRecordSize = max(maximumRecordSize, 64)
        // The buffer never grows past the maximum, so that every record of that size or more, and
        // no shorter one, meets it full.
        capacity = min(max(chunkSize, 64), self.maximumRecordSize)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity + 64, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        starts = .allocate(capacity: boundsCapacity)
        ends = .allocate(capacity: boundsCapacity)
    }

    deinit {
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
    }

    /// Moves unread bytes (from the record start) to the front and reads more. False at end of file.
    private mutating func refill() throws(CSVReadError) -> Bool {
        blockValid = false
        if atEnd { return false }
        if position > 0 {
            let remaining = filled - position
            if remaining > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + position, byteCount: remaining)
            }
            bufferBase += position
            filled = remaining
            position = 0
        }
        if filled == capacity {
            // One record larger than the buffer: grow.
            // A record that fills the largest buffer is refused before a refill (`tooLong`): a read
            // into no room would look like the end of the file.
            precondition(capacity < maximumRecordSize, "a refill of a buffer that cannot grow")
            let grown = min(capacity * 2, maximumRecordSize)
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: grown + 64, alignment: 64)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
            buffer.deallocate()
            buffer = larger
            capacity = grown
        }
        defer {
            // Zero the slack after the data, so a block load past `filled` sees no special bytes.
            (buffer.baseAddress! + filled).initializeMemory(as: UInt8.self, repeating: 0, count: 64)
        }
        while true {
            let count = read(descriptor, buffer.baseAddress! + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw CSVReadError.io(errno)
            }
            if count == 0 {
                atEnd = true
                return false
            }
            observer?(UnsafeRawBufferPointer(start: buffer.baseAddress! + filled, count: count))
            filled += count
            return true
        }
    }

    /// Reads the next record into `record`. Returns false at end of input.
    ///
    /// On a syntax error the rest of the offending physical line is skipped, so that scanning can
    /// continue with the next line (as Go's reader does); an unterminated quote runs to the end, and
    /// a record that has not ended within ``maximumRecordSize`` bytes ends the scan.
    package mutating func next(into record: inout CSVRecord) throws(CSVReadError) -> Bool {
        if !started {
            started = true
            while filled < 3 {
                if !(try refill()) { break }
            }
            if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                position = 3
                removedByteOrderMark = true
            }
        }
        // Skip empty lines.
        while true {
            if position == filled {
                if !(try refill()) { return false }
                continue
            }
            let byte = buffer[position]
            if byte == 0x0A {
                position += 1
                line += 1
            } else if byte == 0x0D {
                if position + 1 == filled {
                    if !(try refill()) {
                        position += 1
                        return false
                    }
                }
                guard position + 1 < filled, buffer[position + 1] == 0x0A else { break }
                position += 2
                line += 1
            } else {
                break
            }
        }
        discardFieldEnds(before: position)
        while true {
            switch scanRecord() {
            case .complete(let fields, let lines, let next):
                finish(into: &record, end: next, fields: fields, lines: lines)
                position = next
                return true
            case .needMore:
                if filled - position >= maximumRecordSize { throw tooLong(&record) }
                if try refill() { continue }
                switch scanRecord(atEndOfFile: true) {
                case .complete(let fields, let lines, let next):
                    finish(into: &record, end: next, fields: fields, lines: lines)
                    position = next
                    return true
                case .failure(let kind, let offset):
                    throw try failure(kind, offset: offset, record: &record)
                case .needMore:
                    preconditionFailure("a scan at end of file always completes or fails")
                }
            case .failure(let kind, let offset):
                throw try failure(kind, offset: offset, record: &record)
            }
        }
    }

    private enum ScanResult {
        /// The record has `fields` fields and `lines` line breaks inside quotes; the next record
        /// starts at `next`.
        case complete(fields: Int, lines: Int, next: Int)
        case needMore
        case failure(CSVSyntaxError.Kind, offset: Int)
    }

    /// Drops field ends before `offset` (after skipped empty lines or an error).
    private mutating func discardFieldEnds(before offset: Int) {
        guard blockValid else { return }
        if offset >= blockStart + 64 {
            blockValid = false
        } else if offset > blockStart {
            pending &= ~((1 << UInt64(offset - blockStart)) &- 1)
        }
    }

    /// Classifies the 64 bytes at `start`: sets the block's masks and its pending field ends.
    /// `startsField`: whether the byte at `start` begins a field (a record's start, or the block
    /// before ended with a field end).
    private mutating func classify(_ start: Int, startsField: Bool) {
        let masks = BlockMasks(UnsafeRawPointer(buffer.baseAddress! + start))
        let quotes = masks.quotes
        let delimiters = masks.delimiters
        let breaks = masks.breaks
        let valid = filled - start >= 64 ? UInt64.max : (1 << UInt64(filled - start)) &- 1
        var inside = quotes
        inside ^= inside << 1
        inside ^= inside << 2
        inside ^= inside << 4
        inside ^= inside << 8
        inside ^= inside << 16
        inside ^= inside << 32
        inside ^= carry
        carry = inside >> 63 == 1 ? UInt64.max : 0
        let lastValid = min(filled - start, 64) - 1
        endsInQuote = lastValid >= 0 && (inside >> UInt64(lastValid)) & 1 == 1
        blockStart = start
        blockQuotes = quotes & valid
        blockSpecial = (quotes | breaks) & valid
        let ends = delimiters & ~inside & valid
        pending = ends
        // A quote is where a plain quoted field has one when a field starts on it or ends right after
        // it; every other special byte (a bare or doubled quote, CR, LF inside quotes) is unexpected.
        let fieldStarts = ends << 1 | (startsField ? 1 : 0)
        blockUnexpected = blockSpecial & ~(blockQuotes & (fieldStarts | ends >> 1)) & ~ends
        endsWithFieldEnd = ends >> 63 == 1
        blockValid = true
    }

    /// Whether any of the special bytes (quote, LF, CR) lies in `[from, to)`: from the block masks
    /// when the range is in the current block, else by looking.
    private func hasSpecial(from: Int, to: Int, quotesOnly: Bool) -> Bool {
        guard to > from else { return false }
        if blockValid && from >= blockStart && to <= blockStart + 64 {
            let low = UInt64(from - blockStart)
            let width = UInt64(to - from)
            let mask = width >= 64 ? UInt64.max : ((1 << width) &- 1) << low
            return (quotesOnly ? blockQuotes : blockSpecial) & mask != 0
        }
        for index in from..<to {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") || (!quotesOnly && (byte == 0x0A || byte == 0x0D)) { return true }
        }
        return false
    }

    private mutating func growBounds() {
        let newCapacity = boundsCapacity * 2
        let newStarts = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        let newEnds = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newStarts.update(from: starts, count: boundsCapacity)
        newEnds.update(from: ends, count: boundsCapacity)
        starts.deallocate()
        ends.deallocate()
        starts = newStarts
        ends = newEnds
        boundsCapacity = newCapacity
    }

    /// Scans the record at `position`; changes nothing in the buffer.
    ///
    /// The block state lives in locals while fields are taken: stores through the bounds pointers
    /// could alias `self`, which would make the compiler reload it after every field. A field is
    /// settled from the masks alone when it holds no unexpected byte (``blockUnexpected``): it is then
    /// plain, or quoted with its quotes at its two ends and nothing to unescape.
    private mutating func scanRecord(atEndOfFile: Bool = false) -> ScanResult {
        let base = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        let recordStart = position
        var fieldStart = position
        var fields = 0
        var lines = 0
        unescapeFields.removeAll(keepingCapacity: true)
        if !blockValid {
            carry = 0
            classify(position, startsField: true)
        }
        // Room for every field end of the block (at most 64), so the fast path need not check.
        if boundsCapacity < 65 { growBounds() }
        var pending = self.pending
        var blockStart = self.blockStart
        // The block's unexpected bytes from the open field on (those before it are cleared), and the
        // first of them at or after the open field's start, in this block or an earlier one (the
        // block's end when there is none).
        var unexpected = blockUnexpected & ~((1 as UInt64) &<< UInt64(truncatingIfNeeded: position &- blockStart) &- 1)
        var nextUnexpected = blockStart &+ unexpected.trailingZeroBitCount
        var startsOut = starts
        var endsOut = ends
        while true {
            // The next field end.
            while pending == 0 {
                let next = blockStart + 64
                if next >= filled {
                    self.pending = 0
                    // Out of data inside this field: a bare quote or text after a closing quote is
                    // already certain; otherwise read more (or, at the end, the field is the last).
                    if let failure = definiteFailure(fieldStart) { return failure }
                    if !atEndOfFile { return .needMore }
                    if endsInQuote {
                        // At the end of the data, or at a CR that ends the file (Go drops that CR).
                        let last = filled > recordStart && buffer[filled - 1] == 0x0D ? filled - 1 : filled
                        return .failure(.unterminatedQuote, offset: last)
                    }
                    return emitLast(fieldStart: fieldStart, fields: &fields, lines: &lines)
                }
                let lastQuote = blockQuotes & (1 << 63)
                let previousStart = blockStart
                classify(next, startsField: endsWithFieldEnd)
                // A quote in the last byte before a field end that opens this block is expected.
                let rest = unexpected & ~(lastQuote & (self.pending << 63))
                pending = self.pending
                blockStart = self.blockStart
                unexpected = blockUnexpected
                if nextUnexpected >= previousStart {
                    nextUnexpected =
                        rest != 0
                        ? previousStart &+ rest.trailingZeroBitCount : blockStart &+ unexpected.trailingZeroBitCount
                }
                if fields &+ 64 >= boundsCapacity {
                    growBounds()
                    startsOut = starts
                    endsOut = ends
                }
            }
            let end = blockStart &+ pending.trailingZeroBitCount
            pending &= pending &- 1
            let isNewline = base[end] == 0x0A
            // Fast path: no unexpected byte from the field's start to its end, so it is plain or
            // quoted at its two ends only, which its first byte tells (an empty field's first byte is
            // its end). Anything else is looked at by `addField`.
            if end <= nextUnexpected {
                let quoted = base[fieldStart] == UInt8(ascii: "\"") ? 1 : 0
                startsOut[fields] = Int32(truncatingIfNeeded: fieldStart &+ quoted &- recordStart)
                endsOut[fields] = Int32(truncatingIfNeeded: end &- quoted &- recordStart)
                fields &+= 1
                if isNewline {
                    self.pending = pending
                    return .complete(fields: fields, lines: lines, next: end + 1)
                }
                fieldStart = end &+ 1
                continue
            }
            self.pending = pending
            var contentEnd = end
            if isNewline && contentEnd > fieldStart && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if let failure = addField(fieldStart, contentEnd, index: fields, lines: &lines) { return failure }
            fields += 1
            if isNewline {
                return .complete(fields: fields, lines: lines, next: end + 1)
            }
            fieldStart = end + 1
            // The field's unexpected bytes are behind: clear them, up to its end.
            unexpected &= ~((2 as UInt64) &<< UInt64(truncatingIfNeeded: end &- blockStart) &- 1)
            nextUnexpected = blockStart &+ unexpected.trailingZeroBitCount
            startsOut = starts
            endsOut = ends
        }
    }

    /// The last field of a file without a final line break (a CR at the very end is a line ending).
    private mutating func emitLast(fieldStart: Int, fields: inout Int, lines: inout Int) -> ScanResult {
        var contentEnd = filled
        if contentEnd > fieldStart && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        if let failure = addField(fieldStart, contentEnd, index: fields, lines: &lines) { return failure }
        fields += 1
        return .complete(fields: fields, lines: lines, next: filled)
    }

    /// An error already certain in the open field that starts at `start` (data runs to `filled`).
    private func definiteFailure(_ start: Int) -> ScanResult? {
        guard start < filled else { return nil }
        if buffer[start] != UInt8(ascii: "\"") {
            var cursor = start
            while cursor < filled {
                let byte = buffer[cursor]
                if byte == UInt8(ascii: "\"") { return .failure(.bareQuote, offset: cursor) }
                if byte == UInt8(ascii: ",") || byte == 0x0A { return nil }
                cursor += 1
            }
            return nil
        }
        var cursor = start + 1
        while cursor < filled {
            if buffer[cursor] == UInt8(ascii: "\"") {
                guard cursor + 1 < filled else { return nil }
                let following = buffer[cursor + 1]
                if following == UInt8(ascii: "\"") {
                    cursor += 2
                    continue
                }
                if following == UInt8(ascii: ",") || following == 0x0A { return nil }
                // A CR ends the field only as part of CRLF or as the file's last byte (not known yet
                // when it is the last byte read); any other CR is text after the quote, as in Go.
                if following == 0x0D && (cursor + 2 >= filled || buffer[cursor + 2] == 0x0A) { return nil }
                return .failure(.textAfterQuote, offset: cursor + 1)
            }
            cursor += 1
        }
        return nil
    }

    /// Checks one field `[start, end)` and notes its content bounds.
    private mutating func addField(_ start: Int, _ end: Int, index: Int, lines: inout Int) -> ScanResult? {
        if index == boundsCapacity { growBounds() }
        if start < end && buffer[start] == UInt8(ascii: "\"") {
            // Quoted: the content lies between the opening and the closing quote.
            let last = end - 1
            let innerEnd = last
            if last > start && buffer[last] == UInt8(ascii: "\"")
                && !hasSpecial(from: start + 1, to: innerEnd, quotesOnly: false)
            {
                starts[index] = Int32(start + 1 - position)
                ends[index] = Int32(innerEnd - position)
                return nil
            }
            // Look byte by byte: pairs of quotes inside, line breaks, a proper closing quote.
            var cursor = start + 1
            var escape = false
            while cursor < end {
                let byte = buffer[cursor]
                if byte == UInt8(ascii: "\"") {
                    if cursor + 1 < end && buffer[cursor + 1] == UInt8(ascii: "\"") {
                        escape = true
                        cursor += 2
                        continue
                    }
                    // The closing quote: it must end the field.
                    if cursor + 1 != end { return .failure(.textAfterQuote, offset: cursor + 1) }
                    starts[index] = Int32(start + 1 - position)
                    ends[index] = Int32(cursor - position)
                    if escape { unescapeFields.append(index) }
                    return nil
                }
                if byte == 0x0A { lines += 1 }
                if byte == 0x0D { escape = true }
                cursor += 1
            }
            return .failure(.unterminatedQuote, offset: end)
        }
        if hasSpecial(from: start, to: end, quotesOnly: true) {
            var cursor = start
            while buffer[cursor] != UInt8(ascii: "\"") { cursor += 1 }
            return .failure(.bareQuote, offset: cursor)
        }
        starts[index] = Int32(start - position)
        ends[index] = Int32(end - position)
        return nil
    }

    /// Copies the scanned record out, unescaping quoted fields that need it.
    private mutating func finish(into record: inout CSVRecord, end: Int, fields: Int, lines: Int) {
        // Without its line ending only: an LF and the CR before it, or a CR that ends the file. A CR
        // before those is the last field's data (`a<CR><CR><LF>`, a file whose line endings were
        // converted twice): taking it too cut that field's bounds off the bytes.
        var recordEnd = end
        if recordEnd > position && buffer[recordEnd - 1] == 0x0A { recordEnd -= 1 }
        if recordEnd > position && buffer[recordEnd - 1] == 0x0D { recordEnd -= 1 }
        let source = UnsafeRawBufferPointer(rebasing: buffer[position..<max(recordEnd, position)])
        record.raw.removeAll(keepingCapacity: true)
        if keepRaw { record.raw.append(contentsOf: source) }
        // One replacement (emptying, then appending, went through the array's machinery twice).
        record.bytes.replaceSubrange(record.bytes.indices, with: source)
        for field in unescapeFields {
            // "" becomes ", CRLF becomes LF, in place (the result is never longer).
            record.bytes.withUnsafeMutableBufferPointer { bytes in
                var read = Int(starts[field])
                var write = read
                let fieldEnd = Int(ends[field])
                while read < fieldEnd {
                    let byte = bytes[read]
                    if byte == UInt8(ascii: "\"") {
                        read += 1
                    } else if byte == 0x0D && read + 1 < fieldEnd && bytes[read + 1] == 0x0A {
                        read += 1
                        continue
                    }
                    bytes[write] = bytes[read]
                    write += 1
                    read += 1
                }
                ends[field] = Int32(write)
            }
        }
        record.starts.replaceContents(with: UnsafeBufferPointer(start: starts, count: fields))
        record.ends.replaceContents(with: UnsafeBufferPointer(start: ends, count: fields))
        record.line = line
        record.endLine = line + lines
        line += lines + 1
    }

    /// A record that fills the largest buffer: where it ends cannot be told, so the scan ends here
    /// (nothing more is read: the next call returns false).
    private mutating func tooLong(_ record: inout CSVRecord) -> CSVReadError {
        record.raw.removeAll(keepingCapacity: true)
        record.bytes.removeAll(keepingCapacity: true)
        record.starts.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.line = line
        record.endLine = line
        atEnd = true
        position = filled
        blockValid = false
        return .syntax(CSVSyntaxError(kind: .recordTooLong, line: line, column: 1, recordLine: line))
    }

    /// Builds a syntax error and skips to the end of the offending physical line (or of the file,
    /// for an open quote), so scanning can go on.
    private mutating func failure(
        _ kind: CSVSyntaxError.Kind,
        offset: Int,
        record: inout CSVRecord
    ) throws(CSVReadError) -> CSVReadError {
        // Line and column of the offset: count the line breaks from the record start.
        var errorLine = line
        var lineStart = position
        var index = position
        while index < offset {
            if buffer[index] == 0x0A {
                errorLine += 1
                lineStart = index + 1
            }
            index += 1
        }
        let error = CSVSyntaxError(kind: kind, line: errorLine, column: offset - lineStart + 1, recordLine: line)
        record.raw.removeAll(keepingCapacity: true)
        record.bytes.removeAll(keepingCapacity: true)
        record.starts.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        // The fields completed before the error (unquoted ones suffice to tell the row's subject).
        if errorLine == line {
            let completed = UnsafeRawBufferPointer(rebasing: buffer[position..<offset])
            record.bytes.append(contentsOf: completed)
            var start = 0
            for (index, byte) in completed.enumerated() where byte == UInt8(ascii: ",") {
                record.starts.append(Int32(start))
                record.ends.append(Int32(index))
                start = index + 1
            }
        }
        record.line = line
        record.endLine = errorLine
        // Skip to the end of the physical line, reading on as needed; keep the raw bytes.
        if keepRaw { record.raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<offset])) }
        position = offset
        while true {
            var end = position
            while end < filled && buffer[end] != 0x0A { end += 1 }
            if keepRaw {
                // A physical line too long to keep whole for the rejects file ends the scan too.
                guard record.raw.count + (end - position) < maximumRecordSize else { return tooLong(&record) }
                record.raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<end]))
            }
            position = end
            if end < filled {
                position += 1
                line = errorLine + 1
                break
            }
            if !(try refill()) {
                line = errorLine
                break
            }
        }
        if record.raw.last == 0x0D { record.raw.removeLast() }
        blockValid = false
        return .syntax(error)
    }
}

/// The special bytes of one 64-byte block, as bitmasks (byte `i` of the block is bit `i`).
struct BlockMasks: Equatable {
    /// `"` bytes.
    var quotes: UInt64 = 0
    /// Field ends before quotes are taken into account: `,` and LF.
    var delimiters: UInt64 = 0
    /// Line-break bytes: LF and CR.
    var breaks: UInt64 = 0

    init(quotes: UInt64, delimiters: UInt64, breaks: UInt64) {
        self.quotes = quotes
        self.delimiters = delimiters
        self.breaks = breaks
    }

    /// The masks of the 64 bytes at `base`: with SSE2 compares and `pmovmskb` on x86-64 (part of
    /// the base instruction set, so no machine lacks it), else with portable lane arithmetic.
    @inline(__always)
    init(_ base: UnsafeRawPointer) {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        self.init(sse2: base)
        #else
        self.init(portable: base)
        #endif
    }

    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    /// One compare per special byte and one `pmovmskb` per mask, for each 16-byte lane: about one
    /// instruction a byte (a block's classification, prefix XOR included, takes about two; with the
    /// portable form it took five).
    @inline(__always)
    init(sse2 base: UnsafeRawPointer) {
        let quote = _mm_set1_epi8(0x22)
        let comma = _mm_set1_epi8(0x2C)
        let newline = _mm_set1_epi8(0x0A)
        let carriage = _mm_set1_epi8(0x0D)
        for lane in 0..<4 {
            // An unaligned load (`movdqu`): the block may start anywhere in the buffer.
            let vector = _mm_loadu_si128((base + lane &* 16).assumingMemoryBound(to: __m128i.self))
            let isNewline = _mm_cmpeq_epi8(vector, newline)
            let shift = UInt64(lane &* 16)
            quotes |= Self.bits(_mm_cmpeq_epi8(vector, quote)) << shift
            delimiters |= Self.bits(_mm_or_si128(_mm_cmpeq_epi8(vector, comma), isNewline)) << shift
            breaks |= Self.bits(_mm_or_si128(isNewline, _mm_cmpeq_epi8(vector, carriage))) << shift
        }
    }

    /// The high bits of a compare's 16 lanes, lane 0 in bit 0.
    @inline(__always)
    private static func bits(_ vector: __m128i) -> UInt64 {
        UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector)))
    }
    #endif

    /// The same masks with lane-wise arithmetic only (any architecture; the reference the SSE2 form
    /// is tested against).
    @inline(__always)
    init(portable base: UnsafeRawPointer) {
        let high = SIMD16<UInt8>(repeating: 0x80)
        for lane in 0..<4 {
            let vector = base.loadUnaligned(fromByteOffset: lane * 16, as: SIMD16<UInt8>.self)
            let shift = UInt64(lane * 16)
            // High bit set where the byte differs from each special byte; a lane equal to one of
            // two bytes is one where both differences are zero.
            let quote = Self.nonZero(vector ^ SIMD16(repeating: UInt8(ascii: "\"")))
            let comma = Self.nonZero(vector ^ SIMD16(repeating: UInt8(ascii: ",")))
            let newline = Self.nonZero(vector ^ SIMD16(repeating: 0x0A))
            let carriage = Self.nonZero(vector ^ SIMD16(repeating: 0x0D))
            quotes |= Self.packHighBits(~quote & high) << shift
            delimiters |= Self.packHighBits(~(comma & newline) & high) << shift
            breaks |= Self.packHighBits(~(newline & carriage) & high) << shift
        }
    }

    /// The high bit of each lane of the result is set exactly where `x` is not zero (other bits are
    /// junk): `x | -x` has its high bit clear only for zero (for 0x80, `-x` is 0x80 itself).
    ///
    /// Written with lane-wise arithmetic only, because on Swift 6.3 that vectorizes while `.==` and
    /// `replacing(with:where:)` on `SIMD16<UInt8>` are done lane by lane (measured: 0.02 s against
    /// 1.7 s for 64 MiB).
    @inline(__always)
    private static func nonZero(_ x: SIMD16<UInt8>) -> SIMD16<UInt8> {
        x | (SIMD16<UInt8>() &- x)
    }

    /// The 16 high bits of `vector`'s lanes (each 0x80 or 0), lane 0 in bit 0, gathered with a
    /// multiply (portable Swift has no `movemask`).
    @inline(__always)
    private static func packHighBits(_ vector: SIMD16<UInt8>) -> UInt64 {
        let words = unsafeBitCast(vector, to: SIMD2<UInt64>.self)
        return (((words[0] >> 7) &* 0x0102_0408_1020_4080) >> 56)
            | ((((words[1] >> 7) &* 0x0102_0408_1020_4080) >> 56) << 8)
    }
}

/// A decoded CSV record: field `i` is `bytes[starts[i]..<ends[i]]`.
extension Array where Element: BitwiseCopyable {
    /// Makes the array hold `source`: copied over in place when the count is the same (a record's
    /// field bounds, every row of a file), else emptied and refilled. Emptying an array goes through
    /// `replaceSubrange`, and refilling through the generic append: about 150 instructions a row each.
    mutating func replaceContents(with source: UnsafeBufferPointer<Element>) {
        guard count == source.count, let from = source.baseAddress else {
            removeAll(keepingCapacity: true)
            append(contentsOf: source)
            return
        }
        withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: from, count: source.count) }
    }
}

package struct CSVRecord: Sendable {
    package var bytes: [UInt8] = []
    package var starts: [Int32] = []
    package var ends: [Int32] = []
    /// The physical line where the record starts (1-based).
    package var line = 0
    /// The physical line where the record ends.
    package var endLine = 0
    /// The record's raw bytes (before unquoting), kept only when the scanner's `keepRaw` is set.
    package var raw: [UInt8] = []

    package init() {}

    package var fieldCount: Int { starts.count }

    /// The bytes of field `index`.
    package func field(_ index: Int) -> ArraySlice<UInt8> {
        bytes[Int(starts[index])..<Int(ends[index])]
    }
}

/// A CSV syntax error, positioned at its physical line and 1-based byte column in that line.
package struct CSVSyntaxError: Error, Sendable {
    package enum Kind: Sendable {
        /// A `"` inside an unquoted field (Go's `ErrBareQuote`).
        case bareQuote
        /// Text after a closing quote (Go's `ErrQuote`).
        case textAfterQuote
        /// End of file inside a quoted field: a truncated last record.
        case unterminatedQuote
        /// A record that has not ended within ``CSVScanner/maximumRecordSize`` bytes (its line end
        /// included): most likely an unclosed quote. The scan stops there.
        case recordTooLong

        package var message: String {
            switch self {
            case .bareQuote: "a quote (\") inside an unquoted field"
            case .textAfterQuote: "text after the closing quote of a field"
            case .unterminatedQuote: "the file ends inside a quoted field (truncated last record)"
            case .recordTooLong: "a record too long to read starts here (an unclosed quote?)"
            }
        }
    }
    package let kind: Kind
    package let line: Int
    package let column: Int
    /// The physical line where the record started.
    package let recordLine: Int

    package init(kind: Kind, line: Int, column: Int, recordLine: Int) {
        self.kind = kind
        self.line = line
        self.column = column
        self.recordLine = recordLine
    }
}

/// A failure while reading CSV: a syntax error or an I/O error (errno).
package enum CSVReadError: Error, Sendable {
    case syntax(CSVSyntaxError)
    case io(Int32)
}
