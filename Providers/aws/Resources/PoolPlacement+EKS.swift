import GantryBasics
import GantryProviderKit

/// A placement as an EKS managed node group's fields: `instance_type` → `instance_types`,
/// `market` → `capacity_type` (`SPOT` / `ON_DEMAND`), `zones` → only the `subnet_ids` in
/// those zones. A managed node group buys in one market only and takes a reservation only
/// through a launch template, so a mixed offer or a reserved one is refused.
extension PoolPlacement {
    /// A node group's `attributes` with the fields this placement stands for written over them.
    func eksNodeGroup(_ attributes: [String: Value]) -> [String: Value] {
        var out = attributes
        if let instanceType { out["instance_types"] = [.string(instanceType)] }
        out["capacity_type"] = market == "spot" ? "SPOT" : "ON_DEMAND"
        return out
    }

    /// Refuses what a managed node group cannot be asked for, naming it (`what`).
    func checkEKS(_ what: String) throws(ProviderError) {
        try checkMarket(what)
        if spotPercent != nil || onDemandBase != nil {
            throw ProviderError(.invalid, "\(what) buys all its nodes in one market; it cannot mix spot and "
                                + "on-demand (spot_percent, on_demand_base)", providerCode: "InvalidParameterValue")
        }
        if let reservation = capacityReservation {
            throw ProviderError(.invalid, "\(what): capacity reservation \(reservation) is not supported for EKS "
                                + "node groups yet (it needs a launch template)", providerCode: "InvalidParameterValue")
        }
    }
}
