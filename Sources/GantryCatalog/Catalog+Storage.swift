extension Catalog {
    /// AWS storage prices per GiB-month in us-east-1, one row per tier and service class.
    ///
    /// Every row is flagged `unverified`: no stored copy of the price pages could be checked
    /// when the catalog was assembled. Refresh them before relying on cost estimates.
    static let awsStoragePrices: [StoragePrice] = [
        // Hot: FSx for Lustre PERSISTENT_2, priced by provisioned throughput per TiB.
        lustre(125, 0.145), lustre(250, 0.210), lustre(500, 0.340), lustre(1000, 0.600),
        // Warm: EFS.
        StoragePrice(provider: "aws", region: "us-east-1", tier: .warm, filesystem: "nfs",
                     product: "EFS Standard", usdPerGiBMonth: 0.30, source: CatalogSource.efsPricing),
        StoragePrice(provider: "aws", region: "us-east-1", tier: .warm, filesystem: "nfs",
                     product: "EFS Infrequent Access", usdPerGiBMonth: 0.016, source: CatalogSource.efsPricing),
        // Object storage: S3 Standard is warm (frequent access), IA and Glacier are cold.
        StoragePrice(provider: "aws", region: "us-east-1", tier: .warm, filesystem: "object",
                     product: "S3 Standard", usdPerGiBMonth: 0.023, source: CatalogSource.s3Pricing),
        StoragePrice(provider: "aws", region: "us-east-1", tier: .cold, filesystem: "object",
                     product: "S3 Standard-IA", usdPerGiBMonth: 0.0125, source: CatalogSource.s3Pricing),
        StoragePrice(provider: "aws", region: "us-east-1", tier: .cold, filesystem: "object",
                     product: "S3 Glacier Flexible Retrieval", usdPerGiBMonth: 0.0036, source: CatalogSource.s3Pricing),
        StoragePrice(provider: "aws", region: "us-east-1", tier: .cold, filesystem: "object",
                     product: "S3 Glacier Deep Archive", usdPerGiBMonth: 0.00099, source: CatalogSource.s3Pricing),
    ]

    private static func lustre(_ throughput: Int, _ price: Double) -> StoragePrice {
        StoragePrice(provider: "aws", region: "us-east-1", tier: .hot, filesystem: "lustre",
                     product: "FSx for Lustre PERSISTENT_2", throughputPerTiB: throughput,
                     usdPerGiBMonth: price, source: CatalogSource.fsxLustrePricing)
    }
}
