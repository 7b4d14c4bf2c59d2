public import SealCore

/// Reads a de-identified file's lines back, strictly: the header with ``header(_:)``, then each subject
/// line with ``subject(_:)``. Bytes in, typed records out, through the project's one JSON reader.
///
/// Every key is known (an unknown one, such as a `name` smuggled into a line, is an error), every key is
/// present once, and every value is in its domain: real calendar dates, ranges whose low end is not
/// after their high end, no negative sentence, enumerations from their lists, references of the right
/// kind and of the header's key epoch, cut-offs the header lists. Errors are ``JSONError``s (line 1 of
/// the line's own text, the column and the key path), never quoting a value.
public struct DeidentifiedReader: Sendable {
    /// The header the subject lines are read under (key epoch, listed cut-offs).
    public let header: DatasetHeader
    /// The cut-off members a conviction may carry (those of the dates the header lists), made once and
    /// shared by every record read, with the bit that marks each seen.
    let cutoffMembers: [(bytes: [UInt8], cutoff: CutoffDate, onConviction: Bool)]
    /// A conviction's answers before its members are read: `no` for a cut-off the header lists (an
    /// absent member is `no`), `unknown` for one it does not (never `no` by absence).
    let cutoffDefaults: CutoffAnswers

    /// A reader of the subject lines under `header`.
    public init(header: DatasetHeader) {
        self.header = header
        let listed = Set(header.cutoffs)
        cutoffMembers = CutoffAnswers.members.filter { listed.contains($0.cutoff) }.map {
            (Array($0.name.utf8), $0.cutoff, $0.onConviction)
        }
        var defaults = CutoffAnswers.allUnknown
        for cutoff in listed {
            defaults.setConviction(cutoff, .no)
            defaults.setOffense(cutoff, .no)
        }
        cutoffDefaults = defaults
    }

    // MARK: - The header

    static let keyCheckFields = JSONFields(["master", "subjectPseudonym", "countReference", "caseToken", "dateShift"])
    static let headerFields = JSONFields(
        [
            "format", "schemaVersion", "normalization", "epoch", "evaluationDate", "inputSHA256", "keyCheckValues",
            "anchors", "cutoffs", "generator", "rejectedRows",
        ],
        optional: ["rejectedRows"]
    )

    /// The calendar anchors a subject line carries.
    public static let anchors = ["birthday18", "birthday21"]

    /// Reads a header line. Its format and schema version are checked first, so that a file of another
    /// kind or version is named as such rather than by the first key this version does not know.
    public static func header(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> DatasetHeader {
        let node = try JSONValue.parse(bytes)
        guard case .object(let object) = node.value else {
            throw node.error([], "expected an object (a \(DatasetHeader.formatName) header)")
        }
        guard case .string(let format)? = object["format"]?.value, format == DatasetHeader.formatName else {
            throw (object["format"] ?? node).error([.key("format")], "not \(DatasetHeader.formatName)")
        }
        guard case .integer(let version)? = object["schemaVersion"]?.value else {
            throw (object["schemaVersion"] ?? node).error([.key("schemaVersion")], "missing or not an integer")
        }
        guard version == DatasetHeader.currentSchemaVersion else {
            let problem =
                version < DatasetHeader.currentSchemaVersion
                ? "schema version \(version) was made by an older SealKit: pseudonymize again"
                : "schema version \(version) is newer than this SealKit reads (\(DatasetHeader.currentSchemaVersion)): use a newer SealKit"
            throw object["schemaVersion"]!.error([.key("schemaVersion")], problem)
        }
        return try JSONReader.read(bytes) { (reader) throws(JSONError) in try readHeader(&reader) }
    }

    static func readHeader(_ reader: inout JSONReader) throws(JSONError) -> DatasetHeader {
        var header = DatasetHeader(
            normalization: "",
            epoch: 0,
            evaluationDate: CalendarDate(year: 1, month: 1, day: 1)!,
            inputSHA256: "",
            keyCheckValues: .init(master: "", subjectPseudonym: "", countReference: "", caseToken: "", dateShift: ""),
            anchors: [],
            cutoffs: [],
            generator: ""
        )
        try reader.readObject(headerFields) { (reader, field) throws(JSONError) in
            let start = reader.position
            switch field {
            case 0: _ = try reader.readString()  // checked before
            case 1: _ = try reader.readInt()  // checked before
            case 2: header.normalization = try label(&reader)
            case 3: header.epoch = try reader.readInt(in: 1...1_000_000)
            case 4:
                guard let date = CalendarDate(iso: try reader.readString()) else {
                    throw reader.fail("not a real calendar date in the form YYYY-MM-DD", at: start)
                }
                header.evaluationDate = date
            case 5:
                header.inputSHA256 = try hex(&reader, digits: 64)
            case 6:
                var values = [String](repeating: "", count: keyCheckFields.count)
                try reader.readObject(keyCheckFields) { (reader, field) throws(JSONError) in
                    values[field] = try hex(&reader, digits: 16)
                }
                header.keyCheckValues = .init(
                    master: values[0],
                    subjectPseudonym: values[1],
                    countReference: values[2],
                    caseToken: values[3],
                    dateShift: values[4]
                )
            case 7:
                header.anchors = try strings(&reader)
                guard header.anchors == anchors else {
                    throw reader.fail(
                        "must be [\"birthday18\",\"birthday21\"] (the anchors this format carries)",
                        at: start
                    )
                }
            case 8:
                var cutoffs: [CutoffDate] = []
                try reader.readArray { (reader, _) throws(JSONError) in
                    let at = reader.position
                    let text = try reader.readString()
                    guard CalendarText.parse(text) != nil else {
                        throw reader.fail("not a real calendar date in the form YYYY-MM-DD", at: at)
                    }
                    guard let cutoff = CutoffDate(text: text) else {
                        throw reader.fail(
                            "not a cut-off this SealKit decides ("
                                + CutoffDate.allCases.map(\.date.description).joined(separator: ", ") + ")",
                            at: at
                        )
                    }
                    guard !cutoffs.contains(cutoff) else { throw reader.fail("a cut-off listed twice", at: at) }
                    cutoffs.append(cutoff)
                }
                header.cutoffs = cutoffs
            case 9: header.generator = try label(&reader)
            default: header.rejectedRows = try reader.readInt(in: 1...Int.max)
            }
        }
        return header
    }

    /// A name or version: 1 to 100 characters, no control character.
    static func label(_ reader: inout JSONReader) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readString()
        guard !text.isEmpty, text.count <= 100,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        else {
            throw reader.fail("must be 1 to 100 characters, none a control character", at: at)
        }
        return text
    }

    /// Exactly `digits` lower-case hex digits.
    static func hex(_ reader: inout JSONReader, digits: Int) throws(JSONError) -> String {
        let at = reader.position
        let text = try reader.readString()
        guard text.utf8.count == digits,
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw reader.fail("must be \(digits) lower-case hex digits", at: at)
        }
        return text
    }

    static func strings(_ reader: inout JSONReader) throws(JSONError) -> [String] {
        var items: [String] = []
        try reader.readArray { (reader, _) throws(JSONError) in items.append(try reader.readString()) }
        return items
    }
}
