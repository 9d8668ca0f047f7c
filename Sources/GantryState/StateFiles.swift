import GantryBasics
#if canImport(Glibc)
import Glibc
#endif

/// The files of one local state directory and the open descriptors on them.
///
/// Confined to the store's I/O thread: every method blocks and none is thread-safe, so
/// only jobs on that thread call them (hence `@unchecked Sendable`).
final class StateFiles: @unchecked Sendable {
    let directory: String
    let statePath: String
    let journalPath: String
    let lockPath: String
    let ownerPath: String
    let backupsPath: String
    let keepBackups: Int

    /// The serial and lineage of `state.json` as last read or written; nil until known.
    private var base: JournalFile.Base?
    private var journalFD: Int32 = -1
    /// How the next append treats the journal file.
    private var journal: JournalPosition = .unknown
    /// fsyncs of the journal so far, for tests and benchmarks.
    private(set) var journalSyncs = 0
    var lockFD: Int32 = -1

    private enum JournalPosition {
        /// Not looked at yet: check it before appending (it may hold a crash's entries).
        case unknown
        /// Holds entries for the current base; append after `validLength` bytes.
        case continuing(validLength: Int)
        /// Empty or stale: start it over with a header.
        case restart
        /// Prepared: holds a header and whole lines; append as is.
        case ready
    }

    init(directory: String, keepBackups: Int) {
        self.directory = directory
        statePath = directory + "/state.json"
        journalPath = directory + "/state.journal"
        lockPath = directory + "/state.lock"
        ownerPath = directory + "/state.lock.json"
        backupsPath = directory + "/backups"
        self.keepBackups = keepBackups
    }

    deinit {
        if journalFD >= 0 { close(journalFD) }
        if lockFD >= 0 { close(lockFD) }  // releases the flock if still held
    }

    // MARK: Load

    /// The state file with the journal replayed, and warnings about what was skipped.
    func load() throws(StateError) -> StateLoad {
        let document = try readStateFile()
        let currentBase = JournalFile.Base(of: document)
        base = currentBase
        guard let bytes = try FileIO.readFile(journalPath), !bytes.isEmpty else {
            journal = .restart
            return StateLoad(document: document, replayedEntries: 0, warnings: [])
        }
        let contents = try JournalFile.parse(bytes, file: journalPath)
        var warnings: [Diagnostic] = []
        if let torn = contents.tornTail {
            warnings.append(.warning("state-journal-torn",
                                     "\(journalPath): ignored the last entry: \(torn); it was being written when Gantry stopped"))
        }
        guard let journalBase = contents.base, !contents.entries.isEmpty || journalBase == currentBase else {
            journal = .restart
            return StateLoad(document: document, replayedEntries: 0, warnings: warnings)
        }
        guard journalBase == currentBase else {
            warnings.append(.warning("state-journal-stale",
                                     "\(journalPath): skipped \(contents.entries.count) journal entries written against serial \(journalBase.serial); \(statePath) already includes them"))
            journal = .restart
            return StateLoad(document: document, replayedEntries: 0, warnings: warnings)
        }
        journal = .continuing(validLength: contents.validLength)
        let start = document
            ?? StateDocument(lineage: journalBase.lineage ?? contents.journalID ?? StateDocument.new().lineage)
        return StateLoad(document: start.applying(contents.entries), replayedEntries: contents.entries.count,
                         warnings: warnings)
    }

    private func readStateFile() throws(StateError) -> StateDocument? {
        guard let bytes = try FileIO.readFile(statePath) else { return nil }
        return try StateDocument(file: bytes, named: statePath)
    }

    /// Drops the cached base and journal position; the next operation reads the disk.
    func forgetCachedState() {
        base = nil
        journal = .unknown
    }

    // MARK: Journal

    /// Writes `bytes` (whole lines) to the journal and fsyncs it.
    func appendJournal(_ bytes: [UInt8]) throws(StateError) {
        guard !bytes.isEmpty else { return }
        try prepareJournal()
        do {
            try FileIO.writeAll(journalFD, bytes, path: journalPath)
            try FileIO.syncData(journalFD, path: journalPath)
        } catch {
            // A partial write may have left half a line: look at the file again next time.
            journal = .unknown
            throw error
        }
        journalSyncs += 1
    }

    private func prepareJournal() throws(StateError) {
        if case .ready = journal, journalFD >= 0 { return }
        if case .unknown = journal { _ = try load() }  // never truncate a crash's entries unread
        try FileIO.makeDirectory(directory)
        if journalFD < 0 {
            journalFD = try FileIO.openFile(journalPath, O_WRONLY | O_CREAT | O_APPEND)
            // The file may be new: make its directory entry durable before trusting fsyncs of it.
            try FileIO.syncDirectory(directory)
        }
        switch journal {
        case .continuing(let validLength):
            // Cut off a torn tail so the next line does not glue onto it.
            var info = stat()
            if fstat(journalFD, &info) == 0, Int(info.st_size) > validLength {
                try FileIO.truncate(journalFD, to: validLength, path: journalPath)
            }
        case .restart, .unknown, .ready:
            try FileIO.truncate(journalFD, to: 0, path: journalPath)
            try FileIO.writeAll(journalFD, JournalFile.headerLine(base ?? JournalFile.Base(of: nil)), path: journalPath)
        }
        journal = .ready
    }

    // MARK: Commit

    /// Replaces `state.json` with `bytes` for `document`: temp file, fsync, backup link,
    /// rename, directory fsync; then clears the journal and prunes old backups.
    func commit(_ document: StateDocument, bytes: [UInt8]) throws(StateError) {
        try FileIO.makeDirectory(directory)
        if case .unknown = journal {
            // Nobody loaded since the lock was taken: a crash's steps may be waiting.
            let report = try load()
            if report.replayedEntries > 0 {
                journal = .unknown
                throw StateError(.unreplayedJournal(file: journalPath, entries: report.replayedEntries))
            }
        }
        let previous = try currentBase()
        if let lineage = previous.lineage {
            guard lineage == document.lineage else {
                throw StateError(.lineageMismatch(expected: lineage, found: document.lineage))
            }
            guard document.serial > previous.serial else {
                throw StateError(.staleSerial(current: previous.serial, offered: document.serial))
            }
        }
        let temp = "\(statePath).tmp-\(getpid())"
        // Temp files left by writers that died before their rename hold nothing of value.
        for name in try FileIO.list(directory) where name.hasPrefix("state.json.tmp-") {
            try FileIO.removeFile("\(directory)/\(name)")
        }
        let fd = try FileIO.openFile(temp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            defer { close(fd) }
            _ = fchmod(fd, 0o600)  // O_CREAT's mode does not apply when the file already existed
            try FileIO.writeAll(fd, bytes, path: temp)
            try FileIO.sync(fd, path: temp)
        } catch {
            try? FileIO.removeFile(temp)
            throw error
        }
        if previous.lineage != nil {
            // A hard link keeps the old state as a backup without copying it.
            try FileIO.makeDirectory(backupsPath)
            try FileIO.linkFile(statePath, to: "\(backupsPath)/state.\(previous.serial).json")
        }
        try FileIO.renameFile(temp, to: statePath)
        try FileIO.syncDirectory(directory)
        base = JournalFile.Base(of: document)
        try clearJournal()
        try pruneBackups()
    }

    /// The base as known, or read from the state file when not yet known.
    private func currentBase() throws(StateError) -> JournalFile.Base {
        if let base { return base }
        let known = JournalFile.Base(of: try readStateFile())
        base = known
        return known
    }

    private func clearJournal() throws(StateError) {
        journal = .restart
        if journalFD >= 0 {
            try FileIO.truncate(journalFD, to: 0, path: journalPath)
            try FileIO.syncData(journalFD, path: journalPath)
        } else if FileIO.exists(journalPath) {
            let fd = try FileIO.openFile(journalPath, O_WRONLY | O_TRUNC)
            defer { close(fd) }
            try FileIO.syncData(fd, path: journalPath)
        }
    }

    /// Deletes all but the newest `keepBackups` backups.
    private func pruneBackups() throws(StateError) {
        let serials = try backupSerials()
        for serial in serials.dropLast(keepBackups) {
            try FileIO.removeFile("\(backupsPath)/state.\(serial).json")
        }
    }

    /// The serials of the backups on disk, oldest first.
    func backupSerials() throws(StateError) -> [Int] {
        try FileIO.list(backupsPath).compactMap { name -> Int? in
            guard name.hasPrefix("state."), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst("state.".count).dropLast(".json".count))
        }.sorted()
    }
}

/// The result of loading a state: the document and what the replay did.
public struct StateLoad: Sendable {
    /// The state with the journal replayed; nil when there is no state yet.
    public var document: StateDocument?
    /// How many journal entries were applied on top of the state file.
    public var replayedEntries: Int
    /// Things skipped on the way (a torn last journal line, a stale journal).
    public var warnings: [Diagnostic]
}
