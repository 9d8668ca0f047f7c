import AWSProvider
import GantryProviderKit
import Testing

/// Scaling a node pool is never a replacement on AWS either: the node-count attributes of
/// Auto Scaling groups and EKS node groups are not force-new.
@Suite struct AWSScalingSchemaTests {
    @Test func nodeCountsAreUpdatedInPlace() async throws {
        let schema = try await AWSProvider(environment: [:]).schema()
        let asg = try #require(schema.type("aws_autoscaling_group"))
        for key in ["min_size", "max_size", "desired_capacity"] { #expect(!asg.forceNew.contains(key)) }
        #expect(asg.computed.contains("ready_nodes"))
        let eks = try #require(schema.type("aws_eks_node_group"))
        #expect(!eks.forceNew.contains("scaling_config"))
    }
}
