import GantryBasics
import GantryProviderKit

/// Where a node pool's Auto Scaling group is asked to land, read from Gantry's placement keys.
///
/// The engine's capacity failover steers a pool by writing `instance_type`, `market`,
/// `zones`, `spot_percent`, `on_demand_base` and `capacity_reservation` onto its group (see
/// `Offer.attributes(over:)` in GantryEngine). They are Gantry's inputs, not fields of the
/// AWS object; each becomes the Terraform-named field it stands for:
/// - `instance_type` → the mixed instances policy's launch template override;
/// - `market`, `spot_percent`, `on_demand_base` → its instances distribution: spot buys 0 %
///   on-demand, on-demand 100 %, a mixed pool `on_demand_base` nodes then
///   `100 - spot_percent` % of the rest on-demand;
/// - `zones` → only the subnets of `vpc_zone_identifier` in those zones (found with one
///   DescribeSubnets call);
/// - `capacity_reservation` → `capacity_reservation_specification` (only that reservation).
///
/// The keys themselves ride on the group as Gantry tags (`AutoScalingGroupRollout.tagKeys`),
/// so a read reports them and the next plan keeps the pool where it landed.
struct AutoScalingGroupPlacement: Sendable, Hashable {
    var instanceType: String?
    /// `spot` or `on-demand`.
    var market: String
    var zones: [String]
    var spotPercent: Int?
    var onDemandBase: Int?
    /// A reservation id (`cr-…`) or a capacity reservation resource group ARN.
    var capacityReservation: String?

    /// The placement keys the engine writes (FleetPlanner.placementKeys).
    static let keys = ["instance_type", "market", "zones", "spot_percent", "on_demand_base", "capacity_reservation"]
    static let markets = ["spot", "on-demand"]
    /// The spot allocation strategy unless the group names one.
    static let defaultSpotStrategy = "capacity-optimized"

    /// The placement of a steered group; nil when the group carries no `market` (a raw
    /// `resources:` group keeps exactly what it says).
    init?(_ a: [String: Value]) {
        guard let market = a["market"]?.stringValue else { return nil }
        self.market = market
        instanceType = a["instance_type"]?.stringValue
        zones = a.strings("zones")
        spotPercent = a["spot_percent"]?.intValue
        onDemandBase = a["on_demand_base"]?.intValue
        capacityReservation = a["capacity_reservation"]?.stringValue
    }

    /// Share of the nodes above the base bought on-demand.
    var onDemandPercentage: Int { market == "spot" ? 100 - min(100, max(0, spotPercent ?? 100)) : 100 }
    /// Nodes bought on-demand before any spot.
    var onDemandBaseCapacity: Int { market == "spot" ? max(0, onDemandBase ?? 0) : 0 }

    /// `attributes` with the AWS fields this placement stands for written over them: a mixed
    /// instances policy (replacing a plain `launch_template`) and the reservation's
    /// `capacity_reservation_specification`. What the group says otherwise (its allocation
    /// strategy, extra overrides' absence) is kept.
    func applied(to attributes: [String: Value]) -> [String: Value] {
        var out = attributes
        let mixed = attributes["mixed_instances_policy"]
        let template: Value = mixed?["launch_template"]?["launch_template_specification"]
            ?? attributes["launch_template"].map { t -> Value in
                ["launch_template_id": t["id"] ?? .null, "version": t["version"] ?? "$Latest"]
            } ?? .null
        let overrides: Value = instanceType.map { type -> Value in [["instance_type": .string(type)]] }
            ?? mixed?["launch_template"]?["override"] ?? []
        let strategy: Value = mixed?["instances_distribution"]?["spot_allocation_strategy"]
            ?? .string(Self.defaultSpotStrategy)
        out["mixed_instances_policy"] = [
            "instances_distribution": ["on_demand_base_capacity": .int(onDemandBaseCapacity),
                                       "on_demand_percentage_above_base_capacity": .int(onDemandPercentage),
                                       "spot_allocation_strategy": strategy],
            "launch_template": ["launch_template_specification": template, "override": overrides],
        ]
        out["launch_template"] = nil
        out["capacity_reservation_specification"] = capacityReservation.map { reservation -> Value in
            let target: Value = reservation.hasPrefix("arn:")
                ? ["capacity_reservation_resource_group_arns": [.string(reservation)]]
                : ["capacity_reservation_ids": [.string(reservation)]]
            return ["capacity_reservation_preference": "capacity-reservations-only", "capacity_reservation_target": target]
        }
        return out
    }

    /// Refuses what an Auto Scaling group cannot be asked for, naming the group.
    func check(group: String) throws(ProviderError) {
        guard Self.markets.contains(market) else {
            throw ProviderError(.invalid, "Auto Scaling group \(group): market `\(market)` is not one of "
                                + Self.markets.joined(separator: ", "), providerCode: "InvalidParameterValue")
        }
        if let reservation = capacityReservation, !reservation.hasPrefix("cr-"), !reservation.hasPrefix("arn:") {
            throw ProviderError(.invalid, "Auto Scaling group \(group): capacity reservation `\(reservation)` is "
                                + "neither a reservation id (cr-…) nor a resource group ARN",
                                providerCode: "InvalidParameterValue")
        }
    }

    /// What is sent for a group with `attributes` (already `applied`): checked, and with
    /// `vpc_zone_identifier` narrowed to the placement's zones.
    func request(_ attributes: [String: Value], group: String, region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        try check(group: group)
        var out = attributes
        out["vpc_zone_identifier"] = .array(try await subnets(attributes.strings("vpc_zone_identifier"), group: group,
                                                              region: region, client: client).map(Value.string))
        return out
    }

    /// The subnets among `ids` that lie in this placement's zones, in `ids`' order; all of
    /// them when the placement names no zone. One DescribeSubnets call.
    /// - Throws: `invalid` when none of them is in those zones (the pool's network has no
    ///   subnet there).
    func subnets(_ ids: [String], group: String, region: String, client: AWSClient) async throws(ProviderError)
        -> [String]
    {
        guard !zones.isEmpty, !ids.isEmpty else { return ids }
        let found = try await EC2Query.describeAll(client, region: region, action: "DescribeSubnets",
                                                   listPath: "subnetSet", EC2Query.list("SubnetId", ids))
        var zoneOf: [String: String] = [:]
        for subnet in found {
            if let id = subnet.string("subnetId") { zoneOf[id] = subnet.string("availabilityZone") }
        }
        let kept = ids.filter { zoneOf[$0].map(zones.contains) ?? false }
        guard kept.isEmpty else { return kept }
        let seen = ids.map { "\($0) (\(zoneOf[$0] ?? "unknown zone"))" }.joined(separator: ", ")
        throw ProviderError(.invalid, "Auto Scaling group \(group) is placed in \(zones.joined(separator: ", ")), "
                            + "but none of its subnets is there: \(seen)", providerCode: "NoSubnetInZone")
    }

    /// The subnets a plan keeps: a group already narrowed to its placement's zones keeps its
    /// subnets while the pool's subnet list still holds them, so a landed pool does not show
    /// the other zones' subnets as a change on every plan.
    static func keptSubnets(planned: [String: Value], prior: [String: Value]) -> Value? {
        guard planned["market"] != nil, planned["zones"] != nil, planned["zones"] == prior["zones"],
              let before = prior["vpc_zone_identifier"]?.arrayValue, !before.isEmpty,
              let wanted = planned["vpc_zone_identifier"]?.arrayValue, before != wanted,
              before.allSatisfy(wanted.contains) else { return nil }
        return .array(before)
    }
}
