import GantryBasics
import GantryProviderKit

/// `aws_launch_template`: instance type, AMI, user data (base64) with the `mounts` of the
/// pool's file systems appended (`LaunchTemplateUserData`), security groups, and the
/// EFA network interfaces (`network_interfaces: [{device_index, network_card_index,
/// interface_type: efa, security_groups}]`). Changes make a new default version.
struct LaunchTemplateHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_launch_template", forceNew: ["name"], computed: ["id", "arn", "latest_version"],
                           recomputedOnUpdate: ["latest_version"], createBeforeDestroy: true)

    private func data(_ a: [String: Value]) -> [(String, String)] {
        let p = "LaunchTemplateData"
        var params: [(String, String)] = []
        if let type = a["instance_type"]?.stringValue { params.append(("\(p).InstanceType", type)) }
        if let image = a["image_id"]?.stringValue { params.append(("\(p).ImageId", image)) }
        if let userData = LaunchTemplateUserData.encode(userData: a["user_data"]?.stringValue,
                                                        mounts: a["mounts"]?.arrayValue ?? []) {
            params.append(("\(p).UserData", userData))
        }
        params += EC2Query.list("\(p).SecurityGroupId", a.strings("vpc_security_group_ids"))
        for (i, nic) in (a["network_interfaces"]?.arrayValue ?? []).enumerated() {
            let n = "\(p).NetworkInterface.\(i + 1)"
            params.append(("\(n).DeviceIndex", String(nic["device_index"]?.intValue ?? 0)))
            params.append(("\(n).NetworkCardIndex", String(nic["network_card_index"]?.intValue ?? 0)))
            if let type = nic["interface_type"]?.stringValue { params.append(("\(n).InterfaceType", type)) }
            if nic["delete_on_termination"]?.boolValue == true { params.append(("\(n).DeleteOnTermination", "true")) }
            params += EC2Query.list("\(n).SecurityGroupId", (nic["security_groups"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        return params
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let answer = try await client.query("ec2", region: region, action: "CreateLaunchTemplate",
                                            [("LaunchTemplateName", try a.string("name", for: spec.name))] + data(a)
                                                + EC2Query.tagSpecification("launch-template", tags))
        guard let id = answer.string("launchTemplate/launchTemplateId") else {
            throw missing("CreateLaunchTemplate", "launchTemplateId")
        }
        return (id, ["arn": .string("arn:aws:ec2:\(region)::launch-template/\(id)"),
                     "latest_version": .int(Int(answer.string("launchTemplate/latestVersionNumber") ?? "1") ?? 1)])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let answer = try await client.query("ec2", region: region, action: "CreateLaunchTemplateVersion",
                                            [("LaunchTemplateId", id)] + data(attributes))
        let version = answer.string("launchTemplateVersion/versionNumber") ?? "1"
        _ = try await client.query("ec2", region: region, action: "ModifyLaunchTemplate",
                                   [("LaunchTemplateId", id), ("SetDefaultVersion", version)])
        try await EC2Tags.sync(id: id, prior: prior, attributes: attributes, region: region, client: client)
        return ["arn": prior["arn"] ?? .null, "latest_version": .int(Int(version) ?? 1)]
    }

    /// One DescribeLaunchTemplates for the region, then the latest version's data per template
    /// (EC2 has no batched form of DescribeLaunchTemplateVersions that moto answers).
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        let templates = try await EC2Query.describeAll(client, region: region, action: "DescribeLaunchTemplates",
                                                       listPath: "launchTemplates", EC2Query.managedFilter)
        var out: [AWSObservation] = []
        for template in templates {
            guard let id = template.string("launchTemplateId"), ids?.contains(id) ?? true else { continue }
            let versions = try await client.query("ec2", region: region, action: "DescribeLaunchTemplateVersions",
                                                  [("LaunchTemplateId", id), ("Versions.1", "$Latest")])
            let data = versions.items("launchTemplateVersionSet").first?["launchTemplateData"] ?? XMLElement(name: "")
            var a: [String: Value] = [
                "region": .string(region), "name": .string(template.string("launchTemplateName") ?? ""),
                "latest_version": .int(Int(template.string("latestVersionNumber") ?? "") ?? 1),
                "arn": .string("arn:aws:ec2:\(region)::launch-template/\(id)"),
            ]
            if let v = data.string("instanceType") { a["instance_type"] = .string(v) }
            if let v = data.string("imageId") { a["image_id"] = .string(v) }
            if let v = data.string("userData") {
                let (userData, mounts) = LaunchTemplateUserData.decode(v)
                a["user_data"] = .string(userData)
                if let mounts { a["mounts"] = .array(mounts) }
            }
            let groups = Self.texts(data["securityGroupIdSet"])
            if !groups.isEmpty { a["vpc_security_group_ids"] = .array(groups.map(Value.string)) }
            let nics = data.items("networkInterfaceSet").map { nic -> Value in
                var n: [String: Value] = ["device_index": .int(Int(nic.string("deviceIndex") ?? "") ?? 0),
                                          "network_card_index": .int(Int(nic.string("networkCardIndex") ?? "") ?? 0),
                                          "security_groups": .array(Self.texts(nic["groupSet"]).map(Value.string))]
                if let type = nic.string("interfaceType") { n["interface_type"] = .string(type) }
                if nic.string("deleteOnTermination") == "true" { n["delete_on_termination"] = true }
                return .object(n)
            }
            if !nics.isEmpty { a["network_interfaces"] = .array(nics) }
            out.append(EC2Query.observation(id: id, template, a))
        }
        return out
    }

    /// Texts of a list element, whether its entries are `<item>` or named (`<groupId>`).
    static func texts(_ list: XMLElement?) -> [String] {
        (list?.children ?? []).compactMap { child in
            let text = child.children.isEmpty ? child.text : (child.string("groupId") ?? child.text)
            return text.isEmpty ? nil : text
        }
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "DeleteLaunchTemplate", [("LaunchTemplateId", id)])
    }
}

/// `aws_instance`: single instances (the escape hatch, and the 1,000-instance refresh benchmark).
/// Reads are one DescribeInstances per region, paged at 1,000.
struct InstanceHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_instance", forceNew: ["ami", "instance_type", "subnet_id"],
                           computed: ["id", "arn", "private_ip", "instance_state"])

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        var params = [("ImageId", try a.string("ami", for: spec.name)),
                      ("InstanceType", try a.string("instance_type", for: spec.name)), ("MinCount", "1"), ("MaxCount", "1")]
        if let subnet = a["subnet_id"]?.stringValue { params.append(("SubnetId", subnet)) }
        let answer = try await client.query("ec2", region: region, action: "RunInstances",
                                            params + EC2Query.tagSpecification("instance", tags))
        guard let instance = answer.items("instancesSet").first, let id = instance.string("instanceId") else {
            throw missing("RunInstances", "instanceId")
        }
        return (id, ["arn": .string("arn:aws:ec2:\(region)::instance/\(id)"),
                     "private_ip": .string(instance.string("privateIpAddress") ?? ""),
                     "instance_state": .string(instance.string("instanceState/name") ?? "pending")])
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        let reservations = try await EC2Query.describeAll(
            client, region: region, action: "DescribeInstances", listPath: "reservationSet",
            EC2Query.managedFilter + [("Filter.2.Name", "instance-state-name"),
                                      ("Filter.2.Value.1", "pending"), ("Filter.2.Value.2", "running"),
                                      ("Filter.2.Value.3", "stopping"), ("Filter.2.Value.4", "stopped")],
            maxResults: 1000)
        return reservations.flatMap { $0.items("instancesSet") }.compactMap { instance in
            guard let id = instance.string("instanceId") else { return nil }
            var a: [String: Value] = [
                "region": .string(region), "ami": .string(instance.string("imageId") ?? ""),
                "instance_type": .string(instance.string("instanceType") ?? ""),
                "arn": .string("arn:aws:ec2:\(region)::instance/\(id)"),
                "private_ip": .string(instance.string("privateIpAddress") ?? ""),
                "instance_state": .string(instance.string("instanceState/name") ?? ""),
            ]
            if let subnet = instance.string("subnetId"), !subnet.isEmpty { a["subnet_id"] = .string(subnet) }
            return EC2Query.observation(id: id, instance, a)
        }
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        try await EC2Tags.sync(id: id, prior: prior, attributes: attributes, region: region, client: client)
        var out = prior.filter { spec.computed.contains($0.key) }
        out["id"] = nil
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.query("ec2", region: region, action: "TerminateInstances", [("InstanceId.1", id)])
    }
}
