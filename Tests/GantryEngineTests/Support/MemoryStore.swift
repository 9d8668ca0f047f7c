import GantryBasics
import GantryState

/// A state store in memory that keeps the journal, for checking what apply recorded.
actor MemoryStore: StateStore {
    private(set) var document: StateDocument?
    private(set) var journal: [JournalEntry] = []
    private(set) var commits = 0
    /// Every journal entry ever appended, across commits.
    private(set) var history: [JournalEntry] = []

    init(_ document: StateDocument? = nil) { self.document = document }

    func lock(_ info: LockInfo) async throws {}
    func unlock() async throws {}
    func load() async throws -> StateDocument? { document }
    func append(_ entries: [JournalEntry]) async throws {
        journal.append(contentsOf: entries)
        history.append(contentsOf: entries)
    }
    func commit(_ document: StateDocument) async throws {
        self.document = document
        journal = []
        commits += 1
    }

    func replace(_ document: StateDocument?) { self.document = document }
}

