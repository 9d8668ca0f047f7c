import GantryBasics
import GantryState

/// A state backend a team can share: the `StateStore` life cycle plus what the
/// `state` commands need — history, forced unlock, pushing a document from elsewhere.
///
/// `PostgresStateStore` and `LocalStateStore` conform; `StateBackend.makeStore` picks one.
public protocol TeamStateStore: StateStore {
    /// Where the state lives, for messages: a path, or a URL without its password.
    var backendDescription: String { get }
    /// Like `load`, also reporting replayed journal entries and what was skipped.
    func loadReport() async throws -> StateLoad
    /// Breaks the lock with this id (`gantry state unlock ID`).
    func forceUnlock(id: String) async throws
    /// The current lock holder, if any.
    func currentHolder() async throws -> LockInfo?
    /// Every kept serial, oldest first, with when and by whom it was written.
    func history() async throws -> [StateRevision]
    /// Writes `document` even when its lineage differs or its serial is not newer
    /// (`state push --force`); it is stored as the next serial. Needs the lock.
    func replace(_ document: StateDocument) async throws
}

/// One kept serial of a state, as `gantry state history` lists it.
public struct StateRevision: Sendable, Hashable {
    public var serial: Int
    public var lineage: String
    /// Seconds since 1970; nil when the backend does not record it.
    public var writtenAt: Double?
    /// `alice on ci-3 (pid 42), apply`, or empty when unknown.
    public var writtenBy: String

    public init(serial: Int, lineage: String, writtenAt: Double?, writtenBy: String) {
        self.serial = serial
        self.lineage = lineage
        self.writtenAt = writtenAt
        self.writtenBy = writtenBy
    }
}

extension LockInfo {
    /// `alice on ci-3 (pid 42), apply`: how a revision's writer is recorded.
    var writerRecord: String { "\(who) on \(host) (pid \(pid)), \(operation)" }
}
