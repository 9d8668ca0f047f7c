import GantryBasics
import GantryGraph

/// A loaded, validated spec: the user's intent with every variable substituted.
///
/// Built by `SpecLoader`; a `Spec` exists only when the spec has no errors. Hand its
/// `intents()` to providers for lowering and its `itemGraph()` to `gantry graph`.
public struct Spec: Sendable {
    /// The `project:` name (the directory name when the spec does not set one).
    public var project: String
    /// Evaluated provider blocks by provider name; `["sim": [:]]` when the spec has none.
    public var providers: [String: [String: Value]]
    /// The only provider, or the first one declared; `sim` by default.
    public var defaultProvider: String
    /// The evaluated `policies:` section, `.null` when absent.
    public var policies: Value
    /// Where each policy value is written, by dotted path (`budget.max_hourly_usd`,
    /// `residency.gdpr_data_stays_in[0]`), so policy findings can point at the spec.
    public var policyLocations: [String: SourceLocation] = [:]
    /// The `state:` section: where the state lives; nil means the local backend.
    public var state: StateSettings?
    /// The files the spec was read from, in load order.
    public var sourceFiles: [String]
    /// The evaluated variable values.
    public var variables: [String: Value]
    /// Items marked `protect: true` (`node_pools.h100-train`, without a region key): the
    /// reconcile loop never deletes or replaces a resource lowered from them.
    public var protectedItems: Set<String> = []

    let items: [IntentItem]

    init(project: String, providers: [String: [String: Value]], defaultProvider: String, policies: Value,
         sourceFiles: [String], variables: [String: Value], items: [IntentItem]) {
        self.project = project
        self.providers = providers
        self.defaultProvider = defaultProvider
        self.policies = policies
        self.sourceFiles = sourceFiles
        self.variables = variables
        self.items = items
    }

    /// Every region, network, node pool, storage and raw resource item, expanded to one
    /// instance per region for multi-region items, in a stable order (section order, then
    /// declaration order, then region order).
    ///
    /// See Docs/spec-reference.md, "Intents", for the attributes of each kind.
    public func intents() -> [IntentItem] { items }

    /// The items and their dependencies (explicit references and implicit edges), with an
    /// edge from each item to what it needs.
    public func itemGraph() -> Graph<ResourceAddress> { Self.itemGraph(items) }

    /// The graph of `items`, built by `itemGraph()` and by the loader's cycle check.
    static func itemGraph(_ items: [IntentItem]) -> Graph<ResourceAddress> {
        var graph = Graph<ResourceAddress>(reservingCapacity: items.count,
                                           edges: items.reduce(0) { $0 + $1.dependsOn.count })
        for item in items {
            graph.addNode(item.address)
            for dependency in item.dependsOn { graph.addEdge(from: item.address, to: dependency) }
        }
        return graph
    }
}

/// What loading a spec produced: the spec when there are no errors, and every diagnostic
/// (errors and warnings) either way.
public struct SpecLoadResult: Sendable {
    public var spec: Spec?
    public var diagnostics: [Diagnostic]
    /// The text of each file read, by path, for quoting source lines in diagnostics
    /// (`DiagnosticRenderer(sources:)`); files that are not UTF-8 text are absent.
    public var sources: [String: String]

    public init(spec: Spec?, diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.spec = spec
        self.diagnostics = diagnostics
        self.sources = sources
    }
}
