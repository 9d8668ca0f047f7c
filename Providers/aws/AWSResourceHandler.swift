import GantryBasics
import GantryProviderKit

/// What the cloud says about one resource: its attributes in the Terraform shape (Gantry's
/// own tags removed) and Gantry's tags, which name the address it belongs to.
struct AWSObservation: Sendable {
    var id: String
    var attributes: [String: Value]
    /// `gantry:address`, `gantry:token`, `gantry:project`.
    var gantryTags: [String: String]
}

/// The API calls behind one resource type. Every method works in one region; the provider
/// fans out over regions.
protocol AWSResourceHandler: Sendable {
    var spec: AWSTypeSpec { get }

    /// Creates the resource; returns its id and the attributes the cloud computed.
    func create(_ attributes: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])

    /// Gantry-tagged resources of this type in `region`: one batched Describe (paged) where the
    /// API has one. `ids` narrows the answer when the API takes ids.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation]

    /// Changes what can change in place; returns the computed attributes afterwards.
    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError)

    /// This handler with the settings `config` gives it (e.g. how long a launch is watched).
    func configured(_ config: AWSConfig) -> any AWSResourceHandler
}

extension AWSResourceHandler {
    func configured(_ config: AWSConfig) -> any AWSResourceHandler { self }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        throw ProviderError(.invalid, "\(spec.name) cannot be updated in place", providerCode: "UpdateNotSupported")
    }
}

/// Splits tags into the user's and Gantry's.
func splitTags(_ tags: [String: String]) -> (user: [String: Value], gantry: [String: String]) {
    var user: [String: Value] = [:]
    var gantry: [String: String] = [:]
    for (key, value) in tags {
        if key.hasPrefix("gantry:") { gantry[key] = value } else { user[key] = .string(value) }
    }
    return (user, gantry)
}

/// The user's tags plus Gantry's, as strings.
func mergedTags(_ attributes: [String: Value], _ gantry: [String: String]) -> [String: String] {
    var out = gantry
    for (key, value) in attributes["tags"]?.objectValue ?? [:] {
        if let text = value.stringValue { out[key] = text }
    }
    return out
}

/// Attribute readers that report a missing argument as `invalid`.
extension Dictionary where Key == String, Value == GantryBasics.Value {
    func string(_ key: String, for type: String) throws(ProviderError) -> String {
        guard let text = self[key]?.stringValue, !text.isEmpty else {
            throw ProviderError(.invalid, "\(type) needs `\(key)`", providerCode: "MissingParameter")
        }
        return text
    }

    func strings(_ key: String) -> [String] { self[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
