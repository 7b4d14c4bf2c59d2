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
}
