import GantryBasics
import GantryProviderKit

/// `aws_vpc`: CreateVpc / DescribeVpcs / DeleteVpc.
struct VPCHandler: EC2TagsOnlyUpdate {
    let spec = AWSTypeSpec("aws_vpc", forceNew: ["cidr_block"])

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let answer = try await client.query("ec2", region: region, action: "CreateVpc",
                                            [("CidrBlock", try a.string("cidr_block", for: spec.name))]
                                                + EC2Query.tagSpecification("vpc", tags))
        guard let id = answer.string("vpc/vpcId") else { throw missing("CreateVpc", "vpcId") }
        return (id, ["arn": .string("arn:aws:ec2:\(region)::vpc/\(id)")])
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        try await EC2Query.describeAll(client, region: region, action: "DescribeVpcs", listPath: "vpcSet",
                                       EC2Query.managedFilter).compactMap { vpc in
            guard let id = vpc.string("vpcId") else { return nil }
            return EC2Query.observation(id: id, vpc, [
                "region": .string(region), "cidr_block": .string(vpc.string("cidrBlock") ?? ""),
                "arn": .string("arn:aws:ec2:\(region)::vpc/\(id)"),
            ])
        }
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "DeleteVpc", [("VpcId", id)])
    }
}

/// `aws_subnet`: one per zone.
struct SubnetHandler: EC2TagsOnlyUpdate {
    let spec = AWSTypeSpec("aws_subnet", forceNew: ["vpc_id", "cidr_block", "availability_zone"])

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let answer = try await client.query("ec2", region: region, action: "CreateSubnet", [
            ("VpcId", try a.string("vpc_id", for: spec.name)), ("CidrBlock", try a.string("cidr_block", for: spec.name)),
            ("AvailabilityZone", try a.string("availability_zone", for: spec.name)),
        ] + EC2Query.tagSpecification("subnet", tags))
        guard let id = answer.string("subnet/subnetId") else { throw missing("CreateSubnet", "subnetId") }
        return (id, ["arn": .string(answer.string("subnet/subnetArn") ?? "arn:aws:ec2:\(region)::subnet/\(id)")])
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        try await EC2Query.describeAll(client, region: region, action: "DescribeSubnets", listPath: "subnetSet",
                                       EC2Query.managedFilter).compactMap { subnet in
            guard let id = subnet.string("subnetId") else { return nil }
            return EC2Query.observation(id: id, subnet, [
                "region": .string(region), "vpc_id": .string(subnet.string("vpcId") ?? ""),
                "cidr_block": .string(subnet.string("cidrBlock") ?? ""),
                "availability_zone": .string(subnet.string("availabilityZone") ?? ""),
                "arn": .string(subnet.string("subnetArn") ?? "arn:aws:ec2:\(region)::subnet/\(id)"),
            ])
        }
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "DeleteSubnet", [("SubnetId", id)])
    }
}

/// `aws_placement_group` (cluster placement for EFA pools). moto does not implement it;
/// `PlacementGroupRequestTests` holds the request to AWS's documented example.
struct PlacementGroupHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_placement_group", forceNew: ["name", "strategy"],
                           computed: ["id", "arn", "placement_group_id"])

    /// The CreatePlacementGroup parameters for `attributes`.
    static func createParameters(_ a: [String: Value], tags: [String: String]) throws(ProviderError) -> [(String, String)] {
        let type = "aws_placement_group"
        var params = [("GroupName", try a.string("name", for: type)), ("Strategy", try a.string("strategy", for: type))]
        if let count = a["partition_count"]?.intValue { params.append(("PartitionCount", String(count))) }
        return params + EC2Query.tagSpecification("placement-group", tags)
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let answer = try await client.query("ec2", region: region, action: "CreatePlacementGroup",
                                            try Self.createParameters(a, tags: tags))
        let name = try a.string("name", for: spec.name)
        return (name, ["placement_group_id": .string(answer.string("placementGroup/groupId") ?? ""),
                       "arn": .string(answer.string("placementGroup/groupArn") ?? "")])
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        try await EC2Query.describeAll(client, region: region, action: "DescribePlacementGroups",
                                       listPath: "placementGroupSet", EC2Query.managedFilter).compactMap { group in
            guard let name = group.string("groupName") else { return nil }
            return EC2Query.observation(id: name, group, [
                "region": .string(region), "name": .string(name), "strategy": .string(group.string("strategy") ?? ""),
                "placement_group_id": .string(group.string("groupId") ?? ""),
                "arn": .string(group.string("groupArn") ?? ""),
            ])
        }
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "DeletePlacementGroup", [("GroupName", id)])
    }
}

/// Tag changes on EC2 resources: CreateTags for new or changed, DeleteTags for removed.
/// An EC2 resource whose only in-place change is its tags (VPCs, subnets).
protocol EC2TagsOnlyUpdate: AWSResourceHandler {}

extension EC2TagsOnlyUpdate {
    /// Syncs the tags; the ARN stays as it was.
    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        try await EC2Tags.sync(id: id, prior: prior, attributes: attributes, region: region, client: client)
        return ["arn": prior["arn"] ?? .null]
    }
}

enum EC2Tags {
    static func sync(id: String, prior: [String: Value], attributes: [String: Value], region: String,
                     client: AWSClient) async throws(ProviderError) {
        let old = prior["tags"]?.objectValue ?? [:], new = attributes["tags"]?.objectValue ?? [:]
        let changed = new.filter { old[$0.key] != $0.value }.keys.sorted()
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        if !changed.isEmpty {
            var params = [("ResourceId.1", id)]
            for (i, key) in changed.enumerated() {
                params += [("Tag.\(i + 1).Key", key), ("Tag.\(i + 1).Value", new[key]?.stringValue ?? "")]
            }
            _ = try await client.query("ec2", region: region, action: "CreateTags", params)
        }
        if !removed.isEmpty {
            _ = try await client.query("ec2", region: region, action: "DeleteTags",
                                       [("ResourceId.1", id)] + EC2Query.list("Tag", removed).map { ($0.0 + ".Key", $0.1) })
        }
    }
}

/// An answer lacking a field Gantry needs.
func missing(_ operation: String, _ field: String) -> ProviderError {
    ProviderError(.fatal, "\(operation) answered without `\(field)`", providerCode: "MalformedResponse")
}
