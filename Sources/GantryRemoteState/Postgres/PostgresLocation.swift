/// Where a PostgreSQL state lives: a libpq URL and the state's name in its tables.
///
/// Several projects can share one database: each state is a `name` (the spec's project
/// by default). The password is never part of `description`; prefer `PGPASSWORD` or
/// `~/.pgpass` over writing it in the URL.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// A `postgres://` or `postgresql://` URL (or any libpq connection string).
    public var url: String
    /// The state's name, one row set per name.
    public var name: String

    public init(url: String, name: String) {
        self.url = url
        self.name = name
    }

    /// `postgres://gantry@db:5432/infra (state llm-platform)`, password removed.
    public var description: String { "\(Self.redacted(url)) (state \(name))" }

    /// `url` with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        var text = url
        let authorityEnd = text[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        if let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
           let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        if let query = text.firstIndex(of: "?") {
            let parts = text[text.index(after: query)...].split(separator: "&").map { part in
                part.lowercased().hasPrefix("password=") ? "password=***" : String(part)
            }
            text = String(text[...query]) + parts.joined(separator: "&")
        }
        return text
    }
}
