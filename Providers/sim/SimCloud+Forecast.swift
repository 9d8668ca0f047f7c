import GantryBasics
import GantryProviderKit

extension SimCloud {
    /// What `plan` can say about a node group before anything is created: where it is
    /// expected to land, or that the quota or every candidate zone is already short.
    ///
    /// Unknown attributes (subnets not created yet) are left out, so the group is placed
    /// among its region's zones. Run with a cloud whose `chance` never fires: a forecast
    /// must not consume the seeded generator or invent transient shortages.
    func forecast(_ request: PlanRequest, state: SimWorldState) -> [Diagnostic] {
        let attributes = request.proposed.filter { !$0.value.containsUnknown }
        guard attributes["instance_type"]?.stringValue != nil else { return [] }
        var excluding: String?
        if let prior = request.prior {
            let before = prior["desired_size"]?.intValue ?? 0
            guard (attributes["desired_size"]?.intValue ?? 0) > before else { return [] }
            excluding = prior["id"]?.stringValue
        }
        let region = attributes["region"]?.stringValue ?? config.regions.first ?? "us-east-1"
        let market = attributes["market"]?.stringValue ?? SimMarket.onDemand
        switch place(attributes, region: region, excluding: excluding, state: state, address: request.address) {
        case .success(let landing):
            let zone = landing.attributes["zone"]?.stringValue ?? region
            return [Diagnostic(.note, code: "capacity-forecast",
                               message: "\(request.address): expected to land in \(zone) (\(market))")]
        case .failure(let error) where error.code == .capacity:
            let code = error.providerCode == "QuotaExceeded" ? "quota-exceeded" : "insufficient-capacity"
            return [.warning(code, "\(request.address): \(error.message)",
                             hint: "the apply will fail over if the pool's capacity block allows it")]
        case .failure(let error):
            return [.error("invalid-node-group", "\(request.address): \(error.message)")]
        }
    }
}
