import Foundation
import GantryBasics
import GantryHTTP
import GantryState
@testable import GantryRemoteState
import XCTest

/// The S3 backend against moto's S3, started for this suite.
final class S3StateStoreTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var startFailure: (any Error)?
    static let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    override class func setUp() {
        do { moto = try MotoServer() } catch { startFailure = error }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
    }

    private func store(_ key: String, warnings: WarningLog? = nil) async throws -> S3StateStore {
        guard let moto = Self.moto else { throw Self.startFailure ?? PostgresServer.Unavailable(description: "no moto") }
        let bucket = "gantry-state"
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        _ = try? await HTTPClient.shared.send(signer.sign(HTTPRequest(method: "PUT", url: "\(moto.endpoint)/\(bucket)")))
        return S3StateStore(bucket: bucket, key: key, region: "us-east-1", endpoint: moto.endpoint,
                            credentials: Self.credentials, lease: LeaseOptions(lease: 2, heartbeat: 0.4),
                            warn: { warnings?.record($0) })
    }

    func testConditionalLockLetsExactlyOneWriterIn() async throws {
        let key = Fixtures.stateName("race") + "/state.json"
        let first = try await store(key), second = try await store(key)
        let a = Fixtures.lock(), b = Fixtures.lock()
        async let gotA: Bool = { do { try await first.lock(a); return true } catch { return false } }()
        async let gotB: Bool = { do { try await second.lock(b); return true } catch { return false } }()
        let results = await [gotA, gotB]
        XCTAssertEqual(results.filter { $0 }.count, 1, "If-None-Match lets exactly one writer create the lock")
        let (winner, loser, winnerLock, loserLock) = results[0] ? (first, second, a, b) : (second, first, b, a)
        do {
            try await loser.lock(loserLock, timeout: 0.5)
            XCTFail("the second writer must wait, then be refused")
        } catch let error as StateError {
            XCTAssertTrue(error.isLockHeld)
            XCTAssertTrue(error.description.contains(winnerLock.id), "\(error)")
        }
        try await winner.unlock()
        try await loser.lock(loserLock, timeout: 5)
        try await loser.unlock()
    }

    func testDeadHolderIsTakenOverAndItsJournalReplayed() async throws {
        let key = Fixtures.stateName("dead") + "/state.json"
        let dead = try await store(key)
        let deadLock = Fixtures.lock()
        try await dead.lock(deadLock)
        _ = try await dead.load()
        try await dead.append([.put(Fixtures.resource("a"))])
        try await dead.append([.put(Fixtures.resource("b"))])
        await dead.abandon()

        let warnings = WarningLog()
        let next = try await store(key, warnings: warnings)
        try await next.lock(Fixtures.lock(), timeout: 30)
        XCTAssertTrue(warnings.all.contains { $0.contains(deadLock.id) }, "\(warnings.all)")
        let report = try await next.loadReport()
        XCTAssertEqual(report.replayedEntries, 2)
        let state = try XCTUnwrap(report.document)
        try await next.commit(state.nextSerial())
        try await next.unlock()
        let history = try await next.history()
        XCTAssertEqual(history.map(\.serial), [1])
        let after = try await next.loadReport()
        XCTAssertEqual(after.replayedEntries, 0)
        XCTAssertEqual(after.document?.resources.count, 2)
    }

    func testCorruptObjectIsRefusedAndNeverOverwritten() async throws {
        let key = Fixtures.stateName("corrupt") + "/state.json"
        let store = try await store(key)
        let garbage = Array(#"{"version": 1, "serial": 4, "lin"#.utf8)
        _ = try await store.client.put(key, garbage, operation: "test")
        do {
            _ = try await store.load()
            XCTFail("a corrupt object must be refused")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "corrupt")
        }
        try await store.lock(Fixtures.lock())
        do {
            try await store.commit(StateDocument(serial: 5, lineage: "x"))
            XCTFail("no write over a corrupt object")
        } catch let error as StateError {
            XCTAssertEqual(error.code, "corrupt")
        }
        try await store.unlock()
        let object = try await store.client.get(key, operation: "test")
        XCTAssertEqual(object?.body, garbage, "the object is left exactly as it was")
    }
}

extension S3StateStoreTests {
    /// A writer whose state was replaced behind it (its lease ran out and a successor wrote)
    /// is refused, keeps an emergency copy, and the successor's state stays as written.
    func testStateReplacedBehindAWriterIsNeverOverwritten() async throws {
        let key = Fixtures.stateName("behind") + "/state.json"
        let slow = try await store(key)
        try await slow.lock(Fixtures.lock())
        let loaded = try await slow.load() ?? StateDocument(lineage: "behind")
        try await slow.commit(loaded.nextSerial())

        // Another writer's state lands on the object while the slow one still thinks it holds the lock.
        let reloaded = try await slow.load()
        let successor = try XCTUnwrap(reloaded).nextSerial()
        let successorBytes = try successor.encodedFile()
        _ = try await slow.client.put(key, successorBytes, operation: "test")

        do {
            try await slow.commit(successor.nextSerial())
            XCTFail("a write over state changed behind the writer must be refused")
        } catch let error as RemoteStateError {
            XCTAssertEqual(error.code, "lock-lost", "\(error)")
        }
        let object = try await slow.client.get(key, operation: "test")
        XCTAssertEqual(object?.body, successorBytes, "the successor's state is untouched")
        await slow.abandon()
    }

    /// LIST follows continuation tokens: keys past the first page are all returned, in order.
    func testListingFollowsContinuationTokens() async throws {
        let prefix = Fixtures.stateName("pages") + "/state.json.journal/"
        let store = try await store(Fixtures.stateName("pages") + "/state.json")
        let keys = (0..<7).map { prefix + "batch-\($0)" }
        for key in keys.reversed() { _ = try await store.client.put(key, Array("x".utf8), operation: "test") }
        let listed = try await store.client.list(prefix: prefix, pageSize: 2, operation: "test")
        XCTAssertEqual(listed.map(\.key), keys, "four pages of two keys, merged in key order")
    }
}
