/// A JSON value read whole, for documents whose shape depends on their content (rule files): every
/// value keeps its line and column, so a problem found after the read still names its place.
///
/// Made only by the strict reader (``parse(_:)-([UInt8])``): an object never holds a key twice.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number with no fraction or exponent that fits in an `Int`.
    case integer(Int)
    /// Any other number (finite).
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)

    /// Parses a whole JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONNode {
        try JSONReader.read(bytes) { (reader) throws(JSONError) in try read(&reader) }
    }

    /// Parses a whole JSON text.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONNode {
        try JSONReader.read(bytes) { (reader) throws(JSONError) in try read(&reader) }
    }

    /// Reads the reader's next value whole.
    public static func read(_ reader: inout JSONReader) throws(JSONError) -> JSONNode {
        let (line, column) = reader.place(reader.offset)
        guard reader.offset < reader.bytes.count else { throw reader.invalidValue() }
        let value: JSONValue
        switch reader.bytes[reader.offset] {
        case UInt8(ascii: "{"):
            var members: [JSONObject.Member] = []
            // Keys are compared code unit by code unit (RFC 8259 section 8.3; RFC 8785): "é" and
            // "e\u0301" are two keys, though Swift's String equality calls them equal.
            var keys: Set<[UInt8]> = []
            try reader.readObject { (reader, key) throws(JSONError) in
                let name = key.string
                guard keys.insert(Array(name.utf8)).inserted else {
                    throw reader.fail("a duplicate key (the object names it twice)", at: reader.keyOffset)
                }
                let keyPlace = reader.place(reader.keyOffset)
                members.append(
                    JSONObject.Member(
                        key: name,
                        keyLine: keyPlace.line,
                        keyColumn: keyPlace.column,
                        node: try read(&reader)
                    )
                )
            }
            value = .object(JSONObject(members: members))
        case UInt8(ascii: "["):
            var elements: [JSONNode] = []
            try reader.readArray { (reader, _) throws(JSONError) in elements.append(try read(&reader)) }
            value = .array(elements)
        case UInt8(ascii: "\""):
            value = .string(try reader.readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            value = .bool(try reader.readBool())
        case UInt8(ascii: "n"):
            _ = try reader.readNull()
            value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (_, isInteger) = try reader.scanNumber()
            if isInteger, let integer = try? reader.readInt() {
                value = .integer(integer)
            } else {
                value = .number(try reader.readDouble())
            }
        default:
            throw reader.invalidValue()
        }
        return JSONNode(value: value, line: line, column: column)
    }

    /// The JSON type's name, for messages: "a string", "an integer".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A value and where it starts in its text.
public struct JSONNode: Sendable {
    /// The value.
    public var value: JSONValue
    /// 1-based line and column (in characters) of the value's first character.
    public var line: Int
    /// The 1-based column, in characters.
    public var column: Int

    /// A node of `value` starting at `line` and `column`.
    public init(value: JSONValue, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// An error at this value, with `path` and `problem`.
    public func error(_ path: JSONPath, _ problem: String) -> JSONError {
        JSONError(line: line, column: column, path: path, problem: problem)
    }
}

/// An object's members in the order of the text; no key twice.
public struct JSONObject: Sendable {
    /// One member: its key, where the key starts, and its value.
    public struct Member: Sendable {
        /// The key, unescaped.
        public var key: String
        /// Where the key starts.
        public var keyLine: Int
        /// The key's 1-based column, in characters.
        public var keyColumn: Int
        /// The member's value.
        public var node: JSONNode
    }

    /// The members, in the order of the text.
    public var members: [Member]

    /// An object of `members` (whose keys the parser made distinct).
    public init(members: [Member]) {
        self.members = members
    }

    /// The value of `key` (compared code unit by code unit), or nil.
    public subscript(key: String) -> JSONNode? {
        member(key)?.node
    }

    /// The member named `key` (compared code unit by code unit), or nil.
    public func member(_ key: String) -> Member? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }
    }

    /// The keys, in the order of the text.
    public var keys: [String] { members.map(\.key) }
}
