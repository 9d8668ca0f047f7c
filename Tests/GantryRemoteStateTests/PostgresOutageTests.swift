import Foundation
import GantryBasics
import GantryState
import GantryRemoteState
import XCTest

/// The server stops in the middle of a write: its own server, since it is stopped.
final class PostgresOutageTests: XCTestCase {
    func testServerStoppedMidApplyLeavesAnEmergencyCopyAndSaysWhere() async throws {
        let server = try PostgresServer()
        defer { server.destroy() }
        let scratch = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let emergency = scratch + "/.gantry"
        let store = PostgresStateStore(PostgresLocation(url: server.url, name: "outage"),
                                       lease: LeaseOptions(lease: 60), emergencyDirectory: emergency)
        try await store.lock(Fixtures.lock())
        try await store.commit(StateDocument(serial: 1, lineage: "l-out", resources: [Fixtures.resource("a")]))
        let loaded = try await store.load()
        var state = try XCTUnwrap(loaded)
        try await store.append([.put(Fixtures.resource("b"))])

        try server.stop()
        let finished = Fixtures.resource("c")
        var copy: String?
        do {
            try await store.append([.put(finished)])
            XCTFail("an append to a stopped server must fail")
        } catch let error as RemoteStateError {
            XCTAssertEqual(error.code, "unavailable")
            copy = error.emergencyCopy
            XCTAssertTrue(error.description.contains("gantry state push"), "says what to do: \(error)")
        }
        let path = try XCTUnwrap(copy, "the error names the emergency copy")
        XCTAssertEqual(path, emergency + "/emergency-state-2.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let saved = try StateDocument(file: Array(try Data(contentsOf: URL(fileURLWithPath: path))), named: path)
        XCTAssertEqual(saved.lineage, "l-out")
        XCTAssertEqual(saved.resources.map(\.id), ["ng-a", "ng-b", "ng-c"], "everything applied is in the copy")

        // The final commit fails the same way and names the copy with its serial.
        state.resources = saved.resources
        do {
            try await store.commit(state.nextSerial())
            XCTFail("a commit to a stopped server must fail")
        } catch let error as RemoteStateError {
            XCTAssertEqual(error.emergencyCopy, emergency + "/emergency-state-2.json")
        }

        // Back up: the copy pushes as the next serial, nothing lost.
        try server.start()
        try await store.unlock()  // the failed apply ends and lets go (its session reconnects)
        let after = PostgresStateStore(PostgresLocation(url: server.url, name: "outage"), lease: LeaseOptions(lease: 2))
        try await after.lock(Fixtures.lock("state push"))
        try await after.commit(saved)
        try await after.unlock()
        let final = try await after.load()
        XCTAssertEqual(final?.serial, 2)
        XCTAssertEqual(final?.resources.count, 3)
    }
}
