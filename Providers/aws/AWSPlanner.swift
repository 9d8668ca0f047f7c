import GantryBasics
import GantryProviderKit

/// The `plan` verdict for one AWS resource: computed attributes unknown until the cloud
/// sets them, force-new attributes named, and the shapes AWS echoes back (rule order,
/// an empty tag map) normalised so that a read-back compares equal.
enum AWSPlanner {
    static func plan(_ request: PlanRequest, spec: AWSTypeSpec?) -> PlanResponse {
        guard let spec else {
            return PlanResponse(address: request.address, planned: request.proposed, diagnostics: [
                .error("unknown-resource-type", "\(request.address): the aws provider has no resource type `\(request.type)`",
                       expected: AWSProvider.handlers.keys.sorted().joined(separator: ", ")),
            ])
        }
        var planned = normalise(prepared(request.proposed, spec: spec).filter { !spec.computed.contains($0.key) },
                                spec: spec)
        guard let prior = request.prior else {
            for key in spec.computed { planned[key] = .unknown }
            return PlanResponse(address: request.address, planned: planned)
        }
        if let key = PoolPlacement.subnetKeys[spec.name],
           let subnets = PoolPlacement.keptSubnets(planned: planned, prior: prior, key: key) {
            planned[key] = subnets
        }
        let replace = spec.forceNew.filter { planned[$0] != prior[$0] }.sorted()
        if !replace.isEmpty {
            for key in spec.computed { planned[key] = .unknown }
            return PlanResponse(address: request.address, planned: planned, requiresReplace: replace)
        }
        let changed = planned.contains { prior[$0.key] != $0.value }
            || prior.keys.contains { !spec.computed.contains($0) && planned[$0] == nil }
        for key in spec.computed {
            if changed && spec.recomputedOnUpdate.contains(key) {
                planned[key] = .unknown
            } else if let value = prior[key] {
                planned[key] = value
            }
        }
        return PlanResponse(address: request.address, planned: planned)
    }

    /// Gantry's steering inputs turned into the AWS fields they stand for: a pool group's
    /// placement keys become an Auto Scaling group's mixed instances policy and capacity
    /// reservation, an EKS node group's instance types and capacity type (`PoolPlacement`).
    /// Plans show, creates send and state records this form.
    static func prepared(_ attributes: [String: Value], spec: AWSTypeSpec) -> [String: Value] {
        guard let placement = PoolPlacement(attributes) else { return attributes }
        switch spec.name {
        case "aws_autoscaling_group": return placement.autoScalingGroup(attributes)
        case "aws_eks_node_group": return placement.eksNodeGroup(attributes)
        default: return attributes
        }
    }

    /// The form the cloud reads back in.
    static func normalise(_ attributes: [String: Value], spec: AWSTypeSpec) -> [String: Value] {
        var out = attributes
        if spec.taggable && out["tags"] == nil { out["tags"] = .object([:]) }
        // IAM answers attached policies in its own order: a set, kept sorted.
        if spec.name == "aws_iam_role", let policies = out["managed_policy_arns"]?.arrayValue {
            out["managed_policy_arns"] = .array(policies.compactMap(\.stringValue).sorted().map(Value.string))
        }
        if spec.name == "aws_security_group" {
            for key in ["ingress", "egress"] {
                out[key] = .array(SecurityGroupHandler.canonical(out[key]?.arrayValue ?? []))
            }
        }
        return out
    }
}
