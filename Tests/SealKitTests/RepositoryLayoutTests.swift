import Foundation
import TestSupport
import Testing

/// The repository checks out the same on any file system: no two paths differ only by case (a default
/// macOS or Windows volume would merge `Sources/SealKit` and `Sources/sealkit` into one folder).
@Suite("Repository layout")
struct RepositoryLayoutTests {
    /// Build products and version control, which are not part of a checkout's tree.
    static let skipped: Set<String> = [".build", ".build-fuzz", ".git", ".swiftpm"]

    /// The paths (relative to `root`) of folders holding two entries whose names differ only by case.
    static func caseClashes(under root: URL) throws -> [String] {
        var clashes: [String] = []
        var folders = [root]
        let manager = FileManager.default
        while let folder = folders.popLast() {
            var seen: [String: String] = [:]
            for name in try manager.contentsOfDirectory(atPath: folder.path) where !skipped.contains(name) {
                let folded = name.lowercased()
                if let other = seen[folded] {
                    let relative = String(folder.path.dropFirst(root.path.count))
                    clashes.append("\(relative)/{\(other), \(name)}")
                }
                seen[folded] = name
                let child = folder.appendingPathComponent(name)
                var isFolder: ObjCBool = false
                if manager.fileExists(atPath: child.path, isDirectory: &isFolder), isFolder.boolValue {
                    folders.append(child)
                }
            }
        }
        return clashes
    }

    @Test("no two paths of the repository differ only by case")
    func noCaseClash() throws {
        #expect(try Self.caseClashes(under: TestSupport.repositoryRoot) == [])
        // The check finds a clash where there is one.
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: folder.file("Sources/SealKit"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createDirectory(
            atPath: folder.file("Sources/sealkit"),
            withIntermediateDirectories: true
        )
        #expect(try Self.caseClashes(under: URL(fileURLWithPath: folder.path)).count == 1)
    }

    /// The files of `sealkit evaluate`'s path in `SealKit`, which docs/architecture.md says import nothing
    /// identified (its output sets and file handling are in SealCore, which the loop below checks whole).
    static let evaluatePath = ["Evaluate.swift", "ReportFiles.swift", "RuleSets.swift"]

    @Test("evaluate's path imports no identified module; Eligibility's target depends on none")
    func evaluatePathImports() throws {
        for name in Self.evaluatePath {
            let text = try String(
                contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Sources/SealKit/\(name)"),
                encoding: .utf8
            )
            let imports = text.split(separator: "\n").filter { $0.contains("import ") && !$0.hasPrefix("//") }
            for identified in ["CriminalRecords", "Pseudonymization"] {
                #expect(!imports.contains { $0.hasSuffix(" \(identified)") }, "\(name) imports \(identified)")
            }
        }
        for folder in ["Eligibility", "Deidentified", "SealCore"] {
            let root = TestSupport.repositoryRoot.appendingPathComponent("Sources/\(folder)").path
            let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
            #expect(!files.isEmpty, "\(folder)")
            for file in files where file.hasSuffix(".swift") {
                let text = try String(
                    contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Sources/\(folder)/\(file)"),
                    encoding: .utf8
                )
                #expect(!text.contains("import CriminalRecords"), "\(folder)/\(file)")
                #expect(!text.contains("import Pseudonymization"), "\(folder)/\(file)")
            }
        }
    }

    /// The Swift files of module `folder`, with their text.
    static func sources(_ folder: String) throws -> [(name: String, text: String)] {
        let root = TestSupport.repositoryRoot.appendingPathComponent("Sources/\(folder)").path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return try files.filter { $0.hasSuffix(".swift") }.sorted().map { file in
            (
                "\(folder)/\(file)",
                try String(contentsOfFile: "\(root)/\(file)", encoding: .utf8)
            )
        }
    }

    /// A declaration line that starts (after attributes) with `access`.
    static func declares(_ line: Substring, _ access: String) -> Bool {
        var rest = line.drop { $0 == " " }
        while rest.hasPrefix("@") {
            rest = rest.drop { $0 != " " }.drop { $0 == " " }
        }
        return rest.hasPrefix(access + " ") && !rest.hasPrefix(access + " import ")
    }

    @Test("only SealCrypto, SealCore and Deidentified declare public; every public declaration is documented")
    func publicDeclarations() throws {
        for folder in ["CriminalRecords", "Pseudonymization", "Eligibility", "SealKit"] {
            for (name, text) in try Self.sources(folder) {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    #expect(!Self.declares(line, "public"), "\(name): \(line)")
                }
            }
        }
        // Protocol witnesses are documented by their protocol.
        let witnesses = [
            "var description", "var debugDescription", "func hash(into", "static func ==", "static func <",
            "init(from decoder",
            "func encode(to encoder", "func makeIterator", "mutating func next()",
        ]
        var checked = 0
        for folder in ["SealCrypto", "SealCore", "Deidentified"] {
            for (name, text) in try Self.sources(folder) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() where Self.declares(line, "public") {
                    guard !witnesses.contains(where: { line.contains($0) }) else { continue }
                    var above = index - 1
                    while above >= 0, lines[above].drop(while: { $0 == " " }).hasPrefix("@") { above -= 1 }
                    let documented = above >= 0 && lines[above].drop(while: { $0 == " " }).hasPrefix("///")
                    #expect(documented, "\(name):\(index + 1): \(line)")
                    checked += 1
                }
            }
        }
        #expect(checked > 400)
    }
}
