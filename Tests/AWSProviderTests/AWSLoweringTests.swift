import Foundation
import GantryBasics
import GantryProviderKit
import GantrySpec
import Testing
@testable import AWSProvider

/// What a spec lowers to on AWS, without any API call: the roles an EKS cluster gets, the
/// mount targets and data repository links of the storage tiers, and the mounts a pool's
/// nodes make at boot.
@Suite struct AWSLoweringTests {
    static let base = """
        gantry: 1
        project: lt
        providers:
          aws:
            regions: [us-east-1]
            max_zones: 2
            gpu_ami: ami-0123456789abcdef0
        %EXTRA%
        regions:
          us-east-1: { residency: us }
        networks:
          train: { regions: [us-east-1], cidr: 10.20.0.0/16, interconnect: { fabric: efa } }
        node_pools:
          h100:
            network: train
            gpu: { model: H100, count: 8 }
            nodes: { min: 0, max: 2, desired: 1 }
        storage:
          scratch: { region: us-east-1, tier: hot, filesystem: lustre, size: 1200GiB, attach: [h100] }
          ckpt: { region: us-east-1, tier: warm, filesystem: nfs, size: 1TiB, attach: [h100] }
          corpus: { region: us-east-1, tier: cold, filesystem: object }
        """

    /// Lowers `base` with `extra` lines added to `providers.aws`.
    static func lower(_ extra: String = "") throws -> LowerResponse {
        try lower(spec: base.replacingOccurrences(of: "%EXTRA%", with: extra))
    }

    /// Lowers a whole spec, in a region with zones us-east-1a to us-east-1c.
    static func lower(spec text: String) throws -> LowerResponse {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aws-lowering-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("main.yaml"), atomically: true, encoding: .utf8)
        let loaded = SpecLoader(environment: [:]).load(path: dir.path)
        let spec = try #require(loaded.spec, "\(loaded.diagnostics)")
        let config = try AWSConfig.parse(spec.providers["aws"] ?? [:])
        return AWSLowering(config: config, zones: ["us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c"]],
                           amis: ["us-east-1": "ami-0123456789abcdef0"]).lower(LowerRequest(items: spec.intents()))
    }

    static func resource(_ response: LowerResponse, _ address: String) -> ResourceConfig? {
        response.resources.first { $0.address.rawValue == address }
    }

    @Test func nfsStoreGetsAMountTargetPerZoneInTheNetworksSecurityGroup() throws {
        let lowered = try Self.lower()
        let targets = lowered.resources.filter { $0.type == "aws_efs_mount_target" }
        #expect(targets.map(\.address.rawValue) == ["storage.ckpt.aws_efs_mount_target.us-east-1a",
                                                     "storage.ckpt.aws_efs_mount_target.us-east-1b"])
        let first = try #require(targets.first)
        #expect(first.attributes["subnet_id"] == ref("networks.train.aws_subnet.us-east-1a"))
        #expect(first.attributes["file_system_id"] == ref("storage.ckpt.aws_efs_file_system.main"))
        #expect(first.attributes["security_groups"] == [ref("networks.train.aws_security_group.main")])
    }

    @Test func launchTemplateCarriesTheMountsOfTheAttachedFileSystems() throws {
        let template = try #require(Self.resource(try Self.lower(), "node_pools.h100.aws_launch_template.main"))
        let mounts = try #require(template.attributes["mounts"]?.arrayValue)
        #expect(mounts.map { $0["name"] } == ["scratch", "ckpt"])
        #expect(mounts.first?["mount_name"] == ref("storage.scratch.aws_fsx_lustre_file_system.main", "mount_name"))
        #expect(mounts.last?["dns_name"] == ref("storage.ckpt.aws_efs_file_system.main", "dns_name"))
        #expect(mounts.last?["path"] == "/mnt/ckpt")
    }

    @Test func dataRepositoryLinksLustreToTheObjectStoresBucket() throws {
        let lowered = try Self.lower("    data_repositories: { scratch: { storage: corpus, path: /corpus, prefix: train/, export: [] } }")
        #expect(lowered.diagnostics.filter { $0.severity == .error }.isEmpty, "\(lowered.diagnostics)")
        let link = try #require(Self.resource(lowered, "storage.scratch.aws_fsx_data_repository_association.main"))
        #expect(link.attributes["data_repository_path"] == "s3://gantry-corpus-us-east-1/train/", "the bucket the object store lowers to")
        #expect(link.attributes["file_system_path"] == "/corpus")
        #expect(link.attributes["file_system_id"] == ref("storage.scratch.aws_fsx_lustre_file_system.main"))
        #expect(link.attributes["s3"]?["auto_import_policy"]?["events"] == ["NEW", "CHANGED", "DELETED"])
        #expect(link.attributes["s3"]?["auto_export_policy"]?["events"] == [])
        #expect(link.dependsOn.contains("storage.corpus.aws_s3_bucket.main"), "the bucket exists before the link")
    }

    @Test func dataRepositoryNamingANonObjectStoreIsAnErrorAtTheStore() throws {
        let lowered = try Self.lower("    data_repositories: { scratch: ckpt }")
        let error = try #require(lowered.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("a nfs store; a Lustre file system links to an object store"), "\(error.message)")
        #expect(error.path == "storage.scratch")
    }

    @Test func eksClusterWithoutRoleARNsGetsRolesWithAWSManagedPolicies() throws {
        let lowered = try Self.lower("""
                eks:
                  gpu: { region: us-east-1, network: train, node_pools: [h100] }
            """)
        let roles = lowered.resources.filter { $0.type == "aws_iam_role" }
        #expect(roles.map(\.address.rawValue) == ["networks.train.aws_iam_role.gpu-cluster", "networks.train.aws_iam_role.gpu-node"])
        #expect(roles.last?.attributes["managed_policy_arns"] == [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        ])
        #expect(roles.last?.attributes["assume_role_policy"]?.stringValue?.contains("ec2.amazonaws.com") == true)
        let cluster = try #require(Self.resource(lowered, "networks.train.aws_eks_cluster.gpu"))
        #expect(cluster.attributes["role_arn"] == ref("networks.train.aws_iam_role.gpu-cluster", "arn"))
        let group = try #require(Self.resource(lowered, "node_pools.h100.aws_eks_node_group.main"))
        #expect(group.attributes["node_role_arn"] == ref("networks.train.aws_iam_role.gpu-node", "arn"))
    }

    @Test func eksPoolWithFileSystemsBootsFromALaunchTemplateThatMountsThem() throws {
        let lowered = try Self.lower("""
                eks:
                  gpu: { network: train, role_arn: "arn:aws:iam::1:role/c", node_role_arn: "arn:aws:iam::1:role/n", node_pools: [h100] }
            """)
        let template = try #require(Self.resource(lowered, "node_pools.h100.aws_launch_template.main"))
        #expect(template.attributes["mounts"]?.arrayValue?.count == 2)
        #expect(template.attributes["instance_type"] == nil && template.attributes["image_id"] == nil,
                "EKS keeps choosing the AMI and the instance type")
        let group = try #require(Self.resource(lowered, "node_pools.h100.aws_eks_node_group.main"))
        #expect(group.attributes["launch_template"] == ["id": ref("node_pools.h100.aws_launch_template.main"),
                                                        "version": ref("node_pools.h100.aws_launch_template.main", "latest_version")])
        // The mount section goes inside the MIME document, before its closing boundary.
        let mounts: [Value] = [["name": "ckpt", "type": "nfs", "dns_name": "fs-2.efs.us-east-1.amazonaws.com", "path": "/mnt/ckpt"]]
        let base = try #require(template.attributes["user_data"]?.stringValue)
        let wire = try #require(LaunchTemplateUserData.encode(userData: base, mounts: mounts))
        let script = String(decoding: try #require(Data(base64Encoded: wire)), as: UTF8.self)
        #expect(script.hasPrefix("MIME-Version: 1.0"))
        #expect(script.hasSuffix("fs-2.efs.us-east-1.amazonaws.com:/ /mnt/ckpt nfs4 "
                                 + "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0' >> /etc/fstab\n"
                                 + "mount -a -t nfs4\n# gantry: end of storage mounts\n--==GANTRY==--\n"))
        let (userData, read) = LaunchTemplateUserData.decode(wire)
        #expect(userData == base)
        #expect(read == mounts)
    }

    @Test func givenRoleARNsAreUsedAndNoRoleIsCreated() throws {
        let lowered = try Self.lower("""
                eks:
                  gpu: { network: train, role_arn: "arn:aws:iam::1:role/c", node_role_arn: "arn:aws:iam::1:role/n", node_pools: [h100] }
            """)
        #expect(lowered.resources.filter { $0.type == "aws_iam_role" }.isEmpty)
        #expect(Self.resource(lowered, "networks.train.aws_eks_cluster.gpu")?.attributes["role_arn"] == "arn:aws:iam::1:role/c")
    }

    @Test func userDataRoundTripsThroughTheMountSection() throws {
        let base = Data("#!/bin/bash\necho hi\n".utf8).base64EncodedString()
        let mounts: [Value] = [["name": "scratch", "type": "lustre", "dns_name": "fs-1.fsx.us-east-1.amazonaws.com",
                                "mount_name": "abcdefgh", "filesystem_id": "fs-1", "path": "/mnt/scratch"]]
        let wire = try #require(LaunchTemplateUserData.encode(userData: base, mounts: mounts))
        let script = String(decoding: try #require(Data(base64Encoded: wire)), as: UTF8.self)
        #expect(script.hasPrefix("#!/bin/bash\necho hi\n"))
        #expect(script.contains("fs-1.fsx.us-east-1.amazonaws.com@tcp:/abcdefgh /mnt/scratch lustre"))
        let (userData, read) = LaunchTemplateUserData.decode(wire)
        #expect(userData == base)
        #expect(read == mounts)
        #expect(LaunchTemplateUserData.encode(userData: base, mounts: []) == base, "no mounts, no change")
    }
}
