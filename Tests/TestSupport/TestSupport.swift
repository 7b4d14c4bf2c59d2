package import Deidentified
package import Foundation
package import SealCore

/// Paths, fixtures and processes for SealKit's tests.
///
/// Every test writes only inside its own temporary folder, so Swift Testing can run them in parallel.
package enum TestSupport {
    /// A well-formed de-identified header (key epoch 1, evaluation date 2020-07-01, SealKit's four
    /// cut-offs), for reading lines made elsewhere.
    package static let sampleHeader = DatasetHeader(
        normalization: "norm-1",
        epoch: 1,
        evaluationDate: CalendarDate(year: 2020, month: 7, day: 1)!,
        inputSHA256: String(repeating: "0", count: 64),
        keyCheckValues: .init(
            master: "0000000000000000",
            subjectPseudonym: "0000000000000000",
            countReference: "0000000000000000",
            caseToken: "0000000000000000",
            dateShift: "0000000000000000"
        ),
        anchors: DeidentifiedReader.anchors,
        cutoffs: [.auma, .january2011, .prop47, .january2016],
        generator: "test"
    )

    /// The repository root, found from this file's path (SwiftPM resources must live inside a target,
    /// and the fixtures are shared at the top level, as swift-crypto's Wycheproof runner does).
    package static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A file under `Fixtures/`.
    package static func fixture(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
    }

    /// The bytes of a file under `Fixtures/`.
    package static func fixtureBytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixture(relativePath)))
    }

    /// The bytes of a file of the repository (a shipped rule set).
    package static func repositoryBytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(relativePath)))
    }

    /// Decodes a JSON fixture.
    package static func decodeFixture<T: Decodable>(_ type: T.Type, _ relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: fixture(relativePath)))
    }

    /// The folder holding the test runner and the built products (`sealkit` among them).
    package static var productsDirectory: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
            .deletingLastPathComponent()
    }

    /// Bytes from hex text; a test failure (not a crash) on bad hex.
    package static func hex(_ text: String) throws -> [UInt8] {
        guard text.count % 2 == 0 else { throw TestSupportError("odd-length hex") }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { throw TestSupportError("bad hex") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Lower-case hex of bytes.
    package static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// A new temporary folder, removed when the value is released.
package final class TemporaryDirectory {
    package let url: URL
    package var path: String { url.path }

    package init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealkit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    package func file(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `bytes` to `name` with `mode` and returns its path.
    @discardableResult
    package func write(_ name: String, _ bytes: [UInt8], mode: Int = 0o600) throws -> String {
        let path = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// Copies a fixture into the folder with `mode` (git does not keep modes, so secret fixtures
    /// arrive as 0644 and are copied before use).
    @discardableResult
    package func copyFixture(_ relativePath: String, as name: String? = nil, mode: Int = 0o600) throws -> String {
        let bytes = try TestSupport.fixtureBytes(relativePath)
        return try write(name ?? URL(fileURLWithPath: relativePath).lastPathComponent, bytes, mode: mode)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The result of running a program.
package struct ProcessResult: Sendable {
    package let status: Int32
    package let standardOutput: String
    package let standardError: String
}

/// Runs `executable` with `arguments` and optional standard input, and waits for it.
package func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input))
        try inputPipe.fileHandleForWriting.close()
    }
    // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
    let errorData = LockedData()
    let errorReader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    errorReader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { usleep(1000) }
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData.value, as: UTF8.self)
    )
}

/// The path of a command on `PATH`, or nil.
package func which(_ command: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(command)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// A test-support failure with a message.
package struct TestSupportError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false

    func set(_ value: Data) {
        lock.lock()
        data = value
        done = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// A literal `YYYY-MM-DD` as a date in tests (`Evaluator(…, evaluationDate: "2020-07-01")`); a literal
/// that is not a real day stops the test at once. Only the tests have it: SealKit itself parses dates
/// and says what is wrong with one.
extension CalendarDate: ExpressibleByStringLiteral {
    package init(stringLiteral text: String) {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("not a date: \(text)") }
        self = date
    }
}
