import GantryBasics

/// Semantic checks across items, run after every item is read. Each check reports every
/// violation it finds; nothing stops at the first.
///
/// Checks that need the GPU catalog live in `Validator+Catalog.swift`, the cycle check
/// in `Validator+Cycles.swift`.
struct Validator {
    let decls: SpecBuilder.Declarations
    /// `decls.takeAllItems()`, built once by the caller.
    let items: [ItemDecl]
    let catalog: (any SpecCatalog)?
    let regionDecls: [String: RegionDecl]
    let networksByName: [String: NetworkDecl]
    private(set) var diagnostics: [Diagnostic] = []
    /// The instance type each pool runs on, by pool name and region, when the catalog knows it.
    var resolvedInstanceTypes: [String: [String: String]] = [:]
    /// Catalog offers already looked up (see `cheapestInstance(for:_:)`).
    var offers: [OfferQuery: SpecInstanceType?] = [:]

    init(decls: SpecBuilder.Declarations, items: [ItemDecl], catalog: (any SpecCatalog)?) {
        self.decls = decls
        self.items = items
        self.catalog = catalog
        self.regionDecls = Dictionary(decls.regions.map { ($0.item.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.networksByName = Dictionary(decls.networks.map { ($0.item.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    mutating func validate() {
        checkNodeCounts()
        checkOverlappingCIDRs()
        checkStorageAttachments()
        checkResidency()
        validateAgainstCatalog()
    }

    /// `min ≤ desired ≤ max`.
    private mutating func checkNodeCounts() {
        for pool in decls.nodePools {
            let path = "\(pool.item.path).nodes"
            if let min = pool.minNodes, let max = pool.maxNodes, min.value > max.value {
                report(.error("node-count", "nodes.min (\(min.value)) is greater than nodes.max (\(max.value))",
                              at: min.location, path: "\(path).min", hint: "raise max or lower min"))
            }
            if let desired = pool.desiredNodes, let max = pool.maxNodes, desired.value > max.value {
                report(.error("node-count", "nodes.desired (\(desired.value)) is greater than nodes.max (\(max.value))",
                              at: desired.location, path: "\(path).desired", hint: "raise max to at least \(desired.value)"))
            }
            if let desired = pool.desiredNodes, let min = pool.minNodes, desired.value < min.value {
                report(.error("node-count", "nodes.desired (\(desired.value)) is less than nodes.min (\(min.value))",
                              at: desired.location, path: "\(path).desired", hint: "lower min or raise desired"))
            }
        }
    }

    /// The network of a pool, if it names one that exists.
    func network(of pool: NodePoolDecl) -> NetworkDecl? {
        pool.network.flatMap { networksByName[$0.value] }
    }

    /// Two networks whose CIDR blocks overlap in a region they share.
    private mutating func checkOverlappingCIDRs() {
        // Group by region first so the pairwise check only compares networks that can clash.
        var byRegion: [String: [(NetworkDecl, CIDR)]] = [:]
        for net in decls.networks {
            guard let text = net.cidr?.value, let cidr = CIDR(text) else { continue }
            for region in net.item.regions { byRegion[region.value, default: []].append((net, cidr)) }
        }
        var reported = Set<String>()
        for region in byRegion.keys.sorted() {
            let nets = byRegion[region] ?? []
            for i in nets.indices {
                for j in nets.indices where j > i && nets[i].1.overlaps(nets[j].1) {
                    let (a, b) = (nets[i].0, nets[j].0)
                    guard reported.insert("\(a.item.name)|\(b.item.name)").inserted else { continue }
                    report(.error("overlapping-cidr",
                                  "network '\(b.item.name)' (\(nets[j].1)) overlaps network '\(a.item.name)' (\(nets[i].1)) in \(region)",
                                  at: b.cidr?.location ?? b.item.location, path: "\(b.item.path).cidr",
                                  hint: "give each network in a region its own address range, e.g. 10.\(Self.suggestedOctet(excluding: nets.map(\.1))).0.0/16"))
                }
            }
        }
    }

    private static func suggestedOctet(excluding cidrs: [CIDR]) -> Int {
        (1...254).first { octet in
            let candidate = CIDR("10.\(octet).0.0/16")
            return !cidrs.contains { c in candidate.map { c.overlaps($0) } ?? true }
        } ?? 100
    }

    /// Storage attached to a pool must be in a region the pool runs in (a warning when a
    /// pool that fails over across regions may land where the storage is not).
    private mutating func checkStorageAttachments() {
        // Indices, not copies: a NodePoolDecl is large, and only attached pools are looked at.
        let pools = Dictionary(decls.nodePools.indices.map { (decls.nodePools[$0].item.name, $0) },
                               uniquingKeysWith: { a, _ in a })
        for store in decls.storage {
            let storeRegions = Set(store.item.regions.map(\.value))
            guard !storeRegions.isEmpty else { continue }
            for attached in store.attach {
                guard let index = pools[attached.value] else { continue }
                let pool = decls.nodePools[index]
                guard !pool.item.regions.isEmpty else { continue }
                let poolRegions = pool.item.regions.map(\.value)
                if storeRegions.isDisjoint(with: poolRegions) {
                    report(.error("attach-region",
                                  "storage '\(store.item.name)' is in \(storeRegions.sorted().joined(separator: ", ")) but node pool '\(pool.item.name)' runs in \(poolRegions.joined(separator: ", "))",
                                  at: attached.location, path: "\(store.item.path).attach",
                                  hint: "storage can only be attached to pools in the same region"))
                } else if pool.item.failsOverAcrossRegions, !storeRegions.isSuperset(of: poolRegions) {
                    // A pool that fails over lands in one of its regions: the mount exists only in some.
                    let elsewhere = poolRegions.filter { !storeRegions.contains($0) }
                    report(.warning("attach-region",
                                    "node pool '\(pool.item.name)' may land in \(elsewhere.joined(separator: ", ")), where "
                                        + "storage '\(store.item.name)' is not; it mounts the storage only in "
                                        + storeRegions.sorted().joined(separator: ", "),
                                    at: attached.location, path: "\(store.item.path).attach",
                                    hint: "drop those regions from the pool's capacity.regions, or accept running without the mount there"))
                }
            }
        }
    }
}
