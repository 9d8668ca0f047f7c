extension Catalog {
    /// Regions of AWS, Google Cloud and Azure with their residency area.
    ///
    /// Residency follows the country a region is in: EU member states are `eu`; the UK (`uk`)
    /// and Switzerland (`ch`) are kept apart because they are not in the EU.
    static let embeddedRegions: [RegionInfo] = aws + gcp + azure

    private static let aws: [RegionInfo] = [
        ("us-east-1", "N. Virginia", "us"), ("us-east-2", "Ohio", "us"),
        ("us-west-1", "N. California", "us"), ("us-west-2", "Oregon", "us"),
        ("ca-central-1", "Montreal", "ca"), ("sa-east-1", "São Paulo", "sa"),
        ("eu-central-1", "Frankfurt", "eu"), ("eu-west-1", "Ireland", "eu"), ("eu-west-3", "Paris", "eu"),
        ("eu-north-1", "Stockholm", "eu"), ("eu-south-1", "Milan", "eu"), ("eu-south-2", "Spain", "eu"),
        ("eu-west-2", "London", "uk"), ("eu-central-2", "Zurich", "ch"),
        ("ap-northeast-1", "Tokyo", "apac"), ("ap-northeast-2", "Seoul", "apac"),
        ("ap-northeast-3", "Osaka", "apac"), ("ap-south-1", "Mumbai", "apac"),
        ("ap-southeast-1", "Singapore", "apac"), ("ap-southeast-2", "Sydney", "apac"),
        ("me-central-1", "UAE", "me"), ("af-south-1", "Cape Town", "af"),
    ].map { RegionInfo(provider: "aws", id: $0.0, location: $0.1, residency: $0.2) }

    private static let gcp: [RegionInfo] = [
        ("us-central1", "Iowa", "us"), ("us-east1", "South Carolina", "us"), ("us-east4", "N. Virginia", "us"),
        ("us-east5", "Columbus", "us"), ("us-west1", "Oregon", "us"), ("us-west3", "Salt Lake City", "us"),
        ("us-west4", "Las Vegas", "us"), ("northamerica-northeast1", "Montréal", "ca"),
        ("europe-west1", "Belgium", "eu"), ("europe-west3", "Frankfurt", "eu"), ("europe-west4", "Netherlands", "eu"),
        ("europe-north1", "Finland", "eu"), ("europe-west2", "London", "uk"), ("europe-west6", "Zurich", "ch"),
        ("asia-northeast1", "Tokyo", "apac"), ("asia-northeast3", "Seoul", "apac"),
        ("asia-southeast1", "Singapore", "apac"), ("asia-south1", "Mumbai", "apac"),
        ("australia-southeast1", "Sydney", "apac"), ("me-west1", "Tel Aviv", "me"),
    ].map { RegionInfo(provider: "gcp", id: $0.0, location: $0.1, residency: $0.2) }

    private static let azure: [RegionInfo] = [
        ("eastus", "Virginia", "us"), ("eastus2", "Virginia", "us"), ("southcentralus", "Texas", "us"),
        ("westus2", "Washington", "us"), ("westus3", "Arizona", "us"), ("canadacentral", "Toronto", "ca"),
        ("westeurope", "Netherlands", "eu"), ("northeurope", "Ireland", "eu"), ("swedencentral", "Gävle", "eu"),
        ("francecentral", "Paris", "eu"), ("germanywestcentral", "Frankfurt", "eu"),
        ("uksouth", "London", "uk"), ("switzerlandnorth", "Zurich", "ch"),
        ("japaneast", "Tokyo", "apac"), ("australiaeast", "New South Wales", "apac"),
    ].map { RegionInfo(provider: "azure", id: $0.0, location: $0.1, residency: $0.2) }
}
