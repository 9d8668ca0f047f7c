import GantryBasics

/// Constants of the plugin protocol: versions, method names, the executable prefix.
/// Docs/provider-protocol.md is the specification.
public enum PluginProtocol {
    /// The protocol version this build speaks best.
    public static let version = 1
    /// Every protocol version this build speaks, newest first.
    public static let supportedVersions = [1]
    /// Plugins are executables named `gantry-provider-NAME`.
    public static let executablePrefix = "gantry-provider-"

    /// The methods of the protocol; `cancel` is a notification, the rest are requests.
    public enum Method: String, Sendable, CaseIterable {
        case initialize, schema, configure, lower, plan, create, update, delete, read, list, cancel, shutdown
    }
}

/// What `initialize` returns: the version both sides speak and who the plugin is.
public struct PluginHandshake: Sendable, Hashable, WireRepresentable {
    /// The protocol version chosen by the plugin among those offered.
    public var protocolVersion: Int
    /// The provider's name as specs use it (`sim`).
    public var name: String
    /// The plugin's own version.
    public var version: String

    public init(protocolVersion: Int, name: String, version: String) {
        self.protocolVersion = protocolVersion
        self.name = name
        self.version = version
    }

    public var wireValue: Value {
        ["protocol_version": .int(protocolVersion), "name": .string(name), "version": .string(version)]
    }

    public init(wireValue: Value) throws(ProviderError) {
        let f = try WireFields(wireValue, what: "initialize result")
        self.init(protocolVersion: try f.int("protocol_version"), name: try f.string("name"),
                  version: try f.optionalString("version") ?? "unknown")
    }
}
