import Glibc
import SealCore

/// A progress line on standard error, only when it is a terminal, redrawn at most every 1%.
final class ProgressLine {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1

    init(label: String) {
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        printError("\r\(label): \(percent)%", newline: false)
    }

    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        printError("\r\u{1B}[K", newline: false)
    }
}
