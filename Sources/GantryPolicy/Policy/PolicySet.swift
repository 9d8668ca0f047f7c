import GantryBasics
import GantrySpec

/// The rules of a spec's `policies:` section, read and checked.
///
/// ```yaml
/// policies:
///   budget: { max_hourly_usd: 900, max_increase_hourly_usd: 150 }
///   quotas: { sim: { H100: 64 } }                       # or { sim: { us-east-1: { H100: 32 } } }
///   residency: { gdpr_data_stays_in: [eu], data_classes: { pii: [eu, uk] } }
///   allowed: { gpu_models: [H100, L4], regions: [us-east-1, eu-central-1], markets: [on-demand, spot] }
///   required_labels: [team]
///   rules:
///     - id: big-h100-pools
///       severity: warning
///       applies_to: node_pools
///       when: "item.gpu_model == 'H100' && item.nodes.desired > 8"
///       deny: "H100 pools above 8 nodes need a capacity review"
///       docs: https://wiki.example.com/capacity
/// ```
///
/// Every built-in block also takes `severity: warning` and `docs: URL`. Problems in the
/// section itself (unknown keys, wrong types, a `when` that does not parse) are returned as
/// diagnostics with their locations.
public struct PolicySet: Sendable {
    public struct Budget: Sendable, Hashable {
        public var maxHourly: Money?
        public var maxMonthly: Money?
        public var maxIncreaseHourly: Money?
        public var maxIncreaseMonthly: Money?
        public var severity: PolicySeverity
        public var docs: String?
    }

    /// A limit on GPUs of one model, for one provider and optionally one region.
    public struct Quota: Sendable, Hashable {
        public var provider: String
        public var region: String?
        /// The model as written (`H100`); compared by the catalog's canonical name.
        public var gpuModel: String
        public var maxGPUs: Int
        public var location: SourceLocation?
    }

    public struct Residency: Sendable, Hashable {
        /// Data class (`gdpr`, `pii`, as in storage `compliance:`) → residency areas or region ids allowed.
        public var dataClasses: [String: [String]]
        public var severity: PolicySeverity
        public var docs: String?
    }

    public struct Allowed: Sendable, Hashable {
        public var gpuModels: [String]?
        public var instanceTypes: [String]?
        public var regions: [String]?
        public var markets: [String]?
        public var severity: PolicySeverity
        public var docs: String?
    }

    public struct RequiredKeys: Sendable, Hashable {
        public var keys: [String]
        public var severity: PolicySeverity
        public var docs: String?
    }

    /// A rule written in the spec: `when` is an expression over `item`; `deny` the message.
    public struct CustomRule: Sendable {
        public var id: String
        public var severity: PolicySeverity
        /// Item kinds it looks at (`node_pools`, `storage`, …); empty means every kind.
        public var appliesTo: [String]
        public var when: RuleExpression
        public var deny: String
        public var docs: String?
        public var location: SourceLocation?
        /// Where `when:` is written, for evaluation errors.
        public var whenLocation: SourceLocation?
    }

    public var budget: Budget?
    public var quotas: [Quota] = []
    public var quotaSeverity: PolicySeverity = .error
    /// The `docs:` link of the `quotas` block.
    public var quotaDocs: String?
    public var residency: Residency?
    public var allowed: Allowed?
    public var requiredLabels: RequiredKeys?
    public var requiredTags: RequiredKeys?
    public var customRules: [CustomRule] = []
    /// Where each built-in block is declared, by its key (`budget`, `quotas`, …).
    public var locations: [String: SourceLocation] = [:]

    public init() {}

    /// The keys `policies:` accepts.
    public static let sections = ["budget", "quotas", "residency", "allowed", "required_labels", "required_tags", "rules"]

    /// Reads `Spec.policies`, locating keys through `sources`.
    public static func parse(_ value: Value, sources: SpecSourceMap) -> (PolicySet, [Diagnostic]) {
        var reader = PolicyReader(sources: sources)
        let set = reader.read(value)
        return (set, reader.diagnostics)
    }
}
