import Foundation
import GantryBasics
import GantryProviderKit

/// `aws_iam_role` with `managed_policy_arns`: the roles an EKS cluster and its nodes assume.
///
/// IAM is global: every call goes to the one IAM endpoint, signed for us-east-1. Roles
/// Gantry makes live under the path `/gantry/`, so one paged GetAccountAuthorizationDetails
/// reads all of them with their tags and attached policies. Attached policies and tags
/// change in place; the trust policy too (UpdateAssumeRolePolicy).
struct IAMRoleHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_iam_role", forceNew: ["name", "path"], computed: ["id", "arn", "unique_id"],
                           regional: false)
    /// IAM's signing region for the global endpoint.
    static let region = "us-east-1"
    static let path = "/gantry/"

    private func call(_ action: String, _ params: [(String, String)], client: AWSClient) async throws(ProviderError)
        -> XMLElement
    {
        try await client.query("iam", region: Self.region, action: action, params)
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let name = try a.string("name", for: spec.name)
        var params = [("RoleName", name), ("Path", a["path"]?.stringValue ?? Self.path),
                      ("AssumeRolePolicyDocument", try a.string("assume_role_policy", for: spec.name))]
        for (i, key) in tags.keys.sorted().enumerated() {
            params += [("Tags.member.\(i + 1).Key", key), ("Tags.member.\(i + 1).Value", tags[key] ?? "")]
        }
        let answer = try await call("CreateRole", params, client: client)
        for policy in a.strings("managed_policy_arns") {
            _ = try await call("AttachRolePolicy", [("RoleName", name), ("PolicyArn", policy)], client: client)
        }
        let role = answer.find("Role")
        return (name, ["arn": .string(role?.string("Arn") ?? ""), "unique_id": .string(role?.string("RoleId") ?? "")])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        let old = Set(prior.strings("managed_policy_arns")), new = Set(attributes.strings("managed_policy_arns"))
        for policy in new.subtracting(old).sorted() {
            _ = try await call("AttachRolePolicy", [("RoleName", id), ("PolicyArn", policy)], client: client)
        }
        for policy in old.subtracting(new).sorted() {
            _ = try await call("DetachRolePolicy", [("RoleName", id), ("PolicyArn", policy)], client: client)
        }
        if let document = attributes["assume_role_policy"]?.stringValue, prior["assume_role_policy"] != attributes["assume_role_policy"] {
            _ = try await call("UpdateAssumeRolePolicy", [("RoleName", id), ("PolicyDocument", document)], client: client)
        }
        let oldTags = prior["tags"]?.objectValue ?? [:], newTags = attributes["tags"]?.objectValue ?? [:]
        let changed = newTags.filter { oldTags[$0.key] != $0.value }.keys.sorted()
        if !changed.isEmpty {
            var params = [("RoleName", id)]
            for (i, key) in changed.enumerated() {
                params += [("Tags.member.\(i + 1).Key", key), ("Tags.member.\(i + 1).Value", newTags[key]?.stringValue ?? "")]
            }
            _ = try await call("TagRole", params, client: client)
        }
        let removed = oldTags.keys.filter { newTags[$0] == nil }.sorted()
        if !removed.isEmpty {
            _ = try await call("UntagRole", [("RoleName", id)] + EC2Query.list("TagKeys.member", removed), client: client)
        }
        return ["arn": prior["arn"] ?? .null, "unique_id": prior["unique_id"] ?? .null]
    }

    /// GetAccountAuthorizationDetails for roles (paged by `Marker`): Gantry's roles with their
    /// tags and attached policies in one call per page.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        var marker: String?
        repeat {
            var params = [("Filter.member.1", "Role"), ("MaxItems", "1000")]
            if let marker { params.append(("Marker", marker)) }
            let answer = try await call("GetAccountAuthorizationDetails", params, client: client)
            let result = answer["GetAccountAuthorizationDetailsResult"] ?? answer
            for role in result.items("RoleDetailList") {
                guard let name = role.string("RoleName"), ids?.contains(name) ?? true else { continue }
                var tags: [String: String] = [:]
                for tag in role.items("Tags") { if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" } }
                let (user, gantry) = splitTags(tags)
                guard !gantry.isEmpty else { continue }
                let policies = role.items("AttachedManagedPolicies").compactMap { $0.string("PolicyArn") }.sorted()
                var a: [String: Value] = [
                    "id": .string(name), "name": .string(name), "path": .string(role.string("Path") ?? "/"),
                    "managed_policy_arns": .array(policies.map(Value.string)), "tags": .object(user),
                    "arn": .string(role.string("Arn") ?? ""), "unique_id": .string(role.string("RoleId") ?? ""),
                ]
                if let document = role.string("AssumeRolePolicyDocument") {
                    a["assume_role_policy"] = .string(Self.canonicalPolicy(document))
                }
                out.append(AWSObservation(id: name, attributes: a, gantryTags: gantry))
            }
            marker = result.string("IsTruncated") == "true" ? result.string("Marker") : nil
        } while marker != nil
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        // A role with attached policies cannot be deleted: detach what IAM says is attached.
        let attached = try await call("ListAttachedRolePolicies", [("RoleName", id)], client: client)
        for policy in (attached.find("AttachedPolicies")?.children ?? []).compactMap({ $0.string("PolicyArn") }) {
            _ = try await call("DetachRolePolicy", [("RoleName", id), ("PolicyArn", policy)], client: client)
        }
        _ = try await call("DeleteRole", [("RoleName", id)], client: client)
    }

    /// A policy document in one canonical form (sorted keys, no spaces), so the document IAM
    /// returns (URL-encoded on AWS, as sent on moto) compares equal to the one lowered.
    static func canonicalPolicy(_ text: String) -> String {
        let decoded = text.hasPrefix("%") ? (text.removingPercentEncoding ?? text) : text
        guard let value = try? JSON.parse(Array(decoded.utf8)), let canonical = try? JSON.encode(value) else { return decoded }
        return canonical
    }

    /// The trust policy letting `service` (`eks.amazonaws.com`, `ec2.amazonaws.com`) assume a role.
    static func trustPolicy(service: String) -> String {
        canonicalPolicy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":""#
                        + service + #""},"Action":"sts:AssumeRole"}]}"#)
    }
}
