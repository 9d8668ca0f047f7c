import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import Testing

/// Capacity failover on the sim: where pools land, what apply says and what state keeps.
@Suite struct FleetFailoverTests {
    @Test func spotShortInTheFirstZoneLandsInTheNextAndSaysSo() async throws {
        let fleet = try SimFleet(["drained": [["zone": "us-east-1a", "market": "spot"]]])
        defer { fleet.remove() }
        let report = try await fleet.apply([SimFleet.pool()])
        #expect(report.status == .succeeded)

        let landing = try #require(report.placements.first)
        #expect(landing.sentence == "node_pools.h100-train landed in us-east-1b spot after spot was short in us-east-1a")
        #expect(landing.attempts.map(\.offer.description) == ["p5.48xlarge spot in us-east-1a"])

        let group = try #require(await fleet.recorded(SimFleet.group()))
        #expect(group["zone"] == "us-east-1b")
        #expect(group["market"] == "spot")
        let placement = await fleet.metadata[Engine.placementsMetadataKey]?[SimFleet.group().rawValue]
        #expect(placement?["zone"] == "us-east-1b")
        #expect(placement?["reason"]?.stringValue?.contains("after spot was short in us-east-1a") == true)

        // The next plan keeps the pool where it landed: no replacement back to the first offer.
        let again = try await fleet.plan([SimFleet.pool()])
        #expect(again.action(SimFleet.group().rawValue) == .noOp)

        // Destroyed, the pool's placement record goes with it.
        _ = try await fleet.engine.apply(try await fleet.engine.planDestroy())
        #expect(await fleet.metadata[Engine.placementsMetadataKey] == nil)
    }

    @Test func everyOfferShortFailsWithEachAttemptListed() async throws {
        let fleet = try SimFleet(["drained": ["us-east-1a", "us-east-1b", "us-east-1c"]])
        defer { fleet.remove() }
        let report = try await fleet.apply([SimFleet.pool()])
        #expect(report.status == .partial)
        let outcome = try #require(report.failed.first { $0.address == SimFleet.group() })
        guard case .failed(let error) = outcome.result else { Issue.record("not failed"); return }
        let text = error.message
        #expect(text.hasPrefix("no capacity for node_pools.h100-train in any of its 8 offer(s) tried:"))
        for offer in ["1. p5.48xlarge spot in us-east-1a", "2. p5.48xlarge spot in us-east-1b",
                      "5. p5.48xlarge on-demand in us-east-1a", "8. p5en.48xlarge on-demand in us-east-1b"] {
            #expect(text.contains(offer), "\(text)")
        }
        #expect(text.contains("insufficient on-demand capacity for 2 × p5en.48xlarge in us-east-1b"))
        #expect(await fleet.recorded(SimFleet.group()) == nil)

        // The next pass does not hammer the exhausted offers: it probes only the best one.
        let again = try await fleet.plan([SimFleet.pool()])
        let order = try #require(again.fleet.first)
        #expect(order.offers.map(\.description) == ["p5.48xlarge spot in us-east-1a"])
        #expect(order.skipped.count == 7)
        #expect(again.diagnostics.contains { $0.code == "capacity-exhausted" })
        let retry = try await fleet.engine.apply(again)
        guard case .failed(let second) = retry.failed.first?.result else { Issue.record("not failed"); return }
        #expect(second.message.contains("any of its 1 offer(s) tried"))
        #expect(second.message.contains("skipped p5en.48xlarge on-demand in us-east-1b: failed recently"))
    }

    @Test func quotaExceededWarnsInThePlanAndStopsTheApplyBeforeAnyCreate() async throws {
        let fleet = try SimFleet(["quotas": ["default": 8]])
        defer { fleet.remove() }
        let plan = try await fleet.plan([SimFleet.pool()])
        let warnings = plan.diagnostics.filter { $0.code == "quota-exceeded" }.map(\.message)
        #expect(warnings.contains("node_pools.h100-train: spot quota for H100 GPUs exceeded: 16 requested, 0 of 8 in use"))
        #expect(warnings.contains("node_pools.h100-train: on-demand quota for H100 GPUs exceeded: 16 requested, 0 of 8 in use"))
        #expect(!plan.diagnostics.hasErrors)

        do {
            _ = try await fleet.engine.apply(plan)
            Issue.record("apply should stop before creating anything")
        } catch {
            guard case .quotaExceeded(let pool, let quotas) = error else { throw error }
            #expect(pool == "node_pools.h100-train")
            #expect(quotas.contains("spot quota for H100 GPUs exceeded: 16 requested, 0 of 8 in use"))
        }
        #expect(try await fleet.sim.list(ListRequest(type: "sim_vpc")).isEmpty)
        #expect(try await fleet.sim.list(ListRequest(type: "sim_node_group")).isEmpty)
        #expect(await fleet.store.document == nil)
    }

    @Test func aFailedOfferIsRememberedAndSkippedUntilItExpires() async throws {
        let fleet = try SimFleet(["drained": [["zone": "us-east-1a", "market": "spot"]]])
        defer { fleet.remove() }
        let now = Date().timeIntervalSince1970
        _ = try await fleet.apply([SimFleet.pool()], now: now)
        let remembered = await fleet.metadata[FailedOfferMemory.metadataKey]?.arrayValue ?? []
        #expect(remembered.count == 1)
        #expect(remembered.first?["zone"] == "us-east-1a")
        #expect(remembered.first?["market"] == "spot")
        #expect((remembered.first?["expires_at"]?.doubleValue ?? 0) > now)

        // A second pool with the same order skips the exhausted zone without trying it.
        let pools = [SimFleet.pool(), SimFleet.pool("h100-more")]
        let plan = try await fleet.plan(pools, now: now + 60)
        let order = try #require(plan.fleet.first { $0.pool == "node_pools.h100-more" })
        #expect(order.skipped.map(\.offer.description) == ["p5.48xlarge spot in us-east-1a"])
        #expect(order.offers.first?.description == "p5.48xlarge spot in us-east-1b")
        var options = ApplyOptions()
        options.now = now + 60
        let report = try await fleet.engine.apply(plan, options: options)
        let landing = try #require(report.placements.first { $0.pool == "node_pools.h100-more" })
        #expect(landing.attempts.isEmpty)
        #expect(landing.zone == "us-east-1b")

        // Past the TTL the zone is tried again, and the expired entry is dropped.
        let later = now + FailedOfferMemory.defaultTTL + 60
        let third = try await fleet.plan(pools + [SimFleet.pool("h100-third")], now: later)
        let fresh = try #require(third.fleet.first { $0.pool == "node_pools.h100-third" })
        #expect(fresh.skipped.isEmpty)
        #expect(fresh.offers.first?.description == "p5.48xlarge spot in us-east-1a")
        var lateOptions = ApplyOptions()
        lateOptions.now = later
        _ = try await fleet.engine.apply(third, options: lateOptions)
        let kept = await fleet.metadata[FailedOfferMemory.metadataKey]?.arrayValue ?? []
        #expect(kept.allSatisfy { ($0["expires_at"]?.doubleValue ?? 0) > later }, "\(kept)")
    }

    @Test func planRanksOffersByPriceAndShowsTheFailoverOrder() async throws {
        let fleet = try SimFleet(["drained": [["zone": "us-east-1a", "market": "spot"]]])
        defer { fleet.remove() }
        let plan = try await fleet.plan([SimFleet.pool()])
        let order = try #require(plan.fleet.first)
        #expect(order.offers.map(\.description) == [
            "p5.48xlarge spot in us-east-1a", "p5.48xlarge spot in us-east-1b",
            "p5en.48xlarge spot in us-east-1a", "p5en.48xlarge spot in us-east-1b",
            "p5.48xlarge on-demand in us-east-1a", "p5.48xlarge on-demand in us-east-1b",
            "p5en.48xlarge on-demand in us-east-1a", "p5en.48xlarge on-demand in us-east-1b",
        ])
        let prices = order.offers.prefix(4).compactMap(\.pricePerHour)
        #expect(prices == prices.sorted())
        #expect(order.expected?.offer.description == "p5.48xlarge spot in us-east-1b")

        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("Capacity placement (offers in the order apply tries them):"))
        #expect(text.contains("cluster placement: the whole pool moves zone, never splits"))
        #expect(text.contains("expected to land in us-east-1b spot (p5.48xlarge)"))
        let json = PlanJSONRenderer().render(plan)
        #expect(json["capacity_placement"]?.arrayValue?.first?["expected"]?["zone"] == "us-east-1b")

        // A saved plan keeps the order, so `apply FILE` fails over the same way.
        let reread = try PlanFile.decode(PlanFile.encode(plan), path: "plan.json")
        #expect(reread.fleet.first?.offers == order.offers)
    }

    @Test func anAllOrNothingPoolThatCameUpShortIsReleasedAndFailsOver() async throws {
        let fleet = try SimFleet([:])
        defer { fleet.remove() }
        let engine = Engine(providers: ["sim": PartialSim(sim: fleet.sim, shortZone: "us-east-1a")], store: fleet.store)
        var pool = SimFleet.pool()
        pool.attributes["capacity"] = ["markets": ["spot"], "zones": ["us-east-1a", "us-east-1b"],
                                       "all_or_nothing": true]
        let report = try await engine.apply(try await engine.plan([SimFleet.network, pool]))
        #expect(report.status == .succeeded)
        let landing = try #require(report.placements.first)
        #expect(landing.zone == "us-east-1b")
        #expect(landing.attempts.first?.error == "got 1 of 2 nodes of p5.48xlarge spot in us-east-1a; released them (all_or_nothing)")
        // Only the full group is left in the cloud: the short one was deleted.
        let groups = try await fleet.sim.list(ListRequest(type: "sim_node_group"))
        #expect(groups.map { $0.attributes["zone"] } == ["us-east-1b"])
    }

    @Test func aMixedPoolChecksEachMarketsQuotaForItsShare() async throws {
        let fleet = try SimFleet(["quotas": ["default": 512, "H100": ["spot": 16], "H200": ["spot": 0]]])
        defer { fleet.remove() }
        func pool(spotPercent: Int) -> IntentItem {
            var pool = SimFleet.pool(desired: 6, zones: ["us-east-1a"])
            pool.attributes["capacity"] = ["markets": ["spot", "on-demand"], "zones": ["us-east-1a"],
                                           "spot_percent": .int(spotPercent), "on_demand_base": 2]
            return pool
        }
        // 2 on-demand + half of 4 as spot: 2 spot nodes (16 GPUs) fit the spot quota of 16.
        let half = try #require(try await fleet.plan([pool(spotPercent: 50)]).fleet.first)
        #expect(half.nodesByMarket == ["on-demand": 4, "spot": 2])
        #expect(half.offers.first?.description == "p5.48xlarge spot (50% above 2 on-demand) in us-east-1a")
        #expect(half.forecasts.first == .fits(zone: "us-east-1a"))

        // All 4 above the base as spot: 32 spot GPUs exceed it; on-demand is still within quota.
        let plan = try await fleet.plan([pool(spotPercent: 100)])
        let all = try #require(plan.fleet.first)
        #expect(all.forecasts.first == .overQuota("spot quota for H100 GPUs exceeded: 32 requested, 0 of 16 in use"))
        #expect(all.expected?.offer.description == "p5.48xlarge on-demand in us-east-1a")
        #expect(plan.diagnostics.contains { $0.message.contains("spot quota for H100 GPUs exceeded: 32 requested") })
    }
}
