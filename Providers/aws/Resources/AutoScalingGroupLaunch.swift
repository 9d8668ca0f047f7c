import GantryBasics
import GantryProviderKit

/// A new Auto Scaling group's launch (see `PoolLaunch`): every `poll.pause` seconds for at
/// most `poll.seconds`, DescribeAutoScalingGroups — up once it holds `desired` instances —
/// then, while it is short, DescribeScalingActivities — failed once its newest launch
/// activity failed; still launching with the count of its instances when the bound passes.
/// Released with a force delete.
struct AutoScalingGroupLaunch: PoolLaunch {
    let group: String
    let desired: Int
    let region: String
    let client: AWSClient
    let poll: AWSPoll

    var what: String { "Auto Scaling group \(group)" }

    func outcome() async throws(ProviderError) -> PoolLaunchOutcome {
        guard desired > 0 else { return .up }
        var staying = 0
        let settled = try await poll.until { () async throws(ProviderError) -> PoolLaunchOutcome? in
            staying = try await describe().map(AutoScalingGroupRollout.instances(of:))?
                .filter { !$0.lifecycleState.hasPrefix("Terminat") }.count ?? 0
            if staying >= desired { return .up }
            return try await AutoScalingGroupRollout.launchFailure(group: group, region: region, client: client)
                .map(PoolLaunchOutcome.failed)
        }
        return settled ?? .launching("\(staying) of \(desired) nodes launched")
    }

    func release() async throws(ProviderError) {
        _ = try await client.query("autoscaling", region: region, action: "DeleteAutoScalingGroup",
                                   [("AutoScalingGroupName", group), ("ForceDelete", "true")])
        let gone = try await Self.releaseWait.until { () async throws(ProviderError) -> Bool? in
            try await describe() == nil ? true : nil
        }
        if gone == nil { throw releaseTimedOut() }
    }

    /// The group as DescribeAutoScalingGroups lists it; nil once it is gone.
    private func describe() async throws(ProviderError) -> XMLElement? {
        let answer = try await client.query("autoscaling", region: region, action: "DescribeAutoScalingGroups",
                                            [("AutoScalingGroupNames.member.1", group)])
        return answer["DescribeAutoScalingGroupsResult"]?.items("AutoScalingGroups").first
    }
}
