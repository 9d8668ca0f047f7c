import GantryBasics

extension SpecReader {
    /// Reads the `state:` section. Keys that belong to another backend are errors, so a
    /// typo never silently falls back to local state.
    mutating func stateSettings(_ node: YAMLNode) -> StateSettings? {
        let perBackend = ["s3": ["bucket", "key", "region", "endpoint"], "postgres": ["url", "name"], "local": []]
        let allowed = ["backend", "lock"] + perBackend.values.flatMap { $0 }.sorted()
        guard let f = fields(node, path: "state", allowed: allowed, required: ["backend"], what: "the state section")
        else { return nil }
        guard let backend = string(f["backend"], path: f.path("backend"), oneOf: StateSettings.backends).value else {
            return nil
        }
        for key in allowed where f[key] != nil && !["backend", "lock"].contains(key)
            && !(perBackend[backend] ?? []).contains(key) {
            let owner = perBackend.first { $0.value.contains(key) }?.key ?? "another backend"
            error("unknown-key", "'\(key)' is a setting of the \(owner) backend, not \(backend)",
                  at: f.keyLocation(key) ?? node.location, path: f.path(key),
                  expected: perBackend[backend].map { $0.isEmpty ? "no other keys" : "one of: \($0.joined(separator: ", "))" })
        }
        var lease: TimeSpan?
        if let lockNode = f["lock"], let lock = fields(lockNode, path: f.path("lock"), allowed: ["lease"],
                                                        what: "the state lock settings") {
            lease = duration(lock["lease"], path: lock.path("lease")).value
            if let given = lease, given.seconds < 1 {
                error("invalid-value", "a lock lease of \(given) is too short", at: lock["lease"]?.location ?? node.location,
                      path: lock.path("lease"), expected: "a duration of at least 1s, such as 5m")
                lease = nil
            }
        }
        switch backend {
        case "s3":
            let bucket = required(f, "bucket", example: "bucket: infra-state")
            let key = required(f, "key", example: "key: llm-platform/state.json")
            let region = string(f["region"], path: f.path("region")).value
            let endpoint = string(f["endpoint"], path: f.path("endpoint")).value
            guard let bucket, let key else { return nil }
            return StateSettings(backend: .s3(bucket: bucket, key: key, region: region, endpoint: endpoint),
                                 lease: lease, location: node.location)
        case "postgres":
            guard let url = required(f, "url", example: "url: postgres://gantry@db:5432/infra") else { return nil }
            if Self.hasPassword(url) {
                error("secret-in-spec", "the PostgreSQL URL holds a password", at: f["url"]?.location ?? node.location,
                      path: f.path("url"), hint: "remove it from the URL and set PGPASSWORD (or ~/.pgpass) instead")
            }
            let name = string(f["name"], path: f.path("name")).value
            return StateSettings(backend: .postgres(url: url, name: name), lease: lease, location: node.location)
        default:
            return StateSettings(backend: .local, lease: lease, location: node.location)
        }
    }

    private mutating func required(_ f: Fields, _ key: String, example: String) -> String? {
        guard f[key] != nil else {
            error("missing-key", "the \(f["backend"]?.scalar?.text ?? "") state backend needs '\(key)'",
                  at: f.location, path: f.path(key), expected: example)
            return nil
        }
        return string(f[key], path: f.path(key)).value
    }

    /// `scheme://user:password@host…` or `?password=…`.
    static func hasPassword(_ url: String) -> Bool {
        if url.lowercased().contains("password=") { return true }
        guard let scheme = url.range(of: "://") else { return false }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}
