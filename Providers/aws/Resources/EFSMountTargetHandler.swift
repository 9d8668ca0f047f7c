import GantryBasics
import GantryHTTP
import GantryProviderKit

/// `aws_efs_mount_target`: the NFS endpoint of an EFS file system in one subnet (one per zone
/// the pools run in). Mount targets carry no tags: a create that finds one already in the
/// subnet (`MountTargetConflict`, e.g. after a crash mid-create) adopts it instead.
struct EFSMountTargetHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_efs_mount_target", forceNew: ["file_system_id", "subnet_id"],
                           computed: ["id", "ip_address", "availability_zone_name", "network_interface_id"],
                           taggable: false)
    static let base = "/2015-02-01/mount-targets"

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let fileSystem = try a.string("file_system_id", for: spec.name), subnet = try a.string("subnet_id", for: spec.name)
        let target: Value
        do {
            target = try await EFSAPI.call("CreateMountTarget", "POST", Self.base, [
                "FileSystemId": .string(fileSystem), "SubnetId": .string(subnet),
                "SecurityGroups": .array(a.strings("security_groups").map(Value.string)),
            ], region: region, client: client)
        } catch where error.providerCode == "MountTargetConflict" {
            guard let existing = try await targets(fileSystem: fileSystem, region: region, client: client)
                .first(where: { $0["SubnetId"]?.stringValue == subnet }) else { throw error }
            target = existing
        }
        guard let id = target["MountTargetId"]?.stringValue else { throw missing("CreateMountTarget", "MountTargetId") }
        return (id, Self.computed(target))
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        _ = try await EFSAPI.call("ModifyMountTargetSecurityGroups", "PUT", "\(Self.base)/\(id)/security-groups",
                           ["SecurityGroups": .array(attributes.strings("security_groups").map(Value.string))],
                           region: region, client: client)
        return prior.filter { spec.computed.contains($0.key) && $0.key != "id" }
    }

    /// The managed EFS file systems (one paged list), then each one's mount targets and their
    /// security groups.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        for fileSystem in try await EFSHandler().describe(ids: nil, region: region, client: client) {
            for target in try await targets(fileSystem: fileSystem.id, region: region, client: client) {
                guard let id = target["MountTargetId"]?.stringValue, ids?.contains(id) ?? true else { continue }
                let groups = try await EFSAPI.call("DescribeMountTargetSecurityGroups", "GET", "\(Self.base)/\(id)/security-groups",
                                            region: region, client: client)
                var a = Self.computed(target)
                a["id"] = .string(id)
                a["region"] = .string(region)
                a["file_system_id"] = .string(fileSystem.id)
                a["subnet_id"] = target["SubnetId"] ?? .null
                a["security_groups"] = .array((groups["SecurityGroups"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
                    .map(Value.string))
                // Untagged: the file system's tags say whom it belongs to.
                out.append(AWSObservation(id: id, attributes: a, gantryTags: fileSystem.gantryTags.filter { $0.key != "gantry:address" }))
            }
        }
        return out
    }

    /// Deletes the mount target and waits until EFS no longer lists it: the deletion runs in
    /// the background, and the file system cannot be deleted (`FileSystemInUse`) before.
    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await EFSAPI.call("DeleteMountTarget", "DELETE", "\(Self.base)/\(id)", region: region, client: client)
        let gone = try await Self.deletion.until { () async throws(ProviderError) -> Bool? in
            do throws(ProviderError) {
                let answer = try await EFSAPI.call("DescribeMountTargets", "GET",
                                                   "\(Self.base)?MountTargetId=" + AWSPercentEncoding.encode(id),
                                                   region: region, client: client)
                return answer["MountTargets"]?.arrayValue?.isEmpty ?? true ? true : nil
            } catch where error.code == .notFound {
                return true
            }
        }
        guard gone == nil else { return }
        throw ProviderError(.timeout, "mount target \(id) was still being deleted after \(Self.deletion.boundText)",
                            providerCode: "MountTargetDeletionTimeout")
    }

    /// How long a deletion is waited for: 10 minutes, asking every 5 s (EFS takes about a minute).
    static let deletion = AWSPoll(seconds: 600, pause: 5)

    /// DescribeMountTargets of one file system (every page).
    private func targets(fileSystem: String, region: String, client: AWSClient) async throws(ProviderError) -> [Value] {
        var out: [Value] = []
        var marker: String?
        repeat {
            var path = "\(Self.base)?FileSystemId=" + AWSPercentEncoding.encode(fileSystem)
            if let marker { path += "&Marker=" + AWSPercentEncoding.encode(marker) }
            let answer = try await EFSAPI.call("DescribeMountTargets", "GET", path, region: region, client: client)
            out += answer["MountTargets"]?.arrayValue ?? []
            marker = answer["NextMarker"]?.stringValue
        } while marker != nil
        return out
    }

    private static func computed(_ target: Value) -> [String: Value] {
        ["ip_address": target["IpAddress"] ?? .null, "availability_zone_name": target["AvailabilityZoneName"] ?? .null,
         "network_interface_id": target["NetworkInterfaceId"] ?? .null]
    }
}
