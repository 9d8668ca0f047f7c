import GantryBasics

/// How Gantry runs plugins: timeouts, the plugin's environment, where its log goes.
public struct PluginHostOptions: Sendable {
    /// Longest wait for any one call's reply; nil waits forever. A call that times out
    /// fails as `fatal` (its outcome unknown) and the plugin is asked to cancel it.
    public var callTimeout: Duration?
    /// Longest wait for the `initialize` and `configure` replies after a start.
    public var handshakeTimeout: Duration
    /// How long a plugin gets to exit after `shutdown` (and again after SIGTERM) before
    /// it is killed.
    public var shutdownGrace: Duration
    /// The plugin's environment.
    public var environment: [String: String]
    /// Receives each line the plugin writes to stderr, already prefixed with its name.
    public var log: @Sendable (String) -> Void
    /// Reported to the plugin in `initialize`.
    public var gantryVersion: String

    public init(callTimeout: Duration? = nil, handshakeTimeout: Duration = .seconds(30),
                shutdownGrace: Duration = .seconds(5), environment: [String: String] = [:],
                gantryVersion: String = "unknown", log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.callTimeout = callTimeout
        self.handshakeTimeout = handshakeTimeout
        self.shutdownGrace = shutdownGrace
        self.environment = environment
        self.gantryVersion = gantryVersion
        self.log = log
    }

    /// Reads `GANTRY_PLUGIN_TIMEOUT` and `GANTRY_PLUGIN_HANDSHAKE_TIMEOUT` (`30s`, `10m`, or
    /// plain seconds such as `0.5`) from `environment`.
    /// - Throws: `ProviderError` (`invalid`) quoting a value that is not a duration.
    public mutating func readTimeouts(from environment: [String: String]) throws(ProviderError) {
        if let text = environment["GANTRY_PLUGIN_TIMEOUT"], !text.isEmpty {
            callTimeout = try Self.duration(text, variable: "GANTRY_PLUGIN_TIMEOUT")
        }
        if let text = environment["GANTRY_PLUGIN_HANDSHAKE_TIMEOUT"], !text.isEmpty {
            handshakeTimeout = try Self.duration(text, variable: "GANTRY_PLUGIN_HANDSHAKE_TIMEOUT")
        }
    }

    private static func duration(_ text: String, variable: String) throws(ProviderError) -> Duration {
        if let seconds = Double(text), seconds > 0 { return .milliseconds(Int64(seconds * 1000)) }
        switch TimeSpan.parse(text) {
        case .success(let span) where span.seconds > 0: return .seconds(span.seconds)
        case .success: break
        case .failure(let error):
            throw ProviderError(.invalid, "\(variable)=\(text) is not a duration: \(error.message)")
        }
        throw ProviderError(.invalid, "\(variable)=\(text) must be longer than zero")
    }
}
