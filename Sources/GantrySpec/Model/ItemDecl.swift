import GantryBasics

/// What every spec item has, whatever its kind: where it is, which regions it spans, its
/// evaluated attributes and what it refers to. Intents and the item graph are built from this.
struct ItemDecl: Sendable {
    var kind: String
    var name: String
    /// Where the item's name is written.
    var location: SourceLocation
    /// The regions the item has one instance in; empty for items without a region.
    var regions: [Located<String>] = []
    var provider: String
    /// The evaluated body in its canonical encoding (see Docs/spec-reference.md, "Intents").
    var attributes: [String: SpecValue] = [:]
    /// `${kind.name.attr}` references in the body, where they are written.
    var references: [Located<ItemReference>] = []
    /// Edges that are not written as references: pool → network, storage → attached pools' networks.
    var implicitDependencies: [Located<ItemReference>] = []
    /// `protect: true`: `gantry reconcile` never deletes or replaces the item's resources.
    var protected = false

    /// The regions are a failover order, not one instance each: a node pool's
    /// `capacity.regions` lands the whole pool in the first of them with capacity.
    var regionsAreFailoverOrder = false

    var path: String { "\(kind).\(name)" }
    /// True when the item is one instance that may land in any of several regions: it has
    /// no region of its own until apply places it.
    var failsOverAcrossRegions: Bool { regionsAreFailoverOrder && regions.count > 1 }
    /// True when the item expands into one instance per region.
    var isMultiRegion: Bool { regions.count > 1 && !regionsAreFailoverOrder }
}

/// A `networks:` item.
struct NetworkDecl: Sendable {
    static let fabrics = ["efa", "infiniband", "nvlink-only", "none"]
    static let placements = ["cluster", "spread", "none"]

    var item: ItemDecl
    var cidr: Located<String>?
    var fabric: Located<String>?
    var placement: Located<String>?
}

/// A `node_pools:` item.
struct NodePoolDecl: Sendable {
    static let markets = ["on-demand", "spot", "capacity-block"]
    static let fallbacks = ["on-demand", "spot", "none"]
    /// What `capacity.markets` may list, in the default order.
    static let orderedMarkets = ["reserved", "spot", "on-demand", "capacity-block"]
    static let strategies = ["rolling", "blue-green", "canary"]

    struct MIGLayoutEntry: Sendable {
        var profile: Located<String>
        var count: Int
        /// Where errors about it point (`node_pools.x.mig.3g.40gb`, `….mig.layout[0]`).
        var path: String = ""
    }

    var item: ItemDecl
    var network: Located<String>?
    /// The first of `gpuModels` (the pool's model when it names one).
    var gpuModel: Located<String>?
    /// `gpu.model` as written: one model, or alternatives (`[H100, H200]`).
    var gpuModels: [Located<String>] = []
    /// `gpu.memory: 80GB+`: the least GPU memory per GPU, in GiB.
    var gpuMemoryMinGiB: Located<Int>?
    var gpuCount: Located<Int>?
    var instanceType: Located<String>?
    var migProfile: Located<String>?
    var migLayout: [MIGLayoutEntry] = []
    var migLocation: SourceLocation?
    var minNodes: Located<Int>?
    var maxNodes: Located<Int>?
    var desiredNodes: Located<Int>?
    /// nil means `any` (the provider picks a zone).
    var zones: [Located<String>]?
    var zonesLocation: SourceLocation?
    var residency: Located<String>?
}

/// A `storage:` item.
struct StorageDecl: Sendable {
    static let tiers = ["hot", "warm", "cold"]
    static let filesystems = ["lustre", "nfs", "object"]

    var item: ItemDecl
    var attach: [Located<String>] = []
    var residency: Located<String>?
    var compliance: [Located<String>] = []
}

/// A `regions:` item: metadata about one cloud region.
struct RegionDecl: Sendable {
    var item: ItemDecl
    var residency: Located<String>?
    var compliance: [Located<String>] = []
}

/// A declared variable.
struct VariableDecl: Sendable {
    enum VariableType: String, Sendable, CaseIterable { case string, number, bool, list }

    var name: String
    var location: SourceLocation
    var type: VariableType?
    var defaultValue: SpecValue?
    var allowed: [SpecValue]?
    var description: String?
}
