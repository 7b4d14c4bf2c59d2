/// The keyed per-subject date offset, rule v1 (privacy.md, section 2.2, D2):
/// t = HMAC(date-shift key, `(subject-id, SUBJECT_ID)`); v = the first 6 bytes of t, big-endian;
/// m = v mod 7304; offset = m − 3652 if m < 3652, else m − 3651.
///
/// Offsets are uniform over ±1…3652 days (about ten years), never 0. Every date of a subject moves by
/// the same offset, so intervals in days stay exact.
package enum DateShift {
    package static let span = 3652

    /// The offset in days for a date-shift tag.
    package static func offset(fromTag tag: [UInt8]) -> Int {
        precondition(tag.count >= 6, "a date-shift tag has at least 6 bytes")
        var value: UInt64 = 0
        for byte in tag.prefix(6) { value = value << 8 | UInt64(byte) }
        let m = Int(value % UInt64(2 * span))
        return m < span ? m - span : m - span + 1
    }
}
