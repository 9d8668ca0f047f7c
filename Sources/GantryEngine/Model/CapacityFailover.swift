import GantryBasics
import GantryProviderKit

/// Chooses where to try next after a `capacity` error (another zone, region or market).
///
/// The apply walker asks it once per capacity failure; a nil answer reports the failure.
/// The GPU pool logic that walks a pool's `capacity` order plugs in here.
public protocol CapacityFailover: Sendable {
    /// The attributes to retry the create with, or nil to give up. They are written over
    /// the create's attributes; a key set to null is removed.
    /// - Parameters:
    ///   - attempt: 1 for the first failover of this resource.
    func alternative(for address: ResourceAddress, type: String, attributes: [String: Value],
                     error: ProviderError, attempt: Int) async -> [String: Value]?

    /// Whether a create that succeeded got less than it asked for (an all-or-nothing
    /// pool with fewer nodes than requested): the error to fail it with, after which the
    /// walker deletes what was created and fails over. nil accepts the resource.
    func shortfall(of created: ResourceSnapshot, requested: [String: Value]) async -> ProviderError?
}

extension CapacityFailover {
    /// Accepts every create: only strategies that know all-or-nothing pools check.
    public func shortfall(of created: ResourceSnapshot, requested: [String: Value]) async -> ProviderError? { nil }
}
