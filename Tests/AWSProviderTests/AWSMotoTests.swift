import Foundation
import GantryBasics
import GantryEngine
import GantryHTTP
import GantryProviderKit
import GantrySpec
import GantryState
import XCTest
@testable import AWSProvider

/// The AWS provider against a real moto server (strict SigV4), started once for the suite.
final class AWSMotoTests: XCTestCase {
    nonisolated(unsafe) static var server: MotoServer?
    nonisolated(unsafe) static var startError: String?

    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/aws-on-moto").path

    override class func setUp() {
        do { server = try MotoServer() } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
    }

    var moto: MotoServer {
        get throws {
            guard let server = Self.server else { throw MotoServer.Unavailable(description: Self.startError ?? "moto not started") }
            return server
        }
    }

    override func setUp() async throws {
        try await moto.waitUntilReady()
        try await moto.reset()
    }

    func provider(_ config: [String: Value], environment: [String: String]? = nil) async throws -> AWSProvider {
        let moto = try self.moto
        let aws = AWSProvider(http: moto.http, environment: environment ?? moto.environment)
        try await aws.configure(ConfigureRequest(config: config, workingDirectory: NSTemporaryDirectory()))
        return aws
    }

    func loadExample() throws -> Spec {
        let result = SpecLoader(environment: [:]).load(path: Self.example)
        guard let spec = result.spec, !result.diagnostics.contains(where: { $0.severity == .error }) else {
            throw MotoServer.Unavailable(description: "example does not load: \(result.diagnostics)")
        }
        return spec
    }

    /// The example end to end: apply, an empty second plan, an in-place size change, destroy.
    func testExampleAppliesReplansEmptyScalesInPlaceAndDestroys() async throws {
        let spec = try loadExample()
        let aws = try await provider(spec.providers["aws"] ?? [:])
        let engine = Engine(providers: ["aws": aws], store: InMemoryStateStore())

        let started = Date()
        let plan = try await engine.plan(spec.intents())
        XCTAssertEqual(plan.summary.add, 24)
        let report = try await engine.apply(plan)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(report.failed.map(\.address), [], "\(report.failed)")
        print("aws-on-moto apply: \(plan.summary.add) resources, \(aws.callCount) API calls, "
              + String(format: "%.2f s", elapsed))

        _ = try PythonRunner.run("check_moto.py", ["created"], environment: try moto.environment)

        let second = try await engine.plan(spec.intents())
        XCTAssertFalse(second.hasChanges, "second plan: " + second.actionableChanges.map {
            "\($0.address) \($0.action) \($0.attributeChanges.map { "\($0.name): \($0.before.map { "\($0)" } ?? "nil") → \($0.after.map { "\($0)" } ?? "nil")" })"
        }.joined(separator: "; "))

        // Desired 2 → 3 on both pools: updates in place (ASG and EKS node group), nothing replaced.
        let scaled = spec.intents().map { item -> IntentItem in
            guard item.kind == "node_pools", var nodes = item.attributes["nodes"]?.objectValue else { return item }
            var item = item
            nodes["desired"] = 3
            item.attributes["nodes"] = .object(nodes)
            return item
        }
        let resize = try await engine.plan(scaled)
        XCTAssertEqual(Set(resize.actionableChanges.map(\.action)), [.update])
        XCTAssertEqual(Set(resize.actionableChanges.map(\.type)), ["aws_autoscaling_group", "aws_eks_node_group"])
        let resized = try await engine.apply(resize)
        XCTAssertEqual(resized.failed.count, 0, "\(resized.failed)")
        let summary = try JSON.parse(try PythonRunner.run("check_moto.py", ["created"], environment: try moto.environment))
        XCTAssertEqual(summary["asg_desired"]?.intValue, 3)
        XCTAssertEqual(summary["nodegroup_desired"]?.intValue, 3)

        let destroy = try await engine.planDestroy()
        let destroyed = try await engine.apply(destroy)
        XCTAssertEqual(destroyed.failed.count, 0, "\(destroyed.failed)")
        _ = try PythonRunner.run("check_moto.py", ["empty"], environment: try moto.environment)
    }

    /// With moto's strict signature checking, our signed query, JSON and S3 calls are accepted
    /// (values with spaces and symbols included); a wrong secret is refused and reported as `auth`.
    func testStrictSigningAcceptedAndWrongSecretIsReportedAsAuth() async throws {
        try await moto.reset(strict: true)
        let good = try await provider(["regions": ["us-east-1"]])
        let made = await good.create([
            CreateRequest(address: "networks.x.aws_vpc.main", type: "aws_vpc",
                          attributes: ["cidr_block": "10.8.0.0/16", "tags": ["Name": "a name (with) *symbols* & spaces"]],
                          intentToken: "t"),
        ])
        XCTAssertEqual(made.filter { if case .success = $0 { true } else { false } }.count, 1, "\(made)")
        var env = try moto.environment
        env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        let aws = try await provider(["regions": ["us-east-1"]], environment: env)
        let results = await aws.create([CreateRequest(address: "networks.x.aws_vpc.main", type: "aws_vpc",
                                                      attributes: ["cidr_block": "10.9.0.0/16"], intentToken: "t")])
        guard case .failure(_, let error) = results.first else { return XCTFail("expected a failure, got \(results)") }
        XCTAssertEqual(error.code, .auth)
        // EC2 answers a bad signature with AuthFailure, as AWS does.
        XCTAssertEqual(error.providerCode, "AuthFailure")
        XCTAssertFalse("\(error)".contains("not-the-secret"))
    }

    /// Create, read (batched), update and delete of single resources, and adoption by tag.
    func testCreateReadUpdateDeleteAndList() async throws {
        let aws = try await provider(["regions": ["us-east-1", "us-west-2"], "project": "crud"])
        let vpcAddress: ResourceAddress = "networks.n[us-west-2].aws_vpc.main"
        let created = await aws.create([CreateRequest(address: vpcAddress, type: "aws_vpc",
                                                      attributes: ["region": "us-west-2", "cidr_block": "10.1.0.0/16",
                                                                   "tags": ["Name": "n"]], intentToken: "tok-1")])
        guard case .success(let vpc) = created.first else { return XCTFail("\(created)") }
        let efs = await aws.create([CreateRequest(address: "storage.s.aws_efs_file_system.main", type: "aws_efs_file_system",
                                                  attributes: ["region": "us-east-1", "creation_token": "s", "performance_mode": "generalPurpose",
                                                               "throughput_mode": "elastic", "encrypted": true,
                                                               "lifecycle_policy": [["transition_to_ia": "AFTER_30_DAYS"]]],
                                                  intentToken: "tok-2")])
        guard case .success(let fs) = efs.first else { return XCTFail("\(efs)") }

        let read = try await aws.read(ReadRequest(type: "aws_vpc", items: [.init(address: vpcAddress, id: vpc.id),
                                                                           .init(address: "gone", id: "vpc-00000000")]))
        guard case .found(let seen) = read.first else { return XCTFail("\(read)") }
        XCTAssertEqual(seen.attributes["cidr_block"], "10.1.0.0/16")
        XCTAssertEqual(seen.attributes["tags"], ["Name": "n"], "Gantry's own tags are not user tags")
        XCTAssertEqual(read.last, .notFound("gone"))
        let fsRead = try await aws.read(ReadRequest(type: "aws_efs_file_system", items: [.init(address: fs.address, id: fs.id)]))
        guard case .found(let fsSeen) = fsRead.first else { return XCTFail("\(fsRead)") }
        XCTAssertEqual(fsSeen.attributes["lifecycle_policy"], [["transition_to_ia": "AFTER_30_DAYS"]])

        let listed = try await aws.list(ListRequest(type: "aws_vpc"))
        XCTAssertEqual(listed.map(\.address), [vpcAddress], "adoption finds the VPC by its gantry:address tag")

        var changed = vpc.attributes
        changed["tags"] = ["Name": "renamed"]
        let updated = await aws.update([UpdateRequest(address: vpcAddress, type: "aws_vpc", id: vpc.id, prior: vpc.attributes,
                                                      attributes: changed)])
        guard case .success = updated.first else { return XCTFail("\(updated)") }
        let reread = try await aws.read(ReadRequest(type: "aws_vpc", items: [.init(address: vpcAddress, id: vpc.id)]))
        guard case .found(let after) = reread.first else { return XCTFail("\(reread)") }
        XCTAssertEqual(after.attributes["tags"], ["Name": "renamed"])

        let deleted = await aws.delete([DeleteRequest(address: vpcAddress, type: "aws_vpc", id: vpc.id, attributes: vpc.attributes),
                                        DeleteRequest(address: fs.address, type: "aws_efs_file_system", id: fs.id,
                                                      attributes: fs.attributes)])
        XCTAssertEqual(deleted, [.deleted(vpcAddress), .deleted(fs.address)])
        let afterDelete = try await aws.read(ReadRequest(type: "aws_vpc", items: [.init(address: vpcAddress, id: vpc.id)]))
        XCTAssertEqual(afterDelete, [.notFound(vpcAddress)])
    }

    /// Refreshing 1,000 instances takes one DescribeInstances page per region, not 1,000 reads.
    /// (moto needs ~35 s to launch them and ~20 s to describe them: the slowest test here.)
    func testRefreshOfAThousandInstancesTakesAtMostTenCalls() async throws {
        let aws = try await provider(["regions": ["us-east-1"], "timeout_seconds": 300])
        let client = AWSClient(http: try moto.http, credentials: try moto.credentials,
                               endpoints: AWSEndpoints(overrides: ["ec2": try moto.endpoint], environment: [:]),
                               timeoutSeconds: 300)
        let run = try await client.query("ec2", region: "us-east-1", action: "RunInstances", [
            ("ImageId", "ami-12c6146b"), ("InstanceType", "t3.micro"), ("MinCount", "1000"), ("MaxCount", "1000"),
        ] + EC2Query.tagSpecification("instance", ["gantry:address": "bench", "gantry:project": "bench"]))
        let ids = run.items("instancesSet").compactMap { $0.string("instanceId") }
        XCTAssertEqual(ids.count, 1000)
        let before = aws.callCount
        let results = try await aws.read(ReadRequest(type: "aws_instance", items: ids.enumerated().map {
            .init(address: ResourceAddress("resources.i\($0.offset).aws_instance.main"), id: $0.element)
        }))
        let calls = aws.callCount - before
        XCTAssertEqual(results.filter { if case .found = $0 { true } else { false } }.count, 1000)
        XCTAssertLessThanOrEqual(calls, 10)
        print("refresh of 1,000 instances: \(calls) API call(s)")
    }
}
