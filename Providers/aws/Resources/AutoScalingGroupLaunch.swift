import GantryBasics
import GantryProviderKit

/// Watches a new Auto Scaling group until its nodes launch, and takes it down again when
/// they cannot: AWS reports a shortage only after the fact.
///
/// CreateAutoScalingGroup succeeds whatever the capacity; the group then tries to launch
/// and records a failed scaling activity ("We currently do not have sufficient p5.48xlarge
/// capacity in the Availability Zone you requested (us-east-1a)…"). So after creating a
/// placement-steered group the handler asks, every `poll.pause` seconds for at most
/// `poll.seconds`, whether the group holds its desired instances or its newest launch
/// failed. A failed launch deletes the group (force, then waits until its name is free
/// for the next offer) and becomes the create's error: `capacity` for a shortage, a spot
/// refusal or an exhausted quota, so the engine fails over — the pool lands whole or not at
/// all, never partial — and `invalid` with AWS's message otherwise (a missing AMI).
/// Neither within the bound: the group stays, still launching.
struct AutoScalingGroupLaunch: Sendable {
    let group: String
    let region: String
    let client: AWSClient
    let poll: AWSPoll

    /// How long a released group's deletion is waited for: a group whose launch failed holds
    /// few or no instances, so AWS deletes it within seconds to a few minutes.
    static let release = AWSPoll(seconds: 300, pause: 5)

    /// Returns once the group's launch did not fail; a failed launch releases the group and
    /// throws its error (see `error(_:placement:)`).
    func settle(desired: Int, placement: AutoScalingGroupPlacement) async throws(ProviderError) {
        guard let reason = try await failure(desired: desired) else { return }
        do {
            try await release()
        } catch {
            throw ProviderError(error.code, "Auto Scaling group \(group) could not launch its nodes (\(reason)) "
                                + "and could not be deleted: \(error.message)", providerCode: error.providerCode)
        }
        throw self.error(reason, placement: placement)
    }

    /// AWS's message when the launch failed; nil once `desired` instances are there, or
    /// when the bound passes with the group still launching.
    func failure(desired: Int) async throws(ProviderError) -> String? {
        guard desired > 0 else { return nil }
        let outcome = try await poll.until { () async throws(ProviderError) -> String? in
            let answer = try await client.query("autoscaling", region: region, action: "DescribeAutoScalingGroups",
                                                [("AutoScalingGroupNames.member.1", group)])
            let found = answer["DescribeAutoScalingGroupsResult"]?.items("AutoScalingGroups").first
            let staying = found.map(AutoScalingGroupRollout.instances(of:))?
                .filter { !$0.lifecycleState.hasPrefix("Terminat") }.count ?? 0
            if staying >= desired { return "" }
            return try await AutoScalingGroupRollout.launchFailure(group: group, region: region, client: client)
        }
        return outcome.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Force-deletes the group and waits until AWS no longer lists it.
    func release() async throws(ProviderError) {
        _ = try await client.query("autoscaling", region: region, action: "DeleteAutoScalingGroup",
                                   [("AutoScalingGroupName", group), ("ForceDelete", "true")])
        let gone = try await Self.release.until { () async throws(ProviderError) -> Bool? in
            let answer = try await client.query("autoscaling", region: region, action: "DescribeAutoScalingGroups",
                                                [("AutoScalingGroupNames.member.1", group)])
            return answer["DescribeAutoScalingGroupsResult"]?.items("AutoScalingGroups").isEmpty ?? true ? true : nil
        }
        guard gone == nil else { return }
        throw ProviderError(.timeout, "Auto Scaling group \(group) was still being deleted after "
                            + "\(Self.release.boundText); delete it before applying again",
                            providerCode: "GroupDeletionTimeout")
    }

    /// The create's error for a launch that failed with AWS's `reason`, after the release.
    func error(_ reason: String, placement: AutoScalingGroupPlacement) -> ProviderError {
        let asked = [placement.instanceType, placement.market,
                     placement.zones.isEmpty ? nil : "in " + placement.zones.joined(separator: ", ")]
            .compactMap { $0 }.joined(separator: " ")
        guard let code = AWSCapacityDetail.launchFailureCode(reason) else {
            return ProviderError(.invalid, "Auto Scaling group \(group) could not launch \(asked): \(reason) "
                                 + "(the group was deleted)", providerCode: "LaunchFailed",
                                 detail: ["status_reason": .string(reason)])
        }
        return ProviderError(.capacity, "Auto Scaling group \(group) could not launch \(asked): \(reason) "
                             + "(the group was deleted, so the pool can land elsewhere)", providerCode: code,
                             detail: ["status_reason": .string(reason)])
    }
}
