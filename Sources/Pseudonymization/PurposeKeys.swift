import Deidentified
package import SealCrypto

/// The purpose keys of one master secret and epoch, each HKDF-SHA256 of the master (salt
/// `sealkit/v1`) under its own versioned label, so one exposed key or output set reveals nothing
/// about another:
///
/// | purpose | `info` label |
/// |---|---|
/// | subject pseudonym | `sealkit/v1/subject-pseudonym/norm-1/epoch-<e>` |
/// | count reference | `sealkit/v1/count-reference/norm-1/epoch-<e>` |
/// | case token | `sealkit/v1/case-token/norm-1/epoch-<e>` |
/// | date shift | `sealkit/v1/date-shift/norm-1/epoch-<e>` |
/// | leaf nonce | `sealkit/v1/leaf-nonce/norm-1/epoch-<e>` |
///
/// A purpose key's check value is the first 8 bytes of HMAC(key, `9:key-check,`), in hex.
package struct PurposeKeys: Sendable {
    /// The normalization version in every label (the de-identified format names it in its header).
    package static let normalization = DatasetHeader.currentNormalization

    package enum Purpose: String, CaseIterable, Sendable {
        case subjectPseudonym = "subject-pseudonym"
        case countReference = "count-reference"
        case caseToken = "case-token"
        case dateShift = "date-shift"
        case leafNonce = "leaf-nonce"
    }

    package let epoch: Int
    package let subjectPseudonym: SymmetricKey
    package let countReference: SymmetricKey
    package let caseToken: SymmetricKey
    package let dateShift: SymmetricKey
    /// The key of the sealing manifests' leaf nonces (``KeyedReferences/leafNonce(for:)``).
    package let leafNonce: SymmetricKey
    /// The master's check value (HKDF label `sealkit/v1/key-check`).
    package let masterCheckValue: String

    /// The label of `purpose` at `epoch`.
    package static func label(_ purpose: Purpose, epoch: Int) -> String {
        "sealkit/v1/\(purpose.rawValue)/\(normalization)/epoch-\(epoch)"
    }

    package init(master: MasterSecret) throws(SealCryptoError) {
        epoch = master.epoch
        subjectPseudonym = try master.deriveKey(info: Self.label(.subjectPseudonym, epoch: epoch))
        countReference = try master.deriveKey(info: Self.label(.countReference, epoch: epoch))
        caseToken = try master.deriveKey(info: Self.label(.caseToken, epoch: epoch))
        dateShift = try master.deriveKey(info: Self.label(.dateShift, epoch: epoch))
        leafNonce = try master.deriveKey(info: Self.label(.leafNonce, epoch: epoch))
        masterCheckValue = try master.keyCheckValue
    }

    /// The check value of a purpose key: the first 8 bytes of HMAC(key, `9:key-check,`), in hex.
    package static func checkValue(of key: SymmetricKey) throws(SealCryptoError) -> String {
        let tag = try HMACSHA256.authenticationCode(for: Array("9:key-check,".utf8), using: key)
        return Hex.encode(tag.bytes.prefix(8))
    }
}
