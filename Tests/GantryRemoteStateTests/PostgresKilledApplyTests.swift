import Foundation
@testable import GantryRemoteState
import XCTest

/// The real `gantry apply` against PostgreSQL state: killed with -9 mid-apply, then the
/// next apply waits out the lease, takes over, and finishes from the journal.
final class PostgresKilledApplyTests: XCTestCase {
    func testKilledApplyIsTakenOverAfterItsLeaseAndNothingItFinishedIsLost() throws {
        let server = try PostgresServer()
        defer { server.destroy() }
        let project = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: project) }
        try Self.spec(url: server.url).write(toFile: project + "/gantry.yaml", atomically: true, encoding: .utf8)
        let database = try PGConnection(server.url)

        // Slow provider calls keep the first apply busy; kill it once it journaled something.
        let first = try GantryProcess.start(["apply", project, "--auto-approve"], log: project + "/first.log")
        let journaled = Self.waitUntil {
            let rows = try? database.execute("SELECT count(*) FROM gantry_journal WHERE name = 'killed'")
            return (rows?[0, 0].flatMap { Int($0) } ?? 0) >= 4
        }
        first.kill9()
        _ = first.wait()
        XCTAssertTrue(journaled, "the first apply journaled steps before it was killed:\n\(first.output)")

        // A second writer that does not wait is told who holds the lock, with exit code 3.
        let impatient = try GantryProcess.run(["apply", project, "--auto-approve"], log: project + "/impatient.log")
        XCTAssertEqual(impatient.exitCode, 3, impatient.output)
        XCTAssertTrue(impatient.output.contains("locked by") && impatient.output.contains("pid \(first.pid)"),
                      impatient.output)

        // One that waits takes over once the lease runs out, naming the dead holder.
        let next = try GantryProcess.run(["apply", project, "--auto-approve", "--lock-timeout", "60"],
                                         log: project + "/next.log")
        XCTAssertEqual(next.exitCode, 0, next.output)
        XCTAssertTrue(next.output.contains("took over the state lock from") && next.output.contains("pid \(first.pid)"),
                      next.output)
        XCTAssertTrue(next.output.contains("Apply complete!"), next.output)
        XCTAssertFalse(next.output.contains("8 added"), "what the killed run finished is not created again:\n\(next.output)")

        // Everything is recorded once: the spec's 8 resources in state, 8 in the cloud, no changes left.
        let list = try GantryProcess.run(["state", "list", "-C", project], log: project + "/list.log")
        XCTAssertEqual(list.output.split(separator: "\n").count, 9, "header + 8 resources:\n\(list.output)")
        let cloud = try GantryProcess.run(["sim", "list", "-C", project], log: project + "/sim.log")
        XCTAssertTrue(cloud.output.contains("8 resources in the simulated cloud"), "no duplicates:\n\(cloud.output)")
        let plan = try GantryProcess.run(["plan", project, "--detailed-exitcode"], log: project + "/plan.log")
        XCTAssertEqual(plan.exitCode, 0, "nothing left to do:\n\(plan.output)")
        let history = try GantryProcess.run(["state", "history", "-C", project], log: project + "/history.log")
        XCTAssertTrue(history.output.contains("apply"), history.output)
    }

    static func spec(url: String) -> String {
        """
        gantry: 1
        project: killed
        providers:
          sim: { regions: [us-east-1], latency_ms: 700 }
        state:
          backend: postgres
          url: "\(url)"
          lock: { lease: 2s }
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        node_pools:
          l4-dev:
            network: main
            gpu: { model: L4, count: 1 }
            nodes: { min: 0, max: 2, desired: 1 }
        storage:
          artifacts: { region: us-east-1, tier: warm, filesystem: object }

        """
    }

    /// Polls `condition` until it holds (true) or a generous deadline passes (false).
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return false
    }
}
