import GantryBasics

/// How a node group that must be replaced is rolled out: read from the `update_config`
/// attribute a provider's lowering puts on the node group.
///
/// The engine knows no provider's resource types; this is the whole contract. A resource
/// whose planned attributes hold
///
/// ```
/// update_config: { strategy: rolling | blue-green | canary, steps: [10, 50, 100],
///                  max_surge: 1, max_unavailable: 0, health_timeout: 600, pause: 0,
///                  size_key: desired_size, min_key: min_size }
/// ```
///
/// is replaced by the engine step by step (see `RolloutPlan`) instead of in one
/// create-then-delete. Durations are seconds; `size_key` / `min_key` name the attributes
/// holding the desired and minimum node counts (default `desired_size`, `min_size`).
public struct RolloutSettings: Sendable, Hashable {
    /// The update strategies of a node pool.
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        case rolling
        case blueGreen = "blue-green"
        case canary
    }

    public var strategy: Strategy
    /// Canary steps as percentages of the desired nodes, growing, ending at 100.
    public var steps: [Int]
    /// Rolling: new nodes started above the desired count per batch.
    public var maxSurge: Int
    /// Rolling: old nodes that may be gone before their replacements are ready.
    public var maxUnavailable: Int
    /// Seconds a health gate waits for the new nodes to be ready.
    public var healthTimeout: Double
    /// Seconds to wait after a passed gate before the next canary step.
    public var pause: Double
    /// The attribute holding the desired node count.
    public var sizeKey: String
    /// The attribute holding the minimum node count.
    public var minKey: String

    /// Ten minutes: long enough for GPU nodes to boot and pull drivers.
    public static let defaultHealthTimeout: Double = 600

    public init(strategy: Strategy, steps: [Int] = [], maxSurge: Int = 1, maxUnavailable: Int = 0,
                healthTimeout: Double = RolloutSettings.defaultHealthTimeout, pause: Double = 0,
                sizeKey: String = "desired_size", minKey: String = "min_size") {
        self.strategy = strategy
        self.steps = steps
        self.maxSurge = max(0, maxSurge)
        self.maxUnavailable = max(0, maxUnavailable)
        self.healthTimeout = max(0, healthTimeout)
        self.pause = max(0, pause)
        self.sizeKey = sizeKey
        self.minKey = minKey
    }

    /// The settings in a resource's attributes; nil when it has no `update_config` with a
    /// known strategy (it is then replaced like any other resource).
    public static func read(from attributes: [String: Value]?) -> RolloutSettings? {
        guard let config = attributes?["update_config"]?.objectValue,
              let name = config["strategy"]?.stringValue, let strategy = Strategy(rawValue: name) else { return nil }
        func number(_ key: String) -> Double? {
            guard let v = config[key] else { return nil }
            if let d = v.doubleValue { return d }
            if let text = v.stringValue, case .success(let span) = TimeSpan.parse(text) { return Double(span.seconds) }
            return v.stringValue.flatMap { Double($0) }
        }
        let steps = (config["steps"]?.arrayValue ?? []).compactMap { $0.intValue ?? $0.stringValue.flatMap(Self.percent) }
        return RolloutSettings(
            strategy: strategy, steps: steps,
            maxSurge: number("max_surge").map { Int($0) } ?? 1,
            maxUnavailable: number("max_unavailable").map { Int($0) } ?? 0,
            healthTimeout: number("health_timeout") ?? defaultHealthTimeout, pause: number("pause") ?? 0,
            sizeKey: config["size_key"]?.stringValue ?? "desired_size",
            minKey: config["min_key"]?.stringValue ?? "min_size")
    }

    /// `"10%"` → 10.
    private static func percent(_ text: String) -> Int? {
        Int(text.hasSuffix("%") ? String(text.dropLast()) : text)
    }

    /// `10m`, `45s`: the gate timeout as people write it.
    var healthTimeoutText: String {
        healthTimeout < 1 && healthTimeout > 0 ? "\(healthTimeout)s" : TimeSpan(seconds: Int64(healthTimeout.rounded())).description
    }
}
