import GantryBasics
import GantryProviderKit

/// Where a node pool's group (an Auto Scaling group, an EKS managed node group) is asked to
/// land, read from Gantry's placement keys.
///
/// The engine's capacity failover steers a pool by writing `instance_type`, `market`,
/// `zones`, `spot_percent`, `on_demand_base` and `capacity_reservation` onto its group (see
/// `Offer.attributes(over:)` in GantryEngine). They are Gantry's inputs, not fields of the
/// AWS object: each type turns them into the Terraform-named fields they stand for
/// (`PoolPlacement+AutoScaling`, `PoolPlacement+EKS`), and `zones` keeps only the group's
/// subnets in those zones (one DescribeSubnets call).
///
/// The keys themselves ride on the group as `gantry:KEY` tags, so a read reports them and
/// the next plan keeps the pool where it landed.
struct PoolPlacement: Sendable, Hashable {
    var instanceType: String?
    /// `spot` or `on-demand`.
    var market: String
    var zones: [String]
    var spotPercent: Int?
    var onDemandBase: Int?
    /// A reservation id (`cr-…`) or a capacity reservation resource group ARN.
    var capacityReservation: String?
    /// The pool gets every node or none (`capacity.all_or_nothing`, written by the lowering).
    var allOrNothing: Bool

    /// The placement keys the engine writes (FleetPlanner.placementKeys).
    static let keys = ["instance_type", "market", "zones", "spot_percent", "on_demand_base", "capacity_reservation"]
    /// Each key, and `all_or_nothing`, → the Gantry tag carrying it.
    static let tagKeys = Dictionary(uniqueKeysWithValues: (keys + ["all_or_nothing"]).map { ($0, "gantry:\($0)") })
    static let markets = ["spot", "on-demand"]

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
        allOrNothing = a["all_or_nothing"]?.boolValue ?? false
    }

    /// Refuses a market other than spot and on-demand, naming the group (`what`).
    func checkMarket(_ what: String) throws(ProviderError) {
        guard Self.markets.contains(market) else {
            throw ProviderError(.invalid, "\(what): market `\(market)` is not one of "
                                + Self.markets.joined(separator: ", "), providerCode: "InvalidParameterValue")
        }
    }

    /// The attribute holding the subnets of each group type a placement narrows.
    static let subnetKeys = ["aws_autoscaling_group": "vpc_zone_identifier", "aws_eks_node_group": "subnet_ids"]

    /// What is sent for group `name` of `type` with `attributes` (already in the type's
    /// form, see `AWSPlanner.prepared`): checked for what the type can be asked, and with
    /// its subnets narrowed to the placement's zones — what is also recorded in state.
    func request(_ attributes: [String: Value], type: String, name: String, region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let what: String
        if type == "aws_eks_node_group" {
            what = "EKS node group \(name)"
            try checkEKS(what)
        } else {
            what = "Auto Scaling group \(name)"
            try checkAutoScaling(what)
        }
        let key = Self.subnetKeys[type] ?? "subnet_ids"
        var out = attributes
        out[key] = .array(try await subnets(attributes.strings(key), what: what, region: region, client: client)
            .map(Value.string))
        return out
    }

    /// The subnets among `ids` that lie in this placement's zones, in `ids`' order; all of
    /// them when the placement names no zone. One DescribeSubnets call.
    /// - Throws: `invalid` when none of them is in those zones (the pool's network has no
    ///   subnet there).
    func subnets(_ ids: [String], what: String, region: String, client: AWSClient) async throws(ProviderError)
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
        throw ProviderError(.invalid, "\(what) is placed in \(zones.joined(separator: ", ")), "
                            + "but none of its subnets is there: \(seen)", providerCode: "NoSubnetInZone")
    }

    /// The subnets (under `key`) a plan keeps: a group already narrowed to its placement's
    /// zones keeps its subnets while the pool's subnet list still holds them, so a landed
    /// pool does not show the other zones' subnets as a change on every plan.
    static func keptSubnets(planned: [String: Value], prior: [String: Value], key: String) -> Value? {
        guard planned["market"] != nil, planned["zones"] != nil, planned["zones"] == prior["zones"],
              let before = prior[key]?.arrayValue, !before.isEmpty,
              let wanted = planned[key]?.arrayValue, before != wanted,
              before.allSatisfy(wanted.contains) else { return nil }
        return .array(before)
    }
}
