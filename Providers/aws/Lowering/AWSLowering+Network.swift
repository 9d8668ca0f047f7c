import GantryBasics
import GantryProviderKit

extension AWSLowering.Context {
    struct Interconnect {
        var fabric = "none"
        var clusterPlacement = false
    }

    func interconnect(of network: IntentItem) -> Interconnect {
        let block = network.attributes["interconnect"]
        return Interconnect(fabric: block?["fabric"]?.stringValue ?? "none",
                            clusterPlacement: block?["placement"]?.stringValue == "cluster")
    }

    /// VPC → a subnet per zone → security group → cluster placement group, and the EKS
    /// clusters configured on this network.
    ///
    /// Outputs `vpc_id`, `subnet_ids`, `security_group_id`, `placement_group`, `zones`, `fabric`.
    mutating func lowerNetwork(_ item: IntentItem) {
        let region = region(of: item)
        let zones = zones(in: region)
        let name = label(item, region)
        let cidr = item.attributes["cidr"]?.stringValue ?? "10.0.0.0/16"
        guard let blocks = CIDRBlock.split(cidr, into: max(zones.count, 1)) else {
            error(item, "invalid-cidr", "`cidr` \(cidr) is not an IPv4 block that fits \(zones.count) subnets", path: "cidr")
            return
        }
        let link = interconnect(of: item)
        if link.fabric == "infiniband" {
            error(item, "fabric-unavailable", "AWS has no InfiniBand", path: "interconnect.fabric",
                  hint: "use `fabric: efa` for RDMA between nodes")
        }
        let vpc = add(item, type: "aws_vpc", ["region": .string(region), "cidr_block": .string(cidr), "tags": tags(name)])
        var subnets: [Value] = []
        for (zone, block) in zip(zones, blocks) {
            subnets.append(ref(add(item, type: "aws_subnet", name: zone, [
                "region": .string(region), "vpc_id": ref(vpc), "cidr_block": .string(block),
                "availability_zone": .string(zone), "tags": tags("\(name)-\(zone)"),
            ])))
        }
        // EFA's OS-bypass traffic needs all traffic allowed to and from the group itself.
        let selfRule: Value = ["protocol": "-1", "from_port": 0, "to_port": 0, "self": true,
                               "description": .string(link.fabric == "efa" ? "EFA: all traffic within the group"
                                                          : "all traffic within the group")]
        var egress: [Value] = [SecurityGroupHandler.defaultEgress]
        if link.fabric == "efa" { egress.append(selfRule) }
        let group = add(item, type: "aws_security_group", [
            "region": .string(region), "vpc_id": ref(vpc), "name": .string(name),
            "description": .string("Gantry network \(item.name) in \(region)"),
            "ingress": .array([selfRule]), "egress": .array(egress), "tags": tags(name),
        ])
        var placement: Value = .null
        if link.clusterPlacement {
            placement = ref(add(item, type: "aws_placement_group", [
                "region": .string(region), "name": .string(name), "strategy": "cluster", "tags": tags(name),
            ]))
        }
        for cluster in config.eks where cluster.network == item.name && (cluster.region ?? region) == region {
            let roles = eksRoles(item, cluster: cluster, region: region)
            var attributes: [String: Value] = [
                "region": .string(region), "name": .string(cluster.name), "role_arn": roles.cluster,
                "vpc_config": ["subnet_ids": .array(subnets), "security_group_ids": [ref(group)]],
                "tags": tags(cluster.name),
            ]
            if let version = cluster.version { attributes["version"] = .string(version) }
            add(item, type: "aws_eks_cluster", name: cluster.name, attributes)
        }
        outputs[item.address] = [
            "vpc_id": ref(vpc), "subnet_ids": .array(subnets), "security_group_id": ref(group),
            "placement_group": placement, "zones": .array(zones.map(Value.string)), "fabric": .string(link.fabric),
            "region": .string(region), "id": ref(vpc),
        ]
    }

    /// A region makes no resource; its outputs name its zones.
    mutating func lowerRegion(_ item: IntentItem) {
        let region = item.region ?? item.name
        var out: [String: Value] = ["region": .string(region), "zones": .array(zones(in: region).map(Value.string))]
        if let residency = item.attributes["residency"] { out["residency"] = residency }
        outputs[item.address] = out
    }

    /// The escape hatch: `{type: aws_…, properties}` becomes one resource named `main`.
    mutating func lowerRawResource(_ item: IntentItem) {
        guard let type = item.attributes["type"]?.stringValue, let handler = AWSProvider.handlers[type] else {
            error(item, "unknown-resource-type", "the aws provider has no resource type "
                      + "`\(item.attributes["type"]?.stringValue ?? "")`", path: "type",
                  hint: "known: " + AWSProvider.handlers.keys.sorted().joined(separator: ", "))
            return
        }
        var properties = item.attributes["properties"]?.objectValue ?? [:]
        if properties["region"] == nil { properties["region"] = .string(region(of: item)) }
        let address = add(item, type: type, properties)
        var out = properties
        for key in handler.spec.computed { out[key] = ref(address, key) }
        outputs[item.address] = out
    }
}
