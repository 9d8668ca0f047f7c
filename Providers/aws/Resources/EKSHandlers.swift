import GantryBasics
import GantryHTTP
import GantryProviderKit

/// EKS's REST paths; names are path segments, so they are encoded.
func eksPath(_ parts: String...) -> String {
    parts.map { AWSPercentEncoding.encode($0) }.joined(separator: "/")
}

/// Tags from an EKS/EFS JSON object split into the user's and Gantry's.
func jsonTags(_ value: Value?) -> (user: [String: Value], gantry: [String: String]) {
    splitTags((value?.objectValue ?? [:]).compactMapValues(\.stringValue))
}

/// `aws_eks_cluster`: control plane in the network's subnets. A role created in the same
/// apply may not be assumable yet: CreateCluster is retried while EKS says so (`IAMPropagation`).
struct EKSClusterHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_eks_cluster", forceNew: ["name", "role_arn", "vpc_config"],
                           computed: ["id", "arn", "endpoint", "status"], recomputedOnUpdate: ["status"])

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let name = try a.string("name", for: spec.name)
        var body: [String: Value] = [
            "name": .string(name), "roleArn": .string(try a.string("role_arn", for: spec.name)),
            "resourcesVpcConfig": [
                "subnetIds": .array(a["vpc_config"]?["subnet_ids"]?.arrayValue ?? []),
                "securityGroupIds": .array(a["vpc_config"]?["security_group_ids"]?.arrayValue ?? []),
            ],
            "tags": .object(tags.mapValues(Value.string)),
        ]
        if let version = a["version"]?.stringValue { body["version"] = .string(version) }
        let answer = try await IAMPropagation.retrying { () async throws(ProviderError) -> Value in
            try await client.rest("eks", signingName: "eks", region: region, operation: "CreateCluster",
                                  method: "POST", path: "/clusters", .object(body))
        }
        let cluster = answer["cluster"]
        return (name, ["arn": cluster?["arn"] ?? .null, "endpoint": cluster?["endpoint"] ?? .null,
                       "status": cluster?["status"] ?? .null])
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        for name in try await EKSList.clusters(region: region, client: client) where ids?.contains(name) ?? true {
            let answer: Value
            do {
                answer = try await client.rest("eks", signingName: "eks", region: region, operation: "DescribeCluster",
                                               method: "GET", path: "/" + eksPath("clusters", name))
            } catch where error.code == .notFound { continue }
            guard let c = answer["cluster"] else { continue }
            let (user, gantry) = jsonTags(c["tags"])
            guard !gantry.isEmpty else { continue }
            var a: [String: Value] = [
                "id": .string(name), "region": .string(region), "name": .string(name),
                "role_arn": c["roleArn"] ?? .null, "tags": .object(user),
                "vpc_config": [
                    "subnet_ids": c["resourcesVpcConfig"]?["subnetIds"] ?? [],
                    "security_group_ids": c["resourcesVpcConfig"]?["securityGroupIds"] ?? [],
                ],
                "arn": c["arn"] ?? .null, "endpoint": c["endpoint"] ?? .null, "status": c["status"] ?? .null,
            ]
            if let version = c["version"], !version.isNull { a["version"] = version }
            out.append(AWSObservation(id: name, attributes: a, gantryTags: gantry))
        }
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.rest("eks", signingName: "eks", region: region, operation: "DeleteCluster",
                                  method: "DELETE", path: "/" + eksPath("clusters", id))
    }
}

/// `aws_eks_node_group` (id `cluster:nodegroup`): GPU AMI type, labels, taints, scaling config.
/// Scaling, labels and taints are updated in place with UpdateNodegroupConfig.
struct EKSNodeGroupHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_eks_node_group",
                           forceNew: ["cluster_name", "node_group_name", "node_role_arn", "subnet_ids", "ami_type",
                                      "instance_types", "capacity_type"],
                           computed: ["id", "arn", "status"], recomputedOnUpdate: ["status"],
                           createBeforeDestroy: true)
    /// How long a new steered node group's launch is watched (`launch_wait_seconds`).
    var launch = AWSPoll(seconds: AWSConfig().launchWaitSeconds, pause: 10)

    func configured(_ config: AWSConfig) -> any AWSResourceHandler {
        var handler = self
        handler.launch.seconds = config.launchWaitSeconds
        return handler
    }

    static func scaling(_ a: [String: Value]) -> Value {
        let s = a["scaling_config"]
        return ["minSize": s?["min_size"] ?? 0, "maxSize": s?["max_size"] ?? 1, "desiredSize": s?["desired_size"] ?? 0]
    }

    static func taints(_ value: Value?) -> [Value] {
        (value?.arrayValue ?? []).map { t in
            var out: [String: Value] = ["key": t["key"] ?? "", "effect": t["effect"] ?? "NO_SCHEDULE"]
            if let v = t["value"], !v.isNull { out["value"] = v }
            return .object(out)
        }
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let cluster = try a.string("cluster_name", for: spec.name), name = try a.string("node_group_name", for: spec.name)
        let placement = PoolPlacement(a)
        let request = try await placement?.request(a, type: spec.name, name: "\(cluster)/\(name)", region: region,
                                                   client: client) ?? a
        // The placement keys ride along as Gantry tags, so a read reports where the pool landed.
        let tags = tags.merging(try AutoScalingGroupRollout.tags(a, keys: PoolPlacement.tagKeys)) { $1 }
        var body: [String: Value] = [
            "nodegroupName": .string(name), "nodeRole": .string(try a.string("node_role_arn", for: spec.name)),
            "subnets": .array(request["subnet_ids"]?.arrayValue ?? []), "amiType": a["ami_type"] ?? "AL2_x86_64_GPU",
            "instanceTypes": .array(a["instance_types"]?.arrayValue ?? []),
            "capacityType": a["capacity_type"] ?? "ON_DEMAND", "scalingConfig": Self.scaling(a),
            "labels": a["labels"] ?? [:], "taints": .array(Self.taints(a["taint"])),
            "tags": .object(tags.mapValues(Value.string)),
        ]
        if let template = Self.launchTemplate(a) { body["launchTemplate"] = template }
        let answer = try await IAMPropagation.retrying { () async throws(ProviderError) -> Value in
            try await client.rest("eks", signingName: "eks", region: region, operation: "CreateNodegroup",
                                  method: "POST", path: "/" + eksPath("clusters", cluster, "node-groups"), .object(body))
        }
        var computed: [String: Value] = ["arn": answer["nodegroup"]?["nodegroupArn"] ?? .null,
                                         "status": answer["nodegroup"]?["status"] ?? .null]
        if let placement {
            try await EKSNodeGroupLaunch(cluster: cluster, nodeGroup: name, region: region, client: client, poll: launch)
                .settle(placement: placement)
            // The subnets it really uses (see PoolPlacement.keptSubnets).
            computed["subnet_ids"] = request["subnet_ids"]
        }
        return ("\(cluster):\(name)", computed)
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let cluster = try attributes.string("cluster_name", for: spec.name)
        let name = try attributes.string("node_group_name", for: spec.name)
        let oldLabels = prior["labels"]?.objectValue ?? [:], newLabels = attributes["labels"]?.objectValue ?? [:]
        let oldTaints = Self.taints(prior["taint"]), newTaints = Self.taints(attributes["taint"])
        var body: [String: Value] = ["scalingConfig": Self.scaling(attributes)]
        if oldLabels != newLabels {
            body["labels"] = ["addOrUpdateLabels": .object(newLabels),
                              "removeLabels": .array(oldLabels.keys.filter { newLabels[$0] == nil }.sorted().map(Value.string))]
        }
        if oldTaints != newTaints {
            body["taints"] = ["addOrUpdateTaints": .array(newTaints),
                              "removeTaints": .array(oldTaints.filter { !newTaints.contains($0) })]
        }
        // A new launch template version (e.g. other mounts) rolls the nodes onto it.
        if prior["launch_template"] != attributes["launch_template"], let template = Self.launchTemplate(attributes) {
            _ = try await client.rest("eks", signingName: "eks", region: region, operation: "UpdateNodegroupVersion",
                                      method: "POST",
                                      path: "/" + eksPath("clusters", cluster, "node-groups", name, "update-version"),
                                      ["launchTemplate": template])
        }
        let answer = try await client.rest("eks", signingName: "eks", region: region, operation: "UpdateNodegroupConfig",
                                           method: "POST",
                                           path: "/" + eksPath("clusters", cluster, "node-groups", name, "update-config"),
                                           .object(body))
        return ["arn": prior["arn"] ?? .null, "status": answer["update"]?["status"] ?? prior["status"] ?? .null]
    }

    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var pairs: [(String, String)] = []
        if let ids {
            pairs = ids.compactMap { id in
                let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        } else {
            for cluster in try await EKSList.clusters(region: region, client: client) {
                let answer = try await client.rest("eks", signingName: "eks", region: region, operation: "ListNodegroups",
                                                   method: "GET", path: "/" + eksPath("clusters", cluster, "node-groups"))
                pairs += (answer["nodegroups"]?.arrayValue ?? []).compactMap(\.stringValue).map { (cluster, $0) }
            }
        }
        var out: [AWSObservation] = []
        for (cluster, name) in pairs {
            let answer: Value
            do {
                answer = try await client.rest("eks", signingName: "eks", region: region, operation: "DescribeNodegroup",
                                               method: "GET", path: "/" + eksPath("clusters", cluster, "node-groups", name))
            } catch where error.code == .notFound { continue }
            guard let g = answer["nodegroup"] else { continue }
            let (user, gantry) = jsonTags(g["tags"])
            guard !gantry.isEmpty else { continue }
            let s = g["scalingConfig"]
            let taints: [Value] = (g["taints"]?.arrayValue ?? []).map { t in
                var out: [String: Value] = ["key": t["key"] ?? "", "effect": t["effect"] ?? ""]
                if let v = t["value"], !v.isNull { out["value"] = v }
                return .object(out)
            }
            var a: [String: Value] = [
                "id": .string("\(cluster):\(name)"), "region": .string(region), "cluster_name": .string(cluster),
                "node_group_name": .string(name), "node_role_arn": g["nodeRole"] ?? .null,
                "subnet_ids": g["subnets"] ?? [], "ami_type": g["amiType"] ?? .null,
                "instance_types": g["instanceTypes"] ?? [], "capacity_type": g["capacityType"] ?? .null,
                "scaling_config": ["min_size": s?["minSize"] ?? 0, "max_size": s?["maxSize"] ?? 0,
                                   "desired_size": s?["desiredSize"] ?? 0],
                "labels": g["labels"] ?? [:], "taint": .array(taints), "tags": .object(user),
                "arn": g["nodegroupArn"] ?? .null, "status": g["status"] ?? .null,
            ]
            a.merge(AutoScalingGroupRollout.attributes(fromTags: gantry, keys: PoolPlacement.tagKeys)) { $1 }
            if let template = g["launchTemplate"], let id = template["id"]?.stringValue {
                let version = template["version"]?.stringValue ?? ""
                a["launch_template"] = ["id": .string(id), "version": Int(version).map(Value.int) ?? .string(version)]
            }
            out.append(AWSObservation(id: "\(cluster):\(name)", attributes: a, gantryTags: gantry))
        }
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw ProviderError(.invalid, "node group id `\(id)` is not CLUSTER:NODEGROUP", providerCode: "InvalidId")
        }
        _ = try await client.rest("eks", signingName: "eks", region: region, operation: "DeleteNodegroup",
                                  method: "DELETE", path: "/" + eksPath("clusters", parts[0], "node-groups", parts[1]))
    }
}

extension EKSNodeGroupHandler {
    /// `launch_template {id, version}` as EKS takes it (the version as a string).
    static func launchTemplate(_ a: [String: Value]) -> Value? {
        guard let id = a["launch_template"]?["id"]?.stringValue else { return nil }
        let version = a["launch_template"]?["version"]
        return ["id": .string(id), "version": .string(version?.intValue.map(String.init) ?? version?.stringValue ?? "1")]
    }
}

/// ListClusters, every page.
enum EKSList {
    static func clusters(region: String, client: AWSClient) async throws(ProviderError) -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            // Default page size (100): moto verifies signatures without the query string.
            var path = "/clusters"
            if let token { path += "?nextToken=" + AWSPercentEncoding.encode(token) }
            let answer = try await client.rest("eks", signingName: "eks", region: region, operation: "ListClusters",
                                               method: "GET", path: path)
            names += (answer["clusters"]?.arrayValue ?? []).compactMap(\.stringValue)
            token = answer["nextToken"]?.stringValue
        } while token != nil
        return names
    }
}
