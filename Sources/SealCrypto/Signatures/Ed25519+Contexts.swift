extension Ed25519 {
    /// Signs many messages with one key, reusing one OpenSSL context.
    ///
    /// `~Copyable` and not `Sendable`: OpenSSL contexts are not thread-safe; make one per task.
    public struct Signer: ~Copyable {
        private let context: OpaquePointer
        private let key: EVPKey
        private var fresh = true

        /// A signer bound to `key` (`EVP_DigestSignInit`).
        public init(key: PrivateKey) throws(SealCryptoError) {
            context = try SignatureOperations.newContext(boundTo: key.key, forSigning: true)
            self.key = key.key
        }

        deinit {
            SignatureOperations.free(context)
        }

        /// Writes the signature of `message` into the first 64 bytes of `signature`.
        public mutating func signature(
            for message: some Sequence<UInt8>,
            into signature: UnsafeMutableRawBufferPointer
        ) throws(SealCryptoError) {
            let rearm = !fresh
            fresh = false
            let context = self.context
            try withContiguousBytes(message) { (bytes) throws(SealCryptoError) in
                try SignatureOperations.sign(context, rearm: rearm, bytes, into: signature)
            }
        }

        /// The 64-byte signature of `message`.
        public mutating func signature(for message: some Sequence<UInt8>) throws(SealCryptoError) -> [UInt8] {
            var output = [UInt8](repeating: 0, count: Ed25519.signatureByteCount)
            try output.withUnsafeMutableBufferPointer { (buffer) throws(SealCryptoError) in
                try signature(for: message, into: UnsafeMutableRawBufferPointer(buffer))
            }
            return output
        }
    }

    /// Verifies many signatures under one public key, reusing one OpenSSL context.
    ///
    /// `~Copyable` and not `Sendable`: make one per task.
    public struct Verifier: ~Copyable {
        private let context: OpaquePointer
        private let key: EVPKey
        private var fresh = true

        /// A verifier bound to `key` (`EVP_DigestVerifyInit`).
        public init(key: PublicKey) throws(SealCryptoError) {
            context = try SignatureOperations.newContext(boundTo: key.key, forSigning: false)
            self.key = key.key
        }

        deinit {
            SignatureOperations.free(context)
        }

        /// Whether `signature` is valid for `message`. Invalid, or not 64 bytes, is `false`.
        public mutating func isValidSignature(
            _ signature: some Sequence<UInt8>,
            for message: some Sequence<UInt8>
        ) -> Bool {
            let rearm = !fresh
            fresh = false
            let context = self.context
            let signatureBytes = Array(signature)
            return signatureBytes.withUnsafeBufferPointer { signatureBuffer in
                withContiguousBytes(message) { bytes in
                    SignatureOperations.verify(context, rearm: rearm, UnsafeRawBufferPointer(signatureBuffer), bytes)
                }
            }
        }
    }
}
