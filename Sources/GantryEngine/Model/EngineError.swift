import GantryBasics
import GantryProviderKit

/// Everything that stops the engine from producing a plan or finishing an apply.
///
/// Per-resource failures during apply are not thrown: they are outcomes in the
/// `ApplyReport`, because independent branches keep going.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// Lowering or planning found problems in the configuration; each diagnostic names
    /// the item and its location.
    case invalidConfiguration([Diagnostic])
    /// Resources depend on each other in a circle; `path` starts and ends at the same address.
    case dependencyCycle(path: [ResourceAddress])
    /// A resource or intent names a provider the engine was not given.
    case unknownProvider(name: String, address: ResourceAddress?)
    /// A provider call that has no per-resource outcome (schema, lower, plan, read, list) failed.
    case providerFailed(provider: String, operation: String, error: ProviderError)
    /// The state backend failed; `message` is its own description.
    case stateFailed(operation: String, message: String)
    /// A saved plan was made against another state than the current one.
    case stalePlan(planSerial: Int, planLineage: String?, stateSerial: Int, stateLineage: String?)
    /// The plan carries error diagnostics and cannot be applied.
    case planHasErrors([Diagnostic])
    /// A plan file could not be written or read.
    case planFile(path: String, reason: String)
    /// `import` could not find the resource or the address is taken.
    case importFailed(address: ResourceAddress, reason: String)
    /// Every offer of a node pool exceeds an account quota; found before anything was created.
    case quotaExceeded(pool: ResourceAddress, quotas: [String])
    /// A bug in Gantry, not in the input.
    case internalError(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let diagnostics):
            let lines = diagnostics.map { d -> String in
                var line = d.location.map { "\($0): " } ?? ""
                line += d.message
                if let hint = d.hint { line += " (\(hint))" }
                return line
            }
            return "the configuration has \(diagnostics.count) problem(s):\n  " + lines.joined(separator: "\n  ")
        case .dependencyCycle(let path):
            return "resources depend on each other in a cycle: "
                + path.map(\.rawValue).joined(separator: " → ")
                + " (remove one of these references or dependencies)"
        case .unknownProvider(let name, let address):
            let at = address.map { " (used by \($0))" } ?? ""
            return "no provider named '\(name)' is configured\(at); add it under `providers:` in the spec"
        case .providerFailed(let provider, let operation, let error):
            let at = error.address.map { " for \($0)" } ?? ""
            return "provider '\(provider)' failed to \(operation)\(at): \(error)"
        case .stateFailed(let operation, let message):
            return "state backend failed to \(operation): \(message)"
        case .stalePlan(let planSerial, let planLineage, let stateSerial, let stateLineage):
            if planLineage != nil, stateLineage != nil, planLineage != stateLineage {
                return "the saved plan was made for another state (lineage \(planLineage ?? "-"), "
                    + "current \(stateLineage ?? "-")); run `gantry plan` again"
            }
            return "the state changed since the plan was made (plan serial \(planSerial), "
                + "state serial \(stateSerial)); run `gantry plan` again"
        case .planHasErrors(let diagnostics):
            return "the plan has \(diagnostics.filter { $0.severity == .error }.count) error(s) and cannot be applied"
        case .planFile(let path, let reason):
            return "plan file \(path): \(reason)"
        case .importFailed(let address, let reason):
            return "cannot import \(address): \(reason)"
        case .quotaExceeded(let pool, let quotas):
            return "\(pool) cannot be placed: every offer exceeds an account quota ("
                + quotas.joined(separator: "; ") + "); nothing was created. Raise the quota, lower "
                + "nodes.desired, or add a market or GPU model to the pool's capacity"
        case .internalError(let message):
            return "internal error (a bug in Gantry, please report it): \(message)"
        }
    }
}
