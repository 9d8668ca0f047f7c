import GantryBasics
import GantryProviderKit

extension AutoScalingGroupRollout {
    /// Marks a group whose nodes cannot launch: short of its desired count, with its latest
    /// launch activity failed (`InsufficientInstanceCapacity`, a bad AMI, a spot price).
    ///
    /// Such a failure leaves no instance behind, so the instances alone would show a group
    /// that is merely booting and a rollout's gate would wait out its timeout. The missing
    /// nodes count as failed, `status` becomes `DEGRADED` and `status_reason` holds AWS's
    /// message. Only short groups cost the extra DescribeScalingActivities call.
    static func noteLaunchFailure(in attributes: inout [String: Value], group: XMLElement, region: String,
                                  client: AWSClient) async throws(ProviderError) {
        let desired = attributes["desired_capacity"]?.intValue ?? 0
        let staying = instances(of: group).filter { !$0.lifecycleState.hasPrefix("Terminat") }.count
        guard staying < desired, let name = group.string("AutoScalingGroupName"),
              let reason = try await launchFailure(group: name, region: region, client: client) else { return }
        attributes["failed_nodes"] = .int(max(attributes["failed_nodes"]?.intValue ?? 0, desired - staying))
        attributes["status"] = "DEGRADED"
        attributes["status_reason"] = .string(reason)
    }

    /// AWS's message when the group's newest launch activity failed: one
    /// DescribeScalingActivities call.
    static func launchFailure(group name: String, region: String, client: AWSClient) async throws(ProviderError)
        -> String?
    {
        let answer = try await client.query("autoscaling", region: region, action: "DescribeScalingActivities",
                                            [("AutoScalingGroupName", name), ("MaxRecords", "10")])
        return failedLaunch(answer)
    }

    /// AWS's message when the newest launch activity in a DescribeScalingActivities answer
    /// (newest first) failed or was cancelled; nil when it succeeded or is still running.
    static func failedLaunch(_ answer: XMLElement) -> String? {
        let activities = answer["DescribeScalingActivitiesResult"]?.items("Activities") ?? answer.items("Activities")
        guard let launch = activities.first(where: { ($0.string("Description") ?? "").hasPrefix("Launching") }),
              let code = launch.string("StatusCode"), code == "Failed" || code == "Cancelled" else { return nil }
        return launch.string("StatusMessage") ?? launch.string("Description") ?? code
    }
}
