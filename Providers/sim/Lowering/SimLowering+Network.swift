import GantryBasics
import GantryProviderKit

extension SimLowering.Context {
    /// The interconnect a network asks for.
    struct Interconnect {
        var fabric = "none"
        var clusterPlacement = false
    }

    static let fabrics = ["efa", "infiniband", "nvlink-only", "none"]

    func interconnect(of network: IntentItem) -> Interconnect {
        let block = network.attributes["interconnect"]
        return Interconnect(fabric: block?["fabric"]?.stringValue ?? "none",
                            clusterPlacement: block?["placement"]?.stringValue == "cluster")
    }

    /// A network in one region: VPC → a subnet per zone → security group → placement group.
    ///
    /// Outputs `id` (the VPC's), `vpc_id`, `subnet_ids`, `security_group_id`, `placement_group` (null
    /// without cluster placement), `zones` and `fabric`.
    mutating func lowerNetwork(_ item: IntentItem) {
        let region = region(of: item)
        let zones = config.zones(in: region)
        let cidr = item.attributes["cidr"]?.stringValue ?? "10.0.0.0/16"
        var subnetCIDRs = CIDRBlock.split(cidr, into: zones.count)
        if subnetCIDRs == nil {
            error(item, "invalid-cidr", "`cidr` \(SimValueText.describe(item.attributes["cidr"] ?? .null)) is not an "
                      + "IPv4 block that fits \(zones.count) subnets", path: "cidr", expected: "e.g. 10.20.0.0/16")
            subnetCIDRs = CIDRBlock.split("10.0.0.0/16", into: zones.count)
        }
        let link = interconnect(of: item)
        if !Self.fabrics.contains(link.fabric) {
            error(item, "unknown-fabric", "interconnect fabric `\(link.fabric)` is not one of "
                      + Self.fabrics.joined(separator: ", "), path: "interconnect.fabric",
                  expected: Self.fabrics.joined(separator: ", "))
        } else if link.fabric == "infiniband" {
            error(item, "fabric-unavailable", "the sim cloud behaves like AWS and has no InfiniBand",
                  path: "interconnect.fabric", hint: "use `fabric: efa` for RDMA between nodes")
        }
        if let placement = item.attributes["interconnect"]?["placement"]?.stringValue,
           !["cluster", "spread", "partition", "none"].contains(placement) {
            error(item, "unknown-placement", "placement `\(placement)` is not one of cluster, spread, partition, none",
                  path: "interconnect.placement")
        }
        let label = "\(item.name)-\(region)"
        let vpc = add(item, type: SimTypes.vpc, [
            "region": .string(region), "cidr": .string(cidr), "tags": ["Name": .string(label)],
        ])
        var subnets: [Value] = []
        for (zone, block) in zip(zones, subnetCIDRs ?? []) {
            let subnet = add(item, type: SimTypes.subnet, name: zone, [
                "region": .string(region), "vpc_id": ref(vpc), "cidr": .string(block), "zone": .string(zone),
                "tags": ["Name": .string("\(label)-\(zone)")],
            ])
            subnets.append(ref(subnet))
        }
        let everything: Value = ["protocol": "-1", "from_port": 0, "to_port": 0, "self": true,
                                 "description": "all traffic within the group"]
        var ingress: [Value] = [everything]
        var egress: [Value] = [["protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]]]
        if link.fabric == "efa" {
            // EFA's OS-bypass traffic needs all-traffic rules to and from the group itself.
            ingress = [["protocol": "-1", "from_port": 0, "to_port": 0, "self": true,
                        "description": "EFA: all traffic within the group"]]
            egress.append(["protocol": "-1", "from_port": 0, "to_port": 0, "self": true,
                           "description": "EFA: all traffic within the group"])
        }
        let group = add(item, type: SimTypes.securityGroup, [
            "region": .string(region), "vpc_id": ref(vpc), "name": .string(label),
            "ingress": .array(ingress), "egress": .array(egress),
        ])
        var placement: Value = .null
        if link.clusterPlacement {
            placement = ref(add(item, type: SimTypes.placementGroup, [
                "region": .string(region), "name": .string(label), "strategy": "cluster",
            ]))
        }
        outputs[item.address] = [
            "id": ref(vpc), "vpc_id": ref(vpc), "subnet_ids": .array(subnets), "security_group_id": ref(group),
            "placement_group": placement, "zones": .array(zones.map(Value.string)), "fabric": .string(link.fabric),
            "region": .string(region),
        ]
    }
}
