import GantryBasics
import GantryProviderKit

/// The `providers.sim` block of the spec, parsed: the shape of the simulated cloud and the
/// faults it injects.
///
/// ```yaml
/// providers:
///   sim:
///     seed: 7
///     latency: { mean_ms: 200, jitter_ms: 20 }   # or latency_ms: 0
///     throttle_rate: 0.05
///     timeout_rate: 0
///     capacity_errors: 0.1          # a rate, or a list like `drained`
///     crash_after_calls: 40         # _exit(137) after the 40th mutating call
///     boot_seconds: 30
///     regions: [us-east-1, eu-central-1]
///     zones_per_region: 3
///     capacity: { default: 64, zones: { us-east-1a: { spot: 0 } }, instance_types: { p5.48xlarge: 8 } }
///     quotas: { default: 512, H100: { spot: 64, on-demand: 256 } }
///     drained: [us-east-1a, { zone: us-east-1b, market: spot, instance_type: p5.48xlarge }]
///     fsync: false
///     project: llm-platform
/// ```
public struct SimConfig: Sendable, Hashable {
    public var seed: UInt64 = 0
    public var latencyMeanMs: Double = 0
    public var latencyJitterMs: Double = 0
    public var throttleRate: Double = 0
    public var timeoutRate: Double = 0
    /// Fraction of zone attempts of a node-group create that find no capacity.
    public var capacityErrorRate: Double = 0
    public var crashAfterCalls: Int?
    public var bootSeconds: Double = 0
    public var regions: [String] = SimCatalog.regions
    public var zonesPerRegion = 3
    public var defaultCapacity = 64
    /// Per zone, then per instance type: nodes per market (`spot`, `on-demand`).
    public var zoneCapacity: [String: MarketAmounts] = [:]
    public var instanceTypeCapacity: [String: MarketAmounts] = [:]
    public var defaultQuota = 512
    /// GPUs per model, account-wide.
    public var quotas: [String: MarketAmounts] = [:]
    public var drained: [SimDrain] = []
    public var fsync = false
    public var project: String?

    /// A number per market, or one number for both.
    public struct MarketAmounts: Sendable, Hashable {
        public var spot: Int?
        public var onDemand: Int?
        public func amount(for market: String) -> Int? { market == SimMarket.spot ? spot : onDemand }
    }

    public init() {}

    static let knownKeys = [
        "seed", "latency_ms", "latency", "throttle_rate", "timeout_rate", "capacity_errors", "crash_after_calls",
        "boot_seconds", "regions", "zones_per_region", "capacity", "quotas", "drained", "fsync", "project",
    ] + engineKeys

    /// Keys of the provider block that belong to the engine (its per-provider concurrency
    /// limit), accepted and left alone here.
    static let engineKeys = ["max_concurrency"]

    /// The zones of a region: `<region>a`, `<region>b`, …
    public func zones(in region: String) -> [String] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<min(max(zonesPerRegion, 1), letters.count)).map { region + String(letters[$0]) }
    }

    /// The region a zone belongs to, when it is one of the world's zones.
    public func region(ofZone zone: String) -> String? {
        guard let region = regions.first(where: { zone.hasPrefix($0) && zone.count == $0.count + 1 }) else {
            return nil
        }
        return zones(in: region).contains(zone) ? region : nil
    }

    /// Nodes of `instanceType` the zone holds for `market` when nothing runs there.
    public func capacity(zone: String, instanceType: String, market: String) -> Int {
        if let n = zoneCapacity[zone]?.amount(for: market) { return n }
        if let n = instanceTypeCapacity[instanceType]?.amount(for: market) { return n }
        return defaultCapacity
    }

    /// GPUs of `model` the account may run in `market`.
    public func quota(gpuModel: String, market: String) -> Int {
        quotas[gpuModel]?.amount(for: market) ?? defaultQuota
    }
}

/// The two purchase markets.
public enum SimMarket {
    public static let spot = "spot"
    public static let onDemand = "on-demand"
    static let all = [spot, onDemand]
}
