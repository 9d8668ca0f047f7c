import Foundation
import GantryProviderKit

/// The resource types the simulated cloud offers, named like Terraform's AWS ones with a
/// `sim_` prefix, and what each computes and forces.
enum SimTypes {
    static let vpc = "sim_vpc"
    static let subnet = "sim_subnet"
    static let securityGroup = "sim_security_group"
    static let placementGroup = "sim_placement_group"
    static let launchTemplate = "sim_launch_template"
    static let nodeGroup = "sim_node_group"
    static let lustre = "sim_lustre_filesystem"
    static let nfs = "sim_nfs_filesystem"
    static let bucket = "sim_bucket"
    static let bucketLifecycle = "sim_bucket_lifecycle"
    static let data = "sim_data"

    /// Every type by name.
    static let all: [String: SimTypeSpec] = Dictionary(
        uniqueKeysWithValues: specs.map { ($0.name, $0) })

    private static let cloud: Set<String> = ["id", "arn", "tags_all"]

    private static let specs: [SimTypeSpec] = [
        SimTypeSpec(name: vpc, service: "ec2", required: ["cidr"], forceNew: ["cidr", "region"],
                    computed: cloud),
        SimTypeSpec(name: subnet, service: "ec2", required: ["vpc_id", "cidr", "zone"],
                    forceNew: ["vpc_id", "cidr", "zone", "region"], computed: cloud.union(["available_ips"])),
        SimTypeSpec(name: securityGroup, service: "ec2", required: ["vpc_id"],
                    forceNew: ["vpc_id", "name", "region"], computed: cloud),
        SimTypeSpec(name: placementGroup, service: "ec2", required: ["strategy"],
                    forceNew: ["name", "strategy", "region"], computed: cloud),
        // Like EC2 launch templates, every change is a new version (latest_version), so the
        // node group is what gets replaced — by its rollout — when the instance type changes.
        SimTypeSpec(name: launchTemplate, service: "ec2", required: ["instance_type"],
                    forceNew: ["region"], computed: cloud.union(["latest_version"]),
                    recomputedOnUpdate: ["latest_version"]),
        SimTypeSpec(name: nodeGroup, service: "eks", required: ["instance_type"],
                    forceNew: ["instance_type", "launch_template_id", "region", "subnet_ids", "placement_group",
                               "market", "zones"],
                    // failed_nodes is set only by `gantry sim` (node failures), so plans keep it.
                    computed: cloud.union(["zone", "ready_nodes", "status", "price_per_hour", "gpu_model",
                                           "gpu_count", "failed_nodes", "nodes_by_market"]),
                    recomputedOnUpdate: ["ready_nodes", "status", "nodes_by_market"], createBeforeDestroy: true),
        SimTypeSpec(name: lustre, service: "fsx", required: ["size_gib"],
                    forceNew: ["region", "subnet_id", "throughput_per_tib", "deployment_type"],
                    computed: cloud.union(["dns_name", "mount_name"])),
        SimTypeSpec(name: nfs, service: "elasticfilesystem", forceNew: ["region", "performance_mode"],
                    computed: cloud.union(["dns_name"])),
        SimTypeSpec(name: bucket, service: "s3", required: ["bucket"], forceNew: ["bucket", "region"],
                    computed: cloud.union(["domain_name"])),
        SimTypeSpec(name: bucketLifecycle, service: "s3", required: ["bucket", "rules"], forceNew: ["bucket"],
                    computed: cloud),
        // Like terraform_data: any properties, computes only its id; must stay cheap.
        SimTypeSpec(name: data, service: "data", forceNew: ["triggers_replace"], computed: ["id"]),
    ]

    /// The provider schema for the engine. Every type's plan is `SimPlanner`'s pure diff,
    /// so the engine may skip planning what did not change (`unchangedIsNoOp`).
    static var schema: ProviderSchema {
        ProviderSchema(resourceTypes: specs.map {
            ResourceTypeSchema(name: $0.name, forceNew: $0.forceNew, computed: $0.computed,
                               sensitive: $0.sensitive, createBeforeDestroy: $0.createBeforeDestroy,
                               unchangedIsNoOp: true)
        })
    }
}

/// What the simulator knows about one resource type.
struct SimTypeSpec: Sendable {
    let name: String
    /// The service part of its ARN (`ec2`, `fsx`, …).
    let service: String
    /// Arguments a create must have.
    let required: [String]
    let forceNew: Set<String>
    let computed: Set<String>
    let sensitive: Set<String>
    /// Computed attributes that an in-place update changes (unknown in such a plan).
    let recomputedOnUpdate: Set<String>
    let createBeforeDestroy: Bool

    init(name: String, service: String, required: [String] = [], forceNew: Set<String>, computed: Set<String>,
         sensitive: Set<String> = [], recomputedOnUpdate: Set<String> = [], createBeforeDestroy: Bool = false) {
        self.name = name
        self.service = service
        self.required = required
        self.forceNew = forceNew
        self.computed = computed
        self.sensitive = sensitive
        self.recomputedOnUpdate = recomputedOnUpdate
        self.createBeforeDestroy = createBeforeDestroy
    }

    /// `sim_node_group` → `node-group`, the middle of its ids.
    var idStem: String { String(name.dropFirst(4)).replacingOccurrences(of: "_", with: "-") }
}
