import GantryBasics
import GantryEngine

/// A provider resource as the cost estimator sees it: one side (current or planned) of a
/// resource in a plan, or a resource in the state.
public struct PricedResource: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var provider: String
    /// The intent item it was lowered from, when known.
    public var origin: ResourceAddress?
    public var attributes: [String: Value]

    public init(address: ResourceAddress, type: String, provider: String, origin: ResourceAddress?,
                attributes: [String: Value]) {
        self.address = address
        self.type = type
        self.provider = provider
        self.origin = origin
        self.attributes = attributes
    }

    /// The resources as the state records them before the plan (`before` of every change).
    public static func current(in plan: Plan) -> [PricedResource] {
        plan.changes.compactMap { change in
            change.before.map {
                PricedResource(address: change.address, type: change.type, provider: change.provider,
                               origin: change.origin, attributes: $0)
            }
        }
    }

    /// The resources as they will be after the plan is applied (`after` of every change).
    public static func planned(in plan: Plan) -> [PricedResource] {
        plan.changes.compactMap { change in
            change.after.map {
                PricedResource(address: change.address, type: change.type, provider: change.provider,
                               origin: change.origin, attributes: $0)
            }
        }
    }
}
