import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Glibc
import Pseudonymization
import SealCore
import SealCrypto

/// Rows the workers are done with, for the reader to fill again: their arrays keep their memory,
/// where the reader would otherwise make seven new ones for each subject (and a worker free them).
/// At most ``capacity`` are kept, none whose arena outgrew ``largestArena``.
///
/// `@unchecked Sendable`: `rows` is used only while `lock` is held.
final class SpareRows: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [SubjectRows] = []

    static let capacity = 32
    static let largestArena = 1 << 20

    init() {
        rows.reserveCapacity(Self.capacity)
    }

    func put(_ spare: SubjectRows) {
        guard spare.arenaCapacity <= Self.largestArena else { return }
        lock.lock()
        defer { lock.unlock() }
        if rows.count < Self.capacity { rows.append(spare) }
    }

    func take() -> SubjectRows? {
        lock.lock()
        defer { lock.unlock() }
        return rows.popLast()
    }
}
