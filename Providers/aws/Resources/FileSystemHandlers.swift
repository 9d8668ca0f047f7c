import GantryBasics
import GantryHTTP
import GantryProviderKit

/// `aws_fsx_lustre_file_system`: PERSISTENT_2 with throughput per TiB. Grows in place.
struct FSxLustreHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_fsx_lustre_file_system",
                           forceNew: ["subnet_ids", "security_group_ids", "deployment_type", "per_unit_storage_throughput"],
                           computed: ["id", "arn", "dns_name", "mount_name"])

    private func call(_ operation: String, _ body: Value, region: String, client: AWSClient) async throws(ProviderError) -> Value {
        try await FSxAPI.call(operation, body, region: region, client: client)
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        var lustre: [String: Value] = ["DeploymentType": a["deployment_type"] ?? "PERSISTENT_2"]
        if let t = a["per_unit_storage_throughput"], !t.isNull { lustre["PerUnitStorageThroughput"] = t }
        let body: Value = .object([
            "FileSystemType": "LUSTRE", "StorageCapacity": a["storage_capacity"] ?? 1200,
            "SubnetIds": .array(a["subnet_ids"]?.arrayValue ?? []),
            "SecurityGroupIds": .array(a["security_group_ids"]?.arrayValue ?? []),
            "LustreConfiguration": .object(lustre),
            "Tags": .array(tags.keys.sorted().map { ["Key": .string($0), "Value": .string(tags[$0] ?? "")] }),
        ])
        let fs = try await call("CreateFileSystem", body, region: region, client: client)["FileSystem"]
        guard let id = fs?["FileSystemId"]?.stringValue else { throw missing("CreateFileSystem", "FileSystemId") }
        return (id, computed(fs))
    }

    /// AWS always answers a `MountName` (8 characters for PERSISTENT_2); moto 5.2 answers none,
    /// and then the name AWS gives SCRATCH_1 file systems, `fsx`, stands in so nodes still mount.
    private func computed(_ fs: Value?) -> [String: Value] {
        ["arn": fs?["ResourceARN"] ?? .null, "dns_name": fs?["DNSName"] ?? .null,
         "mount_name": fs?["LustreConfiguration"]?["MountName"] ?? "fsx"]
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let fs = try await call("UpdateFileSystem", ["FileSystemId": .string(id),
                                                     "StorageCapacity": attributes["storage_capacity"] ?? .null],
                                region: region, client: client)["FileSystem"]
        var out = computed(fs)
        for key in out.keys where out[key]?.isNull == true { out[key] = prior[key] }
        return out
    }

    /// DescribeFileSystems with the ids asked for (or every page), one call per region.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        let all = try await FSxAPI.describeAll("DescribeFileSystems", listKey: "FileSystems", idsKey: "FileSystemIds",
                                               idKey: "FileSystemId", ids: ids, maxResults: 2147483647, region: region, client: client)
        var out: [AWSObservation] = []
        for fs in all where fs["FileSystemType"]?.stringValue == "LUSTRE" {
            guard let id = fs["FileSystemId"]?.stringValue else { continue }
            let (user, gantry) = splitTags(keyValueTags(fs["Tags"]))
            guard !gantry.isEmpty else { continue }
            var a = computed(fs)
            a["id"] = .string(id)
            a["region"] = .string(region)
            a["storage_capacity"] = fs["StorageCapacity"] ?? .null
            a["subnet_ids"] = fs["SubnetIds"] ?? []
            a["security_group_ids"] = .array(fs["SecurityGroupIds"]?.arrayValue ?? [])
            a["deployment_type"] = fs["LustreConfiguration"]?["DeploymentType"] ?? .null
            if let t = fs["LustreConfiguration"]?["PerUnitStorageThroughput"] { a["per_unit_storage_throughput"] = t }
            a["tags"] = .object(user)
            out.append(AWSObservation(id: id, attributes: a, gantryTags: gantry))
        }
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await call("DeleteFileSystem", ["FileSystemId": .string(id)], region: region, client: client)
    }
}

/// `aws_efs_file_system` with `lifecycle_policy: [{transition_to_ia: AFTER_30_DAYS}]` (the warm tier).
struct EFSHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_efs_file_system", forceNew: ["creation_token", "performance_mode", "encrypted"],
                           computed: ["id", "arn", "dns_name"])
    static let base = "/2015-02-01/file-systems"

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let fs = try await EFSAPI.call("CreateFileSystem", "POST", Self.base, .object([
            "CreationToken": .string(try a.string("creation_token", for: spec.name)),
            "PerformanceMode": a["performance_mode"] ?? "generalPurpose", "ThroughputMode": a["throughput_mode"] ?? "elastic",
            "Encrypted": a["encrypted"] ?? true,
            "Tags": .array(tags.keys.sorted().map { ["Key": .string($0), "Value": .string(tags[$0] ?? "")] }),
        ]), region: region, client: client)
        guard let id = fs["FileSystemId"]?.stringValue else { throw missing("CreateFileSystem", "FileSystemId") }
        try await putLifecycle(id: id, a, region: region, client: client)
        return (id, ["arn": fs["FileSystemArn"] ?? .null, "dns_name": .string("\(id).efs.\(region).amazonaws.com")])
    }

    private func putLifecycle(id: String, _ a: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        let policies: [Value] = (a["lifecycle_policy"]?.arrayValue ?? []).compactMap { p in
            p["transition_to_ia"]?.stringValue.map { ["TransitionToIA": .string($0)] }
        }
        _ = try await EFSAPI.call("PutLifecycleConfiguration", "PUT", "\(Self.base)/\(id)/lifecycle-configuration",
                           ["LifecyclePolicies": .array(policies)], region: region, client: client)
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        if prior["lifecycle_policy"] != attributes["lifecycle_policy"] {
            try await putLifecycle(id: id, attributes, region: region, client: client)
        }
        if prior["throughput_mode"] != attributes["throughput_mode"] {
            _ = try await EFSAPI.call("UpdateFileSystem", "PUT", "\(Self.base)/\(id)", ["ThroughputMode": attributes["throughput_mode"] ?? "elastic"],
                               region: region, client: client)
        }
        return ["arn": prior["arn"] ?? .null, "dns_name": prior["dns_name"] ?? .null]
    }

    /// DescribeFileSystems (every page; tags come with it), then each managed one's lifecycle.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        var marker: String?
        repeat {
            // The default page size (100) is asked for implicitly: moto verifies signatures
            // without the query string, so only follow-up pages carry one.
            var path = Self.base
            if let marker { path += "?Marker=" + AWSPercentEncoding.encode(marker) }
            let answer = try await EFSAPI.call("DescribeFileSystems", "GET", path, region: region, client: client)
            for fs in answer["FileSystems"]?.arrayValue ?? [] {
                guard let id = fs["FileSystemId"]?.stringValue, ids?.contains(id) ?? true else { continue }
                let (user, gantry) = splitTags(keyValueTags(fs["Tags"]))
                guard !gantry.isEmpty else { continue }
                let lifecycle = try await EFSAPI.call("DescribeLifecycleConfiguration", "GET", "\(Self.base)/\(id)/lifecycle-configuration",
                                               region: region, client: client)
                let policies: [Value] = (lifecycle["LifecyclePolicies"]?.arrayValue ?? []).compactMap { p in
                    p["TransitionToIA"]?.stringValue.map { ["transition_to_ia": .string($0)] }
                }
                out.append(AWSObservation(id: id, attributes: [
                    "id": .string(id), "region": .string(region), "creation_token": fs["CreationToken"] ?? .null,
                    "performance_mode": fs["PerformanceMode"] ?? .null, "throughput_mode": fs["ThroughputMode"] ?? .null,
                    "encrypted": fs["Encrypted"] ?? false, "lifecycle_policy": .array(policies), "tags": .object(user),
                    "arn": fs["FileSystemArn"] ?? .null, "dns_name": .string("\(id).efs.\(region).amazonaws.com"),
                ], gantryTags: gantry))
            }
            marker = answer["NextMarker"]?.stringValue
        } while marker != nil
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await EFSAPI.call("DeleteFileSystem", "DELETE", "\(Self.base)/\(id)", region: region, client: client)
    }
}
