import Foundation
import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

@Suite struct SimProviderCRUDTests {
    @Test func createReadUpdateDeletePersistAcrossInstances() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let first = try SimProvider(workingDirectory: dir.path)
        let created = try #require(await create(first, "resources.a", ["input": "hello"]).snapshot)
        #expect(created.id.hasPrefix("sim-data-"))
        #expect(created.attributes["input"] == "hello")

        // A new provider on the same directory sees the same cloud.
        let second = try SimProvider(workingDirectory: dir.path)
        let read = try await second.read(ReadRequest(type: "sim_data", items: [.init(address: "resources.a", id: created.id)]))
        #expect(read == [.found(created)])

        let updated = await second.update([UpdateRequest(address: "resources.a", type: "sim_data", id: created.id,
                                                         prior: created.attributes, attributes: ["input": "bye"])])
        #expect(updated.first?.snapshot?.attributes["input"] == "bye")
        #expect(updated.first?.snapshot?.id == created.id)

        let third = try SimProvider(workingDirectory: dir.path)
        let reread = try await third.read(ReadRequest(type: "sim_data", items: [.init(address: "resources.a", id: created.id)]))
        guard case .found(let snap) = reread.first else { Issue.record("expected the resource"); return }
        #expect(snap.attributes["input"] == "bye")

        let deleted = await third.delete([DeleteRequest(address: "resources.a", type: "sim_data", id: created.id,
                                                        attributes: snap.attributes)])
        #expect(deleted == [.deleted("resources.a")])
        let fourth = try SimProvider(workingDirectory: dir.path)
        let gone = try await fourth.read(ReadRequest(type: "sim_data", items: [.init(address: "resources.a", id: created.id)]))
        #expect(gone == [.notFound("resources.a")])
    }

    @Test func createIsIdempotentPerIntentToken() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let a = try #require(await create(sim, "resources.a", token: "t1").snapshot)
        let again = try #require(await create(sim, "resources.a", token: "t1").snapshot)
        #expect(a.id == again.id)
        let clash = await create(sim, "resources.b", token: "t1")
        #expect(clash.error?.code == .conflict)
    }

    @Test func listByTypeFindsCreatedResourceByAddressTag() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["project": "llm"])
        let vpc = try #require(await create(sim, "networks.train[us-east-1].sim_vpc.main", type: "sim_vpc",
                                            ["cidr": "10.0.0.0/16", "region": "us-east-1"], token: "tok-1").snapshot)
        _ = await create(sim, "resources.x")
        let listed = try await SimProvider(workingDirectory: dir.path).list(ListRequest(type: "sim_vpc", region: "us-east-1"))
        #expect(listed.map(\.address) == ["networks.train[us-east-1].sim_vpc.main"])
        #expect(listed.first?.id == vpc.id)
        let tags = listed.first?.attributes["tags_all"]
        #expect(tags?["gantry:token"] == "tok-1")
        #expect(tags?["gantry:project"] == "llm")
        #expect(try await sim.list(ListRequest(type: "sim_vpc", region: "eu-central-1")).isEmpty)
    }

    @Test func adminDeleteMakesReadAnswerNotFound() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let a = try #require(await create(sim, "resources.a").snapshot)
        let world = SimWorld(workingDirectory: dir.path)
        try await world.deleteResource("resources.a")
        let read = try await sim.read(ReadRequest(type: "sim_data", items: [.init(address: "resources.a", id: a.id)]))
        #expect(read == [.notFound("resources.a")])
        #expect(try await world.summary().totalResources == 0)
    }

    @Test func forceNewAttributeCannotChangeInPlace() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let vpc = try #require(await create(sim, "n.vpc", type: "sim_vpc", ["cidr": "10.0.0.0/16"]).snapshot)
        var changed = vpc.attributes
        changed["cidr"] = "10.1.0.0/16"
        let result = await sim.update([UpdateRequest(address: "n.vpc", type: "sim_vpc", id: vpc.id, prior: vpc.attributes,
                                                     attributes: changed)])
        #expect(result.first?.error?.providerCode == "RequiresReplacement")
    }

    @Test func referenceToMissingResourceIsRejected() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let result = await create(sim, "n.subnet", type: "sim_subnet",
                                  ["vpc_id": "sim-vpc-deadbeef", "cidr": "10.0.0.0/20", "zone": "us-east-1a"])
        #expect(result.error?.code == .invalid)
        #expect(result.error?.message.contains("sim-vpc-deadbeef") == true)
    }
}

@Suite struct SimDependencyTests {
    @Test func deletingAResourceStillInUseIsAConflict() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let vpc = try await created(sim, "n.vpc", type: "sim_vpc", ["cidr": "10.0.0.0/16"])
        let subnet = try await created(sim, "n.subnet", type: "sim_subnet",
                                       ["vpc_id": .string(vpc.id), "cidr": "10.0.0.0/20", "zone": "us-east-1a"])
        let blocked = await sim.delete([DeleteRequest(address: "n.vpc", type: "sim_vpc", id: vpc.id, attributes: vpc.attributes)])
        #expect(blocked.first?.error?.providerCode == "DependencyViolation")
        #expect(blocked.first?.error?.message.contains(subnet.id) == true)
        _ = await sim.delete([DeleteRequest(address: "n.subnet", type: "sim_subnet", id: subnet.id, attributes: subnet.attributes)])
        let freed = await sim.delete([DeleteRequest(address: "n.vpc", type: "sim_vpc", id: vpc.id, attributes: vpc.attributes)])
        #expect(freed == [.deleted("n.vpc")])
    }
}

@Suite struct SimGroupCommitTests {
    @Test func concurrentCallsAllLandWithDistinctIds() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let ids = await withTaskGroup(of: String?.self) { group in
            for i in 0..<200 { group.addTask { await create(sim, "resources.r\(i)").snapshot?.id } }
            var out: [String] = []
            for await id in group { if let id { out.append(id) } }
            return out
        }
        #expect(ids.count == 200)
        #expect(Set(ids).count == 200)
        let persisted = try await SimWorld(workingDirectory: dir.path).list()
        #expect(Set(persisted.map(\.id)) == Set(ids))
    }
}
