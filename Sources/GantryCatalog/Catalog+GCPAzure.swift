extension Catalog {
    /// Google Cloud accelerator-optimized machine types with 8 GPUs.
    static let gcpInstanceTypes: [InstanceType] = [
        InstanceType(
            provider: "gcp", name: "a3-highgpu-8g", gpuModel: "H100", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 208, memoryGiB: 1872,
            interconnect: Interconnect(fabric: .gpudirectTCPX, bandwidthGbps: 1000, nvlink: true, nvswitch: true),
            regions: ["us-central1", "us-east4", "us-east5", "us-west1", "us-west4", "europe-west1", "europe-west4",
                      "asia-northeast1", "asia-southeast1"],
            prices: ["us-central1": Price(onDemandHourlyUSD: 87.8328, source: CatalogSource.silybench)],
            sources: ["specs: \(CatalogSource.gcpMachines)", "interconnect: \(CatalogSource.gcpBandwidth)",
                      "regions: \(CatalogSource.gcpRegions)"]),
        InstanceType(
            provider: "gcp", name: "a3-megagpu-8g", gpuModel: "H100", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 208, memoryGiB: 1872,
            interconnect: Interconnect(fabric: .gpudirectTCPXO, bandwidthGbps: 1800, nvlink: true, nvswitch: true),
            regions: ["us-central1", "us-east4", "us-east5", "us-west1", "europe-west1", "europe-west4",
                      "asia-northeast1", "asia-southeast1"],
            prices: [:],
            sources: ["specs: \(CatalogSource.gcpMachines)", "interconnect: \(CatalogSource.gcpBandwidth)",
                      "regions: \(CatalogSource.gcpRegions)", "prices: none checked"]),
        InstanceType(
            provider: "gcp", name: "a2-highgpu-8g", gpuModel: "A100-40GB", gpuCount: 8, gpuMemoryGiB: 40,
            vcpus: 96, memoryGiB: 680,
            interconnect: Interconnect(fabric: .none, bandwidthGbps: 100, nvlink: true, nvswitch: true),
            regions: ["us-central1", "us-east1", "us-west1", "us-west3", "us-west4", "europe-west4",
                      "asia-northeast1", "asia-northeast3", "asia-southeast1", "me-west1"],
            prices: [:],
            sources: ["specs: \(CatalogSource.gcpMachinesA2)", "interconnect: \(CatalogSource.gcpBandwidth)",
                      "regions: \(CatalogSource.gcpRegions)",
                      "prices: GCP bills A2 GPUs separately from the host (SkyPilot catalog v8 gcp); none checked"]),
        InstanceType(
            provider: "gcp", name: "a2-ultragpu-8g", gpuModel: "A100-80GB", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 96, memoryGiB: 1360,
            interconnect: Interconnect(fabric: .none, bandwidthGbps: 100, nvlink: true, nvswitch: true),
            regions: ["us-central1", "us-east4", "us-east5", "europe-west4", "asia-southeast1"],
            prices: [:],
            sources: ["specs: \(CatalogSource.gcpMachinesA2)", "interconnect: \(CatalogSource.gcpBandwidth)",
                      "regions: \(CatalogSource.gcpRegions)", "prices: none checked"]),
    ]

    /// Azure ND-series virtual machines.
    static let azureInstanceTypes: [InstanceType] = [
        InstanceType(
            provider: "azure", name: "Standard_ND96isr_H100_v5", gpuModel: "H100", gpuCount: 8, gpuMemoryGiB: 80,
            vcpus: 96, memoryGiB: 1900,
            // 8 × 400 Gb/s NDR InfiniBand, one ConnectX-7 per GPU.
            interconnect: Interconnect(fabric: .infiniband, bandwidthGbps: 3200, nvlink: true, nvswitch: true),
            regions: ["eastus", "eastus2", "southcentralus", "westus3", "westeurope", "swedencentral", "uksouth"],
            // A third-party snapshot gives $12.29 per GPU-hour without naming a region, so no
            // regional price is recorded (see Docs/catalog.md).
            prices: [:],
            sources: ["specs: \(CatalogSource.azureNDH100)", "interconnect: \(CatalogSource.azureNDH100)",
                      "regions: \(CatalogSource.azureRegions)",
                      "prices: \(CatalogSource.dataReceipts) lists $12.29/GPU-h with no region; not recorded"]),
    ]
}
