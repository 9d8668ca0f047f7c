import Foundation
@testable import GantryRemoteState
import Testing

/// `--state-url` on the commands that read and write state: the real `gantry` binary,
/// with a spec that names no backend, keeps its state in a real PostgreSQL server.
@Suite(.serialized)
struct StateURLOptionTests {
    @Test func planApplyCostAndDestroyUseTheBackendNamedOnTheCommandLine() throws {
        let server = try PostgresServer()
        defer { server.destroy() }
        let project = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: project) }
        try Self.spec.write(toFile: project + "/gantry.yaml", atomically: true, encoding: .utf8)
        let url = ["--state-url", server.url]
        let database = try PGConnection(server.url)

        let apply = try GantryProcess.run(["apply", project, "--auto-approve"] + url, log: project + "/apply.log")
        #expect(apply.exitCode == 0, "\(apply.output)")
        let rows = try database.execute("SELECT count(*) FROM gantry_states WHERE name = 'state-url'")
        #expect((rows[0, 0].flatMap { Int($0) } ?? 0) >= 1, "the state went to PostgreSQL")
        #expect(!FileManager.default.fileExists(atPath: project + "/.gantry/state.json"), "and not to the local files")

        // The same backend again: nothing to do. Without the option the local (empty) state is used.
        let again = try GantryProcess.run(["plan", project, "--detailed-exitcode"] + url, log: project + "/again.log")
        #expect(again.exitCode == 0, "\(again.output)")
        let local = try GantryProcess.run(["plan", project, "--detailed-exitcode", "--refresh=false"],
                                          log: project + "/local.log")
        #expect(local.exitCode == 2, "the local state is empty, so everything is to add:\n\(local.output)")

        // cost and refresh read the same state: no pending change.
        let cost = try GantryProcess.run(["cost", project, "--format", "json"] + url, log: project + "/cost.log")
        #expect(cost.exitCode == 0, "\(cost.output)")
        let refresh = try GantryProcess.run(["refresh", project] + url, log: project + "/refresh.log")
        #expect(refresh.exitCode == 0, "\(refresh.output)")

        let destroy = try GantryProcess.run(["destroy", project, "--auto-approve"] + url, log: project + "/destroy.log")
        #expect(destroy.exitCode == 0, "\(destroy.output)")
        #expect(destroy.output.contains("destroyed"), "\(destroy.output)")
        let history = try GantryProcess.run(["state", "history", "-C", project] + url, log: project + "/history.log")
        #expect(history.output.contains("destroy"), "every write is in the database's history:\n\(history.output)")
    }

    @Test func aBadStateURLIsAUsageErrorNamingTheURL() throws {
        let project = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: project) }
        try Self.spec.write(toFile: project + "/gantry.yaml", atomically: true, encoding: .utf8)
        let plan = try GantryProcess.run(["plan", project, "--state-url", "ftp://example.invalid/state"],
                                         log: project + "/plan.log")
        #expect(plan.exitCode != 0)
        #expect(plan.output.contains("ftp://example.invalid/state"), "\(plan.output)")
        #expect(!plan.output.contains("Swift."), "no type dumps:\n\(plan.output)")
    }

    static let spec = """
        gantry: 1
        project: state-url
        providers:
          sim: { regions: [us-east-1] }
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        storage:
          artifacts: { region: us-east-1, tier: warm, filesystem: object }

        """
}
