import ArgumentParser
import Glibc
import SealCore
import SealKit

/// Runs a command body and turns a ``SealKitError`` into its documented exit status.
///
/// This is the one place where errors become exit codes (DESIGN.md): the message goes to standard
/// error as `sealkit: error: …`, then `ExitCode` ends the process without printing anything more.
func reportingErrors(_ body: () throws(SealKitError) -> Void) throws {
    do {
        try body()
    } catch {
        printError("sealkit: error: \(error.message)")
        throw ExitCode(error.exitStatus)
    }
}

/// Writes one line to standard error.
func printError(_ line: String, newline: Bool = true) {
    let bytes = Array((newline ? line + "\n" : line).utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
