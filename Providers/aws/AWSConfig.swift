import GantryBasics
import GantryHTTP
import GantryProviderKit

/// The `providers.aws` block of a spec.
///
/// ```yaml
/// providers:
///   aws:
///     regions: [us-east-1, us-west-2]
///     project: llm-platform            # the gantry:project tag
///     profile: training                # else AWS_PROFILE, else environment keys
///     endpoints: { ec2: http://127.0.0.1:5000 }   # or `endpoint:` for every service
///     max_zones: 2                     # subnets per network and region (default 3)
///     gpu_ami: ami-0123…               # or { us-east-1: ami-…, … }; looked up when absent
///     launch_wait_seconds: 60          # how long a new node pool's launch is watched for a shortage
///     eks:                             # EKS clusters; listed pools become managed node groups
///       gpu: { region: us-west-2, network: serve, role_arn: arn:…, node_role_arn: arn:…, node_pools: [infer] }
/// ```
struct AWSConfig: Sendable, Hashable {
    struct EKSCluster: Sendable, Hashable {
        var name: String
        var region: String?
        var network: String?
        var version: String?
        /// The control plane's role; nil → Gantry creates one with AmazonEKSClusterPolicy.
        var roleARN: String?
        /// The nodes' role; nil → Gantry creates one with the worker, CNI and ECR read-only policies.
        var nodeRoleARN: String?
        var nodePools: [String]
    }

    /// A Lustre store's link to an object store (an FSx data repository association).
    struct DataRepository: Sendable, Hashable {
        /// The `storage:` item (filesystem `object`) whose bucket backs the file system.
        var storage: String
        /// Where the bucket appears on the file system.
        var fileSystemPath = "/"
        /// The part of the bucket linked (`training/`); empty for all of it.
        var prefix = ""
        var autoImport = DataRepository.allEvents
        var autoExport = DataRepository.allEvents

        static let allEvents = ["NEW", "CHANGED", "DELETED"]
    }

    var regions: [String] = []
    /// Lustre storage name → the object store linked to it.
    var dataRepositories: [String: DataRepository] = [:]
    var project = "gantry"
    var profile: String?
    var endpoints: [String: String] = [:]
    var maxZones = 3
    var gpuAMI: [String: String] = [:]
    var defaultAMI: String?
    var eks: [EKSCluster] = []
    /// Attempts per call on throttling.
    var maxAttempts = 5
    /// Seconds one API call may take.
    var timeoutSeconds = 60.0
    /// Seconds a node pool's new group (Auto Scaling group, EKS node group) is watched until
    /// its nodes launch or its launch fails: AWS reports a capacity shortage only after the
    /// create succeeded. 0 checks once. See `PoolLaunch`.
    var launchWaitSeconds = 60.0

    /// The Kubernetes version new EKS clusters get unless `eks.NAME.version` says otherwise
    /// (pinned, so a plan does not drift when AWS moves its default).
    static let defaultKubernetesVersion = "1.31"

    static let keys = ["regions", "project", "profile", "endpoints", "endpoint", "max_zones", "gpu_ami", "eks", "max_attempts",
                       "timeout_seconds", "data_repositories", "launch_wait_seconds"]
    static let eksKeys = ["region", "network", "version", "role_arn", "node_role_arn", "node_pools"]

    /// Reads the block; every problem is reported at once in one `invalid` error.
    static func parse(_ config: [String: Value]) throws(ProviderError) -> AWSConfig {
        var c = AWSConfig()
        var problems: [String] = []
        for key in config.keys.sorted() where !keys.contains(key) {
            problems.append("unknown setting `\(key)`" + (EditDistance.hint(for: key, among: keys).map { "; \($0)" } ?? ""))
        }
        c.regions = config["regions"]?.arrayValue?.compactMap(\.stringValue) ?? config["regions"]?.stringValue.map { [$0] } ?? []
        if let p = config["project"]?.stringValue { c.project = p }
        c.profile = config["profile"]?.stringValue
        if let all = config["endpoint"]?.stringValue {
            for service in ["ec2", "autoscaling", "eks", "s3", "fsx", "efs", "sts", "iam"] { c.endpoints[service] = all }
        }
        for (service, url) in config["endpoints"]?.objectValue ?? [:] {
            if let url = url.stringValue { c.endpoints[service] = url } else { problems.append("endpoints.\(service) must be a URL") }
        }
        if let v = config["max_zones"] {
            if let n = v.intValue, n > 0 { c.maxZones = n } else { problems.append("max_zones must be a whole number ≥ 1") }
        }
        if let n = config["max_attempts"]?.intValue { c.maxAttempts = max(1, n) }
        if let t = config["timeout_seconds"]?.doubleValue, t > 0 { c.timeoutSeconds = t }
        if let v = config["launch_wait_seconds"] {
            if let t = v.doubleValue, t >= 0 { c.launchWaitSeconds = t } else { problems.append("launch_wait_seconds must be a number of seconds ≥ 0") }
        }
        if let ami = config["gpu_ami"] {
            if let s = ami.stringValue { c.defaultAMI = s } else { c.gpuAMI = (ami.objectValue ?? [:]).compactMapValues(\.stringValue) }
        }
        for (name, body) in (config["eks"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            for key in (body.objectValue ?? [:]).keys.sorted() where !Self.eksKeys.contains(key) {
                problems.append("unknown setting `eks.\(name).\(key)`"
                                    + (EditDistance.hint(for: key, among: Self.eksKeys).map { "; \($0)" } ?? ""))
            }
            c.eks.append(EKSCluster(name: name, region: body["region"]?.stringValue, network: body["network"]?.stringValue,
                                    version: body["version"]?.stringValue ?? Self.defaultKubernetesVersion,
                                    roleARN: body["role_arn"]?.stringValue, nodeRoleARN: body["node_role_arn"]?.stringValue,
                                    nodePools: body["node_pools"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        for (lustre, body) in (config["data_repositories"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let link = DataRepository.parse(body, problems: &problems, path: "data_repositories.\(lustre)") {
                c.dataRepositories[lustre] = link
            }
        }
        if !problems.isEmpty {
            throw ProviderError(.invalid, "providers.aws: " + problems.joined(separator: "; "), providerCode: "InvalidConfig")
        }
        return c
    }

    /// The EKS cluster a pool joins in `region`, if any.
    func cluster(forPool pool: String, region: String) -> EKSCluster? {
        eks.first { $0.nodePools.contains(pool) && ($0.region == nil || $0.region == region) }
    }
}

extension AWSConfig.DataRepository {
    static let keys = ["storage", "path", "prefix", "import", "export"]

    /// `archive` or `{storage: archive, path: /archive, prefix: training/, import: [NEW], export: []}`.
    static func parse(_ body: Value, problems: inout [String], path: String) -> Self? {
        if let storage = body.stringValue { return Self(storage: storage) }
        guard let fields = body.objectValue, let storage = fields["storage"]?.stringValue else {
            problems.append("\(path) must name an object store: `archive` or `{ storage: archive, path: /archive }`")
            return nil
        }
        for key in fields.keys.sorted() where !keys.contains(key) {
            problems.append("unknown setting `\(path).\(key)`" + (EditDistance.hint(for: key, among: keys).map { "; \($0)" } ?? ""))
        }
        var link = Self(storage: storage)
        if let p = fields["path"]?.stringValue {
            if p.hasPrefix("/") { link.fileSystemPath = p } else { problems.append("\(path).path must start with `/`, not `\(p)`") }
        }
        if let prefix = fields["prefix"]?.stringValue { link.prefix = prefix.hasPrefix("/") ? String(prefix.dropFirst()) : prefix }
        for (key, keyPath) in [("import", \Self.autoImport), ("export", \Self.autoExport)] {
            guard let list = fields[key] else { continue }
            let events = (list.arrayValue ?? []).compactMap(\.stringValue).map { $0.uppercased() }
            if list.arrayValue == nil || events.contains(where: { !allEvents.contains($0) }) {
                problems.append("\(path).\(key) must be a list of " + allEvents.joined(separator: ", "))
            } else {
                link[keyPath: keyPath] = events
            }
        }
        return link
    }
}
