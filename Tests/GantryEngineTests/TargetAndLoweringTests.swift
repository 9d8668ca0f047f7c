import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct TargetAndLoweringTests {
    let intents = [
        IntentItem(address: "networks.train", kind: "networks", name: "train", region: nil, provider: "fake",
                   attributes: ["cidr": "10.0.0.0/16"]),
        IntentItem(address: "node_pools.gpu", kind: "node_pools", name: "gpu", region: nil, provider: "fake",
                   attributes: ["gpu": "H100", "network_id": .reference(.init(address: "networks.train", attribute: "id"))],
                   dependsOn: ["networks.train"]),
        IntentItem(address: "node_pools.cpu", kind: "node_pools", name: "cpu", region: nil, provider: "fake",
                   attributes: ["gpu": "none"]),
    ]

    @Test func itemReferencesResolveThroughLoweringOutputs() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(intents)
        let pool = try #require(plan.change("node_pools.gpu.fake_pool.main"))
        #expect(pool.config?["network_id"]
                == .reference(.init(address: "networks.train.fake_network.main", attribute: "id")))
        #expect(pool.dependencies.contains("networks.train.fake_network.main"))
        #expect(pool.origin == "node_pools.gpu")
    }

    @Test func referenceToAMissingAttributeNamesTheItemAndLocation() async throws {
        var broken = intents
        broken[1].attributes["network_id"] = .reference(.init(address: "networks.train", attribute: "vpc_idd"))
        broken[1].location = SourceLocation(file: "gantry.yaml", line: 12, column: 5)
        await #expect {
            _ = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(broken)
        } throws: { error in
            guard case EngineError.invalidConfiguration(let diagnostics) = error,
                  let d = diagnostics.first else { return false }
            return d.code == "missing-attribute" && d.message.contains("node_pools.gpu")
                && d.message.contains("vpc_idd") && d.location?.line == 12 && d.expected == "one of: id"
        }
    }

    @Test func targetIncludesDependenciesAndItemAddressesSelectTheirResources() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore())
            .plan(intents, options: PlanOptions(targets: ["node_pools.gpu"]))
        #expect(plan.changes.map(\.address) == ["networks.train.fake_network.main", "node_pools.gpu.fake_pool.main"])
    }

    @Test func excludeLeavesOutDependents() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore())
            .plan(intents, options: PlanOptions(excludes: ["networks.train"]))
        #expect(plan.changes.map(\.address) == ["node_pools.cpu.fake_pool.main"])
    }

    @Test func targetPrefixMatchesWholeSegmentsOnly() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore())
            .plan(intents, options: PlanOptions(targets: ["node_pools.gp"]))
        #expect(plan.changes.isEmpty)
    }

    @Test func unknownProviderIsAClearError() async throws {
        var other = intents
        other[2].provider = "aws"
        await #expect {
            _ = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(other)
        } throws: { error in
            "\(error)" == "no provider named 'aws' is configured (used by node_pools.cpu); add it under `providers:` in the spec"
        }
    }
}
