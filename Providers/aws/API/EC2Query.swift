import GantryBasics
import GantryProviderKit

/// Builders and readers for EC2's query shapes: tag specifications, filters, `item` lists,
/// and `NextToken` paging.
enum EC2Query {
    /// `TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.N.Key/Value`.
    static func tagSpecification(_ resourceType: String, _ tags: [String: String], index: Int = 1) -> [(String, String)] {
        var out = [("TagSpecification.\(index).ResourceType", resourceType)]
        for (i, key) in tags.keys.sorted().enumerated() {
            out.append(("TagSpecification.\(index).Tag.\(i + 1).Key", key))
            out.append(("TagSpecification.\(index).Tag.\(i + 1).Value", tags[key] ?? ""))
        }
        return out
    }

    /// The filter that selects what Gantry manages: resources carrying `gantry:address`.
    static let managedFilter = [("Filter.1.Name", "tag-key"), ("Filter.1.Value.1", "gantry:address")]

    /// `Prefix.N=value` for a list argument.
    static func list(_ prefix: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(prefix).\($0.offset + 1)", $0.element) }
    }

    /// Tags of an element with a `tagSet`.
    static func tags(_ element: XMLElement, path: String = "tagSet") -> [String: String] {
        var out: [String: String] = [:]
        for item in element.items(path) {
            if let key = item.string("key") { out[key] = item.string("value") ?? "" }
        }
        return out
    }

    /// Runs a Describe call page by page, collecting the `item`s under `listPath`.
    static func describeAll(_ client: AWSClient, region: String, action: String, listPath: String,
                            _ params: [(String, String)], maxResults: Int? = nil) async throws(ProviderError) -> [XMLElement] {
        var items: [XMLElement] = []
        var token: String?
        repeat {
            var page = params
            if let maxResults { page.append(("MaxResults", String(maxResults))) }
            if let token { page.append(("NextToken", token)) }
            let answer = try await client.query("ec2", region: region, action: action, page)
            items += answer.items(listPath)
            token = answer.string("nextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }

    /// Observation for an EC2 element with tags.
    static func observation(id: String, _ element: XMLElement, _ attributes: [String: Value]) -> AWSObservation {
        let (user, gantry) = splitTags(tags(element))
        var attributes = attributes
        attributes["id"] = .string(id)
        attributes["tags"] = .object(user)
        return AWSObservation(id: id, attributes: attributes, gantryTags: gantry)
    }
}
