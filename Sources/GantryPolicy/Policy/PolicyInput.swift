import GantryBasics
import GantryCatalog
import GantryEngine

/// What the gate judges: the spec's items as planned, the plan (when there is one), the
/// cost comparison, and where everything is written.
public struct PolicyInput: Sendable {
    public var project: String
    /// The spec's intent items (what the plan makes true).
    public var intents: [IntentItem]
    /// The plan, when the gate runs on one; its changes give each item's action.
    public var plan: Plan?
    public var cost: CostComparison
    public var sources: SpecSourceMap
    public var catalog: Catalog

    /// The plan's actions per intent item, gathered once (plans can hold thousands of changes).
    private let actionsByItem: [ResourceAddress: [ChangeAction]]

    public init(project: String, intents: [IntentItem], plan: Plan?, cost: CostComparison,
                sources: SpecSourceMap, catalog: Catalog = .embedded) {
        self.project = project
        self.intents = intents
        self.plan = plan
        self.cost = cost
        self.sources = sources
        self.catalog = catalog
        var actions: [ResourceAddress: [ChangeAction]] = [:]
        for change in plan?.changes ?? [] {
            if let origin = change.origin { actions[origin, default: []].append(change.action) }
        }
        self.actionsByItem = actions
    }

    /// The residency area of `region`: the spec's `regions:` item first, then the catalog.
    func residency(ofRegion region: String) -> String? {
        for item in intents where item.kind == "regions" && (item.region == region || item.name == region) {
            if let declared = item.attributes["residency"]?.stringValue { return declared.lowercased() }
        }
        return catalog.residency(ofRegion: region)
    }

    /// The plan's action on an item's resources, summarised (`create`, `update`, `replace`,
    /// `delete`, `no-op`); `create` when there is no plan.
    func action(of item: ResourceAddress) -> String {
        guard let actions = actionsByItem[item], !actions.isEmpty else { return "create" }
        if actions.contains(where: \.isReplace) { return "replace" }
        if actions.contains(.create) { return actions.contains(.delete) ? "replace" : "create" }
        if actions.contains(.update) { return "update" }
        if actions.contains(.delete) { return "delete" }
        return "no-op"
    }

    /// The instance type, GPU model and GPUs per node of a node pool item, from the catalog.
    func gpu(of pool: IntentItem) -> (instanceType: String?, model: String?, perNode: Int?) {
        let gpu = pool.attributes["gpu"]
        let typeName = pool.attributes["instance_type"]?.stringValue ?? gpu?["type"]?.stringValue
        if let typeName, let type = catalog.instanceType(typeName, provider: pool.provider) {
            return (typeName, type.gpuModel, type.gpuCount)
        }
        let model = gpu?["model"]?.stringValue.map { catalog.gpuModel($0)?.name ?? $0 }
        return (typeName, model, gpu?["count"]?.intValue)
    }
}
