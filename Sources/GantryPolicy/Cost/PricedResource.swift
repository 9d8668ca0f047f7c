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
    public static func current(in plan: Plan) -> [PricedResource] { Array(resources(.before, of: plan)) }

    /// The resources as they will be after the plan is applied (`after` of every change).
    public static func planned(in plan: Plan) -> [PricedResource] { Array(resources(.after, of: plan)) }

    /// A side of a plan's changes: what they start from or what they make.
    enum Side { case before, after }

    /// The `side` of every change that has one, made as it is read: pricing a big plan
    /// goes through each once, and an array of them was as many copies to make and free.
    /// Changes are read in place by index, as copying one copies all its 16 fields.
    static func resources(_ side: Side, of plan: Plan) -> some Sequence<PricedResource> {
        plan.changes.indices.lazy.compactMap { index in
            let attributes = side == .before ? plan.changes[index].before : plan.changes[index].after
            return attributes.map {
                PricedResource(address: plan.changes[index].address, type: plan.changes[index].type,
                               provider: plan.changes[index].provider, origin: plan.changes[index].origin,
                               attributes: $0)
            }
        }
    }
}
