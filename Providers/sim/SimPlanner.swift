import GantryBasics
import GantryProviderKit

/// The `plan` verdict for one resource: which attributes the cloud will compute, which
/// it keeps, and which changes force a replacement.
enum SimPlanner {
    static func plan(_ request: PlanRequest) -> PlanResponse {
        guard let spec = SimTypes.all[request.type] else {
            return PlanResponse(address: request.address, planned: request.proposed, diagnostics: [
                .error("unknown-resource-type", "\(request.address): the sim provider has no resource type `\(request.type)`",
                       expected: SimTypes.all.keys.sorted().joined(separator: ", ")),
            ])
        }
        var planned = request.proposed.filter { !spec.computed.contains($0.key) }
        var diagnostics = check(planned, spec: spec, address: request.address)
        guard let prior = request.prior else {
            for key in spec.computed { planned[key] = .unknown }
            return PlanResponse(address: request.address, planned: planned, diagnostics: diagnostics)
        }
        let replace = spec.forceNew.filter { planned[$0] != prior[$0] }.sorted()
        if !replace.isEmpty {
            for key in spec.computed { planned[key] = .unknown }
            return PlanResponse(address: request.address, planned: planned, requiresReplace: replace,
                                diagnostics: diagnostics)
        }
        let changed = planned.contains { prior[$0.key] != $0.value }
            || prior.keys.contains { !spec.computed.contains($0) && planned[$0] == nil }
        for key in spec.computed {
            if changed && spec.recomputedOnUpdate.contains(key) {
                planned[key] = .unknown
            } else if key == "tags_all" && planned["tags"] != prior["tags"] {
                planned[key] = .unknown
            } else if let value = prior[key] {
                planned[key] = value
            }
        }
        if spec.name == SimTypes.lustre, let new = planned["size_gib"]?.intValue,
           let was = prior["size_gib"]?.intValue, new < was {
            diagnostics.append(.error("lustre-shrink", "\(request.address): a Lustre file system cannot shrink "
                                          + "(\(was) GiB → \(new) GiB)", hint: "grow it, or create a new file system"))
        }
        return PlanResponse(address: request.address, planned: planned, diagnostics: diagnostics)
    }

    /// Problems visible before any call: missing arguments, node counts out of order.
    private static func check(_ attributes: [String: Value], spec: SimTypeSpec, address: ResourceAddress) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for key in spec.required where attributes[key] == nil || attributes[key]?.isNull == true {
            out.append(.error("missing-attribute", "\(address): \(spec.name) needs `\(key)`", path: key))
        }
        if spec.name == SimTypes.nodeGroup, let desired = attributes["desired_size"]?.intValue {
            let minSize = attributes["min_size"]?.intValue ?? 0
            let maxSize = attributes["max_size"]?.intValue ?? desired
            if !(minSize <= desired && desired <= maxSize) {
                out.append(.error("node-count", "\(address): node counts must satisfy min ≤ desired ≤ max, got "
                                      + "\(minSize) ≤ \(desired) ≤ \(maxSize)", path: "desired_size"))
            }
        }
        return out
    }
}
