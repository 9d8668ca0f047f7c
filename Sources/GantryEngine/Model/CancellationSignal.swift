import Synchronization

/// A flag the CLI trips on Ctrl-C; the apply walker checks it before starting new work.
///
/// In-flight provider calls are never cut off: they finish and are recorded, so nothing
/// created is lost from state.
public final class CancellationSignal: Sendable {
    private let flag = Mutex(false)

    public init() {}

    /// Asks the running operation to stop starting new work.
    public func cancel() { flag.withLock { $0 = true } }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { flag.withLock { $0 } }
}
