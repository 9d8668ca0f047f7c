import Foundation
import GantryBasics
import GantryProviderKit
import GantrySpec
import Testing
@testable import AWSProvider

/// How an Auto Scaling group keeps a pool's rollout settings in tags, how its instances'
/// states become the readiness a rollout's health gate reads, and what the lowering puts
/// on the group.
@Suite struct AutoScalingGroupRolloutTests {
    typealias Instance = AutoScalingGroupRollout.Instance

    static let update: Value = ["strategy": "canary", "steps": [10, 50, 100], "max_surge": 1, "max_unavailable": 0,
                                "health_timeout": 600, "pause": 30, "size_key": "desired_capacity", "min_key": "min_size"]

    @Test func settingsRoundTripThroughCompactJSONTags() throws {
        let attributes: [String: Value] = ["update_config": Self.update, "gpu_instances_per_node": ["1g.10gb": 56],
                                           "desired_capacity": 2]
        let tags = try AutoScalingGroupRollout.tags(attributes)
        #expect(Set(tags.keys) == ["gantry:update_config", "gantry:gpu_instances_per_node"])
        #expect(tags["gantry:gpu_instances_per_node"] == #"{"1g.10gb":56}"#)
        #expect(tags["gantry:update_config"]?.contains(" ") == false)
        let back = AutoScalingGroupRollout.attributes(fromTags: tags.merging(["gantry:address": "x"]) { $1 })
        #expect(back == ["update_config": Self.update, "gpu_instances_per_node": ["1g.10gb": 56]])
    }

    @Test func absentSettingsMakeNoTagsAndGantryTagsAreNotUserTags() throws {
        #expect(try AutoScalingGroupRollout.tags(["update_config": .null, "desired_capacity": 2]).isEmpty)
        let (user, gantry) = splitTags(["team": "ml", "gantry:update_config": #"{"strategy":"rolling"}"#])
        #expect(user == ["team": "ml"])
        #expect(gantry.keys.contains("gantry:update_config"))
    }

    @Test func aSettingTooLongForATagIsRefused() {
        let steps = Value.array((1...100).map { Value.int($0) })
        #expect {
            _ = try AutoScalingGroupRollout.tags(["update_config": ["strategy": "canary", "steps": steps]])
        } throws: { error in
            (error as? ProviderError)?.code == .invalid && "\(error)".contains("at most 256")
        }
    }

    @Test func aTagEditedIntoGarbageIsDroppedSoThePlanRewritesIt() {
        #expect(AutoScalingGroupRollout.attributes(fromTags: ["gantry:update_config": "{not json"]).isEmpty)
    }

    @Test func rolloutTagsStayOnTheGroup() {
        let params = AutoScalingGroupRollout.tagParameters(["Name": "n", "gantry:update_config": "{}"], group: "g")
        let lookup = Dictionary(params, uniquingKeysWith: { a, _ in a })
        // Sorted keys: `Name` is member 1, the rollout tag member 2.
        #expect(lookup["Tags.member.1.PropagateAtLaunch"] == "true")
        #expect(lookup["Tags.member.2.Key"] == "gantry:update_config")
        #expect(lookup["Tags.member.2.PropagateAtLaunch"] == "false")
    }

    @Test func inServiceAndHealthyInstancesAreReady() {
        let booting = [Instance(lifecycleState: "InService", healthStatus: "Healthy"),
                       Instance(lifecycleState: "Pending", healthStatus: "Healthy")]
        #expect(AutoScalingGroupRollout.readiness(booting, desired: 2)
            == ["ready_nodes": 1, "failed_nodes": 0, "status": "SCALING"])
        let up = [Instance](repeating: Instance(lifecycleState: "InService", healthStatus: "Healthy"), count: 2)
        #expect(AutoScalingGroupRollout.readiness(up, desired: 2)
            == ["ready_nodes": 2, "failed_nodes": 0, "status": "ACTIVE"])
        #expect(AutoScalingGroupRollout.readiness([], desired: 0)["status"] == "ACTIVE")
    }

    @Test func unhealthyInstancesAndOnesDyingWhileLaunchingFail() {
        let unhealthy = [Instance(lifecycleState: "InService", healthStatus: "Healthy"),
                         Instance(lifecycleState: "InService", healthStatus: "Unhealthy")]
        #expect(AutoScalingGroupRollout.readiness(unhealthy, desired: 2)
            == ["ready_nodes": 1, "failed_nodes": 1, "status": "DEGRADED"])
        // Terminating while the group is short of its count: it died launching.
        let died = [Instance(lifecycleState: "InService", healthStatus: "Healthy"),
                    Instance(lifecycleState: "Terminating", healthStatus: "Healthy")]
        #expect(AutoScalingGroupRollout.readiness(died, desired: 2)["failed_nodes"] == 1)
        // Terminating after a scale-in, the rest making up the count: not a failure.
        #expect(AutoScalingGroupRollout.readiness(died, desired: 1)
            == ["ready_nodes": 1, "failed_nodes": 0, "status": "ACTIVE"])
    }

    /// A launch that fails for want of capacity leaves no instance: the newest launch
    /// activity says so (shape of the DescribeScalingActivities example in AWS's reference).
    @Test func aFailedLaunchActivityIsReadAsTheReason() throws {
        func answer(_ activities: String) throws -> XMLElement {
            try #require(XMLElement.parse(Array(("<DescribeScalingActivitiesResponse><DescribeScalingActivitiesResult>"
                + "<Activities>\(activities)</Activities></DescribeScalingActivitiesResult>"
                + "</DescribeScalingActivitiesResponse>").utf8)))
        }
        let failed = "<member><StatusCode>Failed</StatusCode><Description>Launching a new EC2 instance.  Status Reason: "
            + "We currently do not have sufficient p5.48xlarge capacity.</Description><StatusMessage>We currently do not "
            + "have sufficient p5.48xlarge capacity in the Availability Zone you requested (us-east-1a).</StatusMessage>"
            + "</member>"
        let succeeded = "<member><StatusCode>Successful</StatusCode><Description>Launching a new EC2 instance: i-1"
            + "</Description></member>"
        let terminated = "<member><StatusCode>Successful</StatusCode><Description>Terminating EC2 instance: i-0"
            + "</Description></member>"
        #expect(AutoScalingGroupRollout.failedLaunch(try answer(terminated + failed + succeeded))?
            .hasPrefix("We currently do not have sufficient p5.48xlarge capacity in the Availability Zone") == true)
        #expect(AutoScalingGroupRollout.failedLaunch(try answer(succeeded + failed)) == nil, "the newest launch counts")
        #expect(AutoScalingGroupRollout.failedLaunch(try answer("")) == nil)
    }

    @Test func theLoweringPutsRolloutSettingsOnTheGroupAndVersionsItsName() throws {
        let mig = try lowered(mig: "{ profile: 1g.10gb }", labels: "{ team: a }")
        let group = try #require(mig.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(group.attributes["update_config"]?["strategy"] == "blue-green")
        #expect(group.attributes["update_config"]?["size_key"] == "desired_capacity")
        #expect(group.attributes["gpu_instances_per_node"] == ["1g.10gb": 56])
        let template = try #require(mig.resources.first { $0.type == "aws_launch_template" })
        let name = try #require(group.attributes["name"]?.stringValue)
        #expect(name.hasPrefix("gantry-h100-us-east-1-") && name.count == "gantry-h100-us-east-1-".count + 8)
        #expect(template.attributes["name"]?.stringValue == name)
        #expect(group.attributes["tags"] == ["Name": "gantry-h100-us-east-1"])

        // Same nodes → same name; new labels (in the boot script) → a new one.
        #expect(try lowered(mig: "{ profile: 1g.10gb }", labels: "{ team: a }").resources
            .first { $0.type == "aws_autoscaling_group" }?.attributes["name"]?.stringValue == name)
        #expect(try lowered(mig: "{ profile: 1g.10gb }", labels: "{ team: b }").resources
            .first { $0.type == "aws_autoscaling_group" }?.attributes["name"]?.stringValue != name)
    }

    private func lowered(mig: String, labels: String) throws -> LowerResponse {
        let text = """
            gantry: 1
            project: lt
            providers:
              aws: { regions: [us-east-1], max_zones: 2, gpu_ami: ami-0123456789abcdef0 }
            regions:
              us-east-1: { residency: us }
            networks:
              train: { regions: [us-east-1], cidr: 10.20.0.0/16 }
            node_pools:
              h100:
                network: train
                gpu: { model: H100, count: 8 }
                mig: \(mig)
                labels: \(labels)
                nodes: { min: 0, max: 2, desired: 1 }
                update: { strategy: blue-green, health_timeout: 5m }
            """
        // The spec's max_zones (2) narrows the helper's three zones to the two this test used.
        let response = try AWSLoweringTests.lower(spec: text)
        #expect(response.diagnostics.filter { $0.severity == .error }.isEmpty, "\(response.diagnostics)")
        return response
    }
}
