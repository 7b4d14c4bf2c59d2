/// A POSIX ustar archive of small files, built in memory and written as one file: what
/// `prove --all` writes (one `.tlog-proof` per entry; `tar -xf` extracts them). One file, not a
/// folder of tens of thousands: creating an inode per proof was 85% of the time on ext4.
///
/// Deterministic: every member has mode 0600, owner 0, group 0, modification time 0 and no user or
/// group name, so the same proofs give the same bytes.
struct TarArchive {
    private(set) var bytes: [UInt8] = []

    /// Appends a regular file `name` (at most 100 bytes of ASCII) holding `contents`.
    mutating func append(name: String, contents: [UInt8]) {
        precondition(name.utf8.count <= 100 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "a short ASCII name")
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        /// `value` in octal, zero-padded to `width - 1` digits and a NUL.
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset)
        }
        put(name, at: 0)
        octal(0o600, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(contents.count, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        // The checksum: the header's bytes summed with the checksum field as eight spaces.
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        header[155] = 0x20
        bytes += header
        bytes += contents
        bytes += [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
    }

    /// The archive's bytes, with the two zero blocks that end it.
    mutating func finish() -> [UInt8] {
        bytes += [UInt8](repeating: 0, count: 1024)
        return bytes
    }
}
