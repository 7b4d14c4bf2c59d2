import Foundation

/// A parsed JSON value, for validating rule files key by key (wrong types and unknown keys are
/// reported with their key path, which `Codable` alone does not do well).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `bytes`, or throws a ``RuleSetError`` naming the file.
    static func parse(_ bytes: [UInt8], source: String) throws(RuleSetError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw RuleSetError(source: source, path: "", problem: "not valid JSON (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return "\(underlying.localizedDescription)" }
            return context.debugDescription
        }
        return "\(error)"
    }

    /// The JSON type's name, for messages.
    var typeName: String {
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

/// A rule file that cannot be used: the file, the key path (`additionalRelief.subjectAgeThreshold`)
/// and the problem.
public struct RuleSetError: Error, Hashable, Sendable, CustomStringConvertible {
    public let source: String
    public let path: String
    public let problem: String

    public init(source: String, path: String, problem: String) {
        self.source = source
        self.path = path
        self.problem = problem
    }

    public var description: String {
        path.isEmpty ? "\(source): \(problem)" : "\(source): \(path): \(problem)"
    }
}
