package import Deidentified
import SealCore
package import SealCrypto

/// The keyed references of one master secret: subject pseudonyms, count references, case tokens
/// and date offsets (docs/privacy.md, "What is hashed"). Everything a later stage needs to find a
/// person's counts again (a background-check view, a court's ruling) and nothing else: no evaluation
/// date, no rules.
///
/// One per thread: it reuses keyed HMAC contexts, and its mutable state skips the run-time
/// exclusivity checks (`@exclusivity(unchecked)`: about 100 instructions per access, and each MAC
/// makes two).
package final class KeyedReferences {
    package let keys: PurposeKeys
    @exclusivity(unchecked) private var subjectContext: HMACSHA256.Context
    @exclusivity(unchecked) private var countContext: HMACSHA256.Context
    @exclusivity(unchecked) private var caseContext: HMACSHA256.Context
    @exclusivity(unchecked) private var shiftContext: HMACSHA256.Context
    @exclusivity(unchecked) private var leafContext: HMACSHA256.Context
    @exclusivity(unchecked) private var tag = [UInt8](repeating: 0, count: 32)
    @exclusivity(unchecked) private var scratch = MACInput()

    package init(keys: PurposeKeys) throws(SealCryptoError) {
        self.keys = keys
        subjectContext = try HMACSHA256.Context(key: keys.subjectPseudonym)
        countContext = try HMACSHA256.Context(key: keys.countReference)
        caseContext = try HMACSHA256.Context(key: keys.caseToken)
        shiftContext = try HMACSHA256.Context(key: keys.dateShift)
        leafContext = try HMACSHA256.Context(key: keys.leafNonce)
    }

    /// The type tags of MAC inputs (privacy.md, "What is hashed").
    enum Tag {
        static let subjectID = Array("subject-id".utf8)
        static let cii = Array("cii".utf8)
        static let count = Array("count".utf8)
        static let countEvent = Array("count-event".utf8)
        static let caseNumber = Array("case".utf8)
        static let leafNonce = Array("leaf-nonce".utf8)
    }

    private enum Purpose {
        case subject
        case count
        case caseNumber
        case shift
        case leaf
    }

    /// HMAC of `input` under a purpose key (32 bytes, in the reused `tag`).
    private func mac(_ purpose: Purpose, _ input: MACInput) throws(SealCryptoError) -> [UInt8] {
        try tag.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
            let output = UnsafeMutableRawBufferPointer(buffer)
            switch purpose {
            case .subject: try subjectContext.authenticationCode(for: input.bytes, into: output)
            case .count: try countContext.authenticationCode(for: input.bytes, into: output)
            case .caseNumber: try caseContext.authenticationCode(for: input.bytes, into: output)
            case .shift: try shiftContext.authenticationCode(for: input.bytes, into: output)
            case .leaf: try leafContext.authenticationCode(for: input.bytes, into: output)
            }
        }
        return tag
    }

    /// Puts the netstrings of the parts in `scratch`, this pseudonymizer's reused MAC input (one had
    /// been built from an array of arrays for each MAC: two allocations and about 1,400 instructions).
    private func fill(_ tag: [UInt8], _ first: [UInt8], _ second: [UInt8]? = nil, _ third: [UInt8]? = nil) {
        scratch.removeAll()
        scratch.append(tag)
        scratch.append(first)
        if let second { scratch.append(second) }
        if let third { scratch.append(third) }
    }

    /// The date offset of a subject (privacy.md D2), from its SUBJECT_ID.
    package func dateOffset(subjectID: [UInt8]) throws(SealCryptoError) -> Int {
        fill(Tag.subjectID, subjectID)
        return DateShift.offset(fromTag: try mac(.shift, scratch))
    }

    /// The subject pseudonym from a normalized CII, or from SUBJECT_ID.
    package func pseudonym(cii: [UInt8]?, subjectID: [UInt8]) throws(SealCryptoError) -> SubjectPseudonym {
        if let cii { fill(Tag.cii, cii) } else { fill(Tag.subjectID, subjectID) }
        return SubjectPseudonym(epoch: keys.epoch, digest: ReferenceDigest(bytes: try mac(.subject, scratch)))
    }

    /// What a subject's keyed values are based on: its normalized CII, or its SUBJECT_ID.
    package struct Basis: Sendable {
        package let tag: [UInt8]
        package let value: [UInt8]

        /// The CII when it normalizes, else SUBJECT_ID.
        package init(normalizedCII: [UInt8]?, subjectID: [UInt8]) {
            tag = normalizedCII == nil ? Tag.subjectID : Tag.cii
            value = normalizedCII ?? subjectID
        }
    }

    /// A count reference: `(count, basis, case number, count)` with a case number, else
    /// `(count-event, basis, CCCSSS, count)`. Returns whether the court event had to stand in.
    package func countReference(
        basis: Basis,
        caseNumber: [UInt8]?,
        courtEvent: Int,
        count: Int
    ) throws(SealCryptoError) -> (reference: CountReference, fromCourtEvent: Bool) {
        if let caseNumber {
            fill(Tag.count, basis.tag, basis.value, caseNumber)
        } else {
            fill(Tag.countEvent, basis.tag, basis.value)
            scratch.append(decimal: courtEvent, width: 6)  // CCCSSS, zero-padded
        }
        scratch.append(decimal: count)
        return (
            CountReference(epoch: keys.epoch, digest: ReferenceDigest(bytes: try mac(.count, scratch))),
            caseNumber == nil
        )
    }

    /// The nonce of a sealing manifest's leaf for the count `reference`: HMAC under the leaf-nonce key
    /// of `(leaf-nonce, <reference text>)`. The office recomputes it from the secret (the same count
    /// gets the same nonce); without the secret it cannot be guessed, so nobody holding a list of
    /// count references can test which leaves are theirs.
    package func leafNonce(for reference: CountReference) throws(SealCryptoError) -> [UInt8] {
        fill(Tag.leafNonce, Array(reference.description.utf8))
        return try mac(.leaf, scratch)
    }

    /// A case token: `(case, basis, case number)`, so tokens are per subject.
    package func caseToken(basis: Basis, caseNumber: [UInt8]) throws(SealCryptoError) -> CaseToken {
        fill(Tag.caseNumber, basis.tag, basis.value, caseNumber)
        return CaseToken(epoch: keys.epoch, digest: ReferenceDigest(bytes: try mac(.caseNumber, scratch)))
    }
}
