import GantryBasics
import GantryProviderKit

/// The schemas of all providers taking part in one operation, fetched once.
struct SchemaSet: Sendable {
    private var byProvider: [String: [String: ResourceTypeSchema]] = [:]

    static func load(for names: Set<String>, from providers: [String: any Provider]) async throws(EngineError)
        -> SchemaSet
    {
        var set = SchemaSet()
        for name in names.sorted() {
            guard let provider = providers[name] else { throw .unknownProvider(name: name, address: nil) }
            do {
                let schema = try await provider.schema()
                var types: [String: ResourceTypeSchema] = [:]
                for var type in schema.resourceTypes {
                    // The engine diffs, redacts and shows whole top-level attributes: a secret at
                    // `auth.token` makes all of `auth` sensitive, which hides more, never less.
                    type.sensitive = Set(type.sensitive.map { path in
                        path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
                    })
                    types[type.name] = type
                }
                set.byProvider[name] = types
            } catch {
                throw .providerFailed(provider: name, operation: "describe its schema", error: ProviderError.wrap(error))
            }
        }
        return set
    }

    /// The type's schema, or an empty one (nothing forces replacement, nothing is secret).
    func type(_ type: String, provider: String) -> ResourceTypeSchema {
        byProvider[provider]?[type] ?? ResourceTypeSchema(name: type)
    }
}

extension ProviderError {
    /// `error` as a `ProviderError`, wrapping anything else as `fatal`.
    static func wrap(_ error: any Error) -> ProviderError {
        (error as? ProviderError) ?? ProviderError(.fatal, String(describing: error))
    }
}
