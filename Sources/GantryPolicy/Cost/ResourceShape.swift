import GantryBasics

/// What a storage item or resource is, for pricing.
struct StorageShape {
    var filesystem: String
    var tier: String?
    var sizeGiB: Int?
    var throughputPerTiB: Int?

    init(filesystem: String, tier: String? = nil, sizeGiB: Int? = nil, throughputPerTiB: Int? = nil) {
        self.filesystem = filesystem
        self.tier = tier
        self.sizeGiB = sizeGiB
        self.throughputPerTiB = throughputPerTiB
    }

    /// A storage intent's tier, file system (defaulting like the providers do), size and throughput.
    init(intent: IntentItem) {
        let a = intent.attributes
        let tier = a["tier"]?.stringValue
        self.init(filesystem: a["filesystem"]?.stringValue ?? tier.flatMap { Self.tierFilesystems[$0] } ?? "object",
                  tier: tier, sizeGiB: a["size"]?.intValue, throughputPerTiB: a["throughput_per_tib"]?.intValue)
    }

    static let tierFilesystems = ["hot": "lustre", "warm": "nfs", "cold": "object"]

    /// The tier a file system is in when the spec does not say.
    static func defaultTier(for filesystem: String) -> String {
        switch filesystem {
        case "lustre": return "hot"
        case "nfs": return "warm"
        default: return "warm"
        }
    }
}

/// Reads the attributes providers give node groups and storage resources, across providers:
/// `sim_node_group` (`desired_size`), `aws_autoscaling_group` (`desired_capacity`),
/// `aws_eks_node_group` (`scaling_config.desired_size`, `instance_types`), file systems
/// (`size_gib`, `storage_capacity`, `provisioned_size_gib`).
enum ResourceShape {
    static func instanceType(_ a: [String: Value]) -> String? {
        a["instance_type"]?.stringValue ?? a["instance_types"]?.arrayValue?.first?.stringValue
    }

    /// `min`, `desired` or `max` node count.
    static func count(_ a: [String: Value], _ which: String) -> Int? {
        let aws = which == "desired" ? "desired_capacity" : "\(which)_size"
        return a["\(which)_size"]?.intValue ?? a[aws]?.intValue ?? a["scaling_config"]?["\(which)_size"]?.intValue
    }

    /// `spot` or `on-demand` (AWS writes `SPOT` / `ON_DEMAND` in `capacity_type`).
    static func market(_ a: [String: Value]) -> String? {
        if let market = a["market"]?.stringValue { return market }
        guard let capacity = a["capacity_type"]?.stringValue else { return nil }
        return capacity.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The file system a storage resource type provides, nil for anything else.
    static func storageFilesystem(_ type: String) -> String? {
        if type.contains("lustre") { return "lustre" }
        if type.contains("nfs") || type.contains("efs_file_system") { return "nfs" }
        if type.hasSuffix("_bucket") { return "object" }
        return nil
    }

    static func sizeGiB(_ a: [String: Value]) -> Int? {
        a["size_gib"]?.intValue ?? a["storage_capacity"]?.intValue ?? a["provisioned_size_gib"]?.intValue
    }
}
