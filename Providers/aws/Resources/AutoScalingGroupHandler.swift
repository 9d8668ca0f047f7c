import GantryBasics
import GantryProviderKit

/// `aws_autoscaling_group`: sizes, subnets (`vpc_zone_identifier`), placement group, and
/// either `launch_template {id, version}` or a `mixed_instances_policy` for spot with an
/// on-demand base. Size and subnet changes are updated in place (scaling never replaces).
/// Replaced new-first, so a pool's `update_config` (kept in a tag with
/// `gpu_instances_per_node`, see `AutoScalingGroupRollout`) rolls the replacement out;
/// reads report `ready_nodes`, `failed_nodes` and `status` for the rollout's health gate.
///
/// A node pool's group carries Gantry's placement keys (`PoolPlacement`): its
/// create narrows the subnets to the placement's zones and, with `launch` as the bound,
/// waits for the nodes, answering a shortage as `capacity` so the engine fails over.
struct AutoScalingGroupHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_autoscaling_group", forceNew: ["name", "placement_group"],
                           computed: ["id", "arn", "ready_nodes", "failed_nodes", "status", "status_reason"],
                           recomputedOnUpdate: ["ready_nodes", "failed_nodes", "status", "status_reason"], createBeforeDestroy: true)
    /// How long a new steered group's launch is watched (`launch_wait_seconds`).
    var launch = AWSPoll(seconds: AWSConfig().launchWaitSeconds, pause: 5)

    func configured(_ config: AWSConfig) -> any AWSResourceHandler {
        var handler = self
        handler.launch.seconds = config.launchWaitSeconds
        return handler
    }

    /// `capacity_reservation_target` fields → their CapacityReservationTarget members.
    static let reservationTargets = [("capacity_reservation_ids", "CapacityReservationIds"),
                                     ("capacity_reservation_resource_group_arns", "CapacityReservationResourceGroupArns")]

    private func settings(_ a: [String: Value]) -> [(String, String)] {
        var params: [(String, String)] = []
        for (key, name) in [("min_size", "MinSize"), ("max_size", "MaxSize"), ("desired_capacity", "DesiredCapacity")] {
            if let n = a[key]?.intValue { params.append((name, String(n))) }
        }
        let subnets = a.strings("vpc_zone_identifier")
        if !subnets.isEmpty { params.append(("VPCZoneIdentifier", subnets.joined(separator: ","))) }
        if let template = a["launch_template"]?.objectValue {
            params.append(("LaunchTemplate.LaunchTemplateId", template["id"]?.stringValue ?? ""))
            params.append(("LaunchTemplate.Version", template["version"]?.stringValue ?? "$Latest"))
        }
        if let mixed = a["mixed_instances_policy"] {
            let m = "MixedInstancesPolicy"
            let spec = mixed["launch_template"]?["launch_template_specification"]
            params.append(("\(m).LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId",
                           spec?["launch_template_id"]?.stringValue ?? ""))
            params.append(("\(m).LaunchTemplate.LaunchTemplateSpecification.Version", spec?["version"]?.stringValue ?? "$Latest"))
            for (i, override) in (mixed["launch_template"]?["override"]?.arrayValue ?? []).enumerated() {
                if let type = override["instance_type"]?.stringValue {
                    params.append(("\(m).LaunchTemplate.Overrides.member.\(i + 1).InstanceType", type))
                }
            }
            let d = mixed["instances_distribution"]
            if let n = d?["on_demand_base_capacity"]?.intValue { params.append(("\(m).InstancesDistribution.OnDemandBaseCapacity", String(n))) }
            if let n = d?["on_demand_percentage_above_base_capacity"]?.intValue {
                params.append(("\(m).InstancesDistribution.OnDemandPercentageAboveBaseCapacity", String(n)))
            }
            if let s = d?["spot_allocation_strategy"]?.stringValue { params.append(("\(m).InstancesDistribution.SpotAllocationStrategy", s)) }
        }
        if let reservation = a["capacity_reservation_specification"] {
            let c = "CapacityReservationSpecification"
            if let preference = reservation["capacity_reservation_preference"]?.stringValue {
                params.append(("\(c).CapacityReservationPreference", preference))
            }
            let target = reservation["capacity_reservation_target"]
            for (key, member) in Self.reservationTargets {
                for (i, id) in (target?[key]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
                    params.append(("\(c).CapacityReservationTarget.\(member).member.\(i + 1)", id))
                }
            }
        }
        return params
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let name = try a.string("name", for: spec.name)
        let placement = PoolPlacement(a)
        let request = try await placement?.request(a, type: spec.name, name: name, region: region, client: client) ?? a
        var params = [("AutoScalingGroupName", name)] + settings(request)
        if let group = a["placement_group"]?.stringValue { params.append(("PlacementGroup", group)) }
        params += AutoScalingGroupRollout.tagParameters(tags.merging(try AutoScalingGroupRollout.tags(a)) { $1 },
                                                        group: name)
        _ = try await client.query("autoscaling", region: region, action: "CreateAutoScalingGroup", params)
        if let placement {
            try await AutoScalingGroupLaunch(group: name, desired: a["desired_capacity"]?.intValue ?? 0, region: region,
                                             client: client, poll: launch).settle(placement: placement)
        }
        // CreateAutoScalingGroup answers nothing; the ARN (with the account and the group's
        // UUID) and the ready nodes come from reading the group, so the next refresh sees no drift.
        let created = try await client.query("autoscaling", region: region, action: "DescribeAutoScalingGroups",
                                             [("AutoScalingGroupNames.member.1", name)])
        let seen = created["DescribeAutoScalingGroupsResult"]?.items("AutoScalingGroups").first
            .map { observe($0, name: name, region: region).attributes }
        var computed: [String: Value] = [
            "arn": seen?["arn"] ?? .string("arn:aws:autoscaling:\(region)::autoScalingGroup:*:autoScalingGroupName/\(name)"),
            "ready_nodes": seen?["ready_nodes"] ?? 0,
        ]
        // The state records the subnets the group really uses (see PoolPlacement.keptSubnets).
        if placement != nil { computed["vpc_zone_identifier"] = request["vpc_zone_identifier"] }
        return (name, computed)
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let placement = PoolPlacement(attributes)
        let request = try await placement?.request(attributes, type: spec.name, name: id, region: region, client: client)
            ?? attributes
        _ = try await client.query("autoscaling", region: region, action: "UpdateAutoScalingGroup",
                                   [("AutoScalingGroupName", id)] + settings(request))
        try await AutoScalingGroupRollout.syncTags(group: id, prior: prior, attributes: attributes, region: region,
                                                   client: client)
        var computed: [String: Value] = ["arn": prior["arn"] ?? .null]
        if placement != nil { computed["vpc_zone_identifier"] = request["vpc_zone_identifier"] }
        return computed
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        var token: String?
        repeat {
            var params = [("Filters.member.1.Name", "tag-key"), ("Filters.member.1.Values.member.1", "gantry:address"),
                          ("MaxRecords", "100")]
            if let token { params.append(("NextToken", token)) }
            let answer = try await client.query("autoscaling", region: region, action: "DescribeAutoScalingGroups", params)
            let result = answer["DescribeAutoScalingGroupsResult"]
            for group in result?.items("AutoScalingGroups") ?? [] {
                guard let name = group.string("AutoScalingGroupName") else { continue }
                var observation = observe(group, name: name, region: region)
                try await AutoScalingGroupRollout.noteLaunchFailure(in: &observation.attributes, group: group,
                                                                    region: region, client: client)
                out.append(observation)
            }
            token = result?.string("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return out
    }

    private func observe(_ group: XMLElement, name: String, region: String) -> AWSObservation {
        var tags: [String: String] = [:]
        for tag in group.items("Tags") { if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" } }
        let (user, gantry) = splitTags(tags)
        var a: [String: Value] = [
            "id": .string(name), "region": .string(region), "name": .string(name), "tags": .object(user),
            "arn": .string(group.string("AutoScalingGroupARN") ?? ""),
            "min_size": .int(Int(group.string("MinSize") ?? "") ?? 0),
            "max_size": .int(Int(group.string("MaxSize") ?? "") ?? 0),
            "desired_capacity": .int(Int(group.string("DesiredCapacity") ?? "") ?? 0),
            "vpc_zone_identifier": .array((group.string("VPCZoneIdentifier") ?? "").split(separator: ",")
                .map { .string(String($0)) }),
        ]
        a.merge(AutoScalingGroupRollout.attributes(fromTags: gantry)) { $1 }
        a.merge(AutoScalingGroupRollout.readiness(AutoScalingGroupRollout.instances(of: group),
                                                  desired: a["desired_capacity"]?.intValue ?? 0)) { $1 }
        if let placement = group.string("PlacementGroup"), !placement.isEmpty { a["placement_group"] = .string(placement) }
        if let reservation = group["CapacityReservationSpecification"],
           let preference = reservation.string("CapacityReservationPreference") {
            let target = reservation["CapacityReservationTarget"]
            var chosen: [String: Value] = [:]
            for (key, member) in Self.reservationTargets {
                let ids = target?.items(member).map(\.text) ?? []
                if !ids.isEmpty { chosen[key] = .array(ids.map(Value.string)) }
            }
            a["capacity_reservation_specification"] = ["capacity_reservation_preference": .string(preference),
                                                       "capacity_reservation_target": .object(chosen)]
        }
        if let template = group["LaunchTemplate"], let id = template.string("LaunchTemplateId") {
            a["launch_template"] = ["id": .string(id), "version": .string(template.string("Version") ?? "$Latest")]
        }
        if let mixed = group["MixedInstancesPolicy"] {
            let lt = mixed["LaunchTemplate"]
            let ltSpec = lt?["LaunchTemplateSpecification"]
            let overrides: [Value] = (lt?.items("Overrides") ?? []).compactMap { o in
                o.string("InstanceType").map { ["instance_type": .string($0)] }
            }
            var distribution: [String: Value] = [:]
            let d = mixed["InstancesDistribution"]
            if let n = d?.string("OnDemandBaseCapacity").flatMap({ Int($0) }) { distribution["on_demand_base_capacity"] = .int(n) }
            if let n = d?.string("OnDemandPercentageAboveBaseCapacity").flatMap({ Int($0) }) {
                distribution["on_demand_percentage_above_base_capacity"] = .int(n)
            }
            if let s = d?.string("SpotAllocationStrategy") { distribution["spot_allocation_strategy"] = .string(s) }
            a["mixed_instances_policy"] = [
                "instances_distribution": .object(distribution),
                "launch_template": [
                    "launch_template_specification": [
                        "launch_template_id": .string(ltSpec?.string("LaunchTemplateId") ?? ""),
                        "version": .string(ltSpec?.string("Version") ?? "$Latest"),
                    ],
                    "override": .array(overrides),
                ],
            ]
        }
        return AWSObservation(id: name, attributes: a, gantryTags: gantry)
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("autoscaling", region: region, action: "DeleteAutoScalingGroup",
                                   [("AutoScalingGroupName", id), ("ForceDelete", "true")])
    }
}
