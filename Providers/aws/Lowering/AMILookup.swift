import GantryProviderKit

/// Finds the newest GPU-optimised image in a region when the spec names none.
enum AMILookup {
    /// Name patterns of AWS's GPU images, preferred first.
    static let patterns = ["Deep Learning Base OSS Nvidia Driver GPU AMI (Amazon Linux 2023)*",
                           "Deep Learning*GPU*", "Deep Learning AMI Amazon Linux*"]

    static func gpuAMI(region: String, client: AWSClient) async throws(ProviderError) -> String {
        for pattern in patterns {
            let answer = try await client.query("ec2", region: region, action: "DescribeImages",
                                                [("Filter.1.Name", "name"), ("Filter.1.Value.1", pattern),
                                                 ("Filter.2.Name", "state"), ("Filter.2.Value.1", "available")])
            let newest = answer.items("imagesSet").max { ($0.string("creationDate") ?? "") < ($1.string("creationDate") ?? "") }
            if let id = newest?.string("imageId") { return id }
        }
        throw ProviderError(.notFound, "no image matches \(patterns.joined(separator: " or "))", providerCode: "NoGPUImage")
    }
}
