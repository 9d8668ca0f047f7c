import GantryBasics
import Testing
@testable import SimProvider

/// A world snapshot read straight from its text is the world its tree gives, and whatever
/// the direct reader does not take is left to the tree reading, which words the error.
@Suite struct SimSnapshotReadingTests {
    static func world() -> SimWorldState {
        var state = SimWorldState()
        state.apply(.put(SimResource(id: "vpc-1", type: "sim_vpc", region: "us-east-1",
                                     attributes: ["id": "vpc-1", "cidr": "10.0.0.0/16", "tags_all": ["a": "b"]],
                                     tags: [SimTag.address: "networks.main.sim_vpc.main", SimTag.token: "t1"], serial: 1)))
        state.apply(.put(SimResource(id: "ng-2", type: SimTypes.nodeGroup, region: "us-east-1",
                                     attributes: ["id": "ng-2", "desired_size": 4, "ratio": 0.5], tags: [:], serial: 2,
                                     readyAt: 1_700_000_000.5, readyBefore: 2)))
        state.apply(.drain(SimDrain(zone: "us-east-1a", instanceType: "p5.48xlarge")))
        state.apply(.failNodes(SimNodeFault(instanceType: "p5.48xlarge", zone: "us-east-1b", healthyNodes: 1)))
        return state
    }

    static func bytes(_ value: Value) throws -> [UInt8] { try JSON.encodeBytes(value) }

    @Test func aSnapshotReadsTheSameEitherWay() throws {
        let json = Self.world().jsonValue
        let direct = try #require(SimWorldState(snapshot: try Self.bytes(json)))
        let tree = try #require(SimWorldState(jsonValue: json))
        #expect(direct.jsonValue == tree.jsonValue)
        #expect(direct.jsonValue == json)
        #expect(direct.nodeGroupIDs == ["ng-2"])
        #expect(direct.idByToken == ["t1": "vpc-1"])
    }

    @Test func lenientFieldsStayLenient() throws {
        // A region that is not a string, and a tag that is not a string, are dropped, as before.
        let odd: Value = ["next_serial": 5, "resources": [["id": "d-1", "type": "sim_data", "attributes": [:], "serial": 3,
                                                           "region": 7, "tags": ["k": 1, "j": "v"], "extra": [1, 2]]]]
        let direct = try #require(SimWorldState(snapshot: try Self.bytes(odd)))
        #expect(direct.jsonValue == SimWorldState(jsonValue: odd)?.jsonValue)
        #expect(direct.resources["d-1"]?.region == nil)
        #expect(direct.resources["d-1"]?.tags == ["j": "v"])
    }

    @Test func whatTheDirectReaderRefusesIsLeftToTheTree() throws {
        let refused: [Value] = [
            ["next_serial": 1],                                                      // no resources
            ["resources": []],                                                       // no next_serial
            ["format": 99, "next_serial": 1, "resources": []],                       // a newer format
            ["next_serial": 1, "resources": [["id": "x", "type": "sim_data"]]],      // a resource without attributes
            ["next_serial": 1, "resources": "none"],
        ]
        for value in refused { #expect(SimWorldState(snapshot: try Self.bytes(value)) == nil, "\(value)") }
        #expect(SimWorldState(snapshot: Array("{not json".utf8)) == nil)
    }
}
