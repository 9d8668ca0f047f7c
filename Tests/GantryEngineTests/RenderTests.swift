import Foundation
import GantryBasics
import GantryEngine
import GantryProviderKit
import GantryState
import Testing

@Suite struct RenderTests {
    /// A plan with one of each action against a small applied state.
    func mixedPlan() async throws -> Plan {
        let provider = FakeProvider(), store = MemoryStore()
        let engine = Fixtures.engine(provider, store)
        let disk = Fixtures.resource("storage.d.fake_disk.main", "fake_disk", ["size": 10])
        let old = Fixtures.resource("x.old.fake_node.main", "fake_node")
        try await Fixtures.apply(Fixtures.networkAndPool + [disk, old], engine)
        var desired = Fixtures.networkAndPool
        desired[1].attributes["gpu"] = "B200"
        desired[0].attributes["mtu"] = 9000
        var bigger = disk
        bigger.attributes["size"] = 20
        return try await engine.plan(resources: desired + [bigger, Fixtures.resource("x.new.fake_node.main", "fake_node")])
    }

    @Test func jsonPlanHasTerraformShape() async throws {
        let plan = try await mixedPlan()
        let json = PlanJSONRenderer().render(plan)
        #expect(json["format_version"] == "1.2")
        let changes = try #require(json["resource_changes"]?.arrayValue)
        let actions = Dictionary(uniqueKeysWithValues: changes.compactMap { change -> (String, Value)? in
            guard let address = change["address"]?.stringValue, let actions = change["change"]?["actions"] else {
                return nil
            }
            return (address, actions)
        })
        #expect(actions["networks.train.fake_network.main"] == ["update"])
        #expect(actions["node_pools.gpu.fake_pool.main"] == ["delete", "create"])
        #expect(actions["storage.d.fake_disk.main"] == ["create", "delete"])
        #expect(actions["x.new.fake_node.main"] == ["create"])
        #expect(actions["x.old.fake_node.main"] == ["delete"])
        let replaced = try #require(changes.first { $0["address"] == "node_pools.gpu.fake_pool.main" })
        #expect(replaced["action_reason"] == "replace_because_cannot_update")
        #expect(replaced["change"]?["after_unknown"] == ["id": true])
        #expect(replaced["change"]?["after"]?["id"] == nil)
        #expect(replaced["mode"] == "managed")
        #expect(replaced["type"] == "fake_pool")
        #expect(replaced["name"] == "main")
        #expect(replaced["provider_name"] == "fake")
        let planned = try #require(json["planned_values"]?["root_module"]?["resources"]?.arrayValue)
        #expect(planned.count == 4)  // the deleted resource has no planned values
        #expect(json["resource_drift"] == [])
    }

    @Test func jsonPlanRedactsSecrets() async throws {
        var desired = Fixtures.networkAndPool
        desired[1].attributes["token"] = "s3cret"
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(resources: desired)
        let json = PlanJSONRenderer().render(plan)
        let pool = try #require(json["resource_changes"]?.arrayValue?.first { $0["type"] == "fake_pool" })
        #expect(pool["change"]?["after"]?["token"] == "(sensitive)")
        #expect(pool["change"]?["after_sensitive"] == ["token": true])
    }

    @Test func textPlanShowsMarkersReasonsAndSummary() async throws {
        let text = PlanTextRenderer().render(try await mixedPlan())
        #expect(text.contains("  ~ resource \"fake_network\" \"main\""))
        #expect(text.contains("-/+ resource \"fake_pool\" \"main\""))
        #expect(text.contains("+/- resource \"fake_disk\" \"main\""))
        #expect(text.contains("  # x.new.fake_node.main will be created\n  + resource \"fake_node\" \"main\""))
        #expect(text.contains("  # x.old.fake_node.main will be destroyed\n  - resource \"fake_node\" \"main\""))
        #expect(text.contains("(because 'gpu' cannot be changed in place)"))
        #expect(text.contains("gpu        = \"H100\" -> \"B200\" # forces replacement"))
        #expect(text.hasSuffix("Plan: 3 to add, 1 to change, 3 to destroy.\n"))
        #expect(!text.contains("\u{1B}["))
        let colored = PlanTextRenderer(color: true).render(try await mixedPlan())
        #expect(colored.contains("\u{1B}[32m+\u{1B}[0m"))
    }

    @Test func planFileRoundTripsAndRefusesForeignFiles() async throws {
        let plan = try await mixedPlan()
        let decoded = try PlanFile.decode(PlanFile.encode(plan), path: "p.plan")
        #expect(decoded == plan)
        #expect(throws: EngineError.self) { try PlanFile.decode(["format_version": "1.2"], path: "tf.json") }
        do {
            _ = try PlanFile.decode(["gantry_plan": 99, "gantry_version": "9.0.0"], path: "new.plan")
            Issue.record("a future plan file was accepted")
        } catch {
            #expect("\(error)".contains("plan file format 99 (made by Gantry 9.0.0) is not format 1"))
        }
    }
}

@Suite struct PlanFileTests {
    @Test func savedPlanRoundTripsThroughAFileWrittenOwnerOnly() async throws {
        var desired = Fixtures.networkAndPool
        desired[1].attributes["token"] = "s3cret"
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(resources: desired)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-\(UUID()).plan").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PlanFile.write(plan, to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try PlanFile.read(from: path) == plan)
    }

    @Test func foreignAndBrokenFilesAreRefusedClearly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"format_version":"1.2","resource_changes":[]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try PlanFile.read(from: path)
        } throws: { "\($0)".contains("not a Gantry plan file (no 'gantry_plan' marker)") }
        try Data("{oops".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try PlanFile.read(from: path) } throws: { "\($0)".contains("not valid JSON") }
        #expect { try PlanFile.read(from: path + ".missing") } throws: { "\($0)".contains("cannot read the file") }
    }

    @Test func jsonTextIsParseableAndStable() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(resources: Fixtures.networkAndPool)
        let text = PlanJSONRenderer().renderText(plan)
        #expect(try JSON.parse(text) == PlanJSONRenderer().render(plan))
        #expect(text == PlanJSONRenderer().renderText(plan))
    }
}

@Suite struct PlanDocumentTests {
    /// Callers that add their own keys encode the document themselves, with or without markers.
    @Test func planDocumentEncodesWithoutMarkersAndReadsBackEitherWay() async throws {
        let plan = try await Fixtures.engine(FakeProvider(), MemoryStore()).plan(resources: Fixtures.networkAndPool)
        let text = try JSON.encode(PlanFile.encode(plan))
        #expect(try PlanFile.decode(JSON.parse(text), path: "p") == plan)
        #expect(try PlanFile.decode(JSON.parse(text, markers: true), path: "p") == plan)
    }
}
