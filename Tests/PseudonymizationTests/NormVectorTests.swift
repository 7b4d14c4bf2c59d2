import CriminalRecords
import Deidentified
import Foundation
import Pseudonymization
import SealCore
import SealCrypto
import TestSupport
import Testing

/// `Fixtures/vectors/sealkit/norm-1.json`: the normative norm-1 vectors (raw value, normalized value,
/// MAC input, output; rejected values included), made with an independent implementation (Python's
/// hmac and the cryptography package). Each is checked in Swift and with the openssl command.
struct NormVector: Decodable, Sendable, CustomTestStringConvertible {
    let kind: String
    let note: String
    let subjectID: String
    let rawCII: String?
    let normalizedCII: String?
    let rawCaseNumber: String?
    let normalizedCaseNumber: String?
    let courtEvent: String?
    let count: Int?
    let label: String
    let macInput: String
    let output: String?
    let tag: String?
    let offset: Int?
    var testDescription: String { "\(kind): \(note)" }
}

struct NormVectorFile: Decodable {
    let master: String
    let vectors: [NormVector]
}

@Suite("norm-1 vectors (Fixtures/vectors/sealkit/norm-1.json)")
struct NormVectorTests {
    static let file = try! TestSupport.decodeFixture(NormVectorFile.self, "vectors/sealkit/norm-1.json")

    /// The keyed references alone: no evaluation date is needed to make them (a redaction stage
    /// makes them from a background-check view).
    let references: KeyedReferences
    /// The pseudonymizer, whose keyed values must be the same.
    let pseudonymizer: Pseudonymizer

    init() throws {
        let master = try MasterSecret(bytes: SecureBytes(try TestSupport.hex(Self.file.master)), epoch: 1)
        references = try KeyedReferences(keys: PurposeKeys(master: master))
        pseudonymizer = try Pseudonymizer(
            keys: PurposeKeys(master: master),
            evaluationDate: CalendarDate(iso: "2020-06-30")!
        )
    }

    @Test("the file covers every kind, rejected values included")
    func coverage() {
        #expect(Set(Self.file.vectors.map(\.kind)) == ["subjectPseudonym", "countReference", "caseToken", "dateShift"])
        #expect(
            Self.file.vectors.contains { $0.rawCII != nil && $0.normalizedCII == nil && !($0.rawCII ?? "").isEmpty }
        )
        #expect(Self.file.vectors.contains { $0.rawCaseNumber != nil && $0.normalizedCaseNumber == nil })
    }

    @Test("SealKit's normalization, MAC input and output equal the vector", arguments: file.vectors)
    func swift(_ vector: NormVector) throws {
        let subjectID = Array(vector.subjectID.utf8)
        let cii = vector.rawCII.flatMap { Normalization.cii(Array($0.utf8)) }
        #expect(cii.map { String(decoding: $0, as: UTF8.self) } == vector.normalizedCII)
        let basis = KeyedReferences.Basis(normalizedCII: cii, subjectID: subjectID)
        let caseNumber = vector.rawCaseNumber.flatMap { Normalization.caseNumber(Array($0.utf8)) }
        #expect(caseNumber.map { String(decoding: $0, as: UTF8.self) } == vector.normalizedCaseNumber)
        switch vector.kind {
        case "subjectPseudonym":
            #expect(try references.pseudonym(cii: cii, subjectID: subjectID).description == vector.output)
            #expect(try pseudonymizer.pseudonym(cii: cii, subjectID: subjectID).description == vector.output)
        case "countReference":
            let made = try references.countReference(
                basis: basis,
                caseNumber: caseNumber,
                courtEvent: Int(vector.courtEvent ?? "") ?? 0,
                count: vector.count ?? 0
            )
            #expect(made.reference.description == vector.output)
            #expect(made.fromCourtEvent == (caseNumber == nil))
        case "caseToken":
            #expect(
                try references.caseToken(basis: basis, caseNumber: try #require(caseNumber)).description
                    == vector.output
            )
        case "dateShift":
            #expect(try references.dateOffset(subjectID: subjectID) == vector.offset)
            #expect(try pseudonymizer.dateOffset(subjectID: subjectID) == vector.offset)
        default:
            Issue.record("unknown kind \(vector.kind)")
        }
    }

    @Test("the openssl command gives the same outputs from the label and the MAC input", arguments: file.vectors)
    func openssl(_ vector: NormVector) throws {
        let openssl = try #require(which("openssl"))
        let folder = try TemporaryDirectory()
        let key = try runProcess(
            openssl,
            [
                "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "hexkey:\(Self.file.master)",
                "-kdfopt", "salt:sealkit/v1", "-kdfopt", "info:\(vector.label)", "HKDF",
            ]
        ).standardOutput.filter(\.isHexDigit)
        let message = try folder.write("msg", Array(vector.macInput.utf8))
        let tag = try runProcess(
            openssl,
            ["mac", "-digest", "SHA256", "-macopt", "hexkey:\(key)", "-in", message, "HMAC"]
        )
        .standardOutput.filter(\.isHexDigit).lowercased()
        if let output = vector.output {
            #expect(output.hasSuffix("." + tag))
        } else {
            #expect(tag == vector.tag)
        }
    }
}
