import GantryBasics

/// The file systems a node pool mounts at boot, shared by the providers' lowering: which
/// storage items a pool mounts, the mount entries that point at the lowered file systems,
/// and the shell lines that mount them on a node.
///
/// An entry is an object `{name, type, filesystem_id, dns_name, mount_name?, path}`; before
/// apply its ids and names are references to the file system's resource, which the engine
/// resolves before the resource holding the entries is created.
///
/// ```swift
/// let attached = StorageMounts.byPool(request.items)["h100-train"] ?? []
/// let mounts = StorageMounts.entries(attached, region: "us-east-1", regionOf: { $0.region ?? "us-east-1" },
///                                    resourceTypes: ["lustre": "aws_fsx_lustre_file_system", "nfs": "aws_efs_file_system"])
/// ```
public enum StorageMounts {
    /// The usual file system of each tier, when `filesystem` is not given.
    public static let tierFilesystems = ["hot": "lustre", "warm": "nfs", "cold": "object"]

    /// `filesystem`, else the tier's usual one (hot → lustre, warm → nfs, cold → object).
    public static func filesystemKind(_ item: IntentItem) -> String {
        item.attributes["filesystem"]?.stringValue
            ?? (item.attributes["tier"]?.stringValue).flatMap { tierFilesystems[$0] } ?? "object"
    }

    /// Storage items by the names of the pools they attach to (`attach: [pool, …]`).
    public static func byPool(_ items: [IntentItem]) -> [String: [IntentItem]] {
        var out: [String: [IntentItem]] = [:]
        for item in items where item.kind == "storage" {
            for pool in item.attributes["attach"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                out[pool, default: []].append(item)
            }
        }
        return out
    }

    /// Mount entries for the file systems among `storage` that are in `region`, mounted at
    /// `/mnt/NAME`. Object stores are not mounted.
    ///
    /// - Parameter resourceTypes: the provider's file system type per kind (`lustre`, `nfs`);
    ///   the file system is that type's `main` resource under the storage item's address.
    public static func entries(_ storage: [IntentItem], region: String, regionOf: (IntentItem) -> String,
                               resourceTypes: [String: String]) -> [Value] {
        storage.compactMap { item -> Value? in
            let kind = filesystemKind(item)
            guard regionOf(item) == region, let type = resourceTypes[kind] else { return nil }
            let fs = item.address.child(type: type, name: "main")
            func ref(_ attribute: String) -> Value { .reference(Value.Reference(address: fs, attribute: attribute)) }
            var mount: [String: Value] = [
                "name": .string(item.name), "type": .string(kind), "filesystem_id": ref("id"),
                "dns_name": ref("dns_name"), "path": .string("/mnt/\(item.name)"),
            ]
            if kind == "lustre" { mount["mount_name"] = ref("mount_name") }
            return .object(mount)
        }
    }

    /// Boot-script lines that mount resolved `entries` now and at every boot (`/etc/fstab`):
    /// Lustre as `DNS@tcp:/MOUNT_NAME` (installing the client when missing), NFS as
    /// `DNS:/` with NFS 4.1 and the options AWS recommends for EFS. Empty when nothing mounts.
    public static func shellLines(_ entries: [Value]) -> [String] {
        var lines: [String] = []
        var kinds: [String] = []
        for entry in entries {
            guard let kind = entry["type"]?.stringValue, let dns = entry["dns_name"]?.stringValue,
                  let path = entry["path"]?.stringValue else { continue }
            let line: String
            switch kind {
            case "lustre":
                guard let mountName = entry["mount_name"]?.stringValue else { continue }
                if !kinds.contains("lustre") {
                    lines.append("command -v mount.lustre >/dev/null || dnf install -y lustre-client || amazon-linux-extras install -y lustre")
                }
                line = "\(dns)@tcp:/\(mountName) \(path) lustre defaults,relatime,flock,_netdev,x-systemd.automount,"
                    + "x-systemd.requires=network.service 0 0"
            case "nfs":
                line = "\(dns):/ \(path) nfs4 nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0"
            default:
                continue
            }
            kinds.append(kind)
            lines += ["mkdir -p \(shellQuoted(path))", "echo \(shellQuoted(line)) >> /etc/fstab"]
        }
        guard !kinds.isEmpty else { return [] }
        let types = Set(kinds).sorted().map { $0 == "nfs" ? "nfs4" : $0 }.joined(separator: ",")
        return lines + ["mount -a -t \(types)"]
    }

    /// `text` in single quotes, safe as one shell word.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
