import GantryBasics
import GantrySpec

/// Where every key and value of the spec files is written, by dotted path.
///
/// Policies see evaluated values, which carry no positions; the source map finds the
/// line a finding is about (`storage.archive.region` → `infra/storage.yaml:14:13`) by
/// parsing the same texts the spec was loaded from.
///
/// ```swift
/// let map = SpecSourceMap(sources: loadResult.sources)
/// map.location(of: "policies.budget.max_hourly_usd")
/// ```
public struct SpecSourceMap: Sendable {
    /// Key and value positions of one path.
    struct Entry: Sendable {
        var key: SourceLocation?
        var value: SourceLocation
        var scalar: String?
    }

    private var entries: [String: Entry] = [:]

    /// An empty map: every lookup answers nil.
    public init() {}

    /// Indexes the texts of the spec files, by file path (`SpecLoadResult.sources`).
    public init(sources: [String: String]) {
        for path in sources.keys.sorted() {
            guard let text = sources[path] else { continue }
            for case let root? in YAMLDocuments.parse(text, file: path).documents {
                index(root, path: "", key: nil)
            }
        }
    }

    private mutating func index(_ node: YAMLNode, path: String, key: SourceLocation?) {
        if !path.isEmpty, entries[path] == nil {
            entries[path] = Entry(key: key, value: node.location, scalar: node.scalar?.text)
        }
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            for (i, item) in items.enumerated() { index(item, path: "\(path)[\(i)]", key: nil) }
        case .mapping(let members):
            for member in members {
                index(member.value, path: path.isEmpty ? member.key : "\(path).\(member.key)", key: member.keyLocation)
            }
        }
    }

    /// Where the value at `path` starts (`node_pools.a.nodes.desired`, `policies.rules[0]`).
    public func location(of path: String) -> SourceLocation? { entries[path]?.value }

    /// Where the key of `path` is written; the value's position for list elements.
    public func keyLocation(of path: String) -> SourceLocation? { entries[path].map { $0.key ?? $0.value } }

    /// The first of `paths` that exists, as a value location.
    public func firstLocation(_ paths: [String]) -> SourceLocation? {
        for path in paths { if let location = location(of: path) { return location } }
        return nil
    }

    /// Where `value` is written under `path`: the scalar itself, or the list element equal to it.
    public func location(of path: String, value: String) -> SourceLocation? {
        guard let entry = entries[path] else { return nil }
        if entry.scalar == value { return entry.value }
        var i = 0
        while let element = entries["\(path)[\(i)]"] {
            if element.scalar == value { return element.value }
            i += 1
        }
        return entry.value
    }

    /// The spec path of an item address: `node_pools.h100-train[us-east-1]` → `node_pools.h100-train`.
    public static func itemPath(_ address: ResourceAddress) -> String {
        let raw = address.rawValue
        let parts = raw.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return raw }
        let name = parts[1].split(separator: "[", maxSplits: 1).first.map(String.init) ?? String(parts[1])
        return "\(parts[0]).\(name)"
    }
}
