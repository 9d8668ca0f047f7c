import GantryBasics
import GantryProviderKit

/// What a `capacity` error needs for the engine's failover to pick the next offer: the
/// zone, market and instance type that could not be placed, in the same detail keys the
/// sim provider uses (`zone`, `market`, `instance_type`, plus `region` and `reason`).
///
/// AWS says where in the message ("…sufficient p5.48xlarge capacity in the Availability
/// Zone you requested (us-east-1a)… choosing us-east-1b, us-east-1c."); what the message
/// lacks comes from the attributes of the resource being created.
enum AWSCapacityDetail {
    /// Account limits reported as `capacity` (the sim's `QuotaExceeded`): another region or
    /// market may still have room.
    static let quotaCodes: Set<String> = ["VcpuLimitExceeded", "InstanceLimitExceeded", "MaxSpotInstanceCountExceeded"]

    /// `error` with the placement detail added; other errors unchanged.
    static func enrich(_ error: ProviderError, attributes: [String: Value], region: String) -> ProviderError {
        guard error.code == .capacity else { return error }
        var e = error
        let parsed = parse(error.message)
        e.detail["region"] = .string(region)
        e.detail["market"] = .string(market(attributes))
        if let type = parsed.instanceType ?? instanceType(attributes) { e.detail["instance_type"] = .string(type) }
        let zones = attributes.strings("zones")
        let steeredZone = zones.count == 1 ? zones.first : nil
        if let zone = parsed.zone ?? attributes["availability_zone"]?.stringValue ?? steeredZone {
            e.detail["zone"] = .string(zone)
        }
        if !parsed.suggestedZones.isEmpty { e.detail["suggested_zones"] = .array(parsed.suggestedZones.map(Value.string)) }
        e.detail["reason"] = .string(quotaCodes.contains(error.providerCode ?? "") ? "quota" : "capacity")
        return e
    }

    /// The instance type, zone and suggested zones in EC2's capacity message, where present.
    static func parse(_ message: String) -> (instanceType: String?, zone: String?, suggestedZones: [String]) {
        var type: String?, zone: String?, suggested: [String] = []
        if let m = message.firstMatch(of: /sufficient ([a-z0-9-]+\.[a-z0-9-]+) capacity/) { type = String(m.1) }
        if let m = message.firstMatch(of: /Availability Zone you requested \(([a-z0-9-]+)\)/) { zone = String(m.1) }
        if let m = message.firstMatch(of: /choosing ([a-z0-9-]+(?:, [a-z0-9-]+)*)/) {
            suggested = m.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return (type, zone, suggested)
    }

    /// The AWS code behind a failed launch's message (a scaling activity's `StatusMessage`,
    /// which carries no code field) when it is a shortage, a spot refusal or an exhausted
    /// quota — what failover acts on; nil for other failures (a missing AMI, a bad role).
    ///
    /// AWS names the code in some messages ("Could not launch Spot Instances.
    /// InsufficientInstanceCapacity - …") and only describes it in others ("We currently do
    /// not have sufficient p5.48xlarge capacity…", "…more vCPU capacity than your current
    /// vCPU limit…").
    static func launchFailureCode(_ message: String) -> String? {
        let named = AWSErrorMapper.capacity.union(["UnfulfillableCapacity"]).subtracting(["Unsupported"])
        if let code = named.sorted(by: { $0.count > $1.count }).first(where: { message.contains($0) }) { return code }
        let described: [(phrase: String, code: String)] = [
            ("do not have sufficient", "InsufficientInstanceCapacity"),
            ("no Spot capacity available", "InsufficientInstanceCapacity"),
            ("vCPU limit", "VcpuLimitExceeded"),
            ("is not supported in your requested Availability Zone", "Unsupported"),
        ]
        let lowered = message.lowercased()
        return described.first { lowered.contains($0.phrase.lowercased()) }?.code
    }

    /// `spot` for spot requests (EKS `capacity_type: SPOT`, an all-spot mixed instances
    /// policy, `instance_market_options`), else `on-demand`.
    static func market(_ a: [String: Value]) -> String {
        // A placement-steered group says it outright (PoolPlacement).
        if let market = a["market"]?.stringValue { return market }
        if a["capacity_type"]?.stringValue == "SPOT" { return "spot" }
        if a["instance_market_options"]?["market_type"]?.stringValue == "spot" { return "spot" }
        if let share = a["mixed_instances_policy"]?["instances_distribution"]?["on_demand_percentage_above_base_capacity"]?.intValue,
           share < 100 { return "spot" }
        return "on-demand"
    }

    static func instanceType(_ a: [String: Value]) -> String? {
        a["instance_type"]?.stringValue ?? a["instance_types"]?.arrayValue?.first?.stringValue
            ?? a["mixed_instances_policy"]?["launch_template"]?["override"]?.arrayValue?.first?["instance_type"]?.stringValue
    }
}
