// The first, byte-at-a-time scanner of CriminalRecords, kept as a reference implementation: the
// differential tests check that the fast bitmask scanner gives the same records, lines and errors.

import CriminalRecords
import Glibc

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
/// The file is read in large chunks with `read(2)`, so memory stays constant whatever its size.
/// Each record's fields are decoded into one reusable buffer (``ReferenceRecord``); nothing is allocated
/// per record once the buffers have grown to the largest record.
struct ReferenceCSVScanner: ~Copyable {
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var filled = 0
    private var atEnd = false
    private var started = false
    /// Absolute file offset of `buffer[0]`.
    private var bufferBase = 0
    /// Absolute file offset where the current physical line starts.
    private var lineStartOffset = 0
    /// Absolute offset from which raw bytes of the current record are still to be kept.
    private var rawMark = 0
    private var rawPending: [UInt8] = []
    private var line = 1

    /// Keep each record's raw bytes (for the rejects file).
    var keepRaw = false
    /// Whether a UTF-8 byte-order mark was removed at the start.
    private(set) var removedByteOrderMark = false
    /// Bytes consumed so far (a progress measure).
    var bytesConsumed: Int { bufferBase + position }

    /// Scans the open file `descriptor`, which the caller keeps open and closes.
    init(descriptor: Int32, chunkSize: Int = 1 << 22) {
        self.descriptor = descriptor
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 16), alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// Refills the buffer, keeping unread bytes (and saving raw bytes about to be dropped).
    /// Returns false at end of file.
    private mutating func refill() throws(CSVReadError) -> Bool {
        if atEnd { return false }
        if keepRaw {
            let from = max(rawMark - bufferBase, 0)
            if from < position {
                rawPending.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[from..<position]))
            }
            rawMark = bufferBase + position
        }
        if position > 0 {
            let remaining = filled - position
            if remaining > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + position, byteCount: remaining)
            }
            bufferBase += position
            filled = remaining
            position = 0
        }
        if filled == buffer.count {
            // A single record larger than the buffer: grow.
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
            buffer.deallocate()
            buffer = larger
        }
        while true {
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw CSVReadError.io(errno)
            }
            if count == 0 {
                atEnd = true
                return false
            }
            filled += count
            return true
        }
    }

    /// Whether `count` bytes are available from `position`, refilling once if needed (records are
    /// never split mid-byte-pair: a refill keeps the unread bytes).
    private mutating func hasBytes(_ count: Int) throws(CSVReadError) -> Bool {
        if filled - position >= count { return true }
        _ = try refill()
        return filled - position >= count
    }

    /// The 1-based byte column of `position` in the current physical line.
    private var column: Int { bufferBase + position - lineStartOffset + 1 }

    private mutating func newLine() {
        line += 1
        lineStartOffset = bufferBase + position
    }

    /// Reads the next record into `record`. Returns false at end of input.
    ///
    /// On a syntax error the rest of the offending physical line is skipped, so that scanning can
    /// continue with the next line (as Go's reader does); an unterminated quote runs to the end.
    mutating func next(into record: inout ReferenceRecord) throws(CSVReadError) -> Bool {
        if !started {
            started = true
            while filled - position < 3 {
                if !(try refill()) { break }
            }
            if filled - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB
                && buffer[position + 2] == 0xBF
            {
                position += 3
                lineStartOffset = 3
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
                newLine()
            } else if byte == 0x0D {
                if position + 1 == filled {
                    if !(try refill()) {
                        position += 1
                        return false
                    }
                    continue
                }
                guard buffer[position + 1] == 0x0A else { break }
                position += 2
                newLine()
            } else {
                break
            }
        }
        record.bytes.removeAll(keepingCapacity: true)
        record.fieldStarts.removeAll(keepingCapacity: true)
        record.raw.removeAll(keepingCapacity: true)
        record.fieldStarts.append(0)
        record.line = line
        rawMark = bufferBase + position
        rawPending.removeAll(keepingCapacity: true)
        do {
            try scanRecord(into: &record)
        } catch {
            takeRaw(into: &record)
            throw error
        }
        takeRaw(into: &record)
        return true
    }

    private mutating func takeRaw(into record: inout ReferenceRecord) {
        guard keepRaw else { return }
        let from = max(rawMark - bufferBase, 0)
        record.raw = rawPending
        if from < position {
            record.raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[from..<position]))
        }
        // Drop the line ending from the raw copy.
        if record.raw.last == 0x0A { record.raw.removeLast() }
        if record.raw.last == 0x0D { record.raw.removeLast() }
        rawMark = bufferBase + position
    }

    private mutating func syntaxError(_ kind: CSVSyntaxError.Kind, _ record: ReferenceRecord) -> CSVReadError {
        .syntax(CSVSyntaxError(kind: kind, line: line, column: column, recordLine: record.line))
    }

    private mutating func scanRecord(into record: inout ReferenceRecord) throws(CSVReadError) {
        fieldLoop: while true {
            // At the start of a field.
            if try !hasBytes(1) {
                record.fieldStarts.append(Int32(record.bytes.count))
                record.endLine = line
                return
            }
            if buffer[position] == UInt8(ascii: "\"") {
                position += 1
                try scanQuotedField(into: &record)
                // After the closing quote.
                if try !hasBytes(1) {
                    record.fieldStarts.append(Int32(record.bytes.count))
                    record.endLine = line
                    return
                }
                let following = buffer[position]
                if following == UInt8(ascii: ",") {
                    position += 1
                    record.fieldStarts.append(Int32(record.bytes.count))
                    continue fieldLoop
                }
                // A line ending: LF, CRLF, or a CR that ends the file (Go drops it). Any other CR is
                // text after the quote, as in Go.
                var endsLine = following == 0x0A
                if following == 0x0D { endsLine = try !hasBytes(2) || buffer[position + 1] == 0x0A }
                if endsLine {
                    record.fieldStarts.append(Int32(record.bytes.count))
                    try finishLine(&record)
                    return
                }
                let error = syntaxError(.textAfterQuote, record)
                try skipRestOfLine(&record)
                throw error
            }
            // Unquoted field: scan to the next comma, quote or line break.
            while true {
                var runEnd = position
                while runEnd < filled {
                    let byte = buffer[runEnd]
                    if byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "\"") {
                        break
                    }
                    runEnd += 1
                }
                if runEnd > position {
                    record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<runEnd]))
                    position = runEnd
                }
                if position == filled {
                    if !(try refill()) {
                        record.fieldStarts.append(Int32(record.bytes.count))
                        record.endLine = line
                        return
                    }
                    continue
                }
                let byte = buffer[position]
                if byte == UInt8(ascii: ",") {
                    position += 1
                    record.fieldStarts.append(Int32(record.bytes.count))
                    continue fieldLoop
                }
                if byte == UInt8(ascii: "\"") {
                    let error = syntaxError(.bareQuote, record)
                    try skipRestOfLine(&record)
                    throw error
                }
                if byte == 0x0D {
                    if position + 1 == filled { _ = try refill() }
                    if position + 1 < filled && buffer[position + 1] != 0x0A {
                        // A lone CR inside an unquoted field is data, as Go keeps it.
                        record.bytes.append(0x0D)
                        position += 1
                        continue
                    }
                }
                record.fieldStarts.append(Int32(record.bytes.count))
                try finishLine(&record)
                return
            }
        }
    }

    /// Scans a quoted field's content, leaving `position` just after its closing quote.
    private mutating func scanQuotedField(into record: inout ReferenceRecord) throws(CSVReadError) {
        while true {
            var runEnd = position
            while runEnd < filled {
                let byte = buffer[runEnd]
                if byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D { break }
                runEnd += 1
            }
            if runEnd > position {
                record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<runEnd]))
                position = runEnd
            }
            if position == filled {
                if !(try refill()) { throw syntaxError(.unterminatedQuote, record) }
                continue
            }
            let byte = buffer[position]
            if byte == 0x0A {
                record.bytes.append(0x0A)
                position += 1
                newLine()
                continue
            }
            if byte == 0x0D {
                if try !hasBytes(2) { throw syntaxError(.unterminatedQuote, record) }
                if position + 1 < filled && buffer[position + 1] == 0x0A {
                    position += 1  // CRLF inside quotes becomes LF
                    continue
                }
                record.bytes.append(0x0D)
                position += 1
                continue
            }
            // A quote: doubled, or closing.
            if position + 1 == filled { _ = try refill() }
            if position + 1 < filled && buffer[position + 1] == UInt8(ascii: "\"") {
                record.bytes.append(UInt8(ascii: "\""))
                position += 2
                continue
            }
            position += 1
            return
        }
    }

    /// Consumes the line ending at `position` (LF or CRLF) and ends the record.
    private mutating func finishLine(_ record: inout ReferenceRecord) throws(CSVReadError) {
        record.endLine = line
        if buffer[position] == 0x0D {
            position += 1
            if position == filled { _ = try refill() }
            if position < filled && buffer[position] == 0x0A { position += 1 }
        } else {
            position += 1
        }
        newLine()
    }

    /// After a syntax error: skips to the end of the current physical line.
    private mutating func skipRestOfLine(_ record: inout ReferenceRecord) throws(CSVReadError) {
        while true {
            while position < filled && buffer[position] != 0x0A { position += 1 }
            if position < filled {
                position += 1
                record.endLine = line
                newLine()
                return
            }
            if !(try refill()) {
                record.endLine = line
                return
            }
        }
    }
}

/// The reference scanner's record: field `i` is `bytes[fieldStarts[i]..<fieldStarts[i + 1]]`.
struct ReferenceRecord {
    var bytes: [UInt8] = []
    var fieldStarts: [Int32] = []
    var line = 0
    var endLine = 0
    var raw: [UInt8] = []

    var fieldCount: Int { fieldStarts.count - 1 }

    func field(_ index: Int) -> ArraySlice<UInt8> {
        bytes[Int(fieldStarts[index])..<Int(fieldStarts[index + 1])]
    }
}
