import GantryBasics

/// `mig:` of a node pool: one profile on every GPU, or a mixed layout per GPU.
extension SpecReader {
    /// Reads any of the three spellings into the intent encoding — `{profile: NAME}` for
    /// one profile, `{NAME: count per GPU}` for a mix:
    ///
    /// ```yaml
    /// mig: { profile: 1g.10gb }
    /// mig: { 3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 1 }
    /// mig: { layout: [{ profile: 3g.40gb, count: 1 }, { profile: 1g.10gb, count: 4 }] }
    /// ```
    mutating func mig(_ node: YAMLNode, path: String, into decl: inout NodePoolDecl) -> SpecValue? {
        decl.migLocation = node.location
        if let entries = node.mapping, !entries.isEmpty,
           !entries.contains(where: { $0.key == "profile" || $0.key == "layout" }) {
            return migLayoutMap(entries, path: path, into: &decl)
        }
        guard let m = fields(node, path: path, allowed: ["profile", "layout"], what: "mig") else { return nil }
        if m["profile"] != nil && m["layout"] != nil {
            error("conflicting-keys", "mig sets both 'profile' and 'layout'", at: m.keyLocation("layout") ?? m.location,
                  path: path, hint: "use 'profile' for one profile on every GPU, 'layout' for a mix")
        }
        if let profile = string(m["profile"], path: m.path("profile")).known {
            decl.migProfile = profile
            return .map(["profile": .string(profile.value)])
        }
        guard let layoutNode = m["layout"] else {
            error("missing-key", "mig needs 'profile' or a layout", at: node.location, path: path,
                  expected: "mig: { profile: 1g.10gb } or mig: { 3g.40gb: 1, 1g.10gb: 4 }")
            return nil
        }
        if let entries = layoutNode.mapping { return migLayoutMap(entries, path: m.path("layout"), into: &decl) }
        guard let items = layoutNode.sequence else {
            error("type-mismatch", "mig layout must be a list or a mapping, not \(layoutNode.kindName)",
                  at: layoutNode.location, path: m.path("layout"), expected: "mig: { 3g.40gb: 1, 1g.10gb: 4 }")
            return nil
        }
        var out: [String: SpecValue] = [:]
        for (i, itemNode) in items.enumerated() {
            let itemPath = "\(m.path("layout"))[\(i)]"
            guard let e = fields(itemNode, path: itemPath, allowed: ["profile", "count"], required: ["profile"],
                                 what: "mig layout entry") else { continue }
            guard let profile = string(e["profile"], path: e.path("profile")).known else { continue }
            let count = e["count"] == nil ? 1 : int(e["count"], path: e.path("count"), minimum: 1).value ?? 1
            addLayoutEntry(profile, count: count, path: itemPath, into: &decl, out: &out)
        }
        return .map(out)
    }

    /// `{3g.40gb: 1, 1g.10gb: 4}`: profile names as keys, instances per GPU as values.
    private mutating func migLayoutMap(_ entries: [YAMLNode.Entry], path: String,
                                       into decl: inout NodePoolDecl) -> SpecValue {
        var out: [String: SpecValue] = [:]
        for entry in entries {
            let entryPath = "\(path).\(entry.key)"
            guard let count = int(entry.value, path: entryPath, minimum: 1).value else { continue }
            addLayoutEntry(Located(entry.key, at: entry.keyLocation), count: count, path: entryPath, into: &decl, out: &out)
        }
        return .map(out)
    }

    private mutating func addLayoutEntry(_ profile: Located<String>, count: Int, path: String,
                                         into decl: inout NodePoolDecl, out: inout [String: SpecValue]) {
        if out[profile.value] != nil {
            error("duplicate-key", "MIG profile '\(profile.value)' is listed twice in the layout", at: profile.location,
                  path: path, hint: "give it once with the total count")
        }
        decl.migLayout.append(.init(profile: profile, count: count, path: path))
        out[profile.value] = .int(count)
    }
}
