/// Where a JSON text stops being readable, and why: the line and column (both 1-based; a column counts
/// characters, not bytes), the key path to the value (`parameters.under21Basis`,
/// `convictions[2].charge`) and the problem in words.
///
/// A message never quotes a value from the text: a string may hold a name or a number that identifies
/// somebody. A key is quoted only when it has the shape of a key name (``JSONPath``).
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the text.
    public var line: Int
    /// 1-based column within the line, in characters (UTF-8 continuation bytes do not count).
    public var column: Int
    /// The path from the top of the text to the value the problem is in; empty at the top.
    public var path: JSONPath
    /// What is wrong, in words that quote nothing from the text.
    public var problem: String

    /// An error at `line` and `column`, in the value at `path`.
    public init(line: Int, column: Int, path: JSONPath = JSONPath(), problem: String) {
        self.line = line
        self.column = column
        self.path = path
        self.problem = problem
    }

    /// `line L, column C: path: problem`.
    public var description: String {
        let place = "line \(line), column \(column)"
        return path.isEmpty ? "\(place): \(problem)" : "\(place): \(path): \(problem)"
    }

    /// The same error for a value nested one level deeper in the caller's terms: `component` is put
    /// in front of the path.
    public func within(_ component: JSONPath.Component) -> JSONError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }
}

/// A key path into a JSON text: keys and array indexes from the top.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step of a path: an object's key or an array's index (from 0).
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the top.
    public var components: [Component]

    /// A path of `components`.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// A path of the steps listed.
    public init(arrayLiteral elements: Component...) {
        components = elements
    }

    /// Whether the path is the top of the text.
    public var isEmpty: Bool { components.isEmpty }

    /// `a.b[2].c`. A key that is not key-shaped (``isKeyName(_:)``) prints as `<key>`: a key comes from
    /// the text, and a damaged or hostile file could put anything there.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += Self.isKeyName(key) ? key : "<key>"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Whether `key` is printed as it is: 1 to 40 ASCII letters, digits and `_`, starting with a letter.
    /// Every key SealKit's formats name has this shape; a key that holds a date, a number or spaces
    /// does not.
    public static func isKeyName(_ key: String) -> Bool {
        let utf8 = key.utf8
        guard (1...40).contains(utf8.count), let first = utf8.first, ASCII.isLetter(first) else { return false }
        return utf8.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }
    }
}

/// Byte classes of ASCII text.
enum ASCII {
    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
