import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

@Suite struct SimLoweringTests {
    static let region = "us-east-1"

    static func item(_ kind: String, _ name: String, region: String? = SimLoweringTests.region,
                     _ attributes: [String: Value]) -> IntentItem {
        IntentItem(address: .item(kind: kind, name: name, key: region), kind: kind, name: name, region: region,
                   provider: "sim", attributes: attributes,
                   location: SourceLocation(file: "gantry.yaml", line: 3, column: 5))
    }

    static let platform: [IntentItem] = [
        item("networks", "train", ["cidr": "10.20.0.0/16", "interconnect": ["fabric": "efa", "placement": "cluster"]]),
        item("node_pools", "h100-train", [
            "network": "train", "gpu": ["model": "H100", "count": 8],
            "nodes": ["min": 0, "max": 32, "desired": 2],
            "capacity": ["market": "spot", "fallback": "on-demand", "zones": "any"],
            "labels": ["team": "research"], "taints": ["nvidia.com/gpu=present:NoSchedule"],
        ]),
        item("node_pools", "h100-serve", ["network": "train", "gpu": ["model": "H100", "count": 8],
                                          "mig": ["profile": "1g.10gb"], "nodes": ["desired": 1]]),
        item("storage", "datasets", ["tier": "hot", "filesystem": "lustre", "size": "24TiB",
                                     "throughput_per_tib": 250, "attach": ["h100-train"]]),
        item("storage", "archive", ["tier": "cold", "filesystem": "object",
                                    "lifecycle": [["after": 2_592_000, "to": "warm"], ["after": "3y", "expire": true]]]),
    ]

    func lower(_ items: [IntentItem]) async throws -> LowerResponse {
        try await SimProvider().lower(LowerRequest(items: items))
    }

    func resource(_ response: LowerResponse, _ address: String) throws -> ResourceConfig {
        try #require(response.resources.first { $0.address.rawValue == address }, "no \(address)")
    }

    /// Edges: for each resource, the resources its attributes reference.
    func edges(_ response: LowerResponse) -> Set<String> {
        var out: Set<String> = []
        for r in response.resources {
            for reference in Value.object(r.attributes).references {
                out.insert("\(r.type) -> \(response.resources.first { $0.address == reference.address }?.type ?? reference.address.rawValue)")
            }
        }
        return out
    }

    @Test func platformLowersToTheExpectedTypesAndEdges() async throws {
        let response = try await lower(Self.platform)
        #expect(response.diagnostics.isEmpty, "\(response.diagnostics)")
        let types = response.resources.map(\.type)
        #expect(types == [
            "sim_vpc", "sim_subnet", "sim_subnet", "sim_subnet", "sim_security_group", "sim_placement_group",
            "sim_launch_template", "sim_node_group", "sim_launch_template", "sim_node_group",
            "sim_lustre_filesystem", "sim_bucket", "sim_bucket_lifecycle",
        ])
        #expect(edges(response) == [
            "sim_subnet -> sim_vpc", "sim_security_group -> sim_vpc",
            "sim_launch_template -> sim_security_group", "sim_launch_template -> sim_lustre_filesystem",
            "sim_node_group -> sim_launch_template", "sim_node_group -> sim_subnet",
            "sim_node_group -> sim_placement_group",
            "sim_lustre_filesystem -> sim_subnet", "sim_lustre_filesystem -> sim_security_group",
            "sim_bucket_lifecycle -> sim_bucket",
        ])

        let template = try resource(response, "node_pools.h100-train[us-east-1].sim_launch_template.main")
        #expect(template.attributes["instance_type"] == "p5.48xlarge")
        #expect(template.attributes["efa_interfaces"] == 32)
        #expect(template.attributes["taints"] == [["key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"]])
        #expect(template.origin == "node_pools.h100-train[us-east-1]")
        #expect(template.location?.line == 3)

        let group = try resource(response, "node_pools.h100-train[us-east-1].sim_node_group.main")
        #expect(group.attributes["desired_size"] == 2)
        #expect(group.attributes["market"] == "spot")
        #expect(group.attributes["subnet_ids"]?.arrayValue?.count == 3)

        let serve = try resource(response, "node_pools.h100-serve[us-east-1].sim_launch_template.main")
        #expect(serve.attributes["mig_layout"] == ["1g.10gb": 7])
        #expect(serve.attributes["labels"]?["nvidia.com/mig.config"] == "all-1g.10gb")
        #expect(serve.attributes["user_data"]?.stringValue?.contains("nvidia-smi mig -cgi 1g.10gb,1g.10gb") == true)

        let lustre = try resource(response, "storage.datasets[us-east-1].sim_lustre_filesystem.main")
        #expect(lustre.attributes["size_gib"] == 24_576)

        let sg = try resource(response, "networks.train[us-east-1].sim_security_group.main")
        #expect(sg.attributes["ingress"]?.arrayValue?.first?["self"] == true)

        let rules = try resource(response, "storage.archive[us-east-1].sim_bucket_lifecycle.main").attributes["rules"]
        // The spec hands durations over in seconds.
        #expect(rules?.arrayValue?.map { $0["days"] } == [30, 1095])

        let network = try #require(response.outputs["networks.train[us-east-1]"])
        #expect(network["vpc_id"] == .reference(.init(address: "networks.train[us-east-1].sim_vpc.main", attribute: "id")))
        // Every item answers `id`, the attribute the spec's item-to-item edges use.
        for address in ["networks.train[us-east-1]", "node_pools.h100-train[us-east-1]", "storage.datasets[us-east-1]",
                        "storage.archive[us-east-1]"] {
            #expect(response.outputs[ResourceAddress(address)]?["id"]?.references.count == 1, "\(address)")
        }
        #expect(network["placement_group"]?.references.first?.address.rawValue.hasSuffix("sim_placement_group.main") == true)
    }

    @Test func lowerThenApplyBuildsTheWholePlatform() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let response = try await sim.lower(LowerRequest(items: Self.platform))
        var ids: [ResourceAddress: [String: Value]] = [:]
        func resolve(_ v: Value) -> Value {
            switch v {
            case .reference(let r): return ids[r.address]?[r.attribute] ?? .unknown
            case .array(let a): return .array(a.map(resolve))
            case .object(let o): return .object(o.mapValues(resolve))
            default: return v
            }
        }
        // Apply in dependency order, as the engine's walker would.
        var pending = response.resources
        while !pending.isEmpty {
            let ready = pending.filter { r in Value.object(r.attributes).references.allSatisfy { ids[$0.address] != nil } }
            try #require(!ready.isEmpty, "a dependency cycle among \(pending.map(\.address))")
            let results = await sim.create(ready.map {
                CreateRequest(address: $0.address, type: $0.type, attributes: $0.attributes.mapValues(resolve),
                              intentToken: "t-\($0.address)")
            })
            for (r, result) in zip(ready, results) {
                ids[r.address] = try #require(result.snapshot, "\(r.address): \(result)").attributes
            }
            pending.removeAll { r in ready.contains { $0.address == r.address } }
        }
        let group = try #require(ids["node_pools.h100-train[us-east-1].sim_node_group.main"])
        #expect(group["zone"] == "us-east-1a")
        #expect(group["ready_nodes"] == 2)
        #expect(try await SimWorld(workingDirectory: dir.path).summary().totalResources == response.resources.count)
    }

    @Test func uninterpretableValuesBecomeDiagnosticsNotCrashes() async throws {
        let response = try await lower([
            Self.item("networks", "bad", ["cidr": "10.0.0.0/99", "interconnect": ["fabric": "infiniband"]]),
            Self.item("node_pools", "p", ["network": "nope", "gpu": ["model": "Z9000", "count": 8],
                                          "nodes": ["min": 4, "desired": 2, "max": "many"],
                                          "taints": ["no-effect"]]),
            Self.item("node_pools", "m", ["gpu": ["model": "H100", "count": 8], "mig": ["profile": "9g.1gb"]]),
            Self.item("node_pools", "mixed", ["gpu": ["model": "H100", "count": 8],
                                              "mig": ["layout": [["profile": "3g.40gb", "count": 2],
                                                                 ["profile": "2g.20gb"]]]]),
            Self.item("storage", "s", ["tier": "hot", "size": "12 parsecs"]),
            Self.item("resources", "r", ["type": "sim_teleporter"]),
        ])
        let codes = Set(response.diagnostics.map(\.code))
        #expect(codes.isSuperset(of: ["invalid-cidr", "fabric-unavailable", "unknown-network", "no-offer",
                                      "invalid-node-count", "invalid-taint", "invalid-mig-profile", "mig-does-not-fit", "invalid-size",
                                      "unknown-resource-type"]))
        #expect(response.diagnostics.allSatisfy { $0.location?.file == "gantry.yaml" && $0.severity == .error })
        #expect(response.diagnostics.contains { $0.message.hasPrefix("node_pools.p[us-east-1]:") })
    }

    @Test func rawDataResourcesReferenceTheirParents() async throws {
        let root = Self.item("resources", "root", region: nil, ["type": "sim_data", "properties": ["input": "x"]])
        let child = Self.item("resources", "child", region: nil, [
            "type": "sim_data",
            "properties": ["parent": .reference(.init(address: "resources.root", attribute: "id"))],
        ])
        let response = try await lower([root, child])
        #expect(response.resources.map(\.address) == ["resources.root.sim_data.main", "resources.child.sim_data.main"])
        #expect(response.outputs["resources.root"]?["id"]
            == .reference(.init(address: "resources.root.sim_data.main", attribute: "id")))
    }

    @Test func rawResourcesNobodyReferencesLowerWithoutOutputs() async throws {
        let root = Self.item("resources", "root", region: nil, ["type": "sim_data", "properties": ["input": "x"]])
        let leaf = Self.item("resources", "leaf", region: nil, ["type": "sim_data", "properties": ["input": "y"]])
        let network = Self.platform[0]
        let response = try await SimProvider().lower(LowerRequest(items: [root, leaf, network],
                                                                  outputsWanted: ["resources.root": ["id"]]))
        #expect(response.resources.count > 2)
        #expect(response.outputs["resources.root"]?["id"] != nil)
        #expect(response.outputs["resources.leaf"] == nil)
        // The sim's own items keep theirs: its other resources may point at them.
        #expect(response.outputs[network.address] != nil)
        // Asked for nothing in particular, every item has its outputs.
        #expect(try await lower([root, leaf]).outputs.count == 2)
    }
}

@Suite struct SimLoweringEdgeTests {
    @Test func storageAttachedToAPoolDoesNotDependOnThePool() async throws {
        // The spec orders storage after the pools it attaches to; lowering turns that edge
        // around (the pool mounts the file system), so it must not survive as a dependency.
        var storage = SimLoweringTests.item("storage", "data", ["tier": "hot", "filesystem": "lustre", "size": 1200,
                                                                "attach": ["p"]])
        storage.dependsOn = ["node_pools.p[us-east-1]"]
        let pool = SimLoweringTests.item("node_pools", "p", ["gpu": ["model": "H100", "count": 8],
                                                             "instance_type": "p5.48xlarge"])
        let response = try await SimProvider().lower(LowerRequest(items: [pool, storage]))
        let lustre = try #require(response.resources.first { $0.type == "sim_lustre_filesystem" })
        #expect(lustre.dependsOn.isEmpty)
        let template = try #require(response.resources.first { $0.type == "sim_launch_template" })
        #expect(template.attributes["mounts"]?.arrayValue?.count == 1)
    }
}
