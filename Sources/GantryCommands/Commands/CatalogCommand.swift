import GantryBasics
import GantryCatalog

/// `gantry catalog`: the GPU instance types Gantry knows, with prices and the catalog date.
struct CatalogCommand: GantryCommand {
    enum Format: String, CaseIterable, ArgumentValue { case text, json }

    static let gpu = Option<String>("gpu", valueName: "model", help: "Only this GPU model (H100, A100-80GB, L4, …).")
    static let minCount = Option<Int>("min-count", valueName: "n", help: "Only types with at least n GPUs.")
    static let region = Option<String>("region", valueName: "region", help: "Only types offered in this region.")
    static let provider = Option<String>("provider", valueName: "name", help: "Only this provider (aws, gcp, azure, sim).")
    static let format = Option<Format>("format", valueName: "format", default: "text", help: "Output format.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "catalog",
            abstract: "List GPU instance types with GPUs, memory, interconnect and price.",
            discussion: """
                The catalog is embedded in gantry and dated; prices are public on-demand list
                prices per hour from the sources in Docs/catalog.md, cheapest first.

                EXAMPLES:
                  gantry catalog --gpu H100 --min-count 8
                  gantry catalog --region eu-central-1 --provider aws
                  gantry catalog --format json
                """,
            arguments: [gpu.definition, minCount.definition, region.definition, provider.definition,
                        format.definition])
    }

    var gpu: String?
    var minCount: Int?
    var region: String?
    var provider: String?
    var format: Format

    init(arguments: ParsedArguments) throws {
        gpu = try arguments.value(Self.gpu)
        minCount = try arguments.value(Self.minCount)
        region = try arguments.value(Self.region)
        provider = try arguments.value(Self.provider)
        format = try arguments.value(Self.format) ?? .text
    }

    func validate() throws {
        let catalog = Catalog.embedded
        if let gpu, catalog.gpuModel(gpu) == nil {
            throw UsageError("unknown GPU model '\(gpu)'."
                             + Suggestion.didYouMean(gpu, among: catalog.knownGPUModelNames)
                             + " Known: \(catalog.knownGPUModelNames.joined(separator: ", ")).")
        }
        if let minCount, minCount < 1 { throw UsageError("--min-count must be at least 1, got \(minCount).") }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let catalog = Catalog.embedded
        let types = catalog.search(gpu: gpu, minCount: minCount, region: region, provider: provider)
        switch format {
        case .json:
            context.output.line(try JSON.encode(json(types, catalog: catalog), pretty: true))
        case .text:
            context.output.write(table(types).render())
            context.output.line("\n\(types.count) instance type\(types.count == 1 ? "" : "s"); catalog of \(catalog.date)"
                                + (region == nil ? "; price is the cheapest region's on-demand $/hour." : "."))
        }
        return .success
    }

    private func price(_ type: InstanceType) -> Double? {
        region.map { type.price(in: $0)?.onDemandHourlyUSD } ?? type.cheapestOnDemandHourlyUSD
    }

    private func table(_ types: [InstanceType]) -> TextTable {
        var table = TextTable([
            .init(title: "PROVIDER"), .init(title: "TYPE"), .init(title: "GPUS"), .init(title: "GPU MEM", alignment: .right),
            .init(title: "VCPUS", alignment: .right), .init(title: "MEMORY", alignment: .right),
            .init(title: "INTERCONNECT"), .init(title: "$/HOUR", alignment: .right),
        ])
        for type in types {
            table.append([
                type.provider, type.name, "\(type.gpuCount)× \(type.gpuModel)", "\(type.gpuMemoryGiB) GiB",
                "\(type.vcpus)", "\(type.memoryGiB) GiB", Self.interconnect(type.interconnect),
                price(type).map { Self.money($0) } ?? "-",
            ])
        }
        return table
    }

    static func interconnect(_ interconnect: Interconnect) -> String {
        var parts: [String] = []
        if interconnect.fabric != .none {
            parts.append("\(interconnect.fabric.rawValue) \(interconnect.bandwidthGbps) Gbps")
        }
        if interconnect.nvswitch { parts.append("NVSwitch") } else if interconnect.nvlink { parts.append("NVLink") }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    static func money(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        return "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
    }

    private func json(_ types: [InstanceType], catalog: Catalog) -> Value {
        .object([
            "catalog_date": .string(catalog.date),
            "instance_types": .array(types.map { type in
                .object([
                    "provider": .string(type.provider), "name": .string(type.name),
                    "gpu_model": .string(type.gpuModel), "gpu_count": .int(type.gpuCount),
                    "gpu_memory_gib": .int(type.gpuMemoryGiB), "vcpus": .int(type.vcpus),
                    "memory_gib": .int(type.memoryGiB),
                    "interconnect": .object([
                        "fabric": .string(type.interconnect.fabric.rawValue),
                        "bandwidth_gbps": .int(type.interconnect.bandwidthGbps),
                        "nvlink": .bool(type.interconnect.nvlink), "nvswitch": .bool(type.interconnect.nvswitch),
                    ]),
                    "regions": .array(type.regions.map(Value.string)),
                    "on_demand_usd_per_hour": price(type).map(Value.double) ?? .null,
                ])
            }),
        ])
    }
}
