import Foundation
import XCTest

/// Capacity failover on AWS through the real `gantry` binary and `gantry-provider-aws`,
/// against moto behind the fault proxy: spot in us-east-1a launches nothing (the proxy
/// answers the failed launch activity AWS records), so the pool lands in us-east-1b; when
/// every offer is short, the apply fails listing each attempt and leaves no group behind.
final class AWSCapacityFailoverTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!
    var moto: MotoProcess!
    var proxy: FaultProxyProcess?

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
        moto = try MotoProcess()
        // The scenario AWSProviderTests' AWSFailoverTests runs through the engine.
        try scratch.write("spec/gantry.yaml", String(contentsOf: Repository.root.appendingPathComponent(
            "Tests/AWSProviderTests/Fixtures/failover-pool.yaml"), encoding: .utf8))
    }

    override func tearDown() {
        proxy?.stop()
        moto?.stop()
    }

    /// `gantry` talking to AWS through a proxy with `rules`.
    func run(_ arguments: [String], rules: String) throws -> GantryBinary.Result {
        if proxy == nil { proxy = try FaultProxyProcess(upstream: moto.endpoint, rules: rules) }
        var env = moto.environment(secret: "e2e-failover")
        env["AWS_ENDPOINT_URL"] = proxy?.endpoint
        return try gantry.run(arguments, in: scratch.url, environment: env)
    }

    func testSpotShortInTheFirstZoneLandsInTheNextAndStateSaysWhy() throws {
        let rules = #"{"launch_fail": [{"zone": "us-east-1a", "market": "spot"}]}"#
        let plan = try run(["plan", "spec"], rules: rules)
        XCTAssertEqual(plan.exitCode, 0, plan.transcript)
        XCTAssertTrue(plan.output.contains("Capacity placement (offers in the order apply tries them):"), plan.transcript)
        let offers = plan.output.split(separator: "\n").map(String.init).filter { $0.contains("p5.48xlarge  ") }
        XCTAssertEqual(offers.count, 4, plan.transcript)
        for (line, words) in zip(offers, [["1.", "spot", "us-east-1a"], ["2.", "spot", "us-east-1b"],
                                          ["3.", "on-demand", "us-east-1a"], ["4.", "on-demand", "us-east-1b"]]) {
            XCTAssertTrue(words.allSatisfy(line.contains), "\(line) should say \(words)")
        }
        let json = try run(["plan", "spec", "--json"], rules: rules)
        XCTAssertEqual(json.exitCode, 0, json.transcript)
        let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        XCTAssertNotNil(document?["resource_changes"], "the JSON plan stays Terraform-shaped")

        let apply = try run(["apply", "spec", "--auto-approve"], rules: rules)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.output.contains("node_pools.h100 landed in us-east-1b spot after spot was short in us-east-1a"),
                      apply.transcript)

        let (placements, failed) = try gantry.capacityRecords(scratch.url.appendingPathComponent("spec"))
        let pool = try XCTUnwrap(placements["node_pools.h100.aws_autoscaling_group.main"])
        XCTAssertEqual(pool["zone"] as? String, "us-east-1b")
        XCTAssertEqual(pool["market"] as? String, "spot")
        XCTAssertEqual(failed.first?["zone"] as? String, "us-east-1a")
        XCTAssertEqual(failed.first?["market"] as? String, "spot")

        // Planned again: the pool stays where it landed.
        let again = try run(["plan", "spec", "--detailed-exitcode"], rules: rules)
        XCTAssertEqual(again.exitCode, 0, "the second plan must be empty\n\(again.transcript)")
    }

    func testEveryOfferShortFailsListingEachAttemptAndLeavesNoGroup() throws {
        let rules = #"{"launch_fail": [{"zone": "us-east-1a"}, {"zone": "us-east-1b"}]}"#
        let apply = try run(["apply", "spec", "--auto-approve"], rules: rules)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertTrue(apply.errors.contains("no capacity for node_pools.h100 in any of its 4 offer(s) tried:"),
                      apply.transcript)
        for (i, offer) in ["spot in us-east-1a", "spot in us-east-1b", "on-demand in us-east-1a",
                           "on-demand in us-east-1b"].enumerated() {
            XCTAssertTrue(apply.errors.contains("\(i + 1). p5.48xlarge \(offer): "), "\(offer)\n\(apply.transcript)")
        }
        XCTAssertFalse(try gantry.stateAddresses(scratch.url.appendingPathComponent("spec"))
            .contains("node_pools.h100.aws_autoscaling_group.main"))
        // boto3, not Gantry, says no group is left.
        let groups = try boto3(#"print(len(boto3.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]))"#)
        XCTAssertEqual(groups, "0")
    }

    /// Runs a boto3 snippet against moto (directly, not through the proxy); its output, trimmed.
    private func boto3(_ code: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import boto3\n" + code]
        process.environment = ProcessInfo.processInfo.environment.merging(moto.environment(secret: "e2e-failover")) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
