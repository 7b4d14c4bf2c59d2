import CriminalRecords
import Deidentified
import Foundation
import SealCore
import SealCrypto
import TestSupport
import Testing

@testable import Pseudonymization

/// The published norm-1 vectors (keys/README.md and docs/privacy.md), with the test master
/// 000102…1f, checked against the Swift code and against the stock openssl command.
@Suite("Pseudonym vectors, reproducible with openssl kdf and openssl mac")
struct VectorTests {
    static let masterHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

    let keys: PurposeKeys
    let pseudonymizer: Pseudonymizer

    init() throws {
        let master = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(Self.masterHex)), epoch: 1)
        keys = try PurposeKeys(master: master)
        pseudonymizer = try Pseudonymizer(keys: keys, evaluationDate: CalendarDate(iso: "2020-06-30")!)
    }

    func hex(_ key: SymmetricKey) -> String { key.withUnsafeBytes { TestSupport.hexString($0) } }

    @Test("purpose keys and check values")
    func purposeKeys() throws {
        #expect(hex(keys.subjectPseudonym) == "c6adad3203d2a9c3415a9456c0154ace3a0daf739e1975c08458b7455b03b806")
        #expect(hex(keys.dateShift).hasPrefix("be563d40"))
        #expect(hex(keys.dateShift).hasSuffix("db234fdf"))
        #expect(keys.masterCheckValue == "8666a85d21462a5d")
        let checks = try [keys.subjectPseudonym, keys.countReference, keys.caseToken, keys.dateShift].map(
            PurposeKeys.checkValue
        )
        #expect(Set(checks).count == 4)
    }

    @Test("SUBJECT_ID 18675309: pseudonym ea8a84ec…, date offset −3051 days")
    func subjectVector() throws {
        let pseudonym = try pseudonymizer.pseudonym(cii: nil, subjectID: Array("18675309".utf8))
        #expect(pseudonym.description == "s1.e1.ea8a84ec442c6c3f59ea09c98c43191494d243ca4b6b5e01938a4b43d227f2d8")
        #expect(try pseudonymizer.dateOffset(subjectID: Array("18675309".utf8)) == -3051)
    }

    /// Runs the openssl command and returns the hex digits it prints, lower case.
    static func run(_ arguments: [String]) throws -> String {
        let openssl = try #require(which("openssl"))
        let result = try runProcess(openssl, arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput.filter(\.isHexDigit).lowercased()
    }

    /// The purpose key of label `info` from the test master, by `openssl kdf`.
    static func opensslKey(_ info: String) throws -> String {
        try Self.run([
            "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "hexkey:\(Self.masterHex)",
            "-kdfopt", "salt:sealkit/v1", "-kdfopt", "info:\(info)", "HKDF",
        ])
    }

    @Test("a leaf nonce is HMAC of (leaf-nonce, reference) under its own key, as the openssl command computes it")
    func leafNonce() throws {
        let key = try Self.opensslKey("sealkit/v1/leaf-nonce/norm-1/epoch-1")
        #expect(key == hex(keys.leafNonce))
        let reference = CountReference(epoch: 1, hex: String(repeating: "ab", count: 32))
        let folder = try TemporaryDirectory()
        let message = try folder.write("msg", Array("10:leaf-nonce,70:\(reference),".utf8))
        let tag = try Self.run(["mac", "-digest", "SHA256", "-macopt", "hexkey:\(key)", "-in", message, "HMAC"])
        let references = try KeyedReferences(keys: keys)
        #expect(Hex.encode(try references.leafNonce(for: reference)) == tag)
        // Its own key: not the count-reference key's MAC of the same input.
        #expect(
            try references.leafNonce(for: reference)
                != (try HMACSHA256.authenticationCode(
                    for: Array("10:leaf-nonce,70:\(reference),".utf8),
                    using: keys.countReference
                ).bytes)
        )
    }

    @Test("the same vectors from the openssl command (the commands docs/privacy.md prints)")
    func openssl() throws {
        let key = try Self.opensslKey("sealkit/v1/subject-pseudonym/norm-1/epoch-1")
        #expect(key == hex(keys.subjectPseudonym))
        let folder = try TemporaryDirectory()
        let message = try folder.write("msg", Array("10:subject-id,8:18675309,".utf8))
        let tag = try Self.run(["mac", "-digest", "SHA256", "-macopt", "hexkey:\(key)", "-in", message, "HMAC"])
        #expect(
            "s1.e1." + tag == (try pseudonymizer.pseudonym(cii: nil, subjectID: Array("18675309".utf8)).description)
        )
        // A CII-based pseudonym: (cii, A12345678).
        let ciiMessage = try folder.write("cii", Array("3:cii,9:A12345678,".utf8))
        let ciiTag = try Self.run(["mac", "-digest", "SHA256", "-macopt", "hexkey:\(key)", "-in", ciiMessage, "HMAC"])
        #expect(
            "s1.e1." + ciiTag
                == (try pseudonymizer.pseudonym(cii: Array("A12345678".utf8), subjectID: Array("18675309".utf8))
                    .description)
        )
        // The date shift: first 6 bytes of the tag, mod 7304, then the v1 rule.
        let shiftKey = try Self.opensslKey("sealkit/v1/date-shift/norm-1/epoch-1")
        let shiftTag = try Self.run([
            "mac", "-digest", "SHA256", "-macopt", "hexkey:\(shiftKey)", "-in", message, "HMAC",
        ])
        let value = UInt64(shiftTag.prefix(12), radix: 16)!
        let m = Int(value % 7304)
        #expect((m < 3652 ? m - 3652 : m - 3651) == -3051)
    }

    @Test("netstrings are unambiguous")
    func netstrings() {
        #expect(
            MACInput([Array("AB".utf8), Array("C".utf8)]).bytes != MACInput([Array("A".utf8), Array("BC".utf8)]).bytes
        )
        #expect(
            String(decoding: MACInput([Array("subject-id".utf8), Array("18675309".utf8)]).bytes, as: UTF8.self)
                == "10:subject-id,8:18675309,"
        )
        #expect(String(decoding: MACInput([[UInt8]()]).bytes, as: UTF8.self) == "0:,")
    }

    @Test("date offsets are within ±3652 days and never 0")
    func offsets() {
        var seen = Set<Int>()
        for value in 0..<20_000 {
            var tag = [UInt8](repeating: 0, count: 32)
            for index in 0..<6 { tag[index] = UInt8(truncatingIfNeeded: (value &* 2_654_435_761) >> (index * 5)) }
            let offset = DateShift.offset(fromTag: tag)
            #expect(offset != 0)
            #expect(abs(offset) <= 3652)
            seen.insert(offset)
        }
        // The ends of the range are reachable.
        #expect(DateShift.offset(fromTag: [0, 0, 0, 0, 0, 0]) == -3652)
        #expect(DateShift.offset(fromTag: [0, 0, 0, 0, 0x1C, 0x87]) == 3652)  // 7303
        #expect(seen.count > 5000)
    }

    @Test("norm-1: CII and case numbers")
    func normalization() {
        func cii(_ text: String) -> String? {
            Normalization.cii(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(cii(" a12345678 ") == "A12345678")
        #expect(cii("1008675309") == "1008675309")
        #expect(cii("A123456781") == "A123456781")
        for bad in [
            "", "x", "-", "NULL", "000000000", "A00000000", "12-345678", "1234567", "12345678901", "AB1234567",
            "Ä12345678",
        ] {
            #expect(cii(bad) == nil, "\(bad)")
        }
        func caseNumber(_ text: String) -> String? {
            Normalization.caseNumber(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(caseNumber("  ba 12   3456 ") == "BA 12 3456")
        #expect(caseNumber("null") == nil)
        #expect(caseNumber("  ") == nil)
        #expect(caseNumber("é12") == nil)
    }

    @Test("labels differ in every field: purpose, normalization version, epoch")
    func labels() throws {
        var labels = Set<String>()
        for purpose in PurposeKeys.Purpose.allCases {
            for epoch in 1...3 { labels.insert(PurposeKeys.label(purpose, epoch: epoch)) }
        }
        #expect(labels.count == PurposeKeys.Purpose.allCases.count * 3)
        let second = try PurposeKeys(
            master: MasterSecret(bytes: SecureBytes(try TestSupport.hex(Self.masterHex)), epoch: 2)
        )
        #expect(hex(second.subjectPseudonym) != hex(keys.subjectPseudonym))
        #expect(second.masterCheckValue == keys.masterCheckValue)
    }
}

/// The cut-off flags are shared by pattern of answers; each must be what the conviction's own
/// dates give.
@Suite("Cut-off flags: shared by pattern, each the conviction's own")
struct CutoffFlagTests {
    @Test("every pair of dates around every cut-off (exact, a range across it, unknown), first and again")
    func sharedFlagsAreExact() throws {
        let master = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(VectorTests.masterHex)), epoch: 1)
        let pseudonymizer = try Pseudonymizer(
            keys: try PurposeKeys(master: master),
            evaluationDate: CalendarDate(iso: "2020-06-30")!
        )
        var dates: [DateValue] = [.unknown]
        for cutoff in Pseudonymizer.cutoffs {
            for shift in [-1, 0, 1] { dates.append(.exact(cutoff.adding(days: shift))) }
            dates.append(.range(cutoff.adding(days: -3), cutoff.adding(days: 3)))
        }
        func expected(_ date: DateValue, _ offenseDate: DateValue) -> [String: ThreeValued] {
            var flags: [String: ThreeValued] = [:]
            for cutoff in Pseudonymizer.cutoffs {
                let onConviction = ThreeValued(date.isOnOrAfter(cutoff))
                if onConviction != .no { flags["convictionOnOrAfter:\(cutoff)"] = onConviction }
                let onOffense = ThreeValued(offenseDate.isOnOrAfter(cutoff))
                if onOffense != .no { flags["offenseOnOrAfter:\(cutoff)"] = onOffense }
            }
            return flags
        }
        /// With the conviction date standing in for an unknown offense date: the offense is on or after
        /// a cut-off only possibly, and only when the conviction is not certainly before it.
        func expectedFromConviction(_ date: DateValue) -> [String: ThreeValued] {
            var flags: [String: ThreeValued] = [:]
            for cutoff in Pseudonymizer.cutoffs {
                let onConviction = ThreeValued(date.isOnOrAfter(cutoff))
                if onConviction != .no {
                    flags["convictionOnOrAfter:\(cutoff)"] = onConviction
                    flags["offenseOnOrAfter:\(cutoff)"] = .unknown
                }
            }
            return flags
        }
        /// The answers as the format writes them: names with the answers that are not `no`.
        func names(_ answers: CutoffAnswers) -> [String: ThreeValued] {
            var written: [String: ThreeValued] = [:]
            for member in CutoffAnswers.members {
                let value = answers.answer(member.cutoff, onConviction: member.onConviction)
                if value != .no { written[member.name] = value }
            }
            return written
        }
        var patterns = Set<[String: ThreeValued]>()
        for _ in 0..<2 {
            for date in dates {
                for offenseDate in dates {
                    let flags = names(
                        pseudonymizer.cutoffFlags(
                            date: date,
                            offenseDate: offenseDate,
                            offenseDateFromConviction: false
                        )
                    )
                    #expect(flags == expected(date, offenseDate), "\(date) / \(offenseDate)")
                    patterns.insert(flags)
                }
                // No CYC_DATE: the offense date is the conviction's, and never certainly on or after.
                let flags = names(
                    pseudonymizer.cutoffFlags(date: date, offenseDate: date, offenseDateFromConviction: true)
                )
                #expect(flags == expectedFromConviction(date), "\(date), offense date unknown")
                #expect(!flags.contains { $0.key.hasPrefix("offense") && $0.value == .yes })
                patterns.insert(flags)
            }
        }
        // Every distinct set of flags came back (100 here): a cache keyed too coarsely would merge some.
        var distinct = Set<[String: ThreeValued]>()
        for date in dates {
            for offenseDate in dates { distinct.insert(expected(date, offenseDate)) }
            distinct.insert(expectedFromConviction(date))
        }
        #expect(patterns.count == distinct.count && distinct.count > 100)
    }
}
