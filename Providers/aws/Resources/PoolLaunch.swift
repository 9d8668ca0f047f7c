import GantryBasics
import GantryProviderKit

/// A node pool's new group being watched until its nodes launch, taken down again when
/// they cannot: AWS reports a shortage only after the create call succeeded.
///
/// CreateAutoScalingGroup and CreateNodegroup succeed whatever the capacity; the group then
/// tries to launch and records the failure (a failed scaling activity, a node group in
/// `CREATE_FAILED` with health issues) with AWS's message: "We currently do not have
/// sufficient p5.48xlarge capacity in the Availability Zone you requested (us-east-1a)…".
/// `settle` asks until the group is up or failed (bounded by `launch_wait_seconds`); a
/// failed launch deletes the group (waiting until its name is free for the next offer) and
/// becomes the create's error: `capacity` for a shortage, a spot refusal or an exhausted
/// quota, so the engine fails over — the pool lands whole or not at all, never partial —
/// and `invalid` with AWS's message otherwise (a missing AMI). Neither within the bound:
/// the group stays, still launching — unless the pool is `all_or_nothing`, which must not
/// be left short: it is released as a shortage too.
protocol PoolLaunch: Sendable {
    /// `Auto Scaling group NAME`, `EKS node group CLUSTER/NAME`.
    var what: String { get }
    /// How long, and how often, the launch is asked about.
    var poll: AWSPoll { get }
    /// How the launch stands once it is up or failed, or when `poll`'s bound passes.
    func outcome() async throws(ProviderError) -> PoolLaunchOutcome
    /// Deletes the group and waits until AWS no longer lists it.
    func release() async throws(ProviderError)
}

extension PoolLaunch {
    /// How long a released group's deletion is waited for: a group whose launch failed holds
    /// few or no instances, so AWS deletes it within seconds to a few minutes.
    static var releaseWait: AWSPoll { AWSPoll(seconds: 600, pause: 5) }

    /// Returns once the launch did not fail; a failed launch releases the group and throws
    /// its error.
    func settle(placement: PoolPlacement) async throws(ProviderError) {
        let reason: String, code: String?
        switch try await outcome() {
        case .up: return
        case .launching(let progress):
            guard placement.allOrNothing else { return }
            reason = "\(progress) after \(poll.boundText), and the pool is all_or_nothing"
            code = "InsufficientInstanceCapacity"
        case .failed(let message):
            reason = message
            code = AWSCapacityDetail.launchFailureCode(message)
        }
        do {
            try await release()
        } catch {
            throw ProviderError(error.code, "\(what) could not launch its nodes (\(reason)) and could not be deleted: "
                                + error.message, providerCode: error.providerCode)
        }
        throw self.error(reason, code: code, placement: placement)
    }

    /// The create's error for a launch that failed with `reason`, after the release: a
    /// `capacity` error when `code` names a shortage or quota, else `invalid`.
    func error(_ reason: String, code: String?, placement: PoolPlacement) -> ProviderError {
        let asked = [placement.instanceType, placement.market,
                     placement.zones.isEmpty ? nil : "in " + placement.zones.joined(separator: ", ")]
            .compactMap { $0 }.joined(separator: " ")
        guard let code else {
            return ProviderError(.invalid, "\(what) could not launch \(asked): \(reason) (the group was deleted)",
                                 providerCode: "LaunchFailed", detail: ["status_reason": .string(reason)])
        }
        return ProviderError(.capacity, "\(what) could not launch \(asked): \(reason) "
                             + "(the group was deleted, so the pool can land elsewhere)", providerCode: code,
                             detail: ["status_reason": .string(reason)])
    }

    /// Throws the timeout error of a release still under way after `releaseWait`.
    func releaseTimedOut() -> ProviderError {
        ProviderError(.timeout, "\(what) was still being deleted after \(Self.releaseWait.boundText); delete it "
                      + "before applying again", providerCode: "GroupDeletionTimeout")
    }
}

/// How a watched launch stands.
enum PoolLaunchOutcome: Sendable, Hashable {
    /// Every node asked for is there (an Auto Scaling group), or the node group is `ACTIVE`.
    case up
    /// AWS reports the launch failed, with its message.
    case failed(String)
    /// Neither yet: `1 of 2 nodes launched`, `still CREATING`.
    case launching(String)
}
