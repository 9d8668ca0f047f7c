import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing

/// Quotas are per account, GPU model and market: pools that each fit one can exceed it together.
@Suite struct FleetSharedQuotaTests {
    /// An H100-only pool of `desired` 8-GPU nodes in us-east-1a.
    static func pool(_ name: String, desired: Int = 2, markets: [Value] = ["spot"]) -> IntentItem {
        var pool = SimFleet.pool(name, desired: desired, zones: ["us-east-1a"])
        pool.attributes["gpu"] = ["model": "H100", "count": 8]
        pool.attributes["capacity"] = ["markets": .array(markets), "zones": ["us-east-1a"]]
        return pool
    }

    @Test func twoPoolsOverASharedQuotaWarnInThePlanAndStopTheApplyBeforeAnyCreate() async throws {
        // 16 spot H100 GPUs: each pool's 2 × 8 fits alone, not both.
        let fleet = try SimFleet(["quotas": ["default": 512, "H100": ["spot": 16]]])
        defer { fleet.remove() }
        let pools = [Self.pool("train-a"), Self.pool("train-b")]
        let plan = try await fleet.plan(pools)
        let warnings = plan.diagnostics.filter { $0.code == "quota-exceeded" }
        #expect(warnings.map(\.message) == [
            "node_pools.train-b: spot quota for H100 GPUs exceeded: 32 requested, 0 of 16 in use "
                + "(together: node_pools.train-a 16 GPUs + node_pools.train-b 16 GPUs)",
        ])
        #expect(warnings.first?.hint?.contains("apply will stop before creating anything") == true)
        let first = try #require(plan.fleet.first { $0.pool == "node_pools.train-a" })
        #expect(first.forecasts == [.fits(zone: "us-east-1a")])
        #expect(PlanTextRenderer().render(plan).contains("every offer exceeds a quota: apply will stop before creating anything"))

        do {
            _ = try await fleet.engine.apply(plan)
            Issue.record("apply should stop before creating anything")
        } catch {
            guard case .quotaExceeded(let pool, let quotas) = error else { throw error }
            #expect(pool == "node_pools.train-b")
            #expect(quotas.first?.contains("together: node_pools.train-a 16 GPUs + node_pools.train-b 16 GPUs") == true)
            #expect(error.description.contains("nothing was created"))
        }
        #expect(try await fleet.sim.list(ListRequest(type: "sim_vpc")).isEmpty)
        #expect(try await fleet.sim.list(ListRequest(type: "sim_node_group")).isEmpty)
        #expect(await fleet.store.document == nil)
    }

    @Test func aPoolWithAFallbackIsExpectedOnItAndPoolsWithinTheQuotaTogetherAreNotWarned() async throws {
        let fleet = try SimFleet(["quotas": ["default": 512, "H100": ["spot": 24]]])
        defer { fleet.remove() }
        // 16 + 8 spot GPUs fit 24 together: no warning.
        let fits = try await fleet.plan([Self.pool("train-a"), Self.pool("train-b", desired: 1)])
        #expect(!fits.diagnostics.contains { $0.code == "quota-exceeded" })

        // 16 + 16 do not; the second pool may buy on-demand, so it is expected there.
        let plan = try await fleet.plan([Self.pool("train-a"), Self.pool("train-b", markets: ["spot", "on-demand"])])
        let second = try #require(plan.fleet.first { $0.pool == "node_pools.train-b" })
        #expect(second.expected?.offer.description == "p5.48xlarge on-demand in us-east-1a")
        let warning = try #require(plan.diagnostics.first { $0.code == "quota-exceeded" })
        #expect(warning.message.hasPrefix("node_pools.train-b: spot quota for H100 GPUs exceeded: 32 requested, 0 of 24 in use"))
        #expect(warning.hint == "apply will fail over to an offer within quota")
    }
}
