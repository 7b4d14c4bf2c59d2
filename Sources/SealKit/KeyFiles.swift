import Glibc
package import SealCore
package import SealCrypto

/// Reading key files: secret ones with the permission check ssh makes, public ones as they are.
///
/// A secret key file (an Ed25519 private key PEM, the pseudonym master secret) must be a regular file
/// that neither group nor others can read, write or execute (mode 0600 or 0400). The check is made on
/// the opened file (`fstat`), so the file checked is the file read. Its bytes go straight into wiped
/// storage.
package enum KeyFiles {
    /// The largest key file read: key files are a few hundred bytes, so anything larger is not one.
    package static let maximumKeyFileSize = 64 * 1024

    /// Reads a secret key file after checking its permissions.
    ///
    /// - Throws: ``SealKitError/Code/inputMissing`` if it cannot be opened;
    ///   ``SealKitError/Code/keyPermissions`` if group or others have any access, or it is not a
    ///   regular file; ``SealKitError/Code/badInputData`` if it is larger than a key file can be.
    package static func readSecret(at path: String) throws(SealKitError) -> SecureBytes {
        let shown = shownPath(path)
        let (descriptor, info) = try openKeyFile(path, shown: shown)
        defer { close(descriptor) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SealKitError(.keyPermissions, "\(shown): a secret key must be a regular file")
        }
        guard info.st_uid == geteuid() else {
            throw SealKitError(
                .keyPermissions,
                "\(shown): a secret key must be owned by the user who runs SealKit (it is owned by uid \(info.st_uid))"
            )
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw SealKitError(
                .keyPermissions,
                "\(shown): secret key file permissions \(octal(mode)) are too open: group or others can access it. "
                    + "Run: chmod 600 '\(shown)'"
            )
        }
        return try readBounded(descriptor, path: shown)
    }

    /// How a key file's path is printed: as it is, unless it looks like a key's content given where its
    /// path belongs (`--secret "$(cat master.secret)"`): a line break or another control character, a
    /// PEM boundary, or a run of 32 or more hex digits. Such a "path" is never echoed.
    package static func shownPath(_ path: String) -> String {
        let notShown = "(the key file path given, not shown: it looks like a key's content, not a path)"
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || path.contains("-----BEGIN") {
            return notShown
        }
        var run = 0
        for byte in path.utf8 {
            let hex = (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            run = hex ? run + 1 : 0
            if run >= 32 { return notShown }
        }
        return path
    }

    /// Opens a key file without blocking (a FIFO with no writer would hang an ordinary open, and a
    /// device could be read forever) and returns it with its `fstat`, so that the type is checked
    /// before a byte is read. A socket cannot be opened at all: it is reported as no regular file.
    private static func openKeyFile(_ path: String, shown: String) throws(SealKitError) -> (Int32, stat) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            var info = stat()
            if code == ENXIO, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK {
                throw SealKitError(.keyPermissions, "\(shown): a key must be a regular file (this is a socket)")
            }
            throw SealKitError(.inputMissing, "\(shown): cannot open: \(FileIO.errorText(code))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw SealKitError(.ioError, "\(shown): cannot stat: \(FileIO.errorText(code))")
        }
        // Reads of the regular file that passes the checks block as usual.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (descriptor, info)
    }

    /// Reads a public key file (no permission requirement).
    package static func readPublic(at path: String) throws(SealKitError) -> [UInt8] {
        let descriptor = try openRegularPublic(path)
        defer { close(descriptor) }
        return try readBounded(descriptor, path: path).withUnsafeBytes { Array($0) }
    }

    /// Opens a file that is read without the permission check; anything but a regular file (a
    /// folder, a device, a pipe) is no key file (exit 65), refused before a byte is read.
    private static func openRegularPublic(_ path: String) throws(SealKitError) -> Int32 {
        let shown = shownPath(path)
        let descriptor: Int32
        let info: stat
        do {
            (descriptor, info) = try openKeyFile(path, shown: shown)
        } catch {
            // A socket: no key file, as any other file that is not a regular one (exit 65 here).
            if error.code == .keyPermissions { throw SealKitError(.badInputData, "\(shown): not a regular file") }
            throw error
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw SealKitError(.badInputData, "\(shown): not a regular file")
        }
        return descriptor
    }

    /// Reads an Ed25519 private key PEM file (permission-checked).
    package static func readSigningKey(at path: String) throws(SealKitError) -> Ed25519.PrivateKey {
        let pem = try readSecret(at: path)
        return try mapCryptoError(path) { () throws(SealCryptoError) in try Ed25519.PrivateKey(pemRepresentation: pem) }
    }

    /// Reads an Ed25519 public key PEM file.
    package static func readVerifyingKey(at path: String) throws(SealKitError) -> Ed25519.PublicKey {
        let pem = try readPublic(at: path)
        return try mapCryptoError(path) { () throws(SealCryptoError) in try Ed25519.PublicKey(pemRepresentation: pem) }
    }

    /// Reads a pseudonym master secret file (permission-checked).
    package static func readMasterSecret(at path: String) throws(SealKitError) -> MasterSecret {
        let text = try readSecret(at: path)
        return try mapCryptoError(path) { () throws(SealCryptoError) in try MasterSecret(fileRepresentation: text) }
    }

    /// The key ID of a public or private Ed25519 key file. A private key file is permission-checked
    /// before it is read, like every secret.
    package static func keyID(ofFileAt path: String) throws(SealKitError) -> KeyID {
        let head = try peekLabel(path)
        let pem: SecureBytes
        if head.contains("PRIVATE KEY") {
            pem = try readSecret(at: path)
        } else {
            pem = SecureBytes(try readPublic(at: path))
        }
        return try mapCryptoError(path) { () throws(SealCryptoError) in
            try Ed25519KeyFile(pemRepresentation: pem).publicKey.keyID
        }
    }

    /// Maps a SealCrypto error to a SealKit error naming the file.
    static func mapCryptoError<Result>(
        _ path: String,
        _ body: () throws(SealCryptoError) -> Result
    ) throws(SealKitError) -> Result {
        do {
            return try body()
        } catch {
            let code: SealKitError.Code
            switch error.code {
            case .wrongKeyType, .encryptedPrivateKey, .secretTooShort, .invalidKeyLength:
                code = .keyType
            case .invalidPEM, .invalidSecretFile:
                code = .badInputData
            default:
                code = .ioError
            }
            throw SealKitError(code, "\(shownPath(path)): \(error)")
        }
    }

    /// The first line of a file that looks like a PEM boundary, read without the permission check and
    /// without keeping any key bytes: only whether the file *claims* to hold a private key, so that the
    /// right reader (with or without the check) is chosen.
    private static func peekLabel(_ path: String) throws(SealKitError) -> String {
        let descriptor = try openRegularPublic(path)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = try buffer.withUnsafeMutableBufferPointer { (raw) throws(SealKitError) in
            try FileIO.readAll(descriptor, into: UnsafeMutableRawBufferPointer(raw), path: path)
        }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix("-----BEGIN ") }.map(String.init) ?? ""
    }

    private static func readBounded(_ descriptor: Int32, path: String) throws(SealKitError) -> SecureBytes {
        var length = 0
        let buffer = try SecureBytes(count: maximumKeyFileSize + 1) { (buffer) throws(SealKitError) in
            length = try FileIO.readAll(descriptor, into: buffer, path: path)
        }
        guard length <= maximumKeyFileSize else {
            throw SealKitError(.badInputData, "\(path): larger than \(maximumKeyFileSize) bytes: not a key file")
        }
        return buffer.withUnsafeBytes { SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    private static func octal(_ mode: mode_t) -> String {
        "0" + String(mode, radix: 8)
    }
}
