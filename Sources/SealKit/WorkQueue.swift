import Foundation
import SealCore

/// A bounded queue between threads: one producer pushes, one or more consumers pop. Waiting threads
/// are woken in batches: consumers when the queue stops being empty, the producer when a full queue
/// has drained to half (not at every pop: the workers keep the queue full, and a wake-up per item
/// cost a context switch for each of 400,000 subjects).
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is
/// locked.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// A ring: `count` items from `head`. A popped slot is emptied at once, so the queue never keeps
    /// an item alive (the items can be large: whole histories, input chunks).
    private var slots: [Item?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var stopped = false

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(capacity, 1))
    }

    /// Adds an item, waiting while the queue is full. False when the worker has stopped.
    func push(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == slots.count && !stopped { condition.wait() }
        if stopped { return false }
        slots[(head + count) % slots.count] = item
        count += 1
        if count == 1 { condition.broadcast() }
        return true
    }

    /// The next item, waiting while the queue is empty; nil once it is closed and empty.
    func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed { condition.wait() }
        guard count > 0 else { return nil }
        let item = slots[head].take()
        head = (head + 1) % slots.count
        count -= 1
        if count == slots.count / 2 { condition.broadcast() }
        return item
    }

    /// No more items will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The worker stops (after an error): pushes fail from now on.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Runs `body` on a new thread; `join()` waits for it.
final class WorkerThread: @unchecked Sendable {
    /// Written by the worker before it signals `done`, read by `join()` after waiting on it.
    private var failure: (any Error)?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do {
                try body()
            } catch {
                failure = error
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the worker and rethrows its error, if any.
    func join() throws {
        done.wait()
        if let failure { throw failure }
    }
}
