import GantryBasics

/// Who holds (or wants) a state lock, shown to anyone who finds it held.
public struct LockInfo: Sendable, Hashable {
    public var id: String
    public var operation: String
    public var who: String
    public var host: String
    public var pid: Int32
    /// Seconds since 1970.
    public var since: Double

    public init(id: String, operation: String, who: String, host: String, pid: Int32, since: Double) {
        self.id = id
        self.operation = operation
        self.who = who
        self.host = host
        self.pid = pid
        self.since = since
    }
}

/// A state backend (local file, S3, PostgreSQL): one writer at a time, crash-safe writes.
///
/// The engine's life cycle: `lock` → `load` (replays any journal left by a crash) →
/// `append` each finished step during apply → `commit` the compacted document → `unlock`.
public protocol StateStore: Sendable {
    /// Takes the write lock or throws `StateError` naming the holder.
    func lock(_ info: LockInfo) async throws
    /// Releases the lock taken by `lock`.
    func unlock() async throws
    /// The current state, with any leftover journal replayed; nil when there is none yet.
    func load() async throws -> StateDocument?
    /// Appends steps to the journal and makes them durable before returning. Steps that
    /// arrive together share one fsync.
    func append(_ entries: [JournalEntry]) async throws
    /// Writes `document` as the new state (serial already bumped by the caller),
    /// atomically, then clears the journal.
    func commit(_ document: StateDocument) async throws
}
