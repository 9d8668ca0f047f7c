import GantryBasics
import GantryCatalog
import GantryEngine

/// Prices node pools and storage tiers from the GPU catalog.
///
/// Node pools cost `desired nodes × the instance type's hourly price` in their region and
/// market (spot when the pool buys spot and the catalog has a spot figure, on-demand
/// otherwise, with a note); the range uses `nodes.min` and `nodes.max`. Storage costs
/// `GiB × the tier's price per GiB-month`; a month is 730 hours. A figure the catalog does
/// not have leaves the line unpriced with the reason — never a guess.
///
/// ```swift
/// let estimator = CostEstimator()
/// let comparison = estimator.compare(plan, intents: spec.intents())
/// print(comparison.hourlyDelta.signedDescription)    // "+$412.80"
/// ```
public struct CostEstimator: Sendable {
    public var catalog: Catalog

    public init(catalog: Catalog = .embedded) { self.catalog = catalog }

    // MARK: - Entry points

    /// The cost of the spec's node pools and storage as declared (no state involved).
    public func estimate(intents: [IntentItem]) -> CostEstimate {
        var lines: [CostLine] = []
        for item in intents {
            let region = item.region ?? item.attributes["region"]?.stringValue ?? ""
            switch item.kind {
            case "node_pools":
                let nodes = item.attributes["nodes"]
                let counts = NodeCounts(min: nodes?["min"]?.intValue, desired: nodes?["desired"]?.intValue,
                                        max: nodes?["max"]?.intValue)
                let type = item.attributes["instance_type"]?.stringValue ?? item.attributes["gpu"]?["type"]?.stringValue
                lines.append(poolLine(item.address, provider: item.provider, region: region, instanceType: type,
                                      counts: counts, market: item.attributes["capacity"]?["market"]?.stringValue))
            case "storage":
                lines.append(storageLine(item.address, provider: item.provider, region: region,
                                         storage: StorageShape(intent: item)))
            default:
                continue
            }
        }
        return CostEstimate(lines: lines, catalogDate: catalog.date)
    }

    /// The cost of provider resources (node groups, file systems, buckets), one line per intent item.
    ///
    /// - Parameter intents: the spec's items, for what resources do not carry (a bucket's
    ///   declared size and tier); may be empty.
    public func estimate(resources: [PricedResource], intents: [IntentItem] = []) -> CostEstimate {
        estimate(resources: resources, item: Self.itemLookup(intents))
    }

    /// Finds the first item declared at an address, indexing `intents` on first use: most
    /// resources of a big plan are not priced, and copying 10,000 items into a table nobody
    /// reads was measurable.
    static func itemLookup(_ intents: [IntentItem]) -> (ResourceAddress) -> IntentItem? {
        var items: [ResourceAddress: IntentItem]?
        return { address in
            if items == nil { items = itemsByAddress(intents) }
            return items?[address]
        }
    }

    /// The first item declared at each address.
    static func itemsByAddress(_ intents: [IntentItem]) -> [ResourceAddress: IntentItem] {
        var items: [ResourceAddress: IntentItem] = [:]
        items.reserveCapacity(intents.count)
        for item in intents where items[item.address] == nil { items[item.address] = item }
        return items
    }

    /// - Parameter item: the spec item at an address, looked up only for priced resources.
    func estimate(resources: some Sequence<PricedResource>, item: (ResourceAddress) -> IntentItem?) -> CostEstimate {
        var lines: [CostLine] = []
        // Memoised per type: many resources share few types, and the substring tests in
        // `storageFilesystem` go through Foundation, which dominated pricing a big plan.
        var filesystems: [String: String?] = [:]
        func storageFilesystem(_ type: String) -> String? {
            if let known = filesystems[type] { return known }
            let found = ResourceShape.storageFilesystem(type)
            filesystems[type] = .some(found)
            return found
        }
        for resource in resources {
            let a = resource.attributes
            let owner = resource.origin ?? resource.address
            // Looked up only for what is priced: most resources of a big plan are not.
            var intent: IntentItem? { resource.origin.flatMap(item) }
            var region: String { a["region"]?.stringValue ?? intent?.region ?? "" }
            if let type = ResourceShape.instanceType(a), let desired = ResourceShape.count(a, "desired") {
                let counts = NodeCounts(min: ResourceShape.count(a, "min"), desired: desired,
                                        max: ResourceShape.count(a, "max"))
                lines.append(poolLine(owner, provider: resource.provider, region: region, instanceType: type,
                                      counts: counts, market: ResourceShape.market(a)))
            } else if let filesystem = storageFilesystem(resource.type) {
                var shape = intent.map(StorageShape.init(intent:)) ?? StorageShape(filesystem: filesystem)
                shape.filesystem = filesystem
                if let size = ResourceShape.sizeGiB(a) { shape.sizeGiB = size }
                if let throughput = a["throughput_per_tib"]?.intValue { shape.throughputPerTiB = throughput }
                lines.append(storageLine(owner, provider: resource.provider, region: region, storage: shape))
            }
        }
        return CostEstimate(lines: lines, catalogDate: catalog.date)
    }

    /// Current cost (the plan's `before` side) against planned cost (its `after` side).
    public func compare(_ plan: Plan, intents: [IntentItem] = []) -> CostComparison {
        let item = Self.itemLookup(intents)  // one index for both sides
        let current = estimate(resources: PricedResource.resources(.before, of: plan), item: item)
        // Without changes both sides price the same resources: estimate once.
        guard plan.hasChanges else { return CostComparison(current: current, planned: current) }
        let planned = estimate(resources: PricedResource.resources(.after, of: plan), item: item)
        return CostComparison(current: current, planned: planned)
    }

    // MARK: - Lines

    struct NodeCounts {
        var min: Int?
        var desired: Int?
        var max: Int?
    }

    func poolLine(_ address: ResourceAddress, provider: String, region: String, instanceType: String?,
                  counts: NodeCounts, market: String?) -> CostLine {
        let desired = counts.desired ?? counts.min ?? 0
        let marketName = market ?? "on-demand"
        func unpriced(_ detail: String, _ note: String) -> CostLine {
            CostLine(address: address, kind: .nodePool, provider: provider, region: region, detail: detail,
                     category: instanceType ?? "?", hourly: nil, monthly: nil, note: note)
        }
        guard let name = instanceType, !name.isEmpty else {
            return unpriced("\(desired) nodes", "no instance type is known for this pool yet")
        }
        guard let type = catalog.instanceType(name, provider: provider) else {
            return unpriced("\(desired) × \(name)", "\(name) is not in the catalog for \(provider)")
        }
        guard let price = type.price(in: region) else {
            return unpriced("\(desired) × \(name)", "the catalog has no price for \(name) in \(region)")
        }
        var note: String?
        var dollars: Double?
        var used = marketName
        if marketName == "spot", let spot = price.spotHourlyUSD {
            dollars = spot
        } else {
            dollars = price.onDemandHourlyUSD
            if marketName != "on-demand" {
                used = "on-demand"
                note = "no \(marketName) price in the catalog: priced on-demand (an upper bound)"
            }
        }
        guard let dollars else {
            return unpriced("\(desired) × \(name)", "no published \(marketName) price for \(name) in \(region): \(price.source)")
        }
        let unit = CostMath.money(dollars)
        let hourly = CostMath.times(unit, desired)
        let low = CostMath.times(unit, counts.min ?? desired), high = CostMath.times(unit, counts.max ?? desired)
        return CostLine(address: address, kind: .nodePool, provider: provider, region: region,
                        detail: "\(desired) × \(name) \(used) at \(unit)/h", category: name, hourly: hourly,
                        monthly: CostMath.monthly(fromHourly: hourly), hourlyRange: min(low, high)...max(low, high),
                        unitPrice: unit, priceSource: price.source, note: note)
    }

    func storageLine(_ address: ResourceAddress, provider: String, region: String, storage: StorageShape) -> CostLine {
        let tierName = storage.tier ?? StorageShape.defaultTier(for: storage.filesystem)
        func unpriced(_ note: String) -> CostLine {
            CostLine(address: address, kind: .storage, provider: provider, region: region,
                     detail: "\(tierName) \(storage.filesystem)", category: tierName, hourly: nil, monthly: nil, note: note)
        }
        guard let tier = StoragePrice.Tier(rawValue: tierName) else { return unpriced("unknown tier '\(tierName)'") }
        let candidates = catalog.storagePrices(provider: provider, tier: tier, filesystem: storage.filesystem)
        let price = candidates.first { $0.throughputPerTiB == (storage.throughputPerTiB ?? 250) && $0.filesystem == "lustre" }
            ?? candidates.first
        guard let price else {
            return unpriced("the catalog has no \(tierName) \(storage.filesystem) price for \(provider)")
        }
        guard let size = storage.sizeGiB else {
            return unpriced("no size is declared, so \(price.product) at \(CostMath.money(price.usdPerGiBMonth))/GiB-month cannot be totalled")
        }
        let unit = CostMath.money(price.usdPerGiBMonth)
        let monthly = CostMath.times(unit, size)
        var notes: [String] = []
        if price.region != region { notes.append("priced at \(price.region) rates (the catalog has no \(region) storage price)") }
        if price.isUnverified { notes.append("the catalog marks this price unverified") }
        return CostLine(address: address, kind: .storage, provider: provider, region: region,
                        detail: "\(size) GiB \(price.product) at \(unit)/GiB-month", category: tierName,
                        hourly: CostMath.hourly(fromMonthly: monthly), monthly: monthly, unitPrice: unit,
                        priceSource: price.source, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
