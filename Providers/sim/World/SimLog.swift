import Foundation
import GantryBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The world on disk: `world.json` (a snapshot) plus `world.log` (one JSON mutation per
/// line, appended after the snapshot), guarded by an flock on `world.lock`.
///
/// Durability: every batch of mutations is one `write(2)` before the call returns, so a
/// `kill -9` of Gantry right after loses nothing (the page cache belongs to the kernel).
/// `fsync` is off by default — this is a simulator and a power cut losing the last writes
/// is acceptable; set `fsync: true` in the sim config to pay for it. Snapshots are always
/// written to a temporary file, fsynced and renamed, so a snapshot is never half-written.
///
/// Not thread-safe: `SimWorldCore` calls it from its one serial queue only. Every call
/// blocks, which is why it never runs on the cooperative pool.
final class SimLog {
    let directory: String
    var snapshotPath: String { directory + "/world.json" }
    var logPath: String { directory + "/world.log" }
    var lockPath: String { directory + "/world.lock" }

    /// Compact on load once the log passes this many bytes.
    static let compactionThreshold = 2 << 20

    private let fsyncEachBatch: Bool
    private var lockFD: Int32 = -1
    private var logFD: Int32 = -1
    /// Identity and length of the log as this process last saw it; another process's
    /// appends (or its compaction, which replaces the file) show up as a difference.
    private var logInode: UInt64 = 0
    private var logOffset = 0

    init(directory: String, fsync: Bool) {
        self.directory = directory
        self.fsyncEachBatch = fsync
    }

    deinit {
        if logFD >= 0 { close(logFD) }
        if lockFD >= 0 { close(lockFD) }
    }

    // MARK: Locking

    /// Runs `body` holding the exclusive world lock. Processes do not normally race
    /// (Gantry's state lock serialises them), so the lock is held only per batch.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        if lockFD < 0 {
            try makeDirectory(directory)
            lockFD = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard lockFD >= 0 else { throw SimError(.io(path: lockPath, operation: "open", errno: errno)) }
        }
        while flock(lockFD, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SimError(.io(path: lockPath, operation: "flock", errno: errno)) }
        }
        defer { _ = flock(lockFD, LOCK_UN) }
        return try body()
    }

    // MARK: Loading

    /// Reads snapshot and log into a world, dropping a torn last log line (a write cut short
    /// by a crash), and compacts when the log has grown large. Call with the lock held.
    func load() throws -> SimWorldState {
        var state = SimWorldState()
        if let data = try readFile(snapshotPath) { state = try snapshot(data) }
        // Reopen: another process may have replaced the log since we opened it.
        if logFD >= 0 { close(logFD); logFD = -1 }
        try openLog()
        let bytes = try readFile(logPath) ?? []
        let goodLength = try replay(bytes[...], startingLine: 1, into: &state)
        if goodLength < bytes.count {
            // A torn tail: cut it off so the next append starts on a fresh line.
            guard ftruncate(logFD, off_t(goodLength)) == 0 else {
                throw SimError(.io(path: logPath, operation: "truncate", errno: errno))
            }
        }
        logOffset = goodLength
        if goodLength > Self.compactionThreshold { try compact(state) }
        return state
    }

    /// The world in a snapshot's bytes: read directly, or — when that fails — as a tree,
    /// which says what is wrong.
    private func snapshot(_ data: [UInt8]) throws -> SimWorldState {
        if let world = SimWorldState(snapshot: data) { return world }
        let value: Value
        do { value = try SimCodec.decode(data) } catch {
            throw SimError(.corruptSnapshot(path: snapshotPath, reason: "\(error)"))
        }
        let format = value["format"]?.intValue ?? 0
        guard format <= SimWorldState.format else {
            throw SimError(.futureFormat(path: snapshotPath, found: format, supported: SimWorldState.format))
        }
        guard let world = SimWorldState(jsonValue: value) else {
            throw SimError(.corruptSnapshot(path: snapshotPath, reason: "missing resources or next_serial"))
        }
        return world
    }

    /// Applies lines another process appended since we last looked; reloads everything
    /// when the log was replaced (compacted or reset elsewhere). Call with the lock held.
    func catchUp(_ state: inout SimWorldState) throws {
        var info = stat()
        guard stat(logPath, &info) == 0 else {
            if errno == ENOENT { state = try load(); return }
            throw SimError(.io(path: logPath, operation: "stat", errno: errno))
        }
        if UInt64(info.st_ino) != logInode || Int(info.st_size) < logOffset {
            state = try load()
            return
        }
        guard Int(info.st_size) > logOffset else { return }
        let tail = try readRange(logFD, path: logPath, from: logOffset, to: Int(info.st_size))
        let consumed = try replay(tail[...], startingLine: 0, into: &state)
        logOffset += consumed
        if consumed < tail.count {
            // Another process died mid-write; cut the torn line before we append after it.
            guard ftruncate(logFD, off_t(logOffset)) == 0 else {
                throw SimError(.io(path: logPath, operation: "truncate", errno: errno))
            }
        }
    }

    /// Replays complete lines; returns how many bytes were consumed. A bad line is
    /// tolerated only as the very last one (torn write); anywhere else the log is corrupt.
    private func replay(_ bytes: ArraySlice<UInt8>, startingLine: Int, into state: inout SimWorldState) throws -> Int {
        var consumed = 0
        var lineNumber = startingLine
        var start = bytes.startIndex
        while start < bytes.endIndex {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { break }  // torn: no newline
            let line = bytes[start..<newline]
            let next = newline + 1
            if !line.isEmpty {
                let mutation = (try? SimCodec.decode(Array(line))).flatMap(SimMutation.init(jsonValue:))
                guard let mutation else {
                    if next >= bytes.endIndex { break }  // torn last line
                    throw SimError(.corruptLog(path: logPath, line: lineNumber, reason: "unreadable JSON mutation"))
                }
                state.apply(mutation)
            }
            consumed = next - bytes.startIndex
            lineNumber += 1
            start = next
        }
        return consumed
    }

    // MARK: Writing

    /// Appends a batch of mutations with one `write(2)`. Call with the lock held.
    func append(_ mutations: [SimMutation]) throws {
        guard !mutations.isEmpty else { return }
        var buffer: [UInt8] = []
        for m in mutations { try SimCodec.appendLine(m.jsonValue, to: &buffer) }
        try openLog()
        try writeAll(logFD, buffer, path: logPath)
        if fsyncEachBatch, fsync(logFD) != 0 { throw SimError(.io(path: logPath, operation: "fsync", errno: errno)) }
        logOffset += buffer.count
    }

    /// Writes the world as a fresh snapshot and starts an empty log. Call with the lock held.
    func compact(_ state: SimWorldState) throws {
        var data: [UInt8] = []
        try SimCodec.appendLine(state.jsonValue, to: &data)
        try replaceFile(snapshotPath, with: data)
        try replaceFile(logPath, with: [])
        if logFD >= 0 { close(logFD); logFD = -1 }
        try openLog()
        logOffset = 0
    }

    // MARK: Files

    private func openLog() throws {
        guard logFD < 0 else { return }
        try makeDirectory(directory)
        logFD = open(logPath, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard logFD >= 0 else { throw SimError(.io(path: logPath, operation: "open", errno: errno)) }
        var info = stat()
        guard fstat(logFD, &info) == 0 else { throw SimError(.io(path: logPath, operation: "fstat", errno: errno)) }
        logInode = UInt64(info.st_ino)
    }

    private func makeDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw SimError(.io(path: prefix, operation: "mkdir", errno: errno))
            }
        }
    }

    /// The whole file, or nil when it does not exist.
    private func readFile(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SimError(.io(path: path, operation: "open", errno: errno))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SimError(.io(path: path, operation: "fstat", errno: errno)) }
        return try readRange(fd, path: path, from: 0, to: Int(info.st_size))
    }

    private func readRange(_ fd: Int32, path: String, from: Int, to: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(0, to - from))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return pread(fd, base + done, buf.count - done, off_t(from + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SimError(.io(path: path, operation: "read", errno: errno))
            }
            if n == 0 { break }  // the file shrank under us; use what we got
            done += n
        }
        return Array(out[0..<done])
    }

    private func writeAll(_ fd: Int32, _ data: [UInt8], path: String) throws {
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            guard let base = buf.baseAddress else { return }
            var done = 0
            while done < buf.count {
                let n = write(fd, base + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SimError(.io(path: path, operation: "write", errno: errno))
                }
                done += n
            }
        }
    }

    /// Atomically replaces `path`: temporary file, fsync, rename, fsync of the directory.
    private func replaceFile(_ path: String, with data: [UInt8]) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SimError(.io(path: temporary, operation: "open", errno: errno)) }
        defer { close(fd) }
        try writeAll(fd, data, path: temporary)
        guard fsync(fd) == 0 else { throw SimError(.io(path: temporary, operation: "fsync", errno: errno)) }
        guard rename(temporary, path) == 0 else { throw SimError(.io(path: path, operation: "rename", errno: errno)) }
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }
}
