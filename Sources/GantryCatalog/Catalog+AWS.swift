extension Catalog {
    /// AWS GPU instance types. The `sim` provider answers with these too.
    static let awsInstanceTypes: [InstanceType] = [
        // MARK: P5 / P5e / P5en — H100 and H200, 3.2 Tbps EFA, NVSwitch
        InstanceType(
            provider: "aws", name: "p5.48xlarge", gpuModel: "H100", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 192, memoryGiB: 2048,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 3200, efaInterfaces: 32, nvlink: true, nvswitch: true),
            regions: ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-north-1", "eu-west-2",
                      "ap-northeast-1", "ap-south-1"],
            prices: [
                "us-east-1": Price(onDemandHourlyUSD: 55.04, source: CatalogSource.dataReceipts),
                "us-east-2": Price(onDemandHourlyUSD: 55.04, source: CatalogSource.dataReceiptsUSTrio),
                "us-west-2": Price(onDemandHourlyUSD: 55.04, source: CatalogSource.dataReceiptsUSTrio),
                "us-west-1": Price(onDemandHourlyUSD: 68.8, source: CatalogSource.dstack4113),
                "eu-north-1": Price(onDemandHourlyUSD: 105.2024, source: CatalogSource.skypilotAWSOld),
                "eu-west-2": Price(onDemandHourlyUSD: 127.816, source: CatalogSource.skypilotAWSOld),
                "ap-northeast-1": Price(onDemandHourlyUSD: 123.19496, source: CatalogSource.skypilotAWSOld),
                "ap-south-1": Price(onDemandHourlyUSD: 117.984, source: CatalogSource.skypilotAWSOld),
                "ca-central-1": Price(onDemandHourlyUSD: 113.068, source: CatalogSource.skypilotAWSOld),
            ],
            sources: ["specs: \(CatalogSource.karpenterTypes)", "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: \(CatalogSource.skypilotAWSOld); us-west-1: \(CatalogSource.dstack4113)"]),
        InstanceType(
            provider: "aws", name: "p5e.48xlarge", gpuModel: "H200", gpuCount: 8, gpuMemoryGiB: 141,
            vcpus: 192, memoryGiB: 2048,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 3200, efaInterfaces: 32, nvlink: true, nvswitch: true),
            regions: ["us-east-2"],
            prices: [
                "us-east-2": Price(onDemandHourlyUSD: nil, source:
                    "no on-demand list price: sold through EC2 Capacity Blocks (empty Price column in \(CatalogSource.skypilotAWSOld))"),
            ],
            sources: ["specs: \(CatalogSource.karpenterTypes)", "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: unverified: AWS P5e launch announcement (2024-09, US East (Ohio) via Capacity Blocks), recalled"]),
        InstanceType(
            provider: "aws", name: "p5en.48xlarge", gpuModel: "H200", gpuCount: 8, gpuMemoryGiB: 141,
            vcpus: 192, memoryGiB: 2048,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 3200, efaInterfaces: 16, nvlink: true, nvswitch: true),
            regions: ["us-east-1", "us-east-2", "us-west-2", "ap-northeast-1"],
            prices: [
                "us-east-1": Price(onDemandHourlyUSD: 84.8, source: CatalogSource.skypilotAWSOld),
                "us-east-2": Price(onDemandHourlyUSD: 84.8, source: CatalogSource.skypilotAWSOld),
                "us-west-2": Price(onDemandHourlyUSD: 84.8, source: CatalogSource.skypilotAWSOld),
                "ap-northeast-1": Price(onDemandHourlyUSD: 106.0, source: CatalogSource.skypilotAWSOld),
            ],
            sources: ["specs: \(CatalogSource.karpenterTypes)", "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: \(CatalogSource.skypilotAWSOld)"]),

        // MARK: P4d / P4de — A100, 400 Gbps EFA, NVSwitch
        InstanceType(
            provider: "aws", name: "p4d.24xlarge", gpuModel: "A100-40GB", gpuCount: 8, gpuMemoryGiB: 40,
            vcpus: 96, memoryGiB: 1152,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 400, efaInterfaces: 4, nvlink: true, nvswitch: true),
            regions: ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "ap-northeast-1"],
            prices: [
                "us-east-1": Price(onDemandHourlyUSD: 21.957642, source: CatalogSource.dataReceipts),
            ],
            sources: ["specs: \(CatalogSource.karpenterTypes); vCPU and memory: \(CatalogSource.skypilotAWSOld)",
                      "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: us-east-1: \(CatalogSource.skypilotAWSOld); others: \(CatalogSource.awsRegionsRecalled)"]),
        InstanceType(
            provider: "aws", name: "p4de.24xlarge", gpuModel: "A100-80GB", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 96, memoryGiB: 1152,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 400, efaInterfaces: 4, nvlink: true, nvswitch: true),
            regions: ["us-east-1", "us-west-2"],
            prices: [
                "us-east-1": Price(onDemandHourlyUSD: 27.44705, source: CatalogSource.dataReceipts),
            ],
            sources: ["specs: \(CatalogSource.karpenterTypes); vCPU and memory: \(CatalogSource.awsInstanceDocs)",
                      "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: us-east-1: \(CatalogSource.skypilotAWSOld); us-west-2: \(CatalogSource.awsRegionsRecalled)"]),

        // MARK: G5 — A10G (no NVLink)
        InstanceType(
            provider: "aws", name: "g5.xlarge", gpuModel: "A10G", gpuCount: 1, gpuMemoryGiB: 24,
            vcpus: 4, memoryGiB: 16,
            interconnect: Interconnect(fabric: .none, bandwidthGbps: 10),
            regions: g5Regions,
            prices: ["us-east-1": Price(onDemandHourlyUSD: 1.006, source: CatalogSource.factualMinds)],
            sources: ["specs: \(CatalogSource.karpenterTypes); \(CatalogSource.awsInstanceDocs)",
                      "interconnect: up to 10 Gbps (2.5 Gbps baseline per \(CatalogSource.karpenterTypes))",
                      "regions: \(CatalogSource.awsRegionsRecalled)"]),
        InstanceType(
            provider: "aws", name: "g5.12xlarge", gpuModel: "A10G", gpuCount: 4, gpuMemoryGiB: 24,
            vcpus: 48, memoryGiB: 192,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 40, efaInterfaces: 1),
            regions: g5Regions,
            prices: [:],
            sources: ["specs: \(CatalogSource.awsInstanceDocs)", "interconnect: \(CatalogSource.awsEFADocs)",
                      "regions: \(CatalogSource.awsRegionsRecalled)", "prices: none checked"]),
        InstanceType(
            provider: "aws", name: "g5.48xlarge", gpuModel: "A10G", gpuCount: 8, gpuMemoryGiB: 24,
            vcpus: 192, memoryGiB: 768,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 100, efaInterfaces: 1),
            regions: g5Regions,
            prices: [:],
            sources: ["specs: \(CatalogSource.karpenterTypes); \(CatalogSource.awsInstanceDocs)",
                      "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: \(CatalogSource.awsRegionsRecalled)", "prices: none checked"]),

        // MARK: G6 — L4
        InstanceType(
            provider: "aws", name: "g6.xlarge", gpuModel: "L4", gpuCount: 1, gpuMemoryGiB: 24,
            vcpus: 4, memoryGiB: 16,
            interconnect: Interconnect(fabric: .none, bandwidthGbps: 10),
            regions: g6Regions,
            prices: [
                "us-west-2": Price(onDemandHourlyUSD: 0.8048, spotHourlyUSD: 0.3814, source: CatalogSource.skypilotAWS),
                "us-east-1": Price(onDemandHourlyUSD: 0.8048, source: CatalogSource.skypilotUSTrio),
                "us-east-2": Price(onDemandHourlyUSD: 0.8048, source: CatalogSource.skypilotUSTrio),
            ],
            sources: ["specs: \(CatalogSource.skypilotAWS)", "interconnect: \(CatalogSource.awsInstanceDocs)",
                      "regions: \(CatalogSource.skypilotAWS) (g6 family rows)"]),
        InstanceType(
            provider: "aws", name: "g6.12xlarge", gpuModel: "L4", gpuCount: 4, gpuMemoryGiB: 24,
            vcpus: 48, memoryGiB: 192,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 40, efaInterfaces: 1),
            regions: g6Regions,
            prices: [:],
            sources: ["specs: \(CatalogSource.awsInstanceDocs)", "interconnect: \(CatalogSource.awsEFADocs)",
                      "regions: \(CatalogSource.skypilotAWS) (g6 family rows)", "prices: none checked"]),
        InstanceType(
            provider: "aws", name: "g6.48xlarge", gpuModel: "L4", gpuCount: 8, gpuMemoryGiB: 24,
            vcpus: 192, memoryGiB: 768,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 100, efaInterfaces: 1),
            regions: g6Regions,
            prices: skypilot([
                ("us-east-1", 13.3504, 2.5428), ("us-east-2", 13.3504, 1.8763), ("us-west-2", 13.3504, 4.0663),
                ("ca-central-1", 14.82346, 5.6424), ("eu-central-1", 16.69464, 1.9863),
                ("eu-north-1", 14.15992, 2.0227), ("eu-west-2", 16.94678, 5.9207), ("eu-west-3", 16.94678, 4.6272),
                ("ap-northeast-1", 19.36206, 5.611), ("ap-northeast-2", 16.41595, 4.5817),
                ("ap-south-1", 16.0311, 1.6031), ("ap-southeast-2", 17.35817, 1.7358),
            ]),
            sources: ["specs: \(CatalogSource.skypilotAWS)", "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: \(CatalogSource.skypilotAWS)"]),

        // MARK: G6e — L40S
        InstanceType(
            provider: "aws", name: "g6e.xlarge", gpuModel: "L40S", gpuCount: 1, gpuMemoryGiB: 48,
            vcpus: 4, memoryGiB: 32,
            interconnect: Interconnect(fabric: .none, bandwidthGbps: 20),
            regions: g6eRegions,
            prices: skypilot([
                ("us-east-1", 1.861, 0.899), ("us-east-2", 1.861, 0.7538), ("us-west-2", 1.861, 0.8679),
                ("eu-central-1", 2.327, 0.6771), ("eu-north-1", 1.974, 0.7016),
                ("ap-northeast-1", 2.699, 0.9374), ("ap-northeast-2", 2.288, 0.6743),
            ]),
            sources: ["specs: \(CatalogSource.skypilotAWS)", "interconnect: \(CatalogSource.awsInstanceDocs)",
                      "regions: \(CatalogSource.skypilotAWS)"]),
        InstanceType(
            provider: "aws", name: "g6e.12xlarge", gpuModel: "L40S", gpuCount: 4, gpuMemoryGiB: 48,
            vcpus: 48, memoryGiB: 384,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 100, efaInterfaces: 1),
            regions: g6eRegions,
            prices: skypilot([
                ("us-east-1", 10.49264, 4.1107), ("us-east-2", 10.49264, 2.9925), ("us-west-2", 10.49264, 4.6355),
                ("eu-central-1", 13.12002, 4.6686), ("eu-north-1", 11.12975, 3.7111),
                ("ap-northeast-1", 15.21742, 6.2881), ("ap-northeast-2", 12.90014, 2.9366),
            ]),
            sources: ["specs: \(CatalogSource.skypilotAWS)", "interconnect: \(CatalogSource.awsEFADocs)",
                      "regions: \(CatalogSource.skypilotAWS)"]),
        InstanceType(
            provider: "aws", name: "g6e.48xlarge", gpuModel: "L40S", gpuCount: 8, gpuMemoryGiB: 48,
            vcpus: 192, memoryGiB: 1536,
            interconnect: Interconnect(fabric: .efa, bandwidthGbps: 400, efaInterfaces: 4),
            regions: g6eRegions,
            prices: skypilot([
                ("us-east-1", 30.13118, 4.7583), ("us-east-2", 30.13118, 3.0131), ("us-west-2", 30.13118, 9.7029),
                ("eu-central-1", 37.67612, 9.0214), ("eu-north-1", 31.96075, 8.4508),
                ("ap-northeast-2", 37.04468, 5.716),
            ]),
            sources: ["specs: \(CatalogSource.skypilotAWS)", "interconnect: \(CatalogSource.karpenterTypes)",
                      "regions: \(CatalogSource.skypilotAWS) (g6e family rows; ap-northeast-1 price not read)"]),
    ]

    private static let g5Regions = ["us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-central-1",
                                    "eu-west-1", "eu-west-2", "eu-north-1", "ap-northeast-1", "ap-northeast-2",
                                    "ap-south-1"]
    /// As listed for g6.2xlarge and g6.48xlarge in the SkyPilot snapshot (no eu-west-1 there).
    private static let g6Regions = ["us-east-1", "us-east-2", "us-west-2", "ca-central-1", "eu-central-1",
                                    "eu-north-1", "eu-west-2", "eu-west-3", "ap-northeast-1", "ap-northeast-2",
                                    "ap-south-1", "ap-southeast-2"]
    private static let g6eRegions = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-north-1",
                                     "ap-northeast-1", "ap-northeast-2"]

    /// Prices read from the SkyPilot AWS snapshot: (region, on-demand, lowest zone spot).
    private static func skypilot(_ rows: [(String, Double, Double)]) -> [String: Price] {
        var prices: [String: Price] = [:]
        for (region, onDemand, spot) in rows {
            prices[region] = Price(onDemandHourlyUSD: onDemand, spotHourlyUSD: spot, source: CatalogSource.skypilotAWS)
        }
        return prices
    }
}
