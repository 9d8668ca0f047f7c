import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing
@testable import GantryCommands

/// How engine events read in a CI log (plain mode).
@Suite("Progress from engine events")
struct ProgressObserverTests {
    private func render(_ events: [EngineEvent]) -> String {
        let output = CapturedOutput()
        let observer = ProgressObserver(display: ProgressDisplay(output: output, mode: .plain, verb: "Applying"))
        for event in events { observer.handle(event) }
        return output.text
    }

    @Test func startsAndOutcomesOneLineEach() {
        let pool: ResourceAddress = "node_pools.a.sim_node_group.main"
        let text = render([
            .operationStarted(.apply, resources: 2),
            .willStart(address: pool, action: .create),
            .didFinish(address: pool, action: .create,
                       outcome: .failed(ProviderError(.capacity, "no g6.xlarge left in us-east-1a"))),
            .didFinish(address: "node_pools.a.sim_autoscaler.main", action: .create, outcome: .skipped(because: pool)),
        ])
        #expect(text == """
            node_pools.a.sim_node_group.main: Creating...
            node_pools.a.sim_node_group.main: failed: capacity: no g6.xlarge left in us-east-1a
            node_pools.a.sim_autoscaler.main: skipped because node_pools.a.sim_node_group.main failed

            """)
    }

    @Test func throttlingNamesTheBatchBriefly() {
        let text = render([.throttled(provider: "sim", addresses: ["a.x.t.one", "a.x.t.two", "a.x.t.three"],
                                      attempt: 2, newLimit: 4, delay: 0.25)])
        #expect(text == "a.x.t.one, a.x.t.two and 1 more: sim is throttling (attempt 2); concurrency now 4, "
                + "retrying in 0.3s\n")
    }
}
