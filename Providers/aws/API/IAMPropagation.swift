import Foundation
import GantryProviderKit

/// IAM is eventually consistent: a role created seconds earlier may not yet be assumable, and
/// EKS then refuses the cluster or node group with `InvalidParameterException` naming the
/// role. Such refusals are retried for about a minute before they are reported.
enum IAMPropagation {
    /// Seconds between attempts; the sum (~1 min) covers IAM's usual propagation delay.
    static let pauses: [Double] = [1, 2, 4, 8, 15, 30]

    /// Whether `error` is EKS saying a role is not usable (yet).
    static func isRoleNotReady(_ error: ProviderError) -> Bool {
        error.code == .invalid && error.providerCode == "InvalidParameterException"
            && error.message.range(of: "role", options: .caseInsensitive) != nil
    }

    /// Runs `call`, again after each pause while it fails with `isRoleNotReady`.
    static func retrying<T>(_ call: () async throws(ProviderError) -> T) async throws(ProviderError) -> T {
        for pause in pauses {
            do {
                return try await call()
            } catch where isRoleNotReady(error) {
                try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            }
        }
        return try await call()
    }
}
