import Foundation
import Testing
import GantryBasics
@testable import GantrySpec
import GantryGraph

@Suite struct IntentTests {
    static let multiRegion = """
    project: t
    networks:
      train: { regions: [us-east-1, us-west-2], cidr: 10.20.0.0/16, interconnect: { fabric: efa, placement: cluster } }
    node_pools:
      h100:
        network: train
        gpu: { model: H100, count: 8 }
        nodes: { min: 0, max: 32, desired: 4 }
        capacity: { market: spot, fallback: on-demand, zones: any }
        update: { strategy: canary, steps: [10%, 50%, 100%] }
        taints: ["nvidia.com/gpu=present:NoSchedule"]
    storage:
      datasets: { region: us-east-1, tier: hot, filesystem: lustre, size: 24TiB, throughput_per_tib: 250, attach: [h100] }
    resources:
      sg: { type: sim_security_group, properties: { vpc: "${networks.train[us-west-2].vpc_id}", name: "sg-${var.env}" } }
      west: { type: sim_data, region: us-west-2, properties: { pool: "${node_pools.h100.id}" } }
    variables:
      env: { default: dev }
    """

    @Test func multiRegionItemsExpandPerRegion() throws {
        let result = loadWithCatalog(Self.multiRegion)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let spec = try #require(result.spec)
        #expect(spec.intents().map(\.address.rawValue) == [
            "networks.train[us-east-1]", "networks.train[us-west-2]",
            "node_pools.h100[us-east-1]", "node_pools.h100[us-west-2]",
            "storage.datasets", "resources.sg", "resources.west",
        ])
        let east = try #require(result.intent("node_pools.h100[us-east-1]"))
        #expect(east.region == "us-east-1")
        #expect(east.dependsOn == ["networks.train[us-east-1]"])
        #expect(east.attributes["instance_type"] == "p5.48xlarge")
        // Without `capacity.regions` the pool has one instance per region of its network.
        #expect(east.attributes["capacity"] == [
            "market": "spot", "fallback": "on-demand", "markets": ["spot", "on-demand"], "zones": "any",
        ])
        #expect(east.attributes["update"] == ["strategy": "canary", "steps": [10, 50, 100], "max_surge": 1,
                                             "max_unavailable": 0, "health_timeout": 600, "pause": 0])
        #expect(east.attributes["nodes"] == ["min": 0, "max": 32, "desired": 4])
        #expect(east.location?.line == 5)

        let storage = try #require(result.intent("storage.datasets"))
        #expect(storage.attributes["size"] == .int(24 * 1024))   // GiB
        #expect(storage.dependsOn == ["networks.train[us-east-1]"])

        let sg = try #require(result.intent("resources.sg"))
        #expect(sg.attributes["type"] == "sim_security_group")
        #expect(sg.provider == "sim")
        #expect(sg.attributes["properties"]?["vpc"]
                == .reference(Value.Reference(address: "networks.train[us-west-2]", attribute: "vpc_id")))
        #expect(sg.attributes["properties"]?["name"] == "sg-dev")
        #expect(sg.dependsOn == ["networks.train[us-west-2]"])

        // A reference from a regional item binds to the instance in its own region.
        let west = try #require(result.intent("resources.west"))
        #expect(west.dependsOn == ["node_pools.h100[us-west-2]"])
    }

    @Test func capacityRegionsIsAFailoverOrderForOnePool() throws {
        let yaml = Self.multiRegion.replacingOccurrences(
            of: "capacity: { market: spot, fallback: on-demand, zones: any }",
            with: "capacity: { market: spot, fallback: on-demand, zones: any, regions: [us-west-2, us-east-1] }")
        let result = loadWithCatalog(yaml)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let spec = try #require(result.spec)
        let pools = spec.intents().filter { $0.kind == "node_pools" }
        #expect(pools.map(\.address) == ["node_pools.h100"])
        let pool = try #require(pools.first)
        // No region of its own: the engine places it in the first region with capacity.
        #expect(pool.region == nil)
        #expect(pool.attributes["region"] == nil)
        #expect(pool.attributes["capacity"]?["regions"] == ["us-west-2", "us-east-1"])
        #expect(pool.dependsOn == ["networks.train[us-west-2]", "networks.train[us-east-1]"])
        // A reference to the pool names it plainly, from any region.
        #expect(result.intent("resources.west")?.dependsOn == ["node_pools.h100"])
        // The storage it mounts is in one of its regions only: a warning, not an error.
        let attach = try #require(result.diagnostics.first { $0.code == "attach-region" })
        #expect(attach.severity == .warning)
        #expect(attach.message == "node pool 'h100' may land in us-west-2, where storage 'datasets' is not; "
            + "it mounts the storage only in us-east-1")
    }

    @Test func itemGraphHasTheSameEdges() throws {
        let spec = try #require(loadWithCatalog(Self.multiRegion).spec)
        let graph = spec.itemGraph()
        #expect(graph.nodes.count == 7)
        #expect(graph.dependencies(of: "storage.datasets") == ["networks.train[us-east-1]"])
    }

    @Test func migAttributesAreEncodedForProviders() throws {
        let path = repositoryRoot.appendingPathComponent("Examples/mig-inference").path
        let result = SpecLoader(environment: [:]).load(path: path)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        #expect(result.intent("node_pools.small-models")?.attributes["mig"] == ["profile": "1g.10gb"])
        #expect(result.intent("node_pools.mixed")?.attributes["mig"] == ["3g.40gb": 1, "2g.20gb": 1, "1g.10gb": 2])
        #expect(result.intent("node_pools.mixed")?.attributes["instance_type"] == "p5.48xlarge")
        #expect(result.intent("storage.model-weights")?.attributes["size"] == 2048)
        #expect(result.intent("storage.model-weights")?.dependsOn == ["networks.inference"])
    }

    @Test func multiRegionExampleReferencesAndPolicies() throws {
        let path = repositoryRoot.appendingPathComponent("Examples/multi-region").path
        let result = SpecLoader(variables: ["env": "prod"], environment: [:]).load(path: path)
        let spec = try #require(result.spec)
        #expect(spec.sourceFiles.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["inference.yaml", "main.yaml", "storage.yaml", "training.yaml"])
        #expect(spec.policies["budget"]?["max_hourly_usd"] == 900)
        #expect(spec.providers == ["sim": ["regions": ["us-east-1", "eu-central-1"]]])
        #expect(result.intent("node_pools.h100-train")?.attributes["nodes"]?["desired"] == 16)
        #expect(result.intent("storage.archive")?.attributes["lifecycle"]
                == [["after": .int(30 * 86_400), "to": "cold"], ["after": .int(3 * 365 * 86_400), "expire": true]])
        let endpoint = try #require(result.intent("resources.serve-endpoint"))
        #expect(endpoint.dependsOn == ["networks.serve", "node_pools.h100-serve"])
        #expect(endpoint.attributes["properties"]?["name"] == "llm-prod-eu")
    }

    @Test func rawResourcesAtScaleStayLinear() throws {
        var yaml = "project: big\nresources:\n  r0: { type: sim_data, properties: { size: 1 } }\n"
        for i in 1..<10_000 {
            yaml += "  r\(i): { type: sim_data, properties: { parent: \"${resources.r\(i / 10).id}\" } }\n"
        }
        let result = load(yaml)
        #expect(result.errors.isEmpty)
        let spec = try #require(result.spec)
        #expect(spec.intents().count == 10_000)
        #expect(result.intent("resources.r123")?.dependsOn == ["resources.r12"])
    }
}

/// A string mixing text with a reference stays a template until apply.
@Suite struct InterpolationIntentTests {
    @Test func aReferenceInsideAStringBecomesATemplateAndAnEdge() throws {
        let result = load("""
            gantry: 1
            project: t
            providers:
              sim: {}
            variables:
              env: { default: dev }
            resources:
              a: { type: sim_data, properties: { input: root } }
              b: { type: sim_data, properties: { input: "${resources.a.id}-${var.env}-logs", plain: "x-${var.env}" } }
            """)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let b = try #require(result.intent("resources.b"))
        let a = Value.reference(.init(address: "resources.a", attribute: "id"))
        #expect(b.attributes["properties"]?["input"] == .template([a, "-dev-logs"]))
        #expect(b.attributes["properties"]?["plain"] == "x-dev")
        #expect(b.dependsOn == ["resources.a"])
    }
}
