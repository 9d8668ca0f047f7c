import Synchronization

/// The loop's status behind a lock: the loop writes, the HTTP server's C callback reads
/// a copy — never waits on the loop, never enters Swift concurrency.
public final class StatusBoard: Sendable {
    private let status: Mutex<ReconcileStatus>

    public init(_ initial: ReconcileStatus) { status = Mutex(initial) }

    /// A copy of the current status.
    public var snapshot: ReconcileStatus { status.withLock { $0 } }

    public func update(_ change: (inout ReconcileStatus) -> Void) {
        status.withLock { change(&$0) }
    }
}
