import GantryBasics

/// Merges the top-level sections of every document of every file into one view.
///
/// Item sections (`networks`, `node_pools`, …) may be split across files; an item name
/// defined twice is an error naming both places. `gantry` and `project` may repeat only
/// with the same value.
struct SectionCollector {
    static let itemSections = ["variables", "providers", "regions", "networks", "node_pools", "storage", "resources",
                               "policies"]
    static let allSections = ["gantry", "project", "state"] + itemSections

    /// Entries per section, in source order (files sorted by name, then documents, then keys).
    private(set) var sections: [String: [YAMLNode.Entry]] = [:]
    /// Where each item name of a section split across documents was first written; built
    /// only when a section's second block arrives (see `addItems`).
    private var itemLocations: [String: [String: SourceLocation]] = [:]
    private(set) var version: Located<SpecValue>?
    private(set) var project: Located<String>?
    /// The `project:` node, evaluated later (it may use variables).
    private(set) var projectNode: YAMLNode?
    /// The `state:` node (one per spec), read later (it may use variables).
    private(set) var stateNode: YAMLNode?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var sawDocument = false

    mutating func add(document root: YAMLNode) {
        sawDocument = true
        guard let entries = root.mapping else {
            if root.scalar.map({ $0.text.isEmpty && $0.style == .plain }) == true { return }
            diagnostics.append(.error("type-mismatch", "a spec document must be a mapping of sections, not \(root.kindName)",
                                      at: root.location, expected: "sections such as project:, networks:, node_pools:"))
            return
        }
        for entry in entries {
            switch entry.key {
            case "gantry":
                let value = SpecReader.coreSchema(entry.value.scalar?.text ?? "")
                if let previous = version, previous.value != value {
                    diagnostics.append(.error("conflicting-value", "'gantry' is \(value.interpolationText ?? "?") here but \(previous.value.interpolationText ?? "?") at \(previous.location)",
                                              at: entry.value.location, path: "gantry"))
                }
                version = Located(value, at: entry.value.location)
            case "project":
                guard let text = entry.value.scalar?.text, !text.isEmpty else {
                    diagnostics.append(.error("type-mismatch", "'project' must be a name, not \(entry.value.kindName)",
                                              at: entry.value.location, path: "project", expected: "project: llm-platform"))
                    continue
                }
                if let previous = project, previous.value != text {
                    diagnostics.append(.error("conflicting-value", "project is '\(text)' here but '\(previous.value)' at \(previous.location)",
                                              at: entry.value.location, path: "project", hint: "use one project name in every file"))
                }
                project = Located(text, at: entry.value.location)
                projectNode = entry.value
            case "state":
                if let previous = stateNode {
                    diagnostics.append(.error("duplicate-item", "the state section is written twice; first at \(previous.location)",
                                              at: entry.keyLocation, path: "state", hint: "keep one state section"))
                } else {
                    stateNode = entry.value
                }
            case let section where Self.itemSections.contains(section):
                addItems(section, entry)
            default:
                diagnostics.append(.error("unknown-key", "unknown section '\(entry.key)'", at: entry.keyLocation, path: entry.key,
                                          expected: "one of: \(Self.allSections.joined(separator: ", "))",
                                          hint: EditDistance.hint(for: entry.key, among: Self.allSections)))
            }
        }
    }

    private mutating func addItems(_ section: String, _ entry: YAMLNode.Entry) {
        if entry.value.scalar.map({ $0.text.isEmpty && $0.style == .plain }) == true { return }
        guard let items = entry.value.mapping else {
            let example = section == "variables" ? "env: { default: dev }" : "NAME: { … }"
            diagnostics.append(.error("type-mismatch", "section '\(section)' must be a mapping of names to items, not \(entry.value.kindName)",
                                      at: entry.value.location, path: section, expected: example))
            return
        }
        // An empty block adds no section: a spec of only `networks: {}` is still empty.
        guard !items.isEmpty else { return }
        // Taken out while appending so the array is not copied.
        guard var merged = sections.removeValue(forKey: section) else {
            // The parser reports a name repeated within one mapping and keeps the first, so a
            // section's first block needs no check: most specs never pay for the index below.
            sections[section] = items
            return
        }
        var seen = itemLocations[section]
            ?? Dictionary(merged.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { first, _ in first })
        for item in items {
            if let first = seen[item.key] {
                diagnostics.append(.error("duplicate-item", "\(section).\(item.key) is defined twice; first at \(first)",
                                          at: item.keyLocation, path: "\(section).\(item.key)",
                                          hint: "rename one of them or merge them"))
                continue
            }
            seen[item.key] = item.keyLocation
            merged.append(item)
        }
        sections[section] = merged
        itemLocations[section] = seen
    }

    func entries(_ section: String) -> [YAMLNode.Entry] { sections[section] ?? [] }
}
