import Foundation
import SealCore

/// Runs `openssl speed` and reads its summary table.
struct OpenSSLSpeed {
    let path: String
    let version: String

    init() throws {
        guard
            let path = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first(where: FileManager.default.isExecutableFile)
        else { throw BenchError("the openssl command is needed for the baseline (apt-get install openssl)") }
        self.path = path
        version = try Self.run(path, ["version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// HMAC-SHA256 operations per second on `bytes`-byte inputs.
    func hmacSHA256(bytes: Int) throws -> Double {
        let output = try Self.run(
            path,
            ["speed", "-elapsed", "-seconds", "1", "-hmac", "sha256", "-bytes", "\(bytes)"]
        )
        return try Self.kilobytesPerSecond(output, row: "hmac(sha256)") * 1000 / Double(bytes)
    }

    /// SHA-256 bytes per second on `bytes`-byte blocks.
    func sha256(bytes: Int) throws -> Double {
        let output = try Self.run(path, ["speed", "-elapsed", "-seconds", "1", "-evp", "sha256", "-bytes", "\(bytes)"])
        return try Self.kilobytesPerSecond(output, row: "sha256") * 1000
    }

    /// Ed25519 signatures and verifications per second.
    func ed25519() throws -> (sign: Double, verify: Double) {
        let output = try Self.run(path, ["speed", "-elapsed", "-seconds", "1", "ed25519"])
        guard let line = output.split(separator: "\n").last(where: { $0.contains("Ed25519") }) else {
            throw BenchError("no Ed25519 row in openssl speed output")
        }
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        guard numbers.count >= 2 else { throw BenchError("cannot read the Ed25519 row: \(line)") }
        return (numbers[numbers.count - 2], numbers[numbers.count - 1])
    }

    /// The figure of the table row `row` (the last column, in thousands of bytes per second).
    static func kilobytesPerSecond(_ output: String, row: String) throws -> Double {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(row) }),
            let last = line.split(separator: " ").last, last.hasSuffix("k"), let value = Double(last.dropLast())
        else { throw BenchError("cannot read the '\(row)' row of openssl speed") }
        return value
    }

    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
