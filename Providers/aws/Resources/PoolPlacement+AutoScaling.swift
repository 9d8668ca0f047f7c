import GantryBasics
import GantryProviderKit

/// A placement as an Auto Scaling group's fields:
/// - `instance_type` → the mixed instances policy's launch template override;
/// - `market`, `spot_percent`, `on_demand_base` → its instances distribution: spot buys 0 %
///   on-demand, on-demand 100 %, a mixed pool `on_demand_base` nodes then
///   `100 - spot_percent` % of the rest on-demand;
/// - `zones` → only the subnets of `vpc_zone_identifier` in those zones;
/// - `capacity_reservation` → `capacity_reservation_specification` (only that reservation).
extension PoolPlacement {
    /// The spot allocation strategy unless the group names one.
    static let defaultSpotStrategy = "capacity-optimized"

    /// Share of the nodes above the base bought on-demand.
    var onDemandPercentage: Int { market == "spot" ? 100 - min(100, max(0, spotPercent ?? 100)) : 100 }
    /// Nodes bought on-demand before any spot.
    var onDemandBaseCapacity: Int { market == "spot" ? max(0, onDemandBase ?? 0) : 0 }

    /// An Auto Scaling group's `attributes` with the fields this placement stands for written
    /// over them: a mixed instances policy (replacing a plain `launch_template`) and the
    /// reservation's `capacity_reservation_specification`. What the group says otherwise
    /// (its allocation strategy) is kept.
    func autoScalingGroup(_ attributes: [String: Value]) -> [String: Value] {
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

    /// Refuses what an Auto Scaling group cannot be asked for, naming it (`what`).
    func checkAutoScaling(_ what: String) throws(ProviderError) {
        try checkMarket(what)
        if let reservation = capacityReservation, !reservation.hasPrefix("cr-"), !reservation.hasPrefix("arn:") {
            throw ProviderError(.invalid, "\(what): capacity reservation `\(reservation)` is neither a reservation id "
                                + "(cr-…) nor a resource group ARN", providerCode: "InvalidParameterValue")
        }
    }
}
