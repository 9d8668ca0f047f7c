import GantryBasics
import GantryProviderKit

/// A new EKS managed node group's launch (see `PoolLaunch`): every `poll.pause` seconds for
/// at most `poll.seconds`, DescribeNodegroup — up once `ACTIVE`, failed once
/// `CREATE_FAILED`, with its health issues as the message (EKS reports a shortage there:
/// `AsgInstanceLaunchFailures: Could not launch Spot Instances. InsufficientInstanceCapacity
/// - …`). Released with DeleteNodegroup, waited for until EKS no longer finds it.
struct EKSNodeGroupLaunch: PoolLaunch {
    let cluster: String
    let nodeGroup: String
    let region: String
    let client: AWSClient
    let poll: AWSPoll

    var what: String { "EKS node group \(cluster)/\(nodeGroup)" }

    func outcome() async throws(ProviderError) -> PoolLaunchOutcome {
        let settled = try await poll.until { () async throws(ProviderError) -> PoolLaunchOutcome? in
            guard let group = try await describe() else { return nil }
            switch group["status"]?.stringValue {
            case "CREATE_FAILED":
                let issues = (group["health"]?["issues"]?.arrayValue ?? []).map { issue in
                    [issue["code"]?.stringValue, issue["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
                }
                return .failed(issues.isEmpty ? "the node group's creation failed (CREATE_FAILED)"
                                   : issues.joined(separator: "; "))
            case "CREATING": return nil
            default: return .up
            }
        }
        return settled ?? .launching("the node group was still CREATING")
    }

    func release() async throws(ProviderError) {
        _ = try await client.rest("eks", signingName: "eks", region: region, operation: "DeleteNodegroup",
                                  method: "DELETE", path: path)
        let gone = try await Self.releaseWait.until { () async throws(ProviderError) -> Bool? in
            try await describe() == nil ? true : nil
        }
        if gone == nil { throw releaseTimedOut() }
    }

    private var path: String { "/" + eksPath("clusters", cluster, "node-groups", nodeGroup) }

    /// The node group as DescribeNodegroup answers it; nil once EKS no longer finds it.
    private func describe() async throws(ProviderError) -> Value? {
        do {
            return try await client.rest("eks", signingName: "eks", region: region, operation: "DescribeNodegroup",
                                         method: "GET", path: path)["nodegroup"]
        } catch where error.code == .notFound {
            return nil
        }
    }
}
