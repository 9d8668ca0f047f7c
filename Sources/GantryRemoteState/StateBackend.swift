import GantryState

/// Which backend holds a project's state, from the spec's `state:` block or a
/// `--state-url`, and how to open it.
///
/// URLs: `postgres://user@host:5432/db?name=STATE` (also `postgresql://`),
/// `s3://bucket/key?region=…&endpoint=…`, `file:DIR` or a plain path for the local backend.
public enum StateBackend: Sendable, Hashable, CustomStringConvertible {
    case local(directory: String)
    case postgres(PostgresLocation)
    case s3(bucket: String, key: String, region: String?, endpoint: String?)

    /// Parses a `--state-url`. `defaultName` names the state in a shared database when
    /// the URL has no `name=` (the spec's project).
    ///
    /// - Throws: `RemoteStateError.invalidLocation` for an unknown scheme or a missing part.
    public static func parse(url: String, defaultName: String) throws -> StateBackend {
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            var name = defaultName
            var kept: [Substring] = []
            var base = Substring(url)
            if let query = url.firstIndex(of: "?") {
                base = url[..<query]
                for part in url[url.index(after: query)...].split(separator: "&") {
                    if part.hasPrefix("name=") { name = String(part.dropFirst(5)) } else { kept.append(part) }
                }
            }
            let conninfo = kept.isEmpty ? String(base) : "\(base)?\(kept.joined(separator: "&"))"
            return .postgres(PostgresLocation(url: conninfo, name: name))
        }
        if lowered.hasPrefix("s3://") {
            let rest = url.dropFirst(5)
            let path = rest.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            guard let slash = path.firstIndex(of: "/"), slash != path.startIndex, path.index(after: slash) != path.endIndex else {
                throw RemoteStateError(.invalidLocation("state URL '\(url)' needs a bucket and a key",
                                                        hint: "write s3://BUCKET/path/to/state.json"))
            }
            var region: String?, endpoint: String?
            if let query = rest.firstIndex(of: "?") {
                for part in rest[rest.index(after: query)...].split(separator: "&") {
                    if part.hasPrefix("region=") { region = String(part.dropFirst(7)) }
                    if part.hasPrefix("endpoint=") { endpoint = String(part.dropFirst(9)) }
                }
            }
            return .s3(bucket: String(path[..<slash]), key: String(path[path.index(after: slash)...]),
                       region: region, endpoint: endpoint)
        }
        if lowered.hasPrefix("file:") { return .local(directory: String(url.dropFirst(5))) }
        if url.contains("://") {
            throw RemoteStateError(.invalidLocation("unknown state backend in '\(PostgresLocation.redacted(url))'",
                                                    hint: "use postgres://…, s3://BUCKET/KEY or a directory"))
        }
        return .local(directory: url)
    }

    public var description: String {
        switch self {
        case .local(let directory): "\(directory)/.gantry/state.json"
        case .postgres(let location): location.description
        case .s3(let bucket, let key, _, _): "s3://\(bucket)/\(key)"
        }
    }

    /// Opens the store.
    ///
    /// - Parameters:
    ///   - workspace: the spec directory; emergency copies go to its `.gantry/`.
    ///   - warn: receives warnings such as a lock taken over from a dead holder.
    /// - Throws: `RemoteStateError.invalidLocation` for a backend this build cannot open.
    public func makeStore(workspace: String, lease: LeaseOptions = LeaseOptions(),
                          warn: @escaping @Sendable (String) -> Void = { _ in }) throws -> any TeamStateStore {
        switch self {
        case .local(let directory):
            return LocalStateStore(directory: directory)
        case .postgres(let location):
            return PostgresStateStore(location, lease: lease, emergencyDirectory: workspace + "/.gantry", warn: warn)
        case .s3:
            throw RemoteStateError(.invalidLocation(
                "the s3 state backend is not available in this build yet",
                hint: "use the postgres backend, or the local one (the default)"))
        }
    }
}
