import GantryBasics
import GantryProviderKit

/// FSx's JSON 1.1 calls (`X-Amz-Target: AWSSimbaAPIService_v20180301.Operation`).
enum FSxAPI {
    static let target = "AWSSimbaAPIService_v20180301."

    static func call(_ operation: String, _ body: Value, region: String, client: AWSClient) async throws(ProviderError) -> Value {
        try await client.jsonTarget("fsx", signingName: "fsx", region: region, target: target + operation, body)
    }

    /// Every item under `listKey` of a Describe call, page by page (`NextToken`). `ids` go in
    /// `idsKey`; FSx fails a whole batch for one unknown id, so then everything is listed and
    /// the items whose `idKey` was asked for are kept.
    static func describeAll(_ operation: String, listKey: String, idsKey: String, idKey: String, ids: [String]?,
                            maxResults: Int, region: String, client: AWSClient) async throws(ProviderError) -> [Value] {
        var out: [Value] = []
        var token: String?
        repeat {
            var body: [String: Value] = ["MaxResults": .int(maxResults)]
            if let ids { body[idsKey] = .array(ids.map(Value.string)) }
            if let token { body["NextToken"] = .string(token) }
            let answer: Value
            do {
                answer = try await call(operation, .object(body), region: region, client: client)
            } catch where error.code == .notFound && ids != nil {
                return try await describeAll(operation, listKey: listKey, idsKey: idsKey, idKey: idKey, ids: nil,
                                             maxResults: maxResults, region: region, client: client)
                    .filter { item in ids?.contains(item[idKey]?.stringValue ?? "") ?? true }
            }
            out += answer[listKey]?.arrayValue ?? []
            token = answer["NextToken"]?.stringValue
        } while token != nil
        return out
    }
}

/// EFS's REST calls (signed as `elasticfilesystem`).
enum EFSAPI {
    static func call(_ operation: String, _ method: String, _ path: String, _ body: Value? = nil, region: String,
                     client: AWSClient) async throws(ProviderError) -> Value {
        try await client.rest("efs", signingName: "elasticfilesystem", region: region, operation: operation, method: method,
                              path: path, body)
    }
}

/// Tags in the `[{Key, Value}]` shape of FSx and EFS, as a map.
func keyValueTags(_ list: Value?) -> [String: String] {
    var tags: [String: String] = [:]
    for tag in list?.arrayValue ?? [] {
        if let key = tag["Key"]?.stringValue { tags[key] = tag["Value"]?.stringValue ?? "" }
    }
    return tags
}
