import GantryBasics
import GantryState
import Testing
@testable import GantryCommands

@Suite("Command helpers")
struct CommandHelperTests {
    @Test func variablesParseAsNameEqualsValue() throws {
        #expect(try SpecArguments.parseVariables(["env=prod", "note=a=b", "empty="])
                == ["env": "prod", "note": "a=b", "empty": ""])
        #expect(throws: UsageError.self) { try SpecArguments.parseVariables(["env"]) }
        #expect(throws: UsageError.self) { try SpecArguments.parseVariables(["=prod"]) }
    }

    @Test(arguments: [
        ("node_pools.a.sim_node_group.main", "sim_node_group"),
        ("node_pools.a[us-east-1].sim_node_group.main", "sim_node_group"),
        ("storage.x[eu.central].sim_bucket.main", "sim_bucket"),
    ])
    func importReadsTheTypeFromTheAddress(address: String, type: String) {
        #expect(ImportCommand.resourceType(in: address) == type)
    }

    @Test func importNeedsATypeWhenTheAddressHasNone() {
        #expect(ImportCommand.resourceType(in: "node_pools.a") == nil)
    }

    @Test func aHeldLockExitsThreeAndOtherStateErrorsOne() {
        let holder = LockInfo(id: "7f3a", operation: "apply", who: "ci", host: "runner", pid: 42, since: 0)
        #expect(ErrorPresenter.exitCode(for: StateError(.locked(holder: holder))) == .lockHeld)
        #expect(ErrorPresenter.exitCode(for: StateError(.notLocked)) == .failure)
        #expect(ErrorPresenter.message(for: StateError(.locked(holder: holder))).contains("pid 42"))
    }

    @Test func reportedFailuresPrintNothingMore() {
        #expect(ErrorPresenter.message(for: ReportedFailure(summary: "spec has errors")) == "")
        #expect(ErrorPresenter.exitCode(for: ReportedFailure(summary: "x")) == .failure)
    }

    @Test func workspaceOfASpecFileIsItsFolder() {
        #expect(Workspace(specPath: "/infra/gantry.yaml", isDirectory: false).directory == "/infra")
        #expect(Workspace(specPath: "/infra", isDirectory: true).directory == "/infra")
        #expect(Workspace(specPath: "/gantry.yaml", isDirectory: false).directory == "/")
    }
}
