/// An error from SealKit's pipelines and file handling.
///
/// Each code has one documented exit status (``exitStatus``), the sysexits-style codes of DESIGN.md.
/// Messages name files and what is wrong with them, never the content of a key or an identity value.
public struct SealKitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Hashable, Sendable {
            case inputMissing
            case badInputData
            case outputExists
            case cannotCreateOutput
            case ioError
            case keyPermissions
            case keyType
            case invalidArgument
            case verificationFailed
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// An input file does not exist or cannot be opened for reading. Exit 66.
        public static let inputMissing = Code(.inputMissing)
        /// An input file's content is malformed. Exit 65.
        public static let badInputData = Code(.badInputData)
        /// An output file exists and `--force` was not given. Exit 73.
        public static let outputExists = Code(.outputExists)
        /// An output file or folder cannot be created. Exit 73.
        public static let cannotCreateOutput = Code(.cannotCreateOutput)
        /// Reading or writing failed part-way. Exit 74.
        public static let ioError = Code(.ioError)
        /// A secret key file is readable or writable by group or others, or is not a regular file. Exit 77.
        public static let keyPermissions = Code(.keyPermissions)
        /// A key is of the wrong type, encrypted, or too short. Exit 77.
        public static let keyType = Code(.keyType)
        /// An argument is one the command cannot act on (an evaluation date before Prop 64 took
        /// effect). Exit 64, as a usage error.
        public static let invalidArgument = Code(.invalidArgument)
        /// A signed artifact does not verify: a signature, a digest, a binding between layers. Exit 1.
        public static let verificationFailed = Code(.verificationFailed)

        public var description: String { backing.rawValue }

        /// The process exit status for this code (DESIGN.md, "Exit codes").
        public var exitStatus: Int32 {
            switch backing {
            case .inputMissing: 66
            case .badInputData: 65
            case .outputExists, .cannotCreateOutput: 73
            case .ioError: 74
            case .keyPermissions, .keyType: 77
            case .invalidArgument: 64
            case .verificationFailed: 1
            }
        }
    }

    /// What kind of error, and so the exit status.
    public let code: Code
    /// What went wrong, naming the file. Never contains key material or identity values.
    public let message: String

    /// An error of kind `code` with `message` (which names files and problems, never a value).
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The process exit status for this error.
    public var exitStatus: Int32 { code.exitStatus }

    public static func == (lhs: SealKitError, rhs: SealKitError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
