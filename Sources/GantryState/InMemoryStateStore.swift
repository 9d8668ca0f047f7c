import GantryBasics

/// A state store in memory, for tests of other modules: the same lock, journal and
/// replay behaviour as the local backend, with no files.
///
/// Share one instance between "processes" to test lock contention.
public actor InMemoryStateStore: StateStore {
    /// The last committed document.
    public private(set) var committed: StateDocument?
    /// Entries appended since the last commit, in order.
    public private(set) var journal: [JournalEntry] = []
    /// The current lock holder.
    public private(set) var holder: LockInfo?
    /// How many times `append` was called, for assertions.
    public private(set) var appendCalls = 0

    /// The lineage a journal replays onto when nothing was committed yet, fixed so that
    /// repeated loads agree.
    private let initialLineage = StateDocument.new().lineage

    public init(_ document: StateDocument? = nil) {
        committed = document
    }

    public func lock(_ info: LockInfo) async throws(StateError) {
        if let holder, holder.id != info.id { throw StateError(.locked(holder: holder)) }
        holder = info
    }

    public func unlock() async throws(StateError) {
        guard holder != nil else { throw StateError(.notLocked) }
        holder = nil
    }

    /// Breaks the lock with this id.
    public func forceUnlock(id: String) async throws(StateError) {
        guard let holder, holder.id == id else { throw StateError(.lockIDMismatch(given: id, holder: holder)) }
        self.holder = nil
    }

    public func load() async throws(StateError) -> StateDocument? {
        guard !journal.isEmpty else { return committed }
        return (committed ?? StateDocument(lineage: initialLineage)).applying(journal)
    }

    public func append(_ entries: [JournalEntry]) async throws(StateError) {
        appendCalls += 1
        // Same check as the file backends: unknown values cannot be recorded.
        var scratch: [UInt8] = []
        try JournalFile.appendLines(entries, to: &scratch)
        journal.append(contentsOf: entries)
    }

    public func commit(_ document: StateDocument) async throws(StateError) {
        if let committed {
            guard committed.lineage == document.lineage else {
                throw StateError(.lineageMismatch(expected: committed.lineage, found: document.lineage))
            }
            guard document.serial > committed.serial else {
                throw StateError(.staleSerial(current: committed.serial, offered: document.serial))
            }
        }
        _ = try document.encodedFile()
        committed = document
        journal.removeAll()
    }
}
