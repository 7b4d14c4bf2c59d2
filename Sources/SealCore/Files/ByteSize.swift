/// Sizes in messages: "16 MiB" for a whole number of MiB, else the bytes ("4096 bytes").
public enum ByteSize {
    /// `16 MiB` for a whole number of MiB, `4096 bytes` otherwise.
    public static func text(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
