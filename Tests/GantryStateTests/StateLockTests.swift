import Foundation
import Testing
import GantryBasics
@testable import GantryState

@Suite struct StateLockTests {
    @Test func aSecondWriterIsToldWhoHoldsTheLock() async throws {
        let dir = TemporaryDirectory()
        let first = LocalStateStore(directory: dir.path)
        let second = LocalStateStore(directory: dir.path)
        let holder = LockInfo(id: "7c1e", operation: "apply", who: "alice", host: "laptop", pid: getpid(), since: 0)
        try await first.lock(holder)
        await #expect {
            try await second.lock(.current(operation: "plan"))
        } throws: { error in
            guard let error = error as? StateError, error.kind == .locked(holder: holder) else { return false }
            return error.isLockHeld
                && error.description.contains("alice on laptop (pid \(getpid())), running apply since 1970-01-01 00:00:00 UTC")
                && error.description.contains("gantry state unlock 7c1e")
        }
        try await first.unlock()
        try await second.lock(.current(operation: "plan"))
        #expect(await second.lockHolder()?.operation == "plan")
        try await second.unlock()
        await #expect { try await second.unlock() } throws: { ($0 as? StateError)?.kind == .notLocked }
    }

    @Test func aKilledHolderReleasesTheLock() async throws {
        let dir = TemporaryDirectory()
        let child = try LockHolder(lockFile: dir.gantry + "/state.lock", holdSeconds: 120)
        defer { child.kill() }
        try await child.waitUntilLocked()
        let record = LockInfo(id: "ci-42", operation: "apply", who: "ci", host: "runner-7", pid: child.pid,
                              since: Date().timeIntervalSince1970)
        dir.write("state.lock.json", try JSON.encode(record.json))

        let store = LocalStateStore(directory: dir.path)
        await #expect { try await store.lock(.current(operation: "apply")) } throws: {
            ($0 as? StateError)?.kind == .locked(holder: record)
        }
        await #expect { try await store.forceUnlock(id: "wrong") } throws: {
            ($0 as? StateError)?.kind == .lockIDMismatch(given: "wrong", holder: record)
        }
        await #expect { try await store.forceUnlock(id: "ci-42") } throws: {
            ($0 as? StateError)?.kind == .lockStillHeld(holder: record)
        }

        child.kill()
        try await child.waitUntilExited()
        // The kernel dropped the dead holder's flock; its owner record is stale and overwritten.
        let mine = LockInfo.current(operation: "apply")
        try await store.lock(mine)
        #expect(await store.lockHolder() == mine)
        try await store.unlock()
    }

    @Test func currentLockInfoDescribesThisProcess() {
        let info = LockInfo.current(operation: "apply")
        #expect(info.pid == getpid())
        #expect(!info.host.isEmpty && !info.who.isEmpty)
        #expect(info.id != LockInfo.current(operation: "apply").id)
        #expect(info.summary.contains("running apply since"))
    }

    @Test func forceUnlockClearsTheRecordOfADeadHolder() async throws {
        let dir = TemporaryDirectory()
        let record = LockInfo(id: "dead-1", operation: "apply", who: "ci", host: "gone", pid: 999_999, since: 0)
        dir.write("state.lock.json", try JSON.encode(record.json))
        let store = LocalStateStore(directory: dir.path)
        try await store.forceUnlock(id: "dead-1")
        #expect(await store.lockHolder() == nil)
    }

    @Test func lockWithTimeoutWaitsForTheHolder() async throws {
        let dir = TemporaryDirectory()
        let child = try LockHolder(lockFile: dir.gantry + "/state.lock", holdSeconds: 1)
        defer { child.kill() }
        try await child.waitUntilLocked()
        let store = LocalStateStore(directory: dir.path)
        try await store.lock(.current(operation: "apply"), timeout: 60, pollInterval: 0.05)
        try await store.unlock()
    }

    @Test func lockWithTimeoutGivesUpNamingTheHolder() async throws {
        let dir = TemporaryDirectory()
        let first = LocalStateStore(directory: dir.path)
        let holder = LockInfo.current(operation: "reconcile")
        try await first.lock(holder)
        await #expect {
            try await LocalStateStore(directory: dir.path).lock(.current(operation: "apply"), timeout: 0.1, pollInterval: 0.02)
        } throws: { ($0 as? StateError)?.kind == .locked(holder: holder) }
    }

    @Test func inMemoryStoreLocksLikeTheRealOne() async throws {
        let store = InMemoryStateStore()
        let a = LockInfo.current(operation: "apply"), b = LockInfo.current(operation: "apply")
        try await store.lock(a)
        await #expect { try await store.lock(b) } throws: { ($0 as? StateError)?.kind == .locked(holder: a) }
        try await store.forceUnlock(id: a.id)
        try await store.lock(b)
    }
}

/// A child process holding a flock on a file, as another Gantry run would: a shell that
/// opens the file, locks it with flock(1), and execs `sleep` with the descriptor open.
final class LockHolder: @unchecked Sendable {
    private let process = Process()
    private let readyFile: String

    init(lockFile: String, holdSeconds: Int) throws {
        let directory = (lockFile as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        readyFile = lockFile + ".ready"
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec 9>>\"$1\"; flock -x 9; : > \"$2\"; exec sleep \"$3\"", "sh",
                             lockFile, readyFile, String(holdSeconds)]
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func waitUntilLocked() async throws {
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: readyFile) {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func waitUntilExited() async throws {
        for _ in 0..<1000 where process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
