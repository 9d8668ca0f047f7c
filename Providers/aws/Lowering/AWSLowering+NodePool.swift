import Foundation
import GantryBasics
import GantryCatalog
import GantryProviderKit

extension AWSLowering.Context {
    /// A node pool in one region: launch template (GPU type, EFA interfaces, AMI, MIG user data)
    /// → Auto Scaling group (mixed instances for spot); or, when `providers.aws.eks` lists the
    /// pool, an EKS managed node group with the GPU AMI type, labels and taints.
    mutating func lowerNodePool(_ item: IntentItem) {
        let region = region(of: item)
        let a = item.attributes
        guard let type = instanceType(for: item, region: region) else { return }
        let name = label(item, region)
        var net: IntentItem?
        if let networkName = a["network"]?.stringValue {
            net = network(named: networkName, region: region)
            if net == nil {
                error(item, "unknown-network", "network `\(networkName)` is not declared in region \(region)", path: "network")
            }
        }
        let link = net.map(interconnect(of:)) ?? Interconnect()
        if link.fabric == "efa" && type.interconnect.efaInterfaces == 0 {
            error(item, "no-efa", "\(type.name) has no EFA interfaces, but its network uses fabric efa", path: "gpu")
        }
        let counts = nodeCounts(item)
        let market = firstMarket(item)
        // Gantry's placement keys, on an Auto Scaling group or an EKS node group alike: the
        // engine's capacity failover ranks the pool's offers and writes the one to try over
        // `instance_type` and `market`; the provider turns them into the group's own fields
        // (PoolPlacement). An all-or-nothing pool is released when its launch comes up short.
        var steering: [String: Value] = ["instance_type": .string(type.name), "market": .string(market)]
        if a["capacity"]?["all_or_nothing"]?.boolValue == true { steering["all_or_nothing"] = true }
        let mig = migLayout(item, type: type)
        var labels = a["labels"]?.objectValue ?? [:]
        labels["gantry.dev/pool"] = .string(item.name)
        if let mig { labels["nvidia.com/mig.config"] = .string(mig.nodeLabel) }
        let zones = zones(in: region)
        let wanted = capacityZones(item, among: zones)
        // A cluster placement group lives in one zone: the first, unless the pool names the
        // zones it may move between (each offer then narrows the group to one of them).
        let poolZones = wanted ?? (link.clusterPlacement ? Array(zones.prefix(1)) : zones)
        let subnets: [Value] = net.map { n in poolZones.map { ref(n.address.child(type: "aws_subnet", name: $0)) } } ?? []
        let securityGroup = net.map { ref($0.address.child(type: "aws_security_group", name: "main")) }

        if let cluster = config.cluster(forPool: item.name, region: region) {
            guard let clusterNetwork = cluster.network.flatMap({ network(named: $0, region: region) }) else {
                error(item, "eks-network", "EKS cluster `\(cluster.name)` needs `network:` naming a network in \(region)")
                return
            }
            let clusterAddress = clusterNetwork.address.child(type: "aws_eks_cluster", name: cluster.name)
            var extra: [String: Value] = [:]
            if let template = eksMountTemplate(item, region: region, name: name) {
                extra["launch_template"] = ["id": ref(template), "version": ref(template, "latest_version")]
            }
            var nodeGroup: [String: Value] = extra.merging([
                "region": .string(region), "cluster_name": ref(clusterAddress), "node_group_name": .string(name),
                "node_role_arn": cluster.nodeRoleARN.map(Value.string)
                    ?? ref(clusterNetwork.address.child(type: "aws_iam_role", name: "\(cluster.name)-node"), "arn"),
                "subnet_ids": .array(subnets),
                "ami_type": "AL2_x86_64_GPU",
                "scaling_config": ["min_size": counts.min, "max_size": counts.max, "desired_size": counts.desired],
                "labels": .object(labels), "taint": .array(taints(item)), "tags": tags(name),
            ]) { $1 }.merging(steering) { $1 }
            if let placement = PoolPlacement(nodeGroup) { nodeGroup = placement.eksNodeGroup(nodeGroup) }
            let group = add(item, type: "aws_eks_node_group", nodeGroup)
            outputs[item.address] = poolOutputs(type, region: region, group: group)
            return
        }

        var template: [String: Value] = [
            "region": .string(region), "name": .string(name), "instance_type": .string(type.name),
            "user_data": .string(Data(userData(item, mig: mig, labels: labels).utf8).base64EncodedString()),
            "tags": tags(name),
        ]
        if let ami = lowering.amis[region] { template["image_id"] = .string(ami) }
        let mounts = mounts(item, region: region)
        if !mounts.isEmpty { template["mounts"] = .array(mounts) }
        if link.fabric == "efa", type.interconnect.efaInterfaces > 0, let securityGroup {
            // One EFA per network card: the primary on card 0, then device index 1 on every other card
            // (AWS's layout for p4d/p5).
            template["network_interfaces"] = .array((0..<type.interconnect.efaInterfaces).map { card in
                ["device_index": .int(card == 0 ? 0 : 1), "network_card_index": .int(card), "interface_type": "efa",
                 "delete_on_termination": true, "security_groups": [securityGroup]]
            })
        } else if let securityGroup {
            template["vpc_security_group_ids"] = [securityGroup]
        }
        let nodesName = versionedName(name, template: template, clusterPlacement: link.clusterPlacement)
        template["name"] = .string(nodesName)
        let launchTemplate = add(item, type: "aws_launch_template", template)
        var group: [String: Value] = [
            "region": .string(region), "name": .string(nodesName), "min_size": counts.min, "max_size": counts.max,
            "desired_capacity": counts.desired, "vpc_zone_identifier": .array(subnets), "tags": tags(name),
        ]
        group.merge(rolloutAttributes(item, mig: mig, type: type)) { $1 }
        if link.clusterPlacement, let net {
            group["placement_group"] = ref(net.address.child(type: "aws_placement_group", name: "main"))
        }
        // The mixed instances policy is written here already (PoolPlacement+AutoScaling), so the
        // template reference lives in the key the plan shows it under.
        group["launch_template"] = ["id": ref(launchTemplate), "version": "$Latest"]
        group.merge(steering) { $1 }
        if let placement = PoolPlacement(group) { group = placement.autoScalingGroup(group) }
        let asg = add(item, type: "aws_autoscaling_group", group)
        var out = poolOutputs(type, region: region, group: asg)
        out["launch_template_id"] = ref(launchTemplate)
        outputs[item.address] = out
    }

    /// The market the pool tries first, as an Auto Scaling group buys it: `spot` or
    /// `on-demand` (reserved capacity is on-demand capacity drawn from a reservation).
    private func firstMarket(_ item: IntentItem) -> String {
        let capacity = item.attributes["capacity"]
        let first = capacity?["markets"]?.arrayValue?.first?.stringValue ?? capacity?["market"]?.stringValue
        return first == "spot" ? "spot" : "on-demand"
    }

    /// `capacity.zones` when the pool names zones (not `any`): each must be one the pool's
    /// network has a subnet in.
    private mutating func capacityZones(_ item: IntentItem, among zones: [String]) -> [String]? {
        guard let list = item.attributes["capacity"]?["zones"]?.arrayValue?.compactMap(\.stringValue), !list.isEmpty
        else { return nil }
        let outside = list.filter { !zones.contains($0) }
        if !outside.isEmpty {
            error(item, "zone-without-subnet", "zone(s) \(outside.joined(separator: ", ")) have no subnet of the pool's "
                  + "network (its zones: \(zones.joined(separator: ", ")))", path: "capacity.zones",
                  hint: "raise providers.aws.max_zones, or pick among those zones")
            return nil
        }
        return list
    }

    /// The attached file systems in the pool's region: the launch template appends their mount
    /// lines to the user data once their DNS and mount names are known (LaunchTemplateUserData).
    private func mounts(_ item: IntentItem, region: String) -> [Value] {
        StorageMounts.entries(storageByPool[item.name] ?? [], region: region, regionOf: self.region(of:),
                              resourceTypes: Self.fileSystemTypes)
    }

    /// For an EKS pool with file systems attached: a launch template whose user data (a MIME
    /// document EKS merges with its bootstrap) mounts them. Nothing else is set in it, so EKS
    /// keeps choosing the AMI, instance type and security groups.
    private mutating func eksMountTemplate(_ item: IntentItem, region: String, name: String) -> ResourceAddress? {
        let mounts = mounts(item, region: region)
        guard !mounts.isEmpty else { return nil }
        let boundary = "==GANTRY=="
        let script = ["MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "",
                      "--\(boundary)", "Content-Type: text/x-shellscript; charset=\"us-ascii\"", "",
                      "#!/bin/bash", "# Generated by gantry for \(item.address)", "set -euo pipefail", "--\(boundary)--"]
        return add(item, type: "aws_launch_template", [
            "region": .string(region), "name": .string(name), "mounts": .array(mounts), "tags": tags(name),
            "user_data": .string(Data((script.joined(separator: "\n") + "\n").utf8).base64EncodedString()),
        ])
    }

    private func poolOutputs(_ type: InstanceType, region: String, group: ResourceAddress) -> [String: Value] {
        ["node_group_id": ref(group), "id": ref(group), "instance_type": .string(type.name), "gpu_model": .string(type.gpuModel),
         "gpu_count": .int(type.gpuCount), "region": .string(region)]
    }

    /// `gpu: {type}` or the cheapest catalog type with `gpu: {model, count}` in the region.
    private mutating func instanceType(for item: IntentItem, region: String) -> InstanceType? {
        let gpu = item.attributes["gpu"]
        if let name = gpu?["type"]?.stringValue {
            guard let type = catalog.instanceType(name, provider: "aws") else {
                error(item, "unknown-instance-type", "instance type `\(name)` is not in the GPU catalog", path: "gpu.type")
                return nil
            }
            return type
        }
        let models = gpu?["model"]?.stringValue.map { [$0] } ?? gpu?["model"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let count = gpu?["count"]?.intValue ?? Int(gpu?["count"]?.stringValue ?? "") ?? 1
        for model in models {
            if let best = catalog.offers(gpu: model, count: count, provider: "aws", region: region).first { return best }
        }
        error(item, "no-offer", "no AWS instance type in \(region) has \(count) × \(models.joined(separator: " or ")) GPUs",
              path: "gpu")
        return nil
    }

    private mutating func nodeCounts(_ item: IntentItem) -> (min: Value, desired: Value, max: Value) {
        let nodes = item.attributes["nodes"]
        func count(_ key: String) -> Value? {
            guard let v = nodes?[key], !v.isNull else { return nil }
            if v.containsUnknown { return v }
            return (v.intValue ?? v.stringValue.flatMap { Int($0) }).map(Value.int)
        }
        let minimum = count("min") ?? 0
        let desired = count("desired") ?? minimum
        let maximum = count("max") ?? .int(max(desired.intValue ?? 0, minimum.intValue ?? 0))
        return (minimum, desired, maximum)
    }

    /// `mig: {profile}` → that profile on every GPU; `mig: {NAME: count}` → a mixed layout;
    /// checked with the shared `MIGLayout`, like the spec validator and the sim do.
    private mutating func migLayout(_ item: IntentItem, type: InstanceType) -> MIGLayout? {
        let (layout, problems) = MIGLayout.checked(item.attributes["mig"], gpu: catalog.gpuModel(type.gpuModel))
        for problem in problems { error(item, problem.code, problem.message, path: problem.path) }
        return layout
    }

    /// Taints `key=value:Effect` → EKS's `{key, value, effect: NO_SCHEDULE}`.
    private func taints(_ item: IntentItem) -> [Value] {
        let effects = ["NoSchedule": "NO_SCHEDULE", "PreferNoSchedule": "PREFER_NO_SCHEDULE", "NoExecute": "NO_EXECUTE"]
        return (item.attributes["taints"]?.arrayValue ?? []).compactMap { taint in
            guard let text = taint.stringValue else { return nil }
            let halves = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let kv = (halves.first ?? "").split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = kv.first, !key.isEmpty else { return nil }
            var out: [String: Value] = ["key": .string(key),
                                        "effect": .string(effects[halves.count > 1 ? halves[1] : ""] ?? "NO_SCHEDULE")]
            if kv.count > 1 { out["value"] = .string(kv[1]) }
            return .object(out)
        }
    }

    /// The boot script: MIG partitioning (each GPU split per the layout), then node labels.
    private func userData(_ item: IntentItem, mig: MIGLayout?, labels: [String: Value]) -> String {
        var lines = ["#!/bin/bash", "# Generated by gantry for \(item.address)", "set -euo pipefail"]
        lines += mig?.bootScript ?? []
        let labelText = labels.keys.sorted().map { "\($0)=\(labels[$0]?.stringValue ?? "")" }.joined(separator: ",")
        lines += ["mkdir -p /etc/gantry"]
        lines.append("echo 'GANTRY_NODE_LABELS=\(labelText)' >> /etc/gantry/node.env")
        return lines.joined(separator: "\n") + "\n"
    }
}
