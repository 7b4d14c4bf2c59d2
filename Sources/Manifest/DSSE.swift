import SealCore
package import SealCrypto

/// A DSSE v1 envelope (in-toto's Dead Simple Signing Envelope) with Ed25519 signatures.
///
/// The signature is over the pre-authentication encoding (``pae(payloadType:payload:)``) of the payload
/// type and the payload's bytes, never over a re-serialized body: ``verifiedPayload(key:payloadType:)``
/// returns the very bytes it verified, and nothing else of the envelope is trusted. The envelope's
/// `keyid` is a hint, but a bound one: a signature counts only when its `keyid` is the verifying key's
/// ID (so altering the hint breaks the envelope too).
package struct DSSEEnvelope: Hashable, Sendable {
    /// One signature: the signing key's ID (hex SHA-256 of its DER SubjectPublicKeyInfo) and 64 bytes.
    package struct Signature: Hashable, Sendable {
        /// The key ID, 64 lower-case hex digits.
        package let keyID: String
        /// The Ed25519 signature of the PAE.
        package let bytes: [UInt8]
    }

    /// What the payload is (`application/vnd.sealkit.sealing-manifest+json`).
    package let payloadType: String
    /// The body's bytes, exactly as signed.
    package let payload: [UInt8]
    /// At least one signature.
    package let signatures: [Signature]

    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths as decimal byte counts.
    package static func pae(payloadType: String, payload: [UInt8]) -> [UInt8] {
        var out = Array("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
        out.append(contentsOf: payload)
        return out
    }

    /// Signs `payload` as `payloadType` with `key` (Ed25519 is deterministic: the same inputs give the
    /// same envelope).
    package static func sign(
        payloadType: String,
        payload: [UInt8],
        key: Ed25519.PrivateKey
    ) throws(ManifestError) -> DSSEEnvelope {
        do {
            let signature = try key.signature(for: pae(payloadType: payloadType, payload: payload))
            return DSSEEnvelope(
                payloadType: payloadType,
                payload: payload,
                signatures: [Signature(keyID: try key.publicKey.keyID.hexString, bytes: signature)]
            )
        } catch {
            throw ManifestError(error)
        }
    }

    /// The envelope as RFC 8785 canonical JSON: `{"payload":…,"payloadType":…,"signatures":[{"keyid":…,"sig":…}]}`.
    package var encoded: [UInt8] {
        var out = Array("{\"payload\":\"".utf8)
        out += Array(Base64.encode(payload).utf8)
        out += Array("\",\"payloadType\":".utf8)
        JSONCanonical.string(payloadType, into: &out)
        out += Array(",\"signatures\":[".utf8)
        for (index, signature) in signatures.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"keyid\":\"\(signature.keyID)\",\"sig\":\"\(Base64.encode(signature.bytes))\"}".utf8)
        }
        out += Array("]}".utf8)
        return out
    }

    /// Reads an envelope strictly: strict JSON (no key twice), exactly the three keys and, in each
    /// signature, exactly `keyid` (64 lower-case hex digits) and `sig` (canonical base64 of 64 bytes);
    /// the payload canonical base64; at least one signature.
    package static func parse(_ bytes: [UInt8]) throws(ManifestError) -> DSSEEnvelope {
        let node = try StrictObject.parse(bytes, "the envelope")
        let members = try StrictObject.members(node, ["payload", "payloadType", "signatures"], "the envelope")
        guard case .string(let payloadText) = members["payload"]!.value,
            let payload = Base64.decode(payloadText)
        else { throw ManifestError(.malformed, "envelope payload: not canonical base64") }
        guard case .string(let payloadType) = members["payloadType"]!.value, !payloadType.isEmpty else {
            throw ManifestError(.malformed, "envelope payloadType: not a string")
        }
        guard case .array(let items) = members["signatures"]!.value, !items.isEmpty else {
            throw ManifestError(.malformed, "envelope signatures: not a non-empty array")
        }
        var signatures: [Signature] = []
        for (index, item) in items.enumerated() {
            let fields = try StrictObject.members(item, ["keyid", "sig"], "envelope signatures[\(index)]")
            guard case .string(let keyID) = fields["keyid"]!.value, keyID.utf8.count == 64,
                keyID.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else {
                throw ManifestError(.malformed, "envelope signatures[\(index)].keyid: not 64 lower-case hex digits")
            }
            guard case .string(let text) = fields["sig"]!.value, let signature = Base64.decode(text),
                signature.count == Ed25519.signatureByteCount
            else {
                throw ManifestError(.malformed, "envelope signatures[\(index)].sig: not canonical base64 of 64 bytes")
            }
            signatures.append(Signature(keyID: keyID, bytes: signature))
        }
        return DSSEEnvelope(payloadType: payloadType, payload: payload, signatures: signatures)
    }

    /// The payload, once a signature by `key` over it verifies and the payload type is `payloadType`.
    /// The signature must name `key`'s ID; any other signature is ignored.
    package func verifiedPayload(key: Ed25519.PublicKey, payloadType expected: String) throws(ManifestError) -> [UInt8]
    {
        let keyID = try ManifestError.keyID(of: key)
        let named = signatures.filter { $0.keyID == keyID }
        guard !named.isEmpty else {
            throw ManifestError(.signature, "the envelope has no signature by key \(keyID)")
        }
        let message = Self.pae(payloadType: payloadType, payload: payload)
        guard named.contains(where: { key.isValidSignature($0.bytes, for: message) }) else {
            throw ManifestError(.signature, "the envelope's signature by key \(keyID) does not verify")
        }
        guard payloadType == expected else {
            throw ManifestError(.binding, "the envelope's payload type is not \(expected)")
        }
        return payload
    }
}
