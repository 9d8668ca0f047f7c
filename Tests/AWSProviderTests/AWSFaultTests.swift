import Foundation
import GantryBasics
import GantryHTTP
import GantryProviderKit
import XCTest
@testable import AWSProvider

/// Faults injected by a proxy in front of moto: throttling is retried with backoff,
/// capacity shortages are reported as `capacity` with AWS's code and message, and the
/// placement-group call moto lacks is held to AWS's documented example.
extension AWSMotoTests {
    func withProxy(config: [String: Value] = ["regions": ["us-east-1"], "max_attempts": 4],
                   _ body: (FaultProxy, AWSProvider) async throws -> Void) async throws {
        let moto = try self.moto
        let proxy = try FaultProxy(upstream: moto.endpoint, http: moto.http)
        defer { proxy.stop() }
        try await proxy.waitUntilReady()
        var env = moto.environment
        env["AWS_ENDPOINT_URL"] = proxy.endpoint
        let aws = try await provider(config, environment: env)
        try await body(proxy, aws)
    }

    func testThrottlingIsRetriedWithBackoffThenSucceeds() async throws {
        try await withProxy { proxy, aws in
            try await proxy.rules(["throttle": ["CreateVpc": 2]])
            let results = await aws.create([CreateRequest(address: "networks.t.aws_vpc.main", type: "aws_vpc",
                                                          attributes: ["cidr_block": "10.7.0.0/16"], intentToken: "t")])
            guard case .success = results.first else { return XCTFail("\(results)") }
            let attempts = try await proxy.log().filter { $0["action"] == "CreateVpc" }.count
            XCTAssertEqual(attempts, 3, "two throttled answers, then the call that succeeds")
            XCTAssertEqual(aws.callCount, 3)

            // Throttled past the attempt budget: reported as `throttled` so the engine backs off.
            try await proxy.rules(["throttle": ["CreateVpc": 10]])
            let exhausted = await aws.create([CreateRequest(address: "networks.u.aws_vpc.main", type: "aws_vpc",
                                                            attributes: ["cidr_block": "10.6.0.0/16"], intentToken: "u")])
            guard case .failure(_, let error) = exhausted.first else { return XCTFail("\(exhausted)") }
            XCTAssertEqual(error.code, .throttled)
            XCTAssertEqual(error.providerCode, "RequestLimitExceeded")
            XCTAssertEqual(error.detail["attempts"], 4)
        }
    }

    func testInsufficientCapacityIsReportedAsCapacity() async throws {
        try await withProxy { proxy, aws in
            try await proxy.rules(["capacity": ["RunInstances"]])
            let results = await aws.create([CreateRequest(address: "resources.gpu.aws_instance.main", type: "aws_instance",
                                                          attributes: ["ami": "ami-12c6146b", "instance_type": "p5.48xlarge"],
                                                          intentToken: "t")])
            guard case .failure(let address, let error) = results.first else { return XCTFail("\(results)") }
            XCTAssertEqual(address, "resources.gpu.aws_instance.main")
            XCTAssertEqual(error.code, .capacity, "the engine fails over to the next zone/region/market on `capacity`")
            XCTAssertEqual(error.providerCode, "InsufficientInstanceCapacity")
            XCTAssertTrue(error.message.contains("sufficient p5.48xlarge capacity"), error.message)
            // What the engine's failover reads, in the sim's detail keys.
            XCTAssertEqual(error.detail["zone"], "us-east-1a")
            XCTAssertEqual(error.detail["instance_type"], "p5.48xlarge")
            XCTAssertEqual(error.detail["market"], "on-demand")
            XCTAssertEqual(error.detail["region"], "us-east-1")
            let attempts = try await proxy.log().filter { $0["action"] == "RunInstances" }.count
            XCTAssertEqual(attempts, 1, "capacity errors are not retried in place")
        }
    }

    /// moto has no placement groups: the request on the wire is compared with AWS's documented
    /// example (EC2 API reference, CreatePlacementGroup: `Action=CreatePlacementGroup
    /// &GroupName=XYZ-cluster&Strategy=cluster`) and the documented answer is parsed.
    func testPlacementGroupRequestMatchesAWSDocumentedExample() async throws {
        try await withProxy { proxy, aws in
            let documentedAnswer = """
                <CreatePlacementGroupResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                    <requestId>d4904fd9-82c2-4ea5-adfe-a9cc3EXAMPLE</requestId>
                    <placementGroup><groupName>XYZ-cluster</groupName><strategy>cluster</strategy>
                    <groupId>pg-0123456789abcdef0</groupId>
                    <groupArn>arn:aws:ec2:us-east-1:123456789012:placement-group/XYZ-cluster</groupArn></placementGroup>
                </CreatePlacementGroupResponse>
                """
            try await proxy.rules(["canned": ["CreatePlacementGroup": .string(documentedAnswer)]])
            let results = await aws.create([CreateRequest(address: "networks.t.aws_placement_group.main",
                                                          type: "aws_placement_group",
                                                          attributes: ["name": "XYZ-cluster", "strategy": "cluster"],
                                                          intentToken: "tok")])
            guard case .success(let group) = results.first else { return XCTFail("\(results)") }
            XCTAssertEqual(group.id, "XYZ-cluster")
            XCTAssertEqual(group.attributes["placement_group_id"], "pg-0123456789abcdef0")
            let log = try await proxy.log()
            let sent = try XCTUnwrap(log.first { $0["action"] == "CreatePlacementGroup" })
            let pairs = (sent["body"]?.stringValue ?? "").split(separator: "&").map(String.init)
            XCTAssertEqual(Array(pairs.prefix(4)), ["Action=CreatePlacementGroup", "Version=2016-11-15",
                                                    "GroupName=XYZ-cluster", "Strategy=cluster"])
            XCTAssertTrue(pairs.contains("TagSpecification.1.ResourceType=placement-group"))
            XCTAssertTrue(pairs.contains("TagSpecification.1.Tag.1.Key=gantry%3Aaddress"))
            XCTAssertEqual(sent["method"], "POST")
        }
    }
}

/// A role created in the same apply is not assumable at once on AWS (IAM is eventually
/// consistent); EKS's refusal naming the role is retried, not reported.
extension AWSMotoTests {
    func testEKSRetriesWhileANewRoleIsNotAssumableYet() async throws {
        try await withProxy { proxy, aws in
            let refusal = #"{"__type":"InvalidParameterException","message":"Role with arn: arn:aws:iam::123456789012:role/new, could not be assumed because it does not exist or the trusted entity is not correct"}"#
            try await proxy.rules(["fail": ["POST /clusters": ["times": 1, "status": 400, "body": .string(refusal)]]])
            let results = await aws.create([CreateRequest(address: "networks.n.aws_eks_cluster.gpu", type: "aws_eks_cluster",
                                                          attributes: ["name": "gpu", "role_arn": "arn:aws:iam::123456789012:role/new",
                                                                       "vpc_config": ["subnet_ids": [], "security_group_ids": []]],
                                                          intentToken: "t")])
            guard case .success(let cluster) = results.first else { return XCTFail("\(results)") }
            XCTAssertEqual(cluster.id, "gpu")
            let creates = try await proxy.log().filter { $0["method"] == "POST" && $0["path"] == "/clusters" }
            XCTAssertEqual(creates.count, 2, "refused once while the role propagates, then created")
        }
    }
}
