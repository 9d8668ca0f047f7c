import GantryBasics
import GantryProviderKit

/// `aws_security_group` with inline `ingress` / `egress` rules, each
/// `{protocol, from_port, to_port, self | cidr_blocks: [one], description}`.
struct SecurityGroupHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_security_group", forceNew: ["vpc_id", "name", "description"])
    static let defaultEgress: Value = ["protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]]

    /// Rules in a canonical order, so lowering and read-back compare equal.
    static func canonical(_ rules: [Value]) -> [Value] {
        rules.sorted { ((try? JSON.encode($0)) ?? "") < ((try? JSON.encode($1)) ?? "") }
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let answer = try await client.query("ec2", region: region, action: "CreateSecurityGroup", [
            ("GroupName", try a.string("name", for: spec.name)),
            ("GroupDescription", a["description"]?.stringValue ?? "Managed by Gantry"),
            ("VpcId", try a.string("vpc_id", for: spec.name)),
        ] + EC2Query.tagSpecification("security-group", tags))
        guard let id = answer.string("groupId") else { throw missing("CreateSecurityGroup", "groupId") }
        try await replaceRules(id: id, prior: ["egress": [Self.defaultEgress]], attributes: a, region: region, client: client)
        return (id, ["arn": .string("arn:aws:ec2:\(region)::security-group/\(id)")])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        try await replaceRules(id: id, prior: prior, attributes: attributes, region: region, client: client)
        try await EC2Tags.sync(id: id, prior: prior, attributes: attributes, region: region, client: client)
        return ["arn": prior["arn"] ?? .null]
    }

    /// Authorizes rules that are new and revokes rules that are gone, per direction.
    private func replaceRules(id: String, prior: [String: Value], attributes: [String: Value], region: String,
                              client: AWSClient) async throws(ProviderError) {
        for (key, direction) in [("ingress", "Ingress"), ("egress", "Egress")] {
            let old = prior[key]?.arrayValue ?? [], new = attributes[key]?.arrayValue ?? []
            let added = new.filter { !old.contains($0) }, removed = old.filter { !new.contains($0) }
            if !removed.isEmpty {
                _ = try await client.query("ec2", region: region, action: "RevokeSecurityGroup\(direction)",
                                           [("GroupId", id)] + permissions(removed, groupID: id))
            }
            if !added.isEmpty {
                _ = try await client.query("ec2", region: region, action: "AuthorizeSecurityGroup\(direction)",
                                           [("GroupId", id)] + permissions(added, groupID: id))
            }
        }
    }

    private func permissions(_ rules: [Value], groupID: String) -> [(String, String)] {
        var params: [(String, String)] = []
        for (i, rule) in rules.enumerated() {
            let p = "IpPermissions.\(i + 1)"
            let proto = rule["protocol"]?.stringValue ?? "-1"
            params.append(("\(p).IpProtocol", proto))
            if proto != "-1" {
                params.append(("\(p).FromPort", String(rule["from_port"]?.intValue ?? 0)))
                params.append(("\(p).ToPort", String(rule["to_port"]?.intValue ?? 0)))
            }
            let description = rule["description"]?.stringValue
            if rule["self"]?.boolValue == true {
                params.append(("\(p).Groups.1.GroupId", groupID))
                if let description { params.append(("\(p).Groups.1.Description", description)) }
            }
            for (j, cidr) in (rule["cidr_blocks"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
                params.append(("\(p).IpRanges.\(j + 1).CidrIp", cidr))
                if let description { params.append(("\(p).IpRanges.\(j + 1).Description", description)) }
            }
        }
        return params
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        try await EC2Query.describeAll(client, region: region, action: "DescribeSecurityGroups",
                                       listPath: "securityGroupInfo", EC2Query.managedFilter).compactMap { group in
            guard let id = group.string("groupId") else { return nil }
            return EC2Query.observation(id: id, group, [
                "region": .string(region), "vpc_id": .string(group.string("vpcId") ?? ""),
                "name": .string(group.string("groupName") ?? ""),
                "description": .string(group.string("groupDescription") ?? ""),
                "ingress": .array(Self.rules(group.items("ipPermissions"), groupID: id)),
                "egress": .array(Self.rules(group.items("ipPermissionsEgress"), groupID: id)),
                "arn": .string("arn:aws:ec2:\(region)::security-group/\(id)"),
            ])
        }
    }

    /// Read-back rules in the lowering's shape: one rule per group pair or CIDR range.
    static func rules(_ permissions: [XMLElement], groupID: String) -> [Value] {
        var out: [Value] = []
        for permission in permissions {
            let proto = permission.string("ipProtocol") ?? "-1"
            var base: [String: Value] = ["protocol": .string(proto)]
            base["from_port"] = .int(proto == "-1" ? 0 : Int(permission.string("fromPort") ?? "") ?? 0)
            base["to_port"] = .int(proto == "-1" ? 0 : Int(permission.string("toPort") ?? "") ?? 0)
            for pair in permission.items("groups") where pair.string("groupId") == groupID {
                var rule = base
                rule["self"] = true
                if let d = pair.string("description"), !d.isEmpty { rule["description"] = .string(d) }
                out.append(.object(rule))
            }
            for range in permission.items("ipRanges") {
                var rule = base
                rule["cidr_blocks"] = [.string(range.string("cidrIp") ?? "")]
                if let d = range.string("description"), !d.isEmpty { rule["description"] = .string(d) }
                out.append(.object(rule))
            }
        }
        return canonical(out)
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "DeleteSecurityGroup", [("GroupId", id)])
    }
}
