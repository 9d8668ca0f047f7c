import GantryBasics
import GantryProviderKit
import Testing
@testable import AWSProvider

/// A node pool's group as the capacity failover steers it: Gantry's placement keys become
/// the Terraform-named fields AWS gets, and failed launches are told apart.
@Suite struct PoolPlacementTests {
    static let template: Value = ["id": "lt-0abc", "version": "$Latest"]

    static func group(_ placement: [String: Value]) -> [String: Value] {
        var a: [String: Value] = ["name": "pool", "launch_template": template, "desired_capacity": 4,
                                  "vpc_zone_identifier": ["subnet-a", "subnet-b"]]
        a.merge(placement) { $1 }
        return a
    }

    struct Split: Sendable, CustomStringConvertible {
        var placement: [String: Value]
        var base: Int
        var onDemandPercent: Int
        var description: String { "\(placement)" }
    }

    @Test(arguments: [
        Split(placement: ["market": "spot"], base: 0, onDemandPercent: 0),
        Split(placement: ["market": "on-demand"], base: 0, onDemandPercent: 100),
        Split(placement: ["market": "spot", "spot_percent": 70, "on_demand_base": 1], base: 1, onDemandPercent: 30),
        Split(placement: ["market": "on-demand", "spot_percent": 70, "on_demand_base": 1], base: 0, onDemandPercent: 100),
    ])
    func marketBecomesTheInstancesDistribution(_ split: Split) throws {
        let a = Self.group(split.placement.merging(["instance_type": "p5.48xlarge"]) { $1 })
        let applied = try #require(PoolPlacement(a)).autoScalingGroup(a)
        let distribution = applied["mixed_instances_policy"]?["instances_distribution"]
        #expect(distribution?["on_demand_base_capacity"] == .int(split.base))
        #expect(distribution?["on_demand_percentage_above_base_capacity"] == .int(split.onDemandPercent))
        #expect(distribution?["spot_allocation_strategy"] == "capacity-optimized")
        #expect(applied["mixed_instances_policy"]?["launch_template"] == [
            "launch_template_specification": ["launch_template_id": "lt-0abc", "version": "$Latest"],
            "override": [["instance_type": "p5.48xlarge"]],
        ])
        #expect(applied["launch_template"] == nil, "the template moves into the policy")
        #expect(applied["capacity_reservation_specification"] == nil)
    }

    @Test func aFailoverRewritesThePolicyItWasPlannedWith() throws {
        let first = Self.group(["market": "spot", "instance_type": "p5.48xlarge"])
        let planned = try #require(PoolPlacement(first)).autoScalingGroup(first)
        var next = planned
        next["market"] = "on-demand"
        next["instance_type"] = "p5en.48xlarge"
        let retried = try #require(PoolPlacement(next)).autoScalingGroup(next)
        #expect(retried["mixed_instances_policy"]?["instances_distribution"]?["on_demand_percentage_above_base_capacity"] == 100)
        #expect(retried["mixed_instances_policy"]?["launch_template"]?["override"] == [["instance_type": "p5en.48xlarge"]])
        #expect(retried["mixed_instances_policy"]?["launch_template"]?["launch_template_specification"]?["launch_template_id"]
                == "lt-0abc")
    }

    @Test func reservationsBecomeTheCapacityReservationSpecification() throws {
        for (reservation, key) in [("cr-0123456789abcdef0", "capacity_reservation_ids"),
                                   ("arn:aws:resource-groups:us-east-1:1:group/h100", "capacity_reservation_resource_group_arns")] {
            let a = Self.group(["market": "on-demand", "capacity_reservation": .string(reservation)])
            let applied = try #require(PoolPlacement(a)).autoScalingGroup(a)
            #expect(applied["capacity_reservation_specification"] == [
                "capacity_reservation_preference": "capacity-reservations-only",
                "capacity_reservation_target": .object([key: [.string(reservation)]]),
            ])
        }
    }

    @Test func unsteeredGroupsAreLeftAsTheySay() {
        #expect(PoolPlacement(Self.group([:])) == nil)
        let raw = Self.group([:])
        #expect(AWSPlanner.prepared(raw, spec: AutoScalingGroupHandler().spec) == raw)
    }

    @Test func whatAGroupCannotBeAskedForIsRefusedNamingIt() throws {
        let block = try #require(PoolPlacement(Self.group(["market": "capacity-block"])))
        #expect(throws: ProviderError.self) { try block.checkAutoScaling("Auto Scaling group pool") }
        do {
            try block.checkAutoScaling("Auto Scaling group pool")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.message == "Auto Scaling group pool: market `capacity-block` is not one of spot, on-demand")
        }
        let selector = try #require(PoolPlacement(Self.group(["market": "on-demand",
                                                                          "capacity_reservation": "team=ml"])))
        #expect(throws: ProviderError.self) { try selector.checkAutoScaling("Auto Scaling group pool") }
    }

    @Test func aLandedGroupKeepsItsZonesSubnetsInLaterPlans() {
        let planned = Self.group(["market": "spot", "zones": ["us-east-1b"]])
        var prior = planned
        prior["vpc_zone_identifier"] = ["subnet-b"]
        #expect(PoolPlacement.keptSubnets(planned: planned, prior: prior, key: "vpc_zone_identifier") == ["subnet-b"])
        // Moved to another zone: the whole list again, for the handler to narrow.
        var moved = planned
        moved["zones"] = ["us-east-1a"]
        #expect(PoolPlacement.keptSubnets(planned: moved, prior: prior, key: "vpc_zone_identifier") == nil)
        // A subnet the pool no longer has: not kept.
        prior["vpc_zone_identifier"] = ["subnet-c"]
        #expect(PoolPlacement.keptSubnets(planned: planned, prior: prior, key: "vpc_zone_identifier") == nil)
    }

    struct LaunchFailure: Sendable, CustomStringConvertible {
        var message: String
        var code: String?
        var description: String { String(message.prefix(40)) }
    }

    /// Scaling activities carry AWS's text only; these are its wordings.
    @Test(arguments: [
        LaunchFailure(message: "We currently do not have sufficient p5.48xlarge capacity in the Availability Zone you requested "
                          + "(us-east-1a). Our system will be working on provisioning additional capacity. Launching EC2 instance failed.",
                      code: "InsufficientInstanceCapacity"),
        LaunchFailure(message: "Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity "
                          + "available that matches your request. Launching EC2 instance failed.",
                      code: "InsufficientInstanceCapacity"),
        LaunchFailure(message: "Could not launch Spot Instances. UnfulfillableCapacity - Unable to fulfill capacity due to "
                          + "your request configuration. Launching EC2 instance failed.", code: "UnfulfillableCapacity"),
        LaunchFailure(message: "You have requested more vCPU capacity than your current vCPU limit of 0 allows for the "
                          + "instance bucket that the specified instance type belongs to. Launching EC2 instance failed.",
                      code: "VcpuLimitExceeded"),
        LaunchFailure(message: "Could not launch Spot Instances. MaxSpotInstanceCountExceeded - Max spot instance count "
                          + "exceeded. Launching EC2 instance failed.", code: "MaxSpotInstanceCountExceeded"),
        LaunchFailure(message: "The image id '[ami-0bad]' does not exist. Launching EC2 instance failed.", code: nil),
        LaunchFailure(message: "Access denied when attempting to assume role arn:aws:iam::1:role/x. Launching EC2 instance failed.",
                      code: nil),
    ])
    func launchFailuresAreToldApart(_ failure: LaunchFailure) {
        #expect(AWSCapacityDetail.launchFailureCode(failure.message) == failure.code)
    }

    @Test func launchWaitIsConfigurable() throws {
        #expect(try AWSConfig.parse([:]).launchWaitSeconds == 60)
        #expect(try AWSConfig.parse(["launch_wait_seconds": 0]).launchWaitSeconds == 0)
        #expect(throws: ProviderError.self) { try AWSConfig.parse(["launch_wait_seconds": "soon"]) }
    }

    @Test func aPoolsGroupCarriesThePlacementKeysTheEngineSteers() throws {
        let spec = try AWSMotoTests.failoverSpec(capacity: "{ markets: [spot, on-demand], zones: [us-east-1b] }")
        let lowered = try AWSLoweringTests.lower(spec: spec)
        #expect(!lowered.diagnostics.contains { $0.severity == .error }, "\(lowered.diagnostics)")
        let group = try #require(AWSLoweringTests.resource(lowered, "node_pools.h100.aws_autoscaling_group.main"))
        #expect(group.attributes["instance_type"] == "p5.48xlarge")
        #expect(group.attributes["market"] == "spot")
        #expect(group.attributes["zones"] == nil, "the engine writes the zone of each offer")
        #expect(group.attributes["vpc_zone_identifier"] == [ref("networks.train.aws_subnet.us-east-1b")],
                "the pool's subnets are those of its zones")
        #expect(group.attributes["mixed_instances_policy"]?["launch_template"]?["launch_template_specification"]?["launch_template_id"]
                == ref("node_pools.h100.aws_launch_template.main"))
    }

    @Test func aZoneWithoutASubnetOfThePoolsNetworkIsAnError() throws {
        let spec = try AWSMotoTests.failoverSpec(capacity: "{ market: spot, zones: [us-east-1a, us-east-1c] }")
        let lowered = try AWSLoweringTests.lower(spec: spec)
        let error = try #require(lowered.diagnostics.first { $0.code == "zone-without-subnet" })
        #expect(error.message == "node_pools.h100: zone(s) us-east-1c have no subnet of the pool's network "
                + "(its zones: us-east-1a, us-east-1b)")
        #expect(error.path == "node_pools.h100.capacity.zones")
    }

    @Test func anEKSNodeGroupBuysTheOffersTypeInItsMarketOnly() throws {
        let a: [String: Value] = ["node_group_name": "pool", "instance_types": ["p5.48xlarge"], "capacity_type": "SPOT",
                                  "market": "on-demand", "instance_type": "p5en.48xlarge"]
        let applied = try #require(PoolPlacement(a)).eksNodeGroup(a)
        #expect(applied["instance_types"] == ["p5en.48xlarge"])
        #expect(applied["capacity_type"] == "ON_DEMAND")
        let mixed = try #require(PoolPlacement(["market": "spot", "spot_percent": 50]))
        #expect(throws: ProviderError.self) { try mixed.checkEKS("EKS node group gpu/pool") }
        let reserved = try #require(PoolPlacement(["market": "on-demand", "capacity_reservation": "cr-1"]))
        #expect(throws: ProviderError.self) { try reserved.checkEKS("EKS node group gpu/pool") }
    }

    @Test func anEKSPoolsNodeGroupCarriesThePlacementKeysToo() throws {
        let spec = try AWSMotoTests.failoverSpec().replacingOccurrences(of: "launch_wait_seconds: 0 }",
                                                                        with: AWSMotoTests.eksCluster)
        let lowered = try AWSLoweringTests.lower(spec: spec)
        let group = try #require(AWSLoweringTests.resource(lowered, AWSMotoTests.nodeGroup))
        #expect(group.attributes["instance_type"] == "p5.48xlarge")
        #expect(group.attributes["market"] == "spot")
        #expect(group.attributes["capacity_type"] == "SPOT")
        #expect(group.attributes["subnet_ids"] == [ref("networks.train.aws_subnet.us-east-1a"),
                                                   ref("networks.train.aws_subnet.us-east-1b")])
    }
}
