import GantryState

/// A backend named in the spec that this build cannot open: every call throws why, so
/// a command never falls back to other state.
struct UnavailableStateStore: TeamStateStore {
    let description: String
    let reason: RemoteStateError

    var backendDescription: String { description }
    func lock(_ info: LockInfo) async throws { throw reason }
    func unlock() async throws { throw reason }
    func load() async throws -> StateDocument? { throw reason }
    func append(_ entries: [JournalEntry]) async throws { throw reason }
    func commit(_ document: StateDocument) async throws { throw reason }
    func loadReport() async throws -> StateLoad { throw reason }
    func forceUnlock(id: String) async throws { throw reason }
    func currentHolder() async throws -> LockInfo? { throw reason }
    func history() async throws -> [StateRevision] { throw reason }
    func replace(_ document: StateDocument) async throws { throw reason }
}
