import GantryBasics
import GantryProviderKit

extension AWSLowering.Context {
    /// The file system resource of each mounted kind, for the pools' mount entries.
    static let fileSystemTypes = ["lustre": "aws_fsx_lustre_file_system", "nfs": "aws_efs_file_system"]
    /// Lifecycle targets → S3 storage classes.
    static let storageClasses = ["warm": "STANDARD_IA", "cold": "GLACIER", "archive": "DEEP_ARCHIVE"]

    /// A storage tier: FSx for Lustre (hot) with a data repository association when
    /// `providers.aws.data_repositories` links it to an object store; EFS with an IA lifecycle
    /// (warm) and a mount target in each zone of the attached pools' network; or an S3 bucket
    /// with versioning, default encryption and lifecycle transitions (cold / object).
    mutating func lowerStorage(_ item: IntentItem) {
        let region = region(of: item)
        let a = item.attributes
        let name = label(item, region)
        var tags: [String: Value] = ["Name": .string(name)]
        if let residency = a["residency"]?.stringValue { tags["residency"] = .string(residency) }
        let kind = StorageMounts.filesystemKind(item)
        // A file system goes into the network of the first attached pool in this region.
        var net: IntentItem?
        for poolName in a["attach"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if let pool = pool(named: poolName, region: region), let n = pool.attributes["network"]?.stringValue {
                net = network(named: n, region: region)
                break
            }
        }
        var out: [String: Value] = ["region": .string(region), "filesystem": .string(kind)]
        switch kind {
        case "lustre":
            guard let net, let zone = zones(in: region).first else {
                error(item, "lustre-needs-network", "FSx for Lustre needs a subnet: attach the store to a node pool in \(region)",
                      path: "attach")
                return
            }
            let throughput = a["throughput_per_tib"]?.intValue ?? 250
            if ![125, 250, 500, 1000].contains(throughput) {
                error(item, "invalid-throughput", "PERSISTENT_2 throughput_per_tib is 125, 250, 500 or 1000, not \(throughput)",
                      path: "throughput_per_tib")
            }
            let fs = add(item, type: "aws_fsx_lustre_file_system", [
                "region": .string(region), "storage_capacity": .int(Self.lustreCapacity(gib: sizeGiB(a["size"]) ?? 1200)),
                "subnet_ids": [ref(net.address.child(type: "aws_subnet", name: zone))],
                "security_group_ids": [ref(net.address.child(type: "aws_security_group", name: "main"))],
                "deployment_type": "PERSISTENT_2", "per_unit_storage_throughput": .int(throughput), "tags": .object(tags),
            ])
            out["filesystem_id"] = ref(fs)
            out["dns_name"] = ref(fs, "dns_name")
            out["mount_name"] = ref(fs, "mount_name")
            out["id"] = ref(fs)
            if let link = config.dataRepositories[item.name] {
                out["data_repository_association_id"] = dataRepository(item, link, fileSystem: fs, region: region)
            }
        case "nfs":
            let fs = add(item, type: "aws_efs_file_system", [
                "region": .string(region), "creation_token": .string(name), "performance_mode": "generalPurpose",
                "throughput_mode": "elastic", "encrypted": true,
                "lifecycle_policy": [["transition_to_ia": "AFTER_30_DAYS"]], "tags": .object(tags),
            ])
            out["filesystem_id"] = ref(fs)
            out["dns_name"] = ref(fs, "dns_name")
            out["id"] = ref(fs)
            if let net {
                // NFS clients reach the file system through a mount target in their own zone; the
                // network's security group lets its members reach each other (NFS on 2049).
                out["mount_target_ids"] = .array(zones(in: region).map { zone in
                    ref(add(item, type: "aws_efs_mount_target", name: zone, [
                        "region": .string(region), "file_system_id": ref(fs),
                        "subnet_id": ref(net.address.child(type: "aws_subnet", name: zone)),
                        "security_groups": [ref(net.address.child(type: "aws_security_group", name: "main"))],
                    ]))
                })
            }
        case "object":
            let s3Name = bucketName(item, region)
            let bucket = add(item, type: "aws_s3_bucket", [
                "region": .string(region), "bucket": .string(s3Name), "versioning": ["enabled": true],
                "server_side_encryption_configuration": [
                    "rule": ["apply_server_side_encryption_by_default": ["sse_algorithm": "AES256"]],
                ],
                "tags": .object(tags),
            ])
            if let rule = lifecycleRule(item) {
                add(item, type: "aws_s3_bucket_lifecycle_configuration",
                    ["region": .string(region), "bucket": ref(bucket), "rule": [rule]])
            }
            out["bucket"] = .string(s3Name)
            out["arn"] = ref(bucket, "arn")
            out["id"] = ref(bucket)
        default:
            error(item, "unknown-filesystem", "filesystem `\(kind)` is not lustre, nfs or object", path: "filesystem")
        }
        outputs[item.address] = out
    }

    /// The data repository association linking Lustre store `item` to the bucket of the object
    /// store `link.storage` in the same region; its id, or null after an error diagnostic.
    private mutating func dataRepository(_ item: IntentItem, _ link: AWSConfig.DataRepository, fileSystem: ResourceAddress,
                                         region: String) -> Value {
        let path = "providers.aws.data_repositories.\(item.name)"
        guard let source = store(named: link.storage, region: region), self.region(of: source) == region else {
            error(item, "unknown-data-repository", "\(path) names `\(link.storage)`, which is not a storage item in \(region)",
                  hint: EditDistance.hint(for: link.storage, among: storage.keys.sorted()))
            return .null
        }
        guard StorageMounts.filesystemKind(source) == "object" else {
            error(item, "data-repository-not-object", "\(path) names `\(link.storage)`, a "
                      + "\(StorageMounts.filesystemKind(source)) store; a Lustre file system links to an object store (S3)")
            return .null
        }
        let bucket = source.address.child(type: "aws_s3_bucket", name: "main")
        let association = add(item, type: "aws_fsx_data_repository_association", [
            "region": .string(region), "file_system_id": ref(fileSystem),
            "data_repository_path": .string("s3://\(bucketName(source, region))/\(link.prefix)"),
            "file_system_path": .string(link.fileSystemPath), "batch_import_meta_data_on_create": true,
            "s3": ["auto_import_policy": ["events": .array(link.autoImport.map(Value.string))],
                   "auto_export_policy": ["events": .array(link.autoExport.map(Value.string))]],
            "tags": tags(label(item, region)),
        ], dependsOn: [bucket])
        return ref(association)
    }

    /// S3 wants bucket names in lower case.
    func bucketName(_ item: IntentItem, _ region: String) -> String { label(item, region).lowercased() }

    /// PERSISTENT_2 sizes: 1,200 GiB, or a multiple of 2,400 GiB.
    static func lustreCapacity(gib: Int) -> Int {
        gib <= 1200 ? 1200 : Int((Double(gib) / 2400).rounded(.up)) * 2400
    }

    private func sizeGiB(_ v: Value?) -> Int? {
        guard let v, !v.isNull else { return nil }
        if let n = v.intValue { return n }
        guard let text = v.stringValue, case .success(let size) = ByteSize.parse(text) else { return nil }
        return Int(size.gibibytes.rounded(.up))
    }

    /// `lifecycle: [{after, to}|{after, expire}]` as one rule; without a list, the tier's own
    /// class (warm → STANDARD_IA after 30 days, cold → GLACIER after 1 day).
    private mutating func lifecycleRule(_ item: IntentItem) -> Value? {
        var transitions: [Value] = []
        var expiration: [Value] = []
        if let entries = item.attributes["lifecycle"]?.arrayValue {
            for (i, entry) in entries.enumerated() {
                guard let days = entry["after"].flatMap(Self.days) else {
                    error(item, "invalid-lifecycle", "`lifecycle[\(i)].after` must be a duration like 30d", path: "lifecycle[\(i)]")
                    continue
                }
                if entry["expire"]?.boolValue == true {
                    expiration.append(["days": .int(days)])
                } else if let to = entry["to"]?.stringValue, let storageClass = Self.storageClasses[to] {
                    transitions.append(["days": .int(days), "storage_class": .string(storageClass)])
                } else {
                    error(item, "invalid-lifecycle", "`lifecycle[\(i)]` needs `to: warm|cold|archive` or `expire: true`",
                          path: "lifecycle[\(i)]")
                }
            }
        } else if item.attributes["tier"]?.stringValue == "warm" {
            transitions = [["days": 30, "storage_class": "STANDARD_IA"]]
        } else if item.attributes["tier"]?.stringValue == "cold" {
            transitions = [["days": 1, "storage_class": "GLACIER"]]
        }
        guard !transitions.isEmpty || !expiration.isEmpty else { return nil }
        var rule: [String: Value] = ["id": "gantry-tiers", "status": "Enabled", "filter": ["prefix": ""],
                                     "transition": .array(transitions)]
        if !expiration.isEmpty { rule["expiration"] = .array(expiration) }
        return .object(rule)
    }

    /// Whole days (rounded up) from seconds (how the spec hands durations over) or `30d`.
    static func days(_ v: Value) -> Int? {
        let seconds: Double
        if let n = v.intValue {
            seconds = Double(n)
        } else if let text = v.stringValue, case .success(let span) = TimeSpan.parse(text) {
            seconds = Double(span.seconds)
        } else {
            return nil
        }
        return seconds < 0 ? nil : Int((seconds / 86_400).rounded(.up))
    }
}
