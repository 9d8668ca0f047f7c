import GantryBasics

/// How a provider lowers a node group that may land in one of several regions (a pool's
/// `capacity.regions` failover order), and how the engine picks one.
///
/// Most of a node group's attributes do not depend on where it lands, but some do: its
/// `region`, and references to that region's network and launch template (`subnet_ids`,
/// `placement_group`, `launch_template_id`, `zones`). The provider lowers the group once,
/// for the first region, and adds `region_alternatives`: for each region it can land in,
/// the attributes to write over the group there. The engine's offer for a region writes
/// that region's alternative over the group (`choosing(_:in:)`); the alternatives stay on
/// the group so a failover at apply time can move it, and their references are the
/// group's dependencies, so every candidate region's resources exist before it is created.
///
/// ```swift
/// group["region_alternatives"] = ["us-west-2": ["region": "us-west-2", "subnet_ids": [...]]]
/// RegionAlternatives.choosing("us-west-2", in: group)?["region"]   // "us-west-2"
/// ```
public enum RegionAlternatives {
    /// The node group attribute holding the alternatives, an object keyed by region.
    public static let key = "region_alternatives"

    /// The regions `attributes` can land in: its own `region` first, then those it has an
    /// alternative for (sorted).
    public static func regions(of attributes: [String: Value]) -> [String] {
        var out = attributes["region"]?.stringValue.map { [$0] } ?? []
        for region in (attributes[key]?.objectValue ?? [:]).keys.sorted() where !out.contains(region) {
            out.append(region)
        }
        return out
    }

    /// `attributes` with `region`'s alternative written over them and `region` set; the
    /// attributes unchanged when they are already in `region`; nil when they cannot land there.
    public static func choosing(_ region: String, in attributes: [String: Value]) -> [String: Value]? {
        guard let alternative = attributes[key]?[region]?.objectValue else {
            return attributes["region"]?.stringValue == region ? attributes : nil
        }
        var out = attributes
        for (name, value) in alternative { out[name] = value }
        out["region"] = .string(region)
        return out
    }
}
