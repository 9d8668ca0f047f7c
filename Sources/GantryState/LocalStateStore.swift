import GantryBasics

/// The local state backend: files under `<spec directory>/.gantry/`.
///
/// ```
/// .gantry/                 0700
///   state.json             0600  the compacted state, replaced atomically by `commit`
///   state.journal          0600  one fsynced JSON line per finished step since then
///   state.lock             0600  flock(2) target: one writer at a time
///   state.lock.json        0600  who holds the lock (user, host, pid, operation, since, id)
///   backups/state.N.json         the last few states, newest kept
/// ```
///
/// All file work — reads, writes, fsync, flock — runs on one dedicated I/O thread, never
/// on the cooperative pool. Journal appends that arrive together share one fsync.
///
/// ```swift
/// let store = LocalStateStore(directory: specDirectory)
/// try await store.lock(.current(operation: "apply"))
/// var state = try await store.load() ?? .new()
/// try await store.append([.put(resource)])
/// try await store.commit(state.nextSerial())
/// try await store.unlock()
/// ```
public actor LocalStateStore: StateStore {
    /// The `.gantry` directory holding the files.
    public nonisolated let directory: String
    /// The state file, for messages.
    public nonisolated var statePath: String { files.statePath }

    private let io: BlockingThread
    private let files: StateFiles
    private let journal: GroupCommitJournal

    /// A store for the spec in `directory`; `.gantry` inside it is created (0700) on the
    /// first write, not here.
    ///
    /// - Parameter keepBackups: how many previous states `commit` keeps in `backups/`.
    public init(directory: String, keepBackups: Int = 5) {
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.directory = root + "/.gantry"
        io = BlockingThread(name: "gantry-state-io")
        files = StateFiles(directory: self.directory, keepBackups: max(0, keepBackups))
        journal = GroupCommitJournal(io: io, files: files)
    }

    deinit { io.stop() }

    // MARK: StateStore

    /// Takes the write lock, or throws `StateError.locked` naming the holder.
    public func lock(_ info: LockInfo) async throws(StateError) {
        let files = files
        try await io.run { () throws(StateError) in try files.tryLock(info) }
    }

    /// Releases the lock taken by `lock`.
    public func unlock() async throws(StateError) {
        let files = files
        try await io.run { () throws(StateError) in try files.unlock() }
    }

    /// The state with any leftover journal replayed; nil when there is none yet.
    public func load() async throws(StateError) -> StateDocument? {
        try await loadReport().document
    }

    /// Appends `entries` to the journal and returns once they are on disk.
    ///
    /// Call it from many tasks at once: appends that arrive while an fsync is in flight
    /// share the next one. Entries of one call stay together and in order. Resources are
    /// stored with their sensitive attributes as digests.
    public func append(_ entries: [JournalEntry]) async throws(StateError) {
        guard !entries.isEmpty else { return }
        var lines: [UInt8] = []
        try JournalFile.appendLines(entries, to: &lines)
        try await journal.append(lines)
    }

    /// Writes `document` as the new state: temp file, fsync, rename over `state.json`,
    /// directory fsync; then clears the journal and keeps the newest backups.
    ///
    /// Covers the appends that returned before it was called.
    ///
    /// - Throws: `.lineageMismatch` for a document of another state, `.staleSerial` when
    ///   its serial is not above the stored one, `.invalidRecord` for unknown values,
    ///   `.io` when the disk refuses. The old `state.json` is intact after any error.
    public func commit(_ document: StateDocument) async throws(StateError) {
        let files = files
        try await io.run { () throws(StateError) in
            let bytes = try document.encodedFile()
            try files.commit(document, bytes: bytes)
        }
    }

    // MARK: Beyond the protocol

    /// Like `load`, and also says how many journal entries were replayed and what was
    /// skipped (a torn last line, a stale journal) as warnings to show.
    public func loadReport() async throws(StateError) -> StateLoad {
        let files = files
        return try await io.run { () throws(StateError) in try files.load() }
    }

    /// Breaks the lock with this id, left by a process that died (`gantry state unlock ID`).
    ///
    /// - Throws: `.lockIDMismatch` when `id` is not the current lock's; `.lockStillHeld`
    ///   when its process is still alive and holds it.
    public func forceUnlock(id: String) async throws(StateError) {
        let files = files
        try await io.run { () throws(StateError) in try files.forceUnlock(id: id) }
    }

    /// Who holds the lock according to the owner record, if anyone wrote one.
    public func lockHolder() async -> LockInfo? {
        let files = files
        return try? await io.run { () throws(StateError) in files.readOwner() }
    }

    /// The serials of the kept backups, oldest first (`backups/state.N.json`).
    public func backupSerials() async throws(StateError) -> [Int] {
        let files = files
        return try await io.run { () throws(StateError) in try files.backupSerials() }
    }

    /// The path of the backup of serial `serial`.
    public nonisolated func backupPath(serial: Int) -> String {
        "\(directory)/backups/state.\(serial).json"
    }

    /// How many fsyncs the journal has done; with `append` calls counted by the caller,
    /// shows how well group commit batched them.
    public func journalSyncCount() async -> Int {
        let files = files
        return (try? await io.run { () throws(StateError) in files.journalSyncs }) ?? 0
    }
}
