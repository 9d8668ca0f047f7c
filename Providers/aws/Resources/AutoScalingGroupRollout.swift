import GantryBasics
import GantryProviderKit

/// What an Auto Scaling group holds for Gantry's rollouts and placement, beyond what AWS models.
///
/// `update_config` (how the engine rolls out a replacement), `gpu_instances_per_node` and
/// the placement keys the capacity failover steers (`PoolPlacement.keys`) have
/// no Auto Scaling field of their own, so they ride on the group as Gantry tags holding
/// compact JSON (`gantry:update_config`, `gantry:market`, …), not propagated to the
/// instances. A read decodes them, so the next plan compares equal and shows no drift;
/// being `gantry:` tags they never appear among the user's `tags`.
///
/// The health a rollout's gate waits on comes from the group's instances: `ready_nodes`,
/// `failed_nodes` and `status` (see `HealthGate` in the engine).
enum AutoScalingGroupRollout {
    /// Attribute → the tag that carries it.
    static let tagKeys: [String: String] = PoolPlacement.tagKeys.merging(
        ["update_config": "gantry:update_config", "gpu_instances_per_node": "gantry:gpu_instances_per_node"]) { $1 }
    /// AWS refuses longer tag values.
    static let maxTagValue = 256

    /// The tags carrying `attributes`' rollout settings (absent or null ones are left out).
    /// - Throws: `invalid` when a setting holds something JSON cannot carry or does not fit
    ///   in a tag value.
    /// - Parameter keys: attribute → tag (an EKS node group carries only `PoolPlacement.tagKeys`).
    static func tags(_ attributes: [String: Value], keys: [String: String] = tagKeys) throws(ProviderError)
        -> [String: String]
    {
        var out: [String: String] = [:]
        for (attribute, key) in keys {
            guard let value = attributes[attribute], !value.isNull else { continue }
            let text: String
            do {
                text = try JSON.encode(value)
            } catch {
                throw ProviderError(.invalid, "`\(attribute)` cannot be stored on the Auto Scaling group: \(error)",
                                    providerCode: "InvalidParameterValue")
            }
            guard text.utf8.count <= maxTagValue else {
                throw ProviderError(.invalid, "`\(attribute)` takes \(text.utf8.count) bytes as JSON; an Auto Scaling "
                                    + "group tag holds at most \(maxTagValue); use fewer canary steps",
                                    providerCode: "InvalidParameterValue")
            }
            out[key] = text
        }
        return out
    }

    /// The rollout settings Gantry's tags of a read group carry. A tag that does not parse
    /// (edited by hand) is left out, so the next plan shows the setting as a change and
    /// rewrites it.
    static func attributes(fromTags tags: [String: String], keys: [String: String] = tagKeys) -> [String: Value] {
        var out: [String: Value] = [:]
        for (attribute, key) in keys {
            if let text = tags[key], let value = try? JSON.parse(text) { out[attribute] = value }
        }
        return out
    }

    /// Whether a tag is one of these: they stay on the group, not on its instances.
    static func isRolloutTag(_ key: String) -> Bool { tagKeys.values.contains(key) }

    /// One instance of the group as DescribeAutoScalingGroups lists it.
    struct Instance: Sendable, Hashable {
        /// `Pending`, `InService`, `Terminating`, `Terminated`, `Standby`, …
        var lifecycleState: String
        /// `Healthy` or `Unhealthy`.
        var healthStatus: String
    }

    /// `ready_nodes`, `failed_nodes` and `status` of a group wanting `desired` instances.
    ///
    /// Ready: `InService` and `Healthy`. Failed: `Unhealthy` ones, and ones terminating
    /// while the group is short of its desired count — an instance that died launching
    /// (scale-in terminates instances too, but then the rest still make up the count).
    /// Status: `DEGRADED` with failed instances, `ACTIVE` at the desired count, else `SCALING`.
    static func readiness(_ instances: [Instance], desired: Int) -> [String: Value] {
        let ready = instances.filter { $0.lifecycleState == "InService" && $0.healthStatus == "Healthy" }.count
        let unhealthy = instances.filter { $0.healthStatus == "Unhealthy" }.count
        let leaving = instances.filter { $0.lifecycleState.hasPrefix("Terminat") && $0.healthStatus != "Unhealthy" }.count
        let staying = instances.filter { !$0.lifecycleState.hasPrefix("Terminat") }.count
        let failed = unhealthy + (staying < desired ? leaving : 0)
        let status = failed > 0 ? "DEGRADED" : ready >= desired ? "ACTIVE" : "SCALING"
        return ["ready_nodes": .int(ready), "failed_nodes": .int(failed), "status": .string(status)]
    }

    /// The instances of a DescribeAutoScalingGroups group element.
    static func instances(of group: XMLElement) -> [Instance] {
        group.items("Instances").map {
            Instance(lifecycleState: $0.string("LifecycleState") ?? "", healthStatus: $0.string("HealthStatus") ?? "")
        }
    }

    /// `Tags.member.N.*` parameters for `tags` on group `name` (CreateAutoScalingGroup and
    /// CreateOrUpdateTags take the same shape); the rollout tags are not propagated.
    static func tagParameters(_ tags: [String: String], group name: String) -> [(String, String)] {
        var params: [(String, String)] = []
        for (i, key) in tags.keys.sorted().enumerated() {
            let t = "Tags.member.\(i + 1)"
            params += [("\(t).Key", key), ("\(t).Value", tags[key] ?? ""),
                       ("\(t).PropagateAtLaunch", isRolloutTag(key) ? "false" : "true"),
                       ("\(t).ResourceId", name), ("\(t).ResourceType", "auto-scaling-group")]
        }
        return params
    }

    /// After an in-place update: writes rollout tags that changed, removes ones now unset.
    static func syncTags(group name: String, prior: [String: Value], attributes: [String: Value], region: String,
                         client: AWSClient) async throws(ProviderError) {
        let before = (try? tags(prior)) ?? [:]
        let after = try tags(attributes)
        let changed = after.filter { before[$0.key] != $0.value }
        let dropped = before.keys.filter { after[$0] == nil }.sorted()
        if !changed.isEmpty {
            _ = try await client.query("autoscaling", region: region, action: "CreateOrUpdateTags",
                                       tagParameters(changed, group: name))
        }
        if !dropped.isEmpty {
            var params: [(String, String)] = []
            for (i, key) in dropped.enumerated() {
                let t = "Tags.member.\(i + 1)"
                params += [("\(t).Key", key), ("\(t).ResourceId", name), ("\(t).ResourceType", "auto-scaling-group")]
            }
            _ = try await client.query("autoscaling", region: region, action: "DeleteTags", params)
        }
    }
}
