import GantryBasics
import GantryProviderKit

extension SimLowering.Context {
    /// Lifecycle targets → storage classes.
    static let storageClasses = ["warm": "STANDARD_IA", "cold": "GLACIER", "archive": "DEEP_ARCHIVE"]

    /// `filesystem`, else the tier's usual one (hot → lustre, warm → nfs, cold → object).
    static func filesystemKind(_ item: IntentItem) -> String { StorageMounts.filesystemKind(item) }

    /// A storage tier: Lustre or NFS file system, or a bucket with lifecycle rules.
    mutating func lowerStorage(_ item: IntentItem) {
        let region = region(of: item)
        let a = item.attributes
        if let tier = a["tier"]?.stringValue, StorageMounts.tierFilesystems[tier] == nil {
            error(item, "unknown-tier", "tier `\(tier)` is not hot, warm or cold", path: "tier")
        }
        var tags: [String: Value] = ["Name": .string("\(item.name)-\(region)")]
        if let residency = a["residency"]?.stringValue { tags["residency"] = .string(residency) }

        // Attached pools: a file system goes into the first one's network here.
        let attached = SimIntentValues.names(a["attach"])
        var net: IntentItem?
        for name in attached {
            guard let pool = pool(named: name, region: region) else {
                if pools[name] == nil {
                    error(item, "unknown-pool", "`attach` names node pool `\(name)`, which is not declared", path: "attach")
                } else {
                    warning(item, "attach-other-region", "node pool `\(name)` has no instance in \(region); it cannot mount this store",
                            path: "attach")
                }
                continue
            }
            if net == nil, let networkName = pool.attributes["network"]?.stringValue {
                net = network(named: networkName, region: region)
            }
        }

        let kind = Self.filesystemKind(item)
        var out: [String: Value] = ["region": .string(region), "filesystem": .string(kind)]
        switch kind {
        case "lustre":
            let size = sizeGiB(item) ?? 1200
            let throughput = SimIntentValues.int(a["throughput_per_tib"]) ?? 250
            if ![125, 250, 500, 1000].contains(throughput) {
                error(item, "invalid-throughput", "Lustre throughput_per_tib must be 125, 250, 500 or 1000 MB/s/TiB, got \(throughput)",
                      path: "throughput_per_tib")
            }
            var fs: [String: Value] = [
                "region": .string(region), "size_gib": .int(size), "throughput_per_tib": .int(throughput),
                "deployment_type": "PERSISTENT_2", "tags": .object(tags),
            ]
            if let net {
                fs["subnet_id"] = ref(net.address.child(type: SimTypes.subnet, name: config.zones(in: region).first ?? region + "a"))
                fs["security_group_ids"] = [ref(net.address.child(type: SimTypes.securityGroup, name: "main"))]
            }
            let address = add(item, type: SimTypes.lustre, fs)
            out["filesystem_id"] = ref(address)
            out["dns_name"] = ref(address, "dns_name")
            out["mount_name"] = ref(address, "mount_name")
            out["id"] = ref(address)
        case "nfs":
            var fs: [String: Value] = [
                "region": .string(region), "performance_mode": "generalPurpose", "throughput_mode": "elastic",
                "tags": .object(tags),
            ]
            if let size = sizeGiB(item) { fs["provisioned_size_gib"] = .int(size) }
            let address = add(item, type: SimTypes.nfs, fs)
            out["filesystem_id"] = ref(address)
            out["dns_name"] = ref(address, "dns_name")
            out["id"] = ref(address)
        case "object":
            let bucketName = "\(config.project.map { $0 + "-" } ?? "")\(item.name)-\(region)".lowercased()
            let bucket = add(item, type: SimTypes.bucket, [
                "region": .string(region), "bucket": .string(bucketName), "tags": .object(tags),
            ])
            let rules = lifecycleRules(item)
            if !rules.isEmpty {
                add(item, type: SimTypes.bucketLifecycle, ["region": .string(region), "bucket": ref(bucket), "rules": .array(rules)])
            }
            out["bucket"] = .string(bucketName)
            out["bucket_id"] = ref(bucket)
            out["arn"] = ref(bucket, "arn")
            out["id"] = ref(bucket)
        default:
            error(item, "unknown-filesystem", "filesystem `\(kind)` is not lustre, nfs or object", path: "filesystem")
        }
        outputs[item.address] = out
    }

    private mutating func sizeGiB(_ item: IntentItem) -> Int? {
        guard let v = item.attributes["size"], !v.isNull else { return nil }
        guard let gib = SimIntentValues.gibibytes(v) else {
            error(item, "invalid-size", "`size` \(SimValueText.describe(v)) is not a size", path: "size",
                  expected: "GiB as a number, or a size like 24TiB")
            return nil
        }
        return gib
    }

    /// `[{after: 30d, to: warm}, {after: 3y, expire: true}]` → bucket lifecycle rules.
    private mutating func lifecycleRules(_ item: IntentItem) -> [Value] {
        guard let list = item.attributes["lifecycle"], !list.isNull else { return [] }
        guard let entries = list.arrayValue else {
            error(item, "invalid-lifecycle", "`lifecycle` must be a list of { after, to } or { after, expire }",
                  path: "lifecycle")
            return []
        }
        var rules: [Value] = []
        for (i, entry) in entries.enumerated() {
            guard let after = entry["after"], let days = SimIntentValues.days(after) else {
                error(item, "invalid-lifecycle", "`lifecycle[\(i)].after` must be a duration like 30d or 3y",
                      path: "lifecycle[\(i)].after")
                continue
            }
            if entry["expire"]?.boolValue == true {
                rules.append(["id": .string("expire-\(days)d"), "days": .int(days), "action": "expire"])
            } else if let to = entry["to"]?.stringValue, let storageClass = Self.storageClasses[to] {
                rules.append(["id": .string("\(to)-\(days)d"), "days": .int(days), "action": "transition",
                              "storage_class": .string(storageClass)])
            } else {
                error(item, "invalid-lifecycle", "`lifecycle[\(i)]` needs `to: warm|cold|archive` or `expire: true`",
                      path: "lifecycle[\(i)]")
            }
        }
        return rules
    }
}
