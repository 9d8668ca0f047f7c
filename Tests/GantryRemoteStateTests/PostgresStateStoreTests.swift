import Foundation
import GantryBasics
import GantryState
@testable import GantryRemoteState
import XCTest

/// The PostgreSQL backend against a real server started for this suite.
final class PostgresStateStoreTests: XCTestCase {
    nonisolated(unsafe) static var server: PostgresServer?
    nonisolated(unsafe) static var startFailure: (any Error)?

    override class func setUp() {
        do { server = try PostgresServer() } catch { startFailure = error }
    }

    override class func tearDown() {
        server?.destroy()
        server = nil
    }

    private func store(_ name: String, lease: Double = 2, emergency: String? = nil,
                       warnings: WarningLog? = nil) throws -> PostgresStateStore {
        guard let server = Self.server else { throw Self.startFailure ?? PostgresServer.Unavailable(description: "no server") }
        return PostgresStateStore(PostgresLocation(url: server.url, name: name),
                                  lease: LeaseOptions(lease: lease, heartbeat: 0.4), emergencyDirectory: emergency,
                                  warn: { warnings?.record($0) })
    }

    func testCommitsKeepEverySerialAsHistory() async throws {
        let store = try store(Fixtures.stateName("history"))
        try await store.lock(Fixtures.lock())
        let empty = try await store.load()
        XCTAssertNil(empty)
        var document = StateDocument.new()
        document.resources = [Fixtures.resource("a")]
        try await store.commit(document.nextSerial())
        let loaded = try await store.load()
        document = try XCTUnwrap(loaded)
        document.resources.append(Fixtures.resource("b"))
        try await store.commit(document.nextSerial())
        try await store.unlock()

        let history = try await store.history()
        XCTAssertEqual(history.map(\.serial), [1, 2])
        XCTAssertTrue(history.allSatisfy { $0.writtenBy.contains("apply") && $0.writtenAt != nil })
        let latest = try await store.load()
        XCTAssertEqual(latest?.resources.count, 2)
    }

    func testTwoConcurrentWritersExactlyOneProceeds() async throws {
        let name = Fixtures.stateName("race")
        let first = try store(name), second = try store(name)
        let firstLock = Fixtures.lock("apply"), secondLock = Fixtures.lock("apply")
        async let a: Bool = { do { try await first.lock(firstLock); return true } catch { return false } }()
        async let b: Bool = { do { try await second.lock(secondLock); return true } catch { return false } }()
        let (gotA, gotB) = await (a, b)
        XCTAssertEqual([gotA, gotB].filter { $0 }.count, 1, "exactly one writer gets the lock")

        let (winner, loser, winnerLock, loserLock) = gotA ? (first, second, firstLock, secondLock)
            : (second, first, secondLock, firstLock)
        // The other waits up to its timeout, then is told who holds the lock.
        do {
            try await loser.lock(loserLock, timeout: 0.5)
            XCTFail("the second writer must not get the lock while the first holds it")
        } catch let error as StateError {
            XCTAssertTrue(error.isLockHeld)
            XCTAssertTrue(error.description.contains(winnerLock.id), "names the holder: \(error)")
            XCTAssertTrue(error.description.contains("apply"))
        }
        try await winner.unlock()
        try await loser.lock(loserLock, timeout: 5)
        try await loser.unlock()
    }

    func testDeadHolderLeaseExpiresAndTheNextWriterReplaysItsJournal() async throws {
        let name = Fixtures.stateName("dead")
        let dead = try store(name)
        let deadLock = Fixtures.lock("apply")
        try await dead.lock(deadLock)
        _ = try await dead.load()
        try await dead.append([.put(Fixtures.resource("a"))])
        try await dead.append([.put(Fixtures.resource("b")), .remove(Fixtures.resource("a").address)])
        try await dead.append([.put(Fixtures.resource("c"))])
        await dead.abandon()  // like kill -9: no unlock, no commit, heartbeat stops

        let warnings = WarningLog()
        let next = try store(name, warnings: warnings)
        try await next.lock(Fixtures.lock("apply"), timeout: 30)
        XCTAssertTrue(warnings.all.contains { $0.contains(deadLock.id) && $0.contains("lease expired") },
                      "warns naming the dead holder: \(warnings.all)")
        let report = try await next.loadReport()
        XCTAssertEqual(report.replayedEntries, 4)
        let state = try XCTUnwrap(report.document)
        XCTAssertEqual(state.resources.map(\.address), [Fixtures.resource("b").address, Fixtures.resource("c").address])
        try await next.commit(state.nextSerial())
        try await next.unlock()
        let after = try await next.loadReport()
        XCTAssertEqual(after.replayedEntries, 0, "the commit cleared the journal")
    }

    func testUnlockRefusesALiveHolderAndBreaksADeadOne() async throws {
        let name = Fixtures.stateName("unlock")
        let holder = try store(name, lease: 300), other = try store(name, lease: 300)
        let info = Fixtures.lock("apply")
        try await holder.lock(info)
        do {
            try await other.forceUnlock(id: "not-the-id")
            XCTFail("a wrong id must be refused")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "lock-id-mismatch")
            XCTAssertTrue(error.description.contains(info.id))
        }
        do {
            try await other.forceUnlock(id: info.id)
            XCTFail("a live holder's lock must not be broken")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "lock-still-held")
        }
        await holder.abandon()  // its session closes: the advisory lock is gone
        try await other.forceUnlock(id: info.id)
        try await other.lock(Fixtures.lock("apply"))
        try await other.unlock()
    }

    func testAWriterWhoseLeaseWasTakenOverCannotWrite() async throws {
        let name = Fixtures.stateName("fenced")
        let slow = try store(name)
        try await slow.lock(Fixtures.lock("apply"))
        _ = try await slow.load()
        // Simulate a hung holder: its heartbeat stops but it still thinks it holds the lock.
        await slow.stopHeartbeat()
        let next = try store(name)
        try await next.lock(Fixtures.lock("apply"), timeout: 30)
        do {
            try await slow.append([.put(Fixtures.resource("late"))])
            XCTFail("a writer that lost its lease must not append")
        } catch let error as RemoteStateError {
            XCTAssertEqual(error.code, "lock-lost")
        }
        try await next.unlock()
    }

    func testCorruptRowIsRefusedAndNeverOverwritten() async throws {
        let name = Fixtures.stateName("corrupt")
        let store = try store(name)
        try await store.lock(Fixtures.lock())
        try await store.commit(StateDocument(serial: 1, lineage: "l-1", resources: [Fixtures.resource("a")]))
        try await store.unlock()
        let garbage = #"{"version": 1, "serial": 1, "lineage": "l-1", "resources": [ {"addr"#
        let url = try XCTUnwrap(Self.server?.url)
        let raw = try PGConnection(url)
        try raw.execute("UPDATE gantry_states SET document = $2 WHERE name = $1", [name, garbage])

        let reader = try self.store(name)
        do {
            _ = try await reader.load()
            XCTFail("a corrupt row must be refused")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "corrupt")
            XCTAssertTrue(error.description.contains("serial 1"), "says which row: \(error)")
        }
        try await reader.lock(Fixtures.lock())
        do {
            try await reader.commit(StateDocument(serial: 2, lineage: "l-1"))
            XCTFail("no new serial may be written over a corrupt one")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "corrupt")
        }
        try await reader.unlock()
        let rows = try raw.execute("SELECT document FROM gantry_states WHERE name = $1", [name])
        XCTAssertEqual(rows.values.map { $0[0] }, [garbage], "the row is left exactly as it was")
    }

    func testPushOfOlderOrForeignStateIsRefusedUnlessForced() async throws {
        let store = try store(Fixtures.stateName("push"))
        try await store.lock(Fixtures.lock("state push"))
        try await store.commit(StateDocument(serial: 3, lineage: "mine"))
        do {
            try await store.commit(StateDocument(serial: 2, lineage: "mine"))
            XCTFail("an older serial must be refused")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "stale-serial")
        }
        do {
            try await store.commit(StateDocument(serial: 9, lineage: "theirs"))
            XCTFail("another lineage must be refused")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "lineage-mismatch")
        }
        try await store.replace(StateDocument(serial: 1, lineage: "theirs"))
        try await store.unlock()
        let latest = try await store.load()
        XCTAssertEqual(latest?.lineage, "theirs")
        XCTAssertEqual(latest?.serial, 4, "a forced push is stored as the next serial")
    }
}
