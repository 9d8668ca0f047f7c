import GantryBasics

/// Turns parsed documents into a `Spec`: merges sections, resolves variables, reads every
/// item, validates, and expands intents. Every phase runs even after errors in an earlier
/// one, so a single run reports as many problems as it can find.
struct SpecBuilder {
    var commandLineVariables: [String: String]
    var fileVariables: [(name: String, value: SpecValue, location: SourceLocation)]
    var environment: [String: String]
    var defaultProject: String
    /// GPU and region facts for validation; nil skips the catalog checks.
    var catalog: (any SpecCatalog)?
    /// Told the providers' settings once they are known to be valid (`SpecLoader.onProviders`).
    var onProviders: (@Sendable ([String: [String: Value]]) -> Void)? = nil

    /// Everything read from the spec, before intents are built.
    struct Declarations: Sendable {
        var networks: [NetworkDecl] = []
        var nodePools: [NodePoolDecl] = []
        var storage: [StorageDecl] = []
        var regions: [RegionDecl] = []
        var resources: [ItemDecl] = []
        var providers: [String] = []
        var defaultProvider = "sim"

        /// All items in the order intents list them, leaving `resources` empty.
        ///
        /// The raw resources, the bulk of a large spec, move into the result instead of
        /// being copied (a copy retains every field of every item); the other kinds are
        /// copied, since the validator reads them as declarations too.
        mutating func takeAllItems() -> [ItemDecl] {
            var items = resources
            resources = []
            items.insert(contentsOf: regions.map(\.item) + networks.map(\.item) + nodePools.map(\.item) + storage.map(\.item),
                         at: 0)
            return items
        }
    }

    private static func recordLocations(_ node: YAMLNode, path: String, into out: inout [String: SourceLocation]) {
        out[path] = node.location
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for (i, item) in items.enumerated() { recordLocations(item, path: "\(path)[\(i)]", into: &out) }
        case .mapping(let entries):
            for entry in entries { recordLocations(entry.value, path: "\(path).\(entry.key)", into: &out) }
        }
    }

    func build(_ collector: SectionCollector, sourceFiles: [String]) -> (Spec?, [Diagnostic]) {
        var diagnostics = collector.diagnostics
        if !collector.sawDocument || collector.sections.isEmpty && collector.project == nil {
            let location = sourceFiles.first.map { SourceLocation(file: $0, line: 1, column: 1) }
            if !diagnostics.hasErrors {
                diagnostics.append(.error("empty-spec", "the spec is empty: no sections were found", at: location,
                                          hint: "start with 'project:', 'networks:' and 'node_pools:' (see Examples/quickstart)"))
            }
            return (nil, diagnostics)
        }
        if let version = collector.version, !Operators.equal(version.value, .int(1)) {
            diagnostics.append(.error("unsupported-version", "spec format version \(version.value.interpolationText ?? "?") is not supported",
                                      at: version.location, path: "gantry", expected: "gantry: 1"))
        }

        // Variables first: everything else may use them.
        var reader = SpecReader(scope: EvaluationScope(allowsItemReferences: false))
        let declarations = collector.entries("variables").map { reader.variable($0) }
        let resolved = VariableResolver(declarations: declarations, commandLine: commandLineVariables,
                                        files: fileVariables, environment: environment).resolve()
        diagnostics += resolved.diagnostics

        var scope = EvaluationScope(variables: resolved.values)
        for kind in EvaluationScope.itemKinds {
            let section = kind
            scope.items[kind] = Set(collector.entries(section).map(\.key))
        }

        // Providers and policies see variables only.
        var providerScope = scope
        providerScope.allowsItemReferences = false
        var providers: [String: [String: Value]] = [:]
        var providerOrder: [String] = []
        var policies = Value.null
        reader = SpecReader(scope: providerScope)
        for entry in collector.entries("providers") {
            providerOrder.append(entry.key)
            let value = reader.value(entry.value, path: "providers.\(entry.key)")
            switch value {
            case .map, .null: providers[entry.key] = value.toValue().objectValue ?? [:]
            default:
                reader.error("type-mismatch", "provider '\(entry.key)' must be a mapping of settings, not \(entry.value.kindName)",
                             at: entry.value.location, path: "providers.\(entry.key)", expected: "\(entry.key): { regions: [us-east-1] }")
            }
        }
        let policyEntries = collector.entries("policies")
        if !policyEntries.isEmpty {
            var object: [String: Value] = [:]
            for entry in policyEntries { object[entry.key] = reader.value(entry.value, path: "policies.\(entry.key)").toValue() }
            policies = .object(object)
        }
        var projectName = defaultProject
        if let node = collector.projectNode {
            switch reader.value(node, path: "project") {
            case .string(let s) where !s.isEmpty: projectName = s
            case .int, .double: projectName = node.scalar?.text ?? defaultProject
            case let other:
                if !other.isUnknown {
                    reader.error("type-mismatch", "'project' must be a name, not \(other.typeName)", at: node.location,
                                 path: "project", expected: "project: llm-platform")
                }
            }
        }
        let stateSettings = collector.stateNode.flatMap { reader.stateSettings($0) }
        var used = reader.evaluator.usedVariables
        diagnostics += reader.diagnostics

        var decls = Declarations()
        decls.providers = providerOrder.isEmpty ? ["sim"] : providerOrder
        decls.defaultProvider = decls.providers[0]
        if providers.isEmpty { providers = ["sim": [:]] }
        if let onProviders, !diagnostics.hasErrors { onProviders(providers) }

        reader = SpecReader(scope: scope)
        let p = decls.providers, dp = decls.defaultProvider
        decls.regions = collector.entries("regions").compactMap { reader.region($0, providers: p, defaultProvider: dp) }
        decls.networks = collector.entries("networks").compactMap { reader.network($0, providers: p, defaultProvider: dp) }
        let networkRegions = Dictionary(decls.networks.map { ($0.item.name, $0.item.regions) }, uniquingKeysWith: { a, _ in a })
        decls.nodePools = collector.entries("node_pools").compactMap {
            reader.nodePool($0, providers: p, defaultProvider: dp, networkRegions: networkRegions)
        }
        decls.storage = collector.entries("storage").compactMap { reader.storage($0, providers: p, defaultProvider: dp) }
        // Storage lives in the network of the pools it is attached to; the pools mount it
        // (so a pool's lowering may refer to the storage without forming a cycle).
        let poolNetworks = Dictionary(decls.nodePools.compactMap { p in p.network.map { (p.item.name, $0.value) } },
                                      uniquingKeysWith: { a, _ in a })
        for i in decls.storage.indices {
            var seen = Set<String>()
            for pool in decls.storage[i].attach {
                guard let network = poolNetworks[pool.value], seen.insert(network).inserted else { continue }
                decls.storage[i].item.implicitDependencies.append(
                    Located(ItemReference(kind: "networks", name: network, key: nil, attribute: "vpc_id"), at: pool.location))
            }
        }
        decls.resources = collector.entries("resources").compactMap { reader.resource($0, providers: p, defaultProvider: dp) }
        used.formUnion(reader.evaluator.usedVariables)
        diagnostics += reader.diagnostics

        for decl in declarations where !used.contains(decl.name) {
            diagnostics.append(.warning("unused-variable", "variable '\(decl.name)' is declared but never used",
                                        at: decl.location, path: "variables.\(decl.name)",
                                        hint: "remove it, or reference it as ${var.\(decl.name)}"))
        }

        // Concatenated once: the validator, the expander and the protected set all walk it.
        let items = decls.takeAllItems()
        var validator = Validator(decls: decls, items: items, catalog: catalog)
        validator.validate()
        diagnostics += validator.diagnostics

        let expansion = IntentExpander(items: items, instanceTypes: validator.resolvedInstanceTypes).expand()
        diagnostics += expansion.diagnostics
        // The positional graph proves most specs acyclic without hashing an address; any
        // other spec is checked, and its cycles reported, through the address graph.
        if expansion.instanceGraph?.isAcyclic != true { diagnostics += Validator.cycleDiagnostics(expansion.items) }

        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        var spec = Spec(project: projectName, providers: providers,
                        defaultProvider: decls.defaultProvider, policies: policies, sourceFiles: sourceFiles,
                        variables: resolved.values.mapValues { $0.toValue() }, items: expansion.items)
        spec.state = stateSettings
        spec.protectedItems = Set(items.lazy.filter(\.protected).map(\.path))
        for entry in policyEntries { Self.recordLocations(entry.value, path: entry.key, into: &spec.policyLocations) }
        return (spec, diagnostics)
    }
}
