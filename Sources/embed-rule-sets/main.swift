// Writes a Swift source file that holds files' bytes exactly, one raw string literal per file:
// `embed-rule-sets OUTPUT NAME=FILE...`. Run by the EmbedRuleSets build plugin, so the shipped rule
// sets are compiled into the binary and nothing is read from a resource bundle at run time.
import Foundation

/// A raw string literal holding `bytes` (UTF-8) exactly: line ends, tabs and carriage returns written
/// as raw escapes on one line, with enough `#` that no content can end the literal.
func literal(_ text: String) -> String {
    var pounds = "#"
    while text.contains("\"" + pounds) || text.contains("\\" + pounds) { pounds += "#" }
    var body = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": body += "\\\(pounds)n"
        case "\r": body += "\\\(pounds)r"
        case "\t": body += "\\\(pounds)t"
        case let other where other.value < 0x20 || other.value == 0x7F:
            body += "\\\(pounds)u{\(String(other.value, radix: 16))}"
        default: body.unicodeScalars.append(scalar)
        }
    }
    return "\(pounds)\"\(body)\"\(pounds)"
}

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-rule-sets OUTPUT NAME=FILE...\n".utf8))
    exit(64)
}
var source = """
    // Generated at build time by the EmbedRuleSets plugin from Sources/SealKit/RuleSets/*.json. Do not edit.

    /// The shipped rule sets' files, byte for byte, by name.
    enum EmbeddedRuleSets {
        static let files: [String: String] = [

    """
for argument in arguments.dropFirst().sorted() {
    guard let equals = argument.firstIndex(of: "=") else {
        FileHandle.standardError.write(Data("embed-rule-sets: not NAME=FILE: \(argument)\n".utf8))
        exit(64)
    }
    let name = String(argument[..<equals])
    let path = String(argument[argument.index(after: equals)...])
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("embed-rule-sets: cannot read \(path) as UTF-8\n".utf8))
        exit(66)
    }
    source += "        \(literal(name)): \(literal(text)),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("embed-rule-sets: cannot write \(output): \(error)\n".utf8))
    exit(73)
}
