import Foundation

/// Where each AWS service is reached: the public endpoint, or an override.
///
/// Overrides, most specific first: the provider config's `endpoints: { ec2: URL, … }`,
/// `AWS_ENDPOINT_URL_<SERVICE>` (the service id upper-cased, spaces and dashes as `_`:
/// `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL_AUTO_SCALING`), then `AWS_ENDPOINT_URL`.
/// An override serves every region; requests are still signed for their own region.
public struct AWSEndpoints: Sendable, Hashable {
    /// Config overrides by service key (`ec2`, `autoscaling`, `eks`, `s3`, `fsx`, `efs`, `sts`).
    public var overrides: [String: String]
    public var environment: [String: String]

    public init(overrides: [String: String] = [:],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.overrides = overrides
        self.environment = environment
    }

    /// The environment-variable suffix of each service key (the SDKs' service ids).
    static let environmentNames = ["ec2": "EC2", "autoscaling": "AUTO_SCALING", "eks": "EKS", "s3": "S3",
                                   "fsx": "FSX", "efs": "EFS", "sts": "STS", "iam": "IAM"]
    /// Host prefixes that differ from the service key.
    static let hostPrefixes = ["efs": "elasticfilesystem"]

    /// The base URL (no trailing slash) for `service` in `region`.
    public func url(service: String, region: String) -> String {
        let specific = Self.environmentNames[service].map { "AWS_ENDPOINT_URL_" + $0 }
        if let url = overrides[service] ?? specific.flatMap({ environment[$0] }) ?? environment["AWS_ENDPOINT_URL"],
           !url.isEmpty {
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        let prefix = Self.hostPrefixes[service] ?? service
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if service == "iam" { return "https://iam.amazonaws.com" }
        return "https://\(prefix).\(region).\(suffix)"
    }

    /// Whether `service` goes to an overridden endpoint (then S3 uses path-style addressing).
    public func isOverridden(_ service: String) -> Bool {
        overrides[service] != nil || environment["AWS_ENDPOINT_URL"] != nil
            || Self.environmentNames[service].map { environment["AWS_ENDPOINT_URL_" + $0] != nil } == true
    }
}
