import GantryBasics
import GantryProviderKit

extension AWSLowering.Context {
    /// AWS's managed policies for an EKS control plane and for its nodes.
    static let clusterPolicies = ["AmazonEKSClusterPolicy"]
    static let nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"]

    /// The role ARNs an EKS cluster and its node groups use: the ones configured, else an
    /// `aws_iam_role` Gantry creates next to the cluster (trusting EKS, or EC2 for nodes) with
    /// AWS's managed policies attached.
    mutating func eksRoles(_ network: IntentItem, cluster: AWSConfig.EKSCluster, region: String)
        -> (cluster: Value, node: Value)
    {
        let partition = Self.partition(of: region)
        func role(_ kind: String, given: String?, service: String, policies: [String]) -> Value {
            if let given { return .string(given) }
            let name = "\(config.project)-\(cluster.name)-\(region)-\(kind)"
            if name.count > 64 {
                error(network, "role-name-too-long", "the IAM role name `\(name)` is longer than IAM's 64 characters",
                      hint: "set providers.aws.eks.\(cluster.name).\(kind == "node" ? "node_role_arn" : "role_arn"), "
                          + "or shorten the project or cluster name")
            }
            let address = add(network, type: "aws_iam_role", name: "\(cluster.name)-\(kind)", [
                "name": .string(name), "path": .string(IAMRoleHandler.path),
                "assume_role_policy": .string(IAMRoleHandler.trustPolicy(service: service)),
                "managed_policy_arns": .array(policies.map { "arn:\(partition):iam::aws:policy/\($0)" }.sorted().map(Value.string)),
                "tags": tags(name),
            ])
            return ref(address, "arn")
        }
        return (role("cluster", given: cluster.roleARN, service: "eks.amazonaws.com", policies: Self.clusterPolicies),
                role("node", given: cluster.nodeRoleARN, service: "ec2.amazonaws.com", policies: Self.nodePolicies))
    }

    /// The ARN partition a region belongs to.
    static func partition(of region: String) -> String {
        region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
    }
}
