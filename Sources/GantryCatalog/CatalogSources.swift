/// The public sources behind the embedded figures, one constant each so every entry cites
/// the same words and `Docs/catalog.md` can list them once.
///
/// A source marked `unverified` is recalled from the named page but could not be checked
/// against a stored copy when the catalog was assembled; treat it as a placeholder to refresh.
enum CatalogSource {
    // MARK: Instance specifications
    static let karpenterTypes = "Karpenter instance-type reference (aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md @1d927085)"
    static let skypilotAWS = "SkyPilot catalog catalogs/v7/aws/vms.csv @27f67dd4 (skypilot-org/skypilot-catalog), read 2026-11-26"
    static let skypilotAWSOld = "SkyPilot catalog catalogs/v7/aws/vms.csv @001367d2 (snapshot before AWS's 2025 P4/P5 price cut; likely stale)"
    static let awsInstanceDocs = "unverified: AWS EC2 accelerated-computing instance specifications (docs.aws.amazon.com/ec2/latest/instancetypes/ac.html), recalled"
    static let awsEFADocs = "unverified: AWS EFA supported instance types (docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa.html), recalled"
    static let gcpBandwidth = "Google Cloud GPU network bandwidth (cloud.google.com/compute/docs/gpus/gpu-network-bandwidth)"
    static let gcpMachines = "Google Cloud accelerator-optimized machines (cloud.google.com/compute/docs/accelerator-optimized-machines)"
    static let gcpMachinesA2 = "unverified: Google Cloud A2 machine shapes (cloud.google.com/compute/docs/accelerator-optimized-machines#a2-vms), recalled"
    static let gcpRegions = "unverified: Google Cloud GPU regions and zones (cloud.google.com/compute/docs/gpus/gpu-regions-zones), recalled"
    static let azureNDH100 = "Microsoft Learn ndh100v5-series; glennklockwood.com/garden/nodes/azure-nd-h100-v5"
    static let azureRegions = "unverified: Azure products by region for ND H100 v5, recalled"
    static let awsRegionsRecalled = "unverified: AWS EC2 instance-type availability by region, recalled"

    // MARK: Prices
    static let dataReceipts = "datareceipts/data-receipts 109-gpu-pricing/hyperscalers.json (third-party snapshot, retrieved 2026-11-09)"
    static let dataReceiptsUSTrio = "derived: us-east-1 price from datareceipts 2026-11-09; AWS prices us-east-1, us-east-2 and us-west-2 alike for this family (equal in SkyPilot snapshot @001367d2)"
    static let dstack4113 = "dstack PR #4113 (2026-08) error listing p5.48xlarge in aws/us-west-1 at $68.8"
    static let skypilotUSTrio = "derived: SkyPilot catalog @27f67dd4 lists the same price in us-east-1, us-east-2 and us-west-2 for every other size of this family"
    static let factualMinds = "factualminds.com 'Amazon EC2 On-Demand Pricing … (2026)', us-east-1, 2026-06-17"
    static let silybench = "derived: tgarg01/silybench-data gpu_prices.csv (2026-09-26) a3-highgpu-1g us-central1 $10.9791 per GPU-hour × 8"

    // MARK: GPUs
    static let migParted = "NVIDIA gpu-operator assets/state-mig-manager/0400_configmap.yaml @0b0b6b15 (default mig-parted config); NVIDIA MIG user guide, supported profiles"
    static let nvidiaSpecs = "NVIDIA product specifications (memory per GPU as marketed)"

    // MARK: Storage
    static let fsxLustrePricing = "unverified: aws.amazon.com/fsx/lustre/pricing, us-east-1, PERSISTENT_2 SSD, recalled"
    static let efsPricing = "unverified: aws.amazon.com/efs/pricing, us-east-1, recalled"
    static let s3Pricing = "unverified: aws.amazon.com/s3/pricing, us-east-1, first 50 TB tier, recalled"
}
