import Foundation
import SealCrypto
import SealKit
import TestSupport
import Testing

/// The shipped rule sets are compiled into the binary: it reads no resource bundle, so a copy of it
/// alone in an empty folder runs every one of them (a binary that found them through a bundle path
/// compiled in at build time died there with "could not load resource bundle").
@Suite("The binary runs from anywhere", .serialized)
struct PortableBinaryTests {
    @Test("the compiled-in rule sets are the repository's files, byte for byte")
    func embeddedBytes() throws {
        for name in RuleSets.names {
            let file = try TestSupport.repositoryBytes("Sources/SealKit/RuleSets/\(name).json")
            #expect(RuleSets.shippedBytes(name) == file, "\(name)")
        }
        #expect(RuleSets.shippedBytes("nothing") == nil)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: TestSupport.repositoryRoot.appendingPathComponent("Sources/SealKit/RuleSets").path
        )
        #expect(files.sorted() == RuleSets.names.map { "\($0).json" }.sorted())
    }

    /// The binary to check: `SEALKIT_RELEASE_BINARY` (the statically linked release build that
    /// `make test` makes), else the test build's.
    static var binary: (path: String, release: Bool) {
        if let path = ProcessInfo.processInfo.environment["SEALKIT_RELEASE_BINARY"], !path.isEmpty {
            return (path, true)
        }
        return (TestSupport.productsDirectory.appendingPathComponent("sealkit").path, false)
    }

    @Test(
        "a copy of the binary alone in an empty folder, the build's resource bundles moved aside, runs every shipped rule set"
    )
    func copiedAlone() throws {
        let folder = try TemporaryDirectory()
        let copy = folder.file("bin/sealkit")
        try FileManager.default.createDirectory(atPath: folder.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.binary.path, toPath: copy)
        // Any resource bundle a build left beside the products is moved aside while the copy runs.
        let products = URL(fileURLWithPath: Self.binary.path).deletingLastPathComponent()
        var moved: [(String, String)] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: products.path)) ?? []
        where name.hasSuffix(".resources") {
            let from = products.appendingPathComponent(name).path
            let aside = folder.file("aside-\(name)")
            try FileManager.default.moveItem(atPath: from, toPath: aside)
            moved.append((aside, from))
        }
        defer { for (aside, from) in moved { try? FileManager.default.moveItem(atPath: aside, toPath: from) } }
        let input = folder.file("doj.csv")
        let generated = try runProcess(copy, ["generate", "--rows", "2000", "--seed", "3", "--out", input])
        #expect(generated.status == 0, "\(generated.standardError)")
        let secret = try folder.copyFixture("../keys/test/pseudonym.secret", as: "s")
        for name in RuleSets.names {
            let run = try runProcess(
                copy,
                [
                    "run", "--input", input, "--rules", name, "--secret", secret, "--as-of", "2020-07-01", "--out",
                    folder.file("out-\(name)"),
                ]
            )
            #expect(run.status == 0, "\(name): \(run.standardError)")
            // The report names the rule set by the SHA-256 of the repository's file.
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("out-\(name)/summary.json")))
            let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let file = try TestSupport.repositoryBytes("Sources/SealKit/RuleSets/\(name).json")
            #expect(summary["ruleSetSHA256"] as? String == (try SHA256.hash(file).description), "\(name)")
        }
    }

    @Test("the release binary (statically linked, as make test builds it) loads no Swift library (ldd)")
    func staticallyLinked() throws {
        let (path, release) = Self.binary
        guard release else {
            Issue.record(
                "SEALKIT_RELEASE_BINARY is not set: run the suite with make test, which builds the release binary"
            )
            return
        }
        let ldd = try runProcess("/usr/bin/ldd", [path])
        #expect(ldd.status == 0)
        let swiftLibraries = ldd.standardOutput.split(separator: "\n").filter {
            $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("libdispatch")
                || $0.contains("lib_Foundation") || $0.contains("libXCTest")
        }
        #expect(swiftLibraries.isEmpty, "\(swiftLibraries)")
        // And the test build's binary is the one that does: the check can fail.
        let dynamic = try runProcess(
            "/usr/bin/ldd",
            [TestSupport.productsDirectory.appendingPathComponent("sealkit").path]
        )
        #expect(dynamic.standardOutput.contains("libswiftCore"))
    }
}
