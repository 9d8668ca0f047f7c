import GantryBasics
import GantryState

/// The PostgreSQL state backend: state rows with every serial kept, a journal table, and
/// a leased lock row backed by a session-level advisory lock.
///
/// Every libpq call runs on one of the store's two session threads (data, and lock +
/// heartbeat), never on the cooperative pool. Writes are fenced: an append or commit
/// succeeds only while this store's lock id is still in the lock row, so a writer whose
/// lease was taken over cannot overwrite its successor.
///
/// When the server fails mid-write, the latest good state (the loaded state with every
/// step this run journaled or tried to) is written to `.gantry/emergency-state-<serial>.json`
/// and the error names it.
///
/// ```swift
/// let store = PostgresStateStore(PostgresLocation(url: "postgres://gantry@db/infra", name: "llm-platform"),
///                                emergencyDirectory: dir + "/.gantry")
/// try await store.lock(.current(operation: "apply"), timeout: 60)
/// ```
public actor PostgresStateStore: TeamStateStore {
    public nonisolated let location: PostgresLocation
    public nonisolated let lease: LeaseOptions
    public nonisolated var backendDescription: String { location.description }

    let data: PGSession
    let lockSession: PGSession
    let emergency: EmergencyCopy?
    let warn: @Sendable (String) -> Void
    private var schemaReady = false

    /// The lock this store holds, and its heartbeat.
    var held: LockInfo?
    var holdsAdvisory = false
    var heartbeat: Task<Void, Never>?
    /// Set when a renewal found our lock row gone (taken over after our lease ran out).
    var lost = false

    /// The state as last loaded or committed, and what was journaled on top of it since;
    /// together they are the emergency copy.
    private var base: StateDocument?
    private var journaled: [JournalEntry] = []
    var committer: GroupCommitter?

    /// - Parameters:
    ///   - emergencyDirectory: where to write `emergency-state-<serial>.json` when the
    ///     server fails mid-write (the spec's `.gantry`); nil writes none.
    ///   - warn: receives warnings, such as a lock taken over from a dead holder.
    public init(_ location: PostgresLocation, lease: LeaseOptions = LeaseOptions(), emergencyDirectory: String? = nil,
                warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.location = location
        self.lease = lease
        self.warn = warn
        emergency = emergencyDirectory.map { EmergencyCopy(directory: $0) }
        let display = location.description
        data = PGSession(conninfo: location.url, backend: display, name: "gantry-pg-data")
        lockSession = PGSession(conninfo: location.url, backend: display, name: "gantry-pg-lock")
    }

    deinit { heartbeat?.cancel() }

    // MARK: StateStore

    public func load() async throws -> StateDocument? {
        try await loadReport().document
    }

    /// The latest serial with the journal written against it replayed.
    ///
    /// - Throws: `StateError.corrupt` / `.futureVersion` for a row that is not a valid
    ///   state document (left untouched); `RemoteStateError` when the server fails.
    public func loadReport() async throws -> StateLoad {
        try await ensureSchema()
        let name = location.name, source = "\(location.description) serial"
        let (header, journal) = try await data.run("read the state") { connection in
            let state = try connection.execute(PostgresSchema.latestState, [name])
            let journal = try connection.execute(PostgresSchema.journal, [name])
            return (state.values.first, journal.values)
        }
        var document: StateDocument?
        if let header, let serial = header[0], let text = header[2] {
            document = try StateDocument(file: Array(text.utf8), named: "\(source) \(serial)")
        }
        var entries: [JournalEntry] = []
        var stale = 0
        var journalLineage: String?
        for (index, row) in journal.enumerated() {
            guard let baseText = row[0], let baseSerial = Int(baseText), let text = row[2] else { continue }
            guard baseSerial == (document?.serial ?? 0) else {
                stale += 1
                continue
            }
            journalLineage = journalLineage ?? row[1]
            entries.append(try Self.decodeEntry(text, index: index, source: location.description))
        }
        var warnings: [Diagnostic] = []
        if stale > 0 {
            warnings.append(.warning("state-journal-stale",
                                     "\(location.description): skipped \(stale) journal entries written against an older serial; the state already includes them"))
        }
        var result = document
        if !entries.isEmpty {
            let start = document ?? StateDocument(lineage: journalLineage ?? StateDocument.new().lineage)
            result = start.applying(entries)
        }
        base = document
        journaled = entries
        return .loaded(result, replayedEntries: entries.count, warnings: warnings)
    }

    /// Appends `entries` to the journal table; appends arriving together share one
    /// INSERT. Needs the lock.
    public func append(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        guard let held else { throw StateError(.notLocked) }
        // Encode before queueing: a value with no JSON form fails this call alone.
        let lines = try entries.map(Self.encodeEntry)
        let committer = self.committer ?? makeCommitter(lockID: held.id)
        self.committer = committer
        do {
            try await committer.append(lines)
            journaled.append(contentsOf: entries)
        } catch let error as RemoteStateError {
            journaled.append(contentsOf: entries)
            throw await savingEmergencyCopy(error, document: nil)
        }
    }

    /// Inserts `document` as the new serial and clears the journal, in one transaction
    /// that also checks we still hold the lock. Needs the lock.
    ///
    /// - Throws: `.lineageMismatch` / `.staleSerial` against the latest row;
    ///   `RemoteStateError.unavailable` naming the emergency copy when the server fails.
    public func commit(_ document: StateDocument) async throws {
        try await write(document, force: false)
    }

    // MARK: TeamStateStore

    public func replace(_ document: StateDocument) async throws {
        try await write(document, force: true)
    }

    public func history() async throws -> [StateRevision] {
        try await ensureSchema()
        let name = location.name
        let rows = try await data.run("read the state history") { connection in
            try connection.execute(PostgresSchema.history, [name]).values
        }
        return rows.compactMap { row in
            guard let serial = row[0].flatMap({ Int($0) }), let lineage = row[1] else { return nil }
            return StateRevision(serial: serial, lineage: lineage, writtenAt: row[2].flatMap { Double($0) },
                                 writtenBy: row[3] ?? "")
        }
    }

    // MARK: Writing

    private func write(_ document: StateDocument, force: Bool) async throws {
        guard let held else { throw StateError(.notLocked) }
        if lost { throw RemoteStateError(.lockLost(backend: location.description, lockID: held.id, emergencyCopy: nil)) }
        let bytes = try document.encodedFile()
        let name = location.name, lockID = held.id, writer = held.writerRecord, display = location.description
        let knownSerial = base?.serial
        do {
            let stored = try await data.run("write the state") { connection in
                try connection.transaction { () throws -> Int in
                    guard try connection.execute(PostgresSchema.holdsLock, [name, lockID]).values.count == 1 else {
                        throw RemoteStateError(.lockLost(backend: display, lockID: lockID, emergencyCopy: nil))
                    }
                    let latest = try connection.execute(PostgresSchema.latestState, [name]).values.first
                    var serial = document.serial
                    if let latest, let currentSerial = latest[0].flatMap({ Int($0) }), let lineage = latest[1] {
                        // Never build on a row nobody could read: it stays for a person to look at.
                        if currentSerial != knownSerial, let text = latest[2] {
                            _ = try StateDocument(file: Array(text.utf8), named: "\(display) serial \(currentSerial)")
                        }
                        if force {
                            serial = max(serial, currentSerial + 1)
                        } else {
                            guard lineage == document.lineage else {
                                throw StateError(.lineageMismatch(expected: lineage, found: document.lineage))
                            }
                            guard document.serial > currentSerial else {
                                throw StateError(.staleSerial(current: currentSerial, offered: document.serial))
                            }
                        }
                    }
                    var stored = document
                    stored.serial = serial
                    let text = serial == document.serial ? String(decoding: bytes, as: UTF8.self)
                        : String(decoding: try stored.encodedFile(), as: UTF8.self)
                    try connection.execute(PostgresSchema.insertState,
                                           [name, String(serial), document.lineage, text, writer])
                    try connection.execute(PostgresSchema.clearJournal, [name])
                    return serial
                }
            }
            var committed = document
            committed.serial = stored
            base = committed
            journaled = []
        } catch let error as RemoteStateError {
            throw await savingEmergencyCopy(error, document: document)
        }
    }

    private func makeCommitter(lockID: String) -> GroupCommitter {
        let name = location.name, session = data
        return GroupCommitter { [weak self] lines in
            guard let self else { return }
            let (serial, lineage) = await self.journalBase()
            let sql = PostgresSchema.appendJournal(count: lines.count)
            let display = self.location.description
            try await session.run("append to the journal") { connection in
                let rows = try connection.execute(sql, [name, String(serial), lockID, lineage] + lines)
                guard rows.affected == lines.count else {
                    throw RemoteStateError(.lockLost(backend: display, lockID: lockID, emergencyCopy: nil))
                }
            }
        }
    }

    private func journalBase() -> (Int, String?) { (base?.serial ?? 0, base?.lineage) }

    /// Writes the emergency copy for a failure that may have lost data, and returns the
    /// error naming it.
    private func savingEmergencyCopy(_ error: RemoteStateError, document: StateDocument?) async -> RemoteStateError {
        guard let emergency, error.code == "unavailable" || error.code == "lock-lost" else { return error }
        let latest = document ?? {
            var next = (base ?? StateDocument(lineage: StateDocument.new().lineage)).applying(journaled)
            next.serial = (base?.serial ?? 0) + 1
            return next
        }()
        let path: String? = await data.thread.run { () -> String? in emergency.write(latest) }
        return error.withEmergencyCopy(path)
    }

    func ensureSchema() async throws {
        guard !schemaReady else { return }
        _ = try await data.run("create the state tables") { connection in
            try connection.execute(PostgresSchema.create)
        }
        schemaReady = true
    }

    // MARK: Codec — the journal's JSON form, one entry per row

    static func encodeEntry(_ entry: JournalEntry) throws -> String {
        do {
            return try JSON.encode(entry.json)
        } catch {
            throw StateError(.invalidRecord(path: "journal entry", reason: String(describing: error)))
        }
    }

    static func decodeEntry(_ text: String, index: Int, source: String) throws -> JournalEntry {
        do {
            return try JournalEntry(json: try JSON.parse(text))
        } catch {
            throw StateError(.corrupt(file: "\(source) journal", line: index + 1, column: nil,
                                      reason: String(describing: error)))
        }
    }
}
