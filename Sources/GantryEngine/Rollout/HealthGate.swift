import GantryBasics

/// Whether a node group is ready, from what the provider's `read` reports about it.
///
/// The contract: a node group's attributes carry `ready_nodes` (nodes that booted and
/// joined), and may carry `failed_nodes`, `status` and `status_reason` (the provider's
/// words for a failure, quoted in the verdict). A group is ready when at least the
/// wanted nodes are ready and none failed; failed nodes, or a status naming a failure,
/// end the wait at once. A provider that reports no `ready_nodes` cannot be gated, so
/// its groups count as ready when they exist.
public enum HealthGate {
    /// What one look at the group says.
    public enum Verdict: Sendable, Hashable {
        case ready
        /// Not yet: what is missing, for the progress line and a timeout report.
        case waiting(String)
        /// It will not get ready: why.
        case failed(String)
    }

    /// Statuses that mean the group broke (AWS and EKS spellings included).
    static let failedStatuses: Set<String> = ["FAILED", "CREATE_FAILED", "DEGRADED", "UNHEALTHY"]

    /// Judges a snapshot of the group against the nodes the step wants.
    public static func evaluate(_ attributes: [String: Value], wanted: Int) -> Verdict {
        guard let ready = attributes["ready_nodes"]?.intValue else { return .ready }
        let failed = attributes["failed_nodes"]?.intValue ?? 0
        let status = attributes["status"]?.stringValue
        let statusText = status.map { ", status \($0)" } ?? ""
        // The provider's own words for a failure (AWS: "We currently do not have sufficient capacity…").
        let reason = attributes["status_reason"]?.stringValue.map { ": \($0)" } ?? ""
        if failed > 0 {
            return .failed("\(failed) of \(wanted) new node\(wanted == 1 ? "" : "s") failed (\(ready) ready\(statusText))"
                           + reason)
        }
        if let status, failedStatuses.contains(status.uppercased()) {
            return .failed("the node group reports status \(status) (\(ready) of \(wanted) ready)" + reason)
        }
        if ready >= wanted { return .ready }
        return .waiting("\(ready) of \(wanted) nodes ready\(statusText)")
    }
}
