import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Manifest
import Pseudonymization
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import SealKit

/// The workflow after `run`: the review list, `seal` (with and without a filled-in review list) and
/// `prove`, on a generated file run under the statute.
@Suite("Review list, seal and prove: a run's relief becomes a signed manifest and proofs")
struct SealWorkflowTests {
    static let keys = TestSupport.repositoryRoot.appendingPathComponent("keys/test")

    /// A generated file run under the statute in `folder`: the paths of the file, the secret, the
    /// run folder and the signing key.
    static func runFolder(
        _ folder: TemporaryDirectory,
        rows: Int = 6_000
    ) throws -> (input: String, secret: String, run: String, key: String) {
        let (input, secret) = try folder.generatedFile("doj.csv", rows: rows, seed: 64)
        let run = folder.file("run")
        try runPass(input, secret: secret, rules: try RuleSets.load("statutory"), into: run)
        let key = try folder.copyFixture("../keys/test/signing.key.pem", as: "signing.key.pem")
        return (input, secret, run, key)
    }

    static func seal(
        _ paths: (input: String, secret: String, run: String, key: String),
        reviewed: String? = nil,
        into output: String,
        secret: String? = nil
    ) throws(SealKitError) -> Seal.Summary {
        try Seal.run(
            Seal.Request(
                runFolder: paths.run,
                signingKey: paths.key,
                secret: secret ?? paths.secret,
                sealDate: CalendarDate(iso: "2020-08-01")!,
                reviewed: reviewed,
                output: output
            )
        )
    }

    /// Each count reference of the research file, keyed with the run's secret, and its subject's
    /// name and CII as the file holds them.
    static func people(
        _ paths: (input: String, secret: String, run: String, key: String)
    ) throws -> [String: (name: String, cii: String)] {
        let references = try Seal.keyedReferences(paths.secret, matching: try RunFolder(paths.run).header, file: "de")
        var people: [String: (name: String, cii: String)] = [:]
        _ = try DOJResearchFileReader(path: paths.input).read { subject in
            for reference in try references.keys(of: subject).countReferences.compactMap({ $0 }) {
                people[reference.description] = (
                    subject.identity.name.revealedText, subject.identity.ciiNumber.revealedText
                )
            }
        }
        return people
    }

    /// The decisions of a run folder, read strictly.
    static func decisions(_ run: String) throws -> [DecisionLine] {
        var all: [DecisionLine] = []
        try RunFolder(run).forEachDecision { decision, _ in all.append(decision) }
        return all
    }

    @Test("seal: one entry per relief decision, in run order, bound to the run; same inputs, same bytes")
    func sealsEveryReliefDecision() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder)
        let first = try Self.seal(paths, into: folder.file("sealed"))
        let relief = try Self.decisions(paths.run).filter {
            [.dismissAndSeal, .reduceToMisdemeanor, .reduceToInfraction].contains($0.decision)
        }
        #expect(relief.count > 20)
        #expect(first.body.entries.map(\.leaf.countReference) == relief.map(\.reference))
        #expect(first.body.entries.map(\.pseudonym) == relief.map(\.pseudonym))
        #expect(first.body.entries.map(\.leaf.action.rawValue) == relief.map(\.decision.rawValue))
        #expect(first.body.entries.allSatisfy { $0.leaf.decidedBy == .rules && $0.leaf.statute == "HS 11361.8(e)-(h)" })
        #expect(first.undecided == (try Self.decisions(paths.run)).filter { $0.decision == .needsReview }.count)

        // The manifest verifies against the run; its checkpoint is the tree's, signed.
        let summary = try VerifyManifest.run(
            manifest: first.manifestPath,
            publicKey: Self.keys.appendingPathComponent("signing.pub.pem").path,
            runFolder: paths.run
        )
        #expect(summary.checkedRun && summary.body == first.body)
        #expect(
            first.body.deidentifiedSHA256
                == (try FileDigest.sha256(ofFileAt: "\(paths.run)/deidentified.jsonl")).hexString
        )

        // The nonce is the secret's leaf nonce of the count: the office can recompute it.
        let references = try Seal.keyedReferences(
            paths.secret,
            matching: try RunFolder(paths.run).header,
            file: "de"
        )
        for entry in first.body.entries.prefix(5) {
            #expect(entry.leaf.nonce == (try references.leafNonce(for: entry.leaf.countReference)))
        }

        // Same inputs, keys and dates: the same bytes.
        let second = try Self.seal(paths, into: folder.file("again"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: first.manifestPath))
                == Data(contentsOf: URL(fileURLWithPath: second.manifestPath))
        )
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: first.checkpointPath))
                == Data(contentsOf: URL(fileURLWithPath: second.checkpointPath))
        )
        #expect(try FileIO.status(try FileIO.openInput(first.manifestPath), path: "").st_mode & 0o777 == 0o600)
    }

    @Test("seal refuses another secret (77), a seal date before the evaluation (64), and writes nothing")
    func sealRefusesWrongSecretAndDate() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 2_000)
        _ = try KeySet.generate().write(to: folder.file("otherkeys"), overwrite: false)
        let otherSecret = folder.file("otherkeys/pseudonym.secret")
        #expect(throws: SealKitError(.keyType, "")) {
            try Self.seal(paths, into: folder.file("sealed"), secret: otherSecret)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("sealed")))
        #expect(throws: SealKitError(.invalidArgument, "")) {
            try Seal.run(
                Seal.Request(
                    runFolder: paths.run,
                    signingKey: paths.key,
                    secret: paths.secret,
                    sealDate: CalendarDate(iso: "2020-06-30")!,
                    output: folder.file("early")
                )
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("early")))
    }

    @Test("seal reads decisions.csv strictly: a damaged row stops it with the line and field, and nothing is written")
    func sealRefusesDamagedDecisions() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 2_000)
        let csv = "\(paths.run)/decisions.csv"
        let original = try String(contentsOfFile: csv, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A row the rules decided to dismiss and seal (county, then decision).
        let target = try #require(lines.indices.first { $0 > 0 && lines[$0].contains(",LOS ANGELES,dismissAndSeal,") })
        for (name, change) in [
            (
                "decision",
                lines[target].replacingOccurrences(
                    of: ",LOS ANGELES,dismissAndSeal,",
                    with: ",LOS ANGELES,dismissAndSealed,"
                )
            ),
            ("rule set", lines[target].replacingOccurrences(of: ",statutory,", with: ",dismiss-all,")),
            ("reason code", lines[target].replacingOccurrences(of: "statuteDismiss", with: "statuteDismissed")),
            ("pseudonym", "x" + lines[target]),
            ("fields", lines[target] + ",extra"),
        ] {
            lines[target] = change
            try lines.joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(throws: SealKitError(.badInputData, ""), "\(name)") {
                try Self.seal(paths, into: folder.file("out"))
            }
            #expect(!FileManager.default.fileExists(atPath: folder.file("out")), "\(name)")
            lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        try original.write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try Self.seal(paths, into: folder.file("out"))
    }

    @Test("the review list names each needsReview conviction as the DOJ file does; another file is refused")
    func reviewListIdentifiesConvictions() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder)
        let list = folder.file("review.csv")
        let summary = try ReviewList.write(
            runFolder: paths.run,
            input: paths.input,
            secret: paths.secret,
            output: list,
            overwrite: false
        )
        let review = try Self.decisions(paths.run).filter { $0.decision == .needsReview }
        #expect(summary.rows == review.count && review.count > 20)
        let rows = try CSVFixture.rows(list)
        #expect(rows[0] == ReviewList.columns)
        #expect(rows.count == review.count + 1)
        #expect(rows.dropFirst().map { $0[0] } == review.map(\.pseudonym.description))
        #expect(rows.dropFirst().map { $0[2] } == review.map { $0.reference?.description ?? "" })
        #expect(rows.dropFirst().allSatisfy { $0[16].isEmpty && $0[17].isEmpty })

        // Each row's name, CII and date of birth are those of a subject whose keys give its pseudonym
        // and count reference.
        let expected = try Self.people(paths)
        for row in rows.dropFirst() where !row[2].isEmpty {
            #expect(expected[row[2]]?.0 == row[3])
            #expect(expected[row[2]]?.1 == row[5])
        }
        #expect(try FileIO.status(try FileIO.openInput(list), path: "").st_mode & 0o777 == 0o600)

        // Another research file (one county name changed, still a valid file): exit 1, nothing written.
        var text = try String(contentsOfFile: paths.input, encoding: .utf8)
        let last = try #require(text.range(of: "LOS ANGELES", options: .backwards))
        text.replaceSubrange(last, with: "LOS ANGELEZ")
        let changed = folder.file("changed.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: changed))
        #expect(throws: SealKitError(.verificationFailed, "")) {
            try ReviewList.write(
                runFolder: paths.run,
                input: changed,
                secret: paths.secret,
                output: folder.file("r2.csv"),
                overwrite: false
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("r2.csv")))
    }

    @Test("seal --reviewed: staff decisions join as review entries with the note's hash; bad lists are refused")
    func sealWithReviewedList() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder)
        let list = folder.file("review.csv")
        _ = try ReviewList.write(
            runFolder: paths.run,
            input: paths.input,
            secret: paths.secret,
            output: list,
            overwrite: false
        )
        var rows = try CSVFixture.rows(list)
        // Row 1: dismiss and seal; row 2: not eligible; the rest undecided.
        rows[1][16] = "dismissAndSeal"
        rows[1][17] = "Docket read: possession only"
        rows[2][16] = "notEligible"
        rows[2][17] = "Sale to a minor"
        let filled = folder.file("filled.csv")
        try CSVFixture.write(rows, to: filled)
        let automatic = try Self.seal(paths, into: folder.file("auto"))
        let sealed = try Self.seal(paths, reviewed: filled, into: folder.file("sealed"))
        #expect(sealed.reviewed == 2)
        #expect(sealed.undecided == automatic.undecided - 2)
        #expect(sealed.body.entries.count == automatic.body.entries.count + 1)
        let staff = sealed.body.entries.filter { $0.leaf.decidedBy == .review }
        #expect(staff.count == 1)
        #expect(staff.first?.leaf.countReference.description == rows[1][2])
        #expect(staff.first?.leaf.action == .dismissAndSeal)
        #expect(
            staff.first?.leaf.reviewNoteSHA256 == (try SHA256.hash(Array("Docket read: possession only".utf8)).bytes)
        )

        // Each bad list stops the seal with exit 65 and writes nothing.
        func refused(_ change: (inout [[String]]) -> Void, _ name: String) throws {
            var bad = rows
            change(&bad)
            let path = folder.file("\(name).csv")
            try CSVFixture.write(bad, to: path)
            #expect(throws: SealKitError(.badInputData, ""), "\(name)") {
                try Self.seal(paths, reviewed: path, into: folder.file("out-\(name)"))
            }
            #expect(!FileManager.default.fileExists(atPath: folder.file("out-\(name)")))
        }
        let automaticDecision = try #require(try Self.decisions(paths.run).first { $0.decision == .dismissAndSeal })
        try refused({ $0[1][17] = "" }, "missing-note")
        try refused({ $0[3][17] = "a note alone" }, "note-without-decision")
        try refused({ $0[1][16] = "dismiss" }, "unknown-decision")
        try refused({ $0[1][20] = "2020-07-02" }, "another-run")
        try refused({ $0[1][2] = $0[2][2] }, "wrong-reference")
        try refused({ $0.append($0[1]) }, "duplicate-row")
        try refused(
            { rows in
                var row = rows[1]
                row[0] = automaticDecision.pseudonym.description
                row[1] = String(automaticDecision.index)
                row[2] = automaticDecision.reference!.description
                row[16] = "notEligible"
                rows.append(row)
            },
            "changed-automatic"
        )
        try refused(
            { rows in
                var row = rows[1]
                row[0] = SubjectPseudonym(epoch: 1, hex: String(repeating: "f", count: 64)).description
                rows.append(row)
            },
            "unknown-conviction"
        )
        try refused({ $0[0][16] = "decision" }, "renamed-column")
    }

    @Test(
        "prove: every entry's proof, from a tar archive, verifies with the shell script; one reference; a foreign checkpoint is refused"
    )
    func proofs() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 3_000)
        let sealed = try Self.seal(paths, into: folder.file("sealed"))
        let publicKey = Self.keys.appendingPathComponent("signing.pub.pem").path
        let all = try Prove.run(
            manifest: sealed.manifestPath,
            publicKey: publicKey,
            checkpoint: nil,
            selection: .all,
            output: folder.file("proofs.tar"),
            overwrite: false
        )
        #expect(all.proofs == sealed.body.entries.count)
        // The archive is a POSIX tar that the stock tar extracts, one proof per entry.
        try FileManager.default.createDirectory(atPath: folder.file("proofs"), withIntermediateDirectories: true)
        let tar = try runProcess("/bin/tar", ["-xf", folder.file("proofs.tar"), "-C", folder.file("proofs")])
        #expect(tar.status == 0, "\(tar.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.file("proofs")).sorted()
        #expect(names == sealed.body.entries.map { Prove.fileName($0.leaf.countReference) }.sorted())
        let script = TestSupport.repositoryRoot.appendingPathComponent("scripts/verify-proof.sh").path
        for entry in sealed.body.entries.prefix(4) {
            let proof = folder.file("proofs/\(Prove.fileName(entry.leaf.countReference))")
            let entryFile = folder.file("entry.json")
            try Data(entry.leaf.bytes).write(to: URL(fileURLWithPath: entryFile))
            let result = try runProcess("/bin/sh", [script, proof, entryFile, publicKey])
            #expect(result.status == 0, "\(result.standardError)")
        }
        // One reference, to one file; the same bytes as in the folder.
        let one = sealed.body.entries[1].leaf.countReference
        _ = try Prove.run(
            manifest: sealed.manifestPath,
            publicKey: publicKey,
            checkpoint: nil,
            selection: .reference(one),
            output: folder.file("one.tlog-proof"),
            overwrite: false
        )
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: folder.file("one.tlog-proof")))
                == Data(contentsOf: URL(fileURLWithPath: folder.file("proofs/\(Prove.fileName(one))")))
        )
        // A checkpoint of another tree (its size changed): refused before any proof is written.
        let foreign = folder.file("foreign")
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: sealed.checkpointPath, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\n\(sealed.body.entries.count)\n",
            with: "\n\(sealed.body.entries.count + 1)\n"
        )
        try text.write(toFile: folder.file("foreign/checkpoint"), atomically: true, encoding: .utf8)
        #expect(throws: SealKitError(.verificationFailed, "")) {
            try Prove.run(
                manifest: sealed.manifestPath,
                publicKey: publicKey,
                checkpoint: folder.file("foreign/checkpoint"),
                selection: .all,
                output: folder.file("proofs2.tar"),
                overwrite: false
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("proofs2.tar")))
    }

    @Test("court-list: every entry once, with the DOJ file's person, grouped by court and case; refusals")
    func courtList() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 4_000)
        let sealed = try Self.seal(paths, into: folder.file("sealed"))
        let publicKey = Self.keys.appendingPathComponent("signing.pub.pem").path
        let summary = try CourtList.write(
            manifest: sealed.manifestPath,
            publicKey: publicKey,
            input: paths.input,
            secret: paths.secret,
            output: folder.file("court"),
            overwrite: false
        )
        #expect(summary.cases >= summary.courts && summary.courts >= 1)
        let rows = try CSVFixture.rows(folder.file("court/\(CourtList.csvName)"))
        #expect(rows[0] == CourtList.columns)
        let body = rows.dropFirst()
        #expect(body.count == sealed.body.entries.count)
        #expect(Set(body.map { $0[15] }) == Set(sealed.body.entries.map(\.leaf.countReference.description)))
        // Grouped: sorted by court, then case.
        #expect(
            body.map { [$0[1], $0[2]] }.elementsEqual(
                body.map { [$0[1], $0[2]] }.sorted { $0.lexicographicallyPrecedes($1) }
            )
        )
        let tree = try SealingBody.tree(sealed.body.entries)
        let people = try Self.people(paths)
        for row in body {
            #expect(people[row[15]]?.0 == row[4] && people[row[15]]?.1 == row[6])
            let index = try #require(Int(row[13]))
            #expect(sealed.body.entries[index].leaf.countReference.description == row[15])
            #expect(tree.leaf(index).description == row[14])
            #expect(sealed.body.entries[index].leaf.action.rawValue == row[10])
        }
        let html = try String(contentsOfFile: folder.file("court/\(CourtList.htmlName)"), encoding: .utf8)
        #expect(html.contains(ReportFiles.escape(body.first![4])) && html.contains("<h2>"))

        // Another secret (77), another research file (1): nothing written.
        _ = try KeySet.generate().write(to: folder.file("otherkeys"), overwrite: false)
        #expect(throws: SealKitError(.keyType, "")) {
            try CourtList.write(
                manifest: sealed.manifestPath,
                publicKey: publicKey,
                input: paths.input,
                secret: folder.file("otherkeys/pseudonym.secret"),
                output: folder.file("court2"),
                overwrite: false
            )
        }
        let other = try folder.generatedFile("other.csv", rows: 500, seed: 3).input
        #expect(throws: SealKitError(.verificationFailed, "")) {
            try CourtList.write(
                manifest: sealed.manifestPath,
                publicKey: publicKey,
                input: other,
                secret: paths.secret,
                output: folder.file("court3"),
                overwrite: false
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("court2")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("court3")))
    }

    @Test("ruling: the court's order becomes a signed ruling of what was granted; bad orders are refused")
    func ruling() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 3_000)
        let sealed = try Self.seal(paths, into: folder.file("sealed"))
        let publicKey = Self.keys.appendingPathComponent("signing.pub.pem").path
        _ = try CourtList.write(
            manifest: sealed.manifestPath,
            publicKey: publicKey,
            input: paths.input,
            secret: paths.secret,
            output: folder.file("court"),
            overwrite: false
        )
        var rows = try CSVFixture.rows(folder.file("court/\(Ruling.templateName)"))
        #expect(rows[0] == Ruling.orderColumns && rows.count == sealed.body.entries.count + 1)
        // Entry 0 denied, entry 1 modified, the rest granted.
        for index in 1..<rows.count {
            rows[index][3] = index == 1 ? "denied" : index == 2 ? "modified" : "granted"
            rows[index][4] =
                index == 2 ? (rows[2][2] == "dismissAndSeal" ? "reduceToMisdemeanor" : "dismissAndSeal") : ""
            rows[index][5] = "2020-CR-0042"
            rows[index][6] = "2020-09-01"
        }
        let order = folder.file("order.csv")
        try CSVFixture.write(rows, to: order)
        func rule(
            _ order: String,
            date: String = "2020-09-02",
            into name: String
        ) throws(SealKitError) -> Ruling.Summary {
            try Ruling.run(
                manifest: sealed.manifestPath,
                publicKey: publicKey,
                order: order,
                signingKey: paths.key,
                date: CalendarDate(iso: date)!,
                origin: nil,
                output: folder.file(name),
                overwrite: false
            )
        }
        let summary = try rule(order, into: "ruled")
        #expect(summary.denied == 1 && summary.modified == 1 && summary.granted == sealed.body.entries.count - 2)
        let body = summary.body
        #expect(body.kind == .ruling && body.denied == [0])
        #expect(body.entries.map(\.leaf.countReference) == sealed.body.entries.dropFirst().map(\.leaf.countReference))
        #expect(body.entries[0].leaf.action.rawValue == rows[2][4] && body.entries[0].ruling?.decision == .modified)
        #expect(body.entries.allSatisfy { $0.leaf.effectiveDate == CalendarDate(iso: "2020-09-01")! })
        #expect(body.entries.map(\.pseudonym) == sealed.body.entries.dropFirst().map(\.pseudonym))
        let requestBytes = Array(try Data(contentsOf: URL(fileURLWithPath: sealed.manifestPath)))
        #expect(body.request?.manifestSHA256 == (try SHA256.hash(requestBytes).hexString))
        #expect(body.request?.root == sealed.body.root && body.inputSHA256 == sealed.body.inputSHA256)
        let verified = try VerifyManifest.run(
            manifest: summary.manifestPath,
            publicKey: publicKey,
            runFolder: paths.run
        )
        #expect(verified.body == body)
        _ = try Prove.run(
            manifest: summary.manifestPath,
            publicKey: publicKey,
            checkpoint: nil,
            selection: .all,
            output: folder.file("proofs.tar"),
            overwrite: false
        )
        let listing = try runProcess("/bin/tar", ["-tf", folder.file("proofs.tar")])
        #expect(listing.standardOutput.split(separator: "\n").count == body.entries.count)

        // Bad orders: exit 65 (an order dated after --date: 64), nothing written.
        func refused(
            _ name: String,
            code: SealKitError.Code = .badInputData,
            date: String = "2020-09-02",
            _ change: (inout [[String]]) -> Void
        ) throws {
            var bad = rows
            change(&bad)
            let path = folder.file("\(name).csv")
            try CSVFixture.write(bad, to: path)
            #expect(throws: SealKitError(code, ""), "\(name)") { _ = try rule(path, date: date, into: "out-\(name)") }
            #expect(!FileManager.default.fileExists(atPath: folder.file("out-\(name)")), "\(name)")
        }
        try refused("unruled") { $0.removeLast() }
        try refused("twice") { $0.append($0[3]) }
        try refused("modified-same") { $0[2][4] = $0[2][2] }
        try refused("denied-grants") { $0[1][4] = "dismissAndSeal" }
        try refused("unknown-ruling") { $0[3][3] = "approved" }
        try refused("wrong-reference") { $0[3][1] = $0[4][1] }
        try refused("wrong-request") {
            $0[3][2] = $0[3][2] == "dismissAndSeal" ? "reduceToInfraction" : "dismissAndSeal"
        }
        try refused("no-number") { $0[3][5] = "" }
        try refused("before-seal") { $0[3][6] = "2020-07-31" }
        try refused("bad-date") { $0[3][6] = "2020-02-30" }
        try refused("header") { $0[0][3] = "decision" }
        try refused("signed-before-order", code: .invalidArgument, date: "2020-08-31") { _ in }
        // A ruling is no request to rule on.
        #expect(throws: SealKitError(.verificationFailed, "")) {
            try Ruling.run(
                manifest: summary.manifestPath,
                publicKey: publicKey,
                order: order,
                signingKey: paths.key,
                date: CalendarDate(iso: "2020-09-02")!,
                origin: nil,
                output: folder.file("again"),
                overwrite: false
            )
        }
    }

    @Test("audit: a sealed request passes; a dropped, altered or invented entry, or another rule set, fails")
    func audit() throws {
        let folder = try TemporaryDirectory()
        let paths = try Self.runFolder(folder, rows: 4_000)
        let list = folder.file("review.csv")
        _ = try ReviewList.write(
            runFolder: paths.run,
            input: paths.input,
            secret: paths.secret,
            output: list,
            overwrite: false
        )
        var rows = try CSVFixture.rows(list)
        rows[1][16] = "dismissAndSeal"
        rows[1][17] = "Docket read"
        try CSVFixture.write(rows, to: list)
        let sealed = try Self.seal(paths, reviewed: list, into: folder.file("sealed"))
        let publicKey = Self.keys.appendingPathComponent("signing.pub.pem").path
        let deidentified = "\(paths.run)/deidentified.jsonl"
        let statutory = try RuleSets.load("statutory")
        let report = try Audit.run(
            manifest: sealed.manifestPath,
            publicKey: publicKey,
            deidentified: deidentified,
            ruleSet: statutory
        )
        #expect(report.findings.isEmpty)
        #expect(report.reviewed.count == 1 && report.reviewed.first?.reference == rows[1][2])
        #expect(
            report.automaticMatched == sealed.body.entries.count - 1
                && report.reliefDecisions == report.automaticMatched
        )

        // The same manifest re-signed with its entries changed.
        let key = try KeyFiles.readSigningKey(at: paths.key)
        func audited(_ entries: [SealingEntry], _ name: String) throws -> [Audit.Finding] {
            let old = sealed.body
            let body = try SealingBody(
                inputSHA256: old.inputSHA256,
                deidentifiedSHA256: old.deidentifiedSHA256,
                ruleSetID: old.ruleSetID,
                ruleSetVersion: old.ruleSetVersion,
                ruleSetSHA256: old.ruleSetSHA256,
                evaluationDate: old.evaluationDate,
                sealDate: old.sealDate,
                normalization: old.normalization,
                epoch: old.epoch,
                masterCheckValue: old.masterCheckValue,
                tool: old.tool,
                signingKeyID: old.signingKeyID,
                origin: old.origin,
                entries: entries,
                county: old.county
            )
            let path = try folder.write(name, try SealingManifest.sign(body, key: key).encoded)
            return try Audit.run(manifest: path, publicKey: publicKey, deidentified: deidentified, ruleSet: statutory)
                .findings
        }
        var entries = sealed.body.entries
        let automatic = try #require(entries.firstIndex { $0.leaf.decidedBy == .rules })
        let dropped = entries.remove(at: automatic)
        #expect(try audited(entries, "dropped.json").map(\.kind) == [.missing])
        entries = sealed.body.entries
        let leaf = entries[automatic].leaf
        let other: SealingAction = leaf.action == .dismissAndSeal ? .reduceToMisdemeanor : .dismissAndSeal
        entries[automatic] = SealingEntry(
            pseudonym: dropped.pseudonym,
            leaf: SealingLeaf(
                action: other,
                statute: leaf.statute,
                effectiveDate: leaf.effectiveDate,
                countReference: leaf.countReference,
                reasonCodes: leaf.reasonCodes,
                nonce: leaf.nonce
            )!
        )
        #expect(try audited(entries, "altered.json").map(\.kind) == [.differs])
        let notEligible = try #require(
            try Self.decisions(paths.run).first { $0.decision == .notEligible && $0.reference != nil }
        )
        entries = sealed.body.entries
        entries.append(
            SealingEntry(
                pseudonym: notEligible.pseudonym,
                leaf: SealingLeaf(
                    action: .dismissAndSeal,
                    statute: leaf.statute,
                    effectiveDate: leaf.effectiveDate,
                    countReference: notEligible.reference!,
                    reasonCodes: ["statuteDismiss"],
                    nonce: leaf.nonce
                )!
            )
        )
        #expect(try audited(entries, "invented.json").map(\.kind) == [.notProduced])
        #expect(throws: SealKitError(.verificationFailed, "")) {
            try Audit.run(
                manifest: sealed.manifestPath,
                publicKey: publicKey,
                deidentified: deidentified,
                ruleSet: try RuleSets.load("dismiss-all")
            )
        }
    }

    @Test("the identified zone's count references are the pseudonymizer's, for every conviction")
    func keysMatchThePseudonymizer() throws {
        let folder = try TemporaryDirectory()
        let (input, secretPath) = try folder.generatedFile("doj.csv", rows: 4_000, seed: 9)
        let keys = try PurposeKeys(master: try KeyFiles.readMasterSecret(at: secretPath))
        let pseudonymizer = try Pseudonymizer(keys: keys, evaluationDate: CalendarDate(iso: "2020-07-01")!)
        var convictions = 0
        _ = try DOJResearchFileReader(path: input).read { subject in
            let record = try pseudonymizer.deidentify(subject)
            let found = try pseudonymizer.references.keys(of: subject)
            #expect(found.countReferences == record.convictions.map(\.reference))
            #expect(found.carries(record.pseudonym))
            convictions += record.convictions.count
        }
        #expect(convictions > 1_000)
    }
}

/// Reading and writing the CSV files of these tests (RFC 4180, as a spreadsheet saves them: CRLF).
enum CSVFixture {
    static func rows(_ path: String) throws -> [[String]] {
        let descriptor = try FileIO.openInput(path)
        defer { close(descriptor) }
        var scanner = CSVScanner(descriptor: descriptor)
        var record = CSVRecord()
        var rows: [[String]] = []
        while try scanner.next(into: &record) {
            rows.append((0..<record.fieldCount).map { String(decoding: record.field($0), as: UTF8.self) })
        }
        return rows
    }

    static func write(_ rows: [[String]], to path: String) throws {
        func quoted(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let text = rows.map { $0.map(quoted).joined(separator: ",") + "\r\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
