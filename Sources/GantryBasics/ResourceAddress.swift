/// The stable name of a spec item or a provider resource.
///
/// Spec items: `node_pools.h100-train`, or `node_pools.h100-train[us-east-1]` when a
/// multi-region item is expanded per region. Lowered provider resources append
/// `type.name` to the item they came from:
/// `node_pools.h100-train[us-east-1].sim_node_group.main`.
public struct ResourceAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The address of a spec item: `kind.name` or `kind.name[key]`.
    public static func item(kind: String, name: String, key: String? = nil) -> ResourceAddress {
        ResourceAddress(key.map { "\(kind).\(name)[\($0)]" } ?? "\(kind).\(name)")
    }

    /// The address of a provider resource lowered from this item: `self.type.name`.
    public func child(type: String, name: String) -> ResourceAddress {
        ResourceAddress("\(rawValue).\(type).\(name)")
    }

    public var description: String { rawValue }
    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
