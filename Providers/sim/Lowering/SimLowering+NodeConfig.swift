import GantryBasics
import GantryCatalog
import GantryProviderKit

/// What goes onto each node of a pool: the MIG layout, taints, mounts, and the boot script.
extension SimLowering.Context {
    /// `mig: {profile: 1g.10gb}` → as many as fit on a GPU; a mixed layout
    /// `{layout: [{profile: 3g.40gb, count: 1}, …]}` is taken as given when its slices fit. Profiles come from
    /// the catalog's entry for the pool's GPU model.
    /// Returns the layout per GPU and the `nvidia.com/mig.config` label.
    mutating func readMIG(_ item: IntentItem, gpuModel: String?) -> (layout: [String: Int]?, label: String?) {
        guard let mig = item.attributes["mig"], !mig.isNull else { return (nil, nil) }
        let profiles = gpuModel.map(SimCatalog.migProfiles(gpuModel:)) ?? []
        func lookup(_ name: String, path: String) -> MIGProfile? {
            if let gpuModel, profiles.isEmpty {
                error(item, "mig-unsupported", "\(gpuModel) GPUs cannot be partitioned with MIG", path: path)
                return nil
            }
            guard let profile = profiles.first(where: { $0.name == name }) else {
                if gpuModel != nil {
                    error(item, "invalid-mig-profile", "`\(name)` is not a MIG profile of \(gpuModel ?? "")", path: path,
                          expected: profiles.map(\.name).joined(separator: ", "))
                }
                return nil
            }
            return profile
        }
        if let name = mig.stringValue ?? mig["profile"]?.stringValue {
            guard let profile = lookup(name, path: "mig.profile") else { return (nil, nil) }
            return ([name: profile.maxInstances], "all-\(name)")
        }
        // The spec writes a mixed layout as `layout: [{profile, count}]`; a bare
        // `{profile: count}` mapping is accepted too.
        var mixed = mig.objectValue ?? [:]
        if let list = mig["layout"]?.arrayValue {
            mixed = [:]
            for entry in list {
                guard let name = entry["profile"]?.stringValue else { continue }
                mixed[name] = .int((mixed[name]?.intValue ?? 0) + (SimIntentValues.int(entry["count"]) ?? 1))
            }
        }
        guard !mixed.isEmpty else {
            error(item, "invalid-mig", "`mig` must be { profile: NAME } or a layout { NAME: count, … }", path: "mig")
            return (nil, nil)
        }
        var layout: [String: Int] = [:]
        var compute = 0, memory = 0
        for (name, countValue) in mixed.sorted(by: { $0.key < $1.key }) {
            guard let count = SimIntentValues.int(countValue), count > 0 else {
                error(item, "invalid-mig", "`mig.\(name)` must be a positive count", path: "mig.\(name)")
                continue
            }
            guard let profile = lookup(name, path: "mig.\(name)") else { continue }
            layout[name] = count
            compute += profile.computeSlices * count
            memory += profile.memorySlices * count
        }
        if compute > 7 || memory > 8 {
            error(item, "mig-does-not-fit", "the MIG layout needs \(compute) compute and \(memory) memory slices; "
                      + "a GPU has 7 and 8", path: "mig")
        }
        guard !layout.isEmpty else { return (nil, nil) }
        return (layout, "custom-" + layout.keys.sorted().map { "\(layout[$0] ?? 0)x\($0)" }.joined(separator: "-"))
    }

    static let taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

    /// Taints as `{key, value, effect}`, from `key=value:Effect` strings or objects.
    mutating func taints(_ item: IntentItem) -> [Value] {
        guard let list = item.attributes["taints"], !list.isNull else { return [] }
        guard let items = list.arrayValue else {
            error(item, "invalid-taints", "`taints` must be a list like [\"key=value:NoSchedule\"]", path: "taints")
            return []
        }
        var out: [Value] = []
        for (i, taint) in items.enumerated() {
            var key: String?, value: String?, effect: String?
            if let text = taint.stringValue {
                let halves = text.split(separator: ":", maxSplits: 1).map(String.init)
                effect = halves.count == 2 ? halves[1] : nil
                let kv = halves[0].split(separator: "=", maxSplits: 1).map(String.init)
                key = kv.first
                value = kv.count == 2 ? kv[1] : nil
            } else {
                key = taint["key"]?.stringValue
                value = taint["value"]?.stringValue
                effect = taint["effect"]?.stringValue
            }
            guard let key, !key.isEmpty, let effect, Self.taintEffects.contains(effect) else {
                error(item, "invalid-taint", "taint \(SimValueText.describe(taint)) must look like key=value:Effect",
                      path: "taints[\(i)]", expected: "effect one of " + Self.taintEffects.joined(separator: ", "))
                continue
            }
            var object: [String: Value] = ["key": .string(key), "effect": .string(effect)]
            if let value { object["value"] = .string(value) }
            out.append(.object(object))
        }
        return out
    }

    /// File systems of storage items attached to this pool in the same region.
    func mounts(for pool: IntentItem, region: String) -> [Value] {
        StorageMounts.entries(storageByPool[pool.name] ?? [], region: region, regionOf: self.region(of:),
                              resourceTypes: ["lustre": SimTypes.lustre, "nfs": SimTypes.nfs])
    }

    /// The node's boot script: MIG partitioning, then the mounts listed in the template.
    func userData(_ item: IntentItem, migLayout: [String: Int]?) -> String {
        var lines = ["#!/bin/bash", "# Generated by gantry for \(item.address)", "set -euo pipefail"]
        if let migLayout {
            let instances = migLayout.keys.sorted().flatMap { Array(repeating: $0, count: migLayout[$0] ?? 0) }
            lines += ["nvidia-smi -mig 1", "nvidia-smi mig -cgi \(instances.joined(separator: ",")) -C"]
        }
        lines.append("gantry-node-agent mount-all  # mounts every entry of the launch template's `mounts`")
        return lines.joined(separator: "\n") + "\n"
    }
}
