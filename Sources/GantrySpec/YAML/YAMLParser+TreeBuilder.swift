import GantryBasics

extension YAMLParser {
    /// Assembles parser events into `YAMLNode` trees: a stack of open collections, anchors,
    /// duplicate-key and merge-key handling, and the depth / expansion bounds.
    struct TreeBuilder {
        enum Event {
            case documentStart, documentEnd
            case scalar(YAMLNode.Scalar, anchor: String?, SourceLocation)
            case sequenceStart(anchor: String?, SourceLocation)
            case mappingStart(anchor: String?, SourceLocation)
            case collectionEnd
            case alias(String, SourceLocation)
            case ignored
        }

        /// An open sequence or mapping. A struct mutated in place on the stack, so appending
        /// to a 10,000-entry mapping never copies it.
        private struct Frame {
            var isMapping: Bool
            var items: [YAMLNode] = []
            private(set) var entries: [YAMLNode.Entry] = []
            var pendingKey: (String, SourceLocation)?
            /// Where each key of `entries` is written, built only once the mapping outgrows a
            /// linear scan: spec mappings mostly have a handful of keys, and hashing each into a
            /// dictionary of its own was the costliest step of building the tree.
            private var keyIndex: [String: SourceLocation] = [:]
            var anchor: String?
            var location: SourceLocation

            init(isMapping: Bool, anchor: String?, location: SourceLocation) {
                self.isMapping = isMapping
                self.anchor = anchor
                self.location = location
            }

            private static let scanLimit = 16

            /// Appends `entry` unless its key is already in the mapping, and returns where the
            /// key was first written then. Merge keys (`<<`) may repeat and are always appended.
            ///
            /// One call checks and records the key, so a key of a large mapping is hashed once.
            mutating func append(_ entry: consuming YAMLNode.Entry) -> SourceLocation? {
                let isMergeKey = entry.key == "<<"
                if entries.count < Self.scanLimit {
                    if !isMergeKey, let first = entries.first(where: { $0.key == entry.key }) { return first.keyLocation }
                    entries.append(entry)
                    if entries.count == Self.scanLimit {
                        for earlier in entries where keyIndex[earlier.key] == nil { keyIndex[earlier.key] = earlier.keyLocation }
                    }
                    return nil
                }
                if let first = keyIndex.updateValue(entry.keyLocation, forKey: entry.key) {
                    // Seen before: keep the first place (a repeated merge key is still appended).
                    keyIndex[entry.key] = first
                    guard isMergeKey else { return first }
                }
                entries.append(entry)
                return nil
            }
        }

        let file: String
        let limits: Limits
        private(set) var documents: [YAMLNode?] = []
        private(set) var diagnostics: [Diagnostic] = []
        private var stack: [Frame] = []
        private var root: YAMLNode?
        private var anchors: [String: YAMLNode] = [:]

        init(file: String, limits: Limits) {
            self.file = file
            self.limits = limits
        }

        /// Feeds one event; returns a diagnostic when parsing must stop.
        mutating func handle(_ event: Event) -> Diagnostic? {
            switch event {
            case .documentStart:
                root = nil
                anchors = [:]
            case .documentEnd:
                documents.append(root)
            case .scalar(let scalar, let anchor, let location):
                return add(YAMLNode(.scalar(scalar), at: location), anchor: anchor)
            case .sequenceStart(let anchor, let location):
                return push(Frame(isMapping: false, anchor: anchor, location: location), at: location)
            case .mappingStart(let anchor, let location):
                return push(Frame(isMapping: true, anchor: anchor, location: location), at: location)
            case .collectionEnd:
                guard let frame = stack.popLast() else { return nil }
                let node = frame.isMapping
                    ? YAMLNode(.mapping(Self.applyingMergeKeys(frame.entries)), at: frame.location)
                    : YAMLNode(.sequence(frame.items), at: frame.location)
                return add(node, anchor: frame.anchor)
            case .alias(let name, let location):
                guard let node = anchors[name] else {
                    return .error("yaml-alias", "alias '*\(name)' refers to an anchor '&\(name)' that is not defined before it",
                                  at: location)
                }
                var copy = node
                copy.location = location
                return add(copy, anchor: nil)
            case .ignored:
                break
            }
            return nil
        }

        private mutating func push(_ frame: Frame, at location: SourceLocation) -> Diagnostic? {
            if stack.count >= limits.maxDepth {
                return .error("yaml-too-deep", "document nests deeper than \(limits.maxDepth) levels",
                              at: location, hint: "specs never need this much nesting; is the file generated by mistake?")
            }
            stack.append(frame)
            return nil
        }

        private mutating func add(_ node: YAMLNode, anchor: String?) -> Diagnostic? {
            if node.expandedSize > limits.maxExpandedNodes {
                return .error("yaml-alias-bomb",
                              "aliases expand this document to more than \(limits.maxExpandedNodes) nodes (a \"billion laughs\" document?)",
                              at: node.location, hint: "use fewer nested aliases; anchors are for small shared blocks")
            }
            if let anchor { anchors[anchor] = node }
            guard !stack.isEmpty else {
                root = node
                return nil
            }
            let top = stack.count - 1
            if !stack[top].isMapping {
                stack[top].items.append(node)
            } else if let (key, keyLocation) = stack[top].pendingKey {
                stack[top].pendingKey = nil
                if let first = stack[top].append(YAMLNode.Entry(key: key, keyLocation: keyLocation, value: node)) {
                    diagnostics.append(.error("duplicate-key", "duplicate key '\(key)' (first defined at line \(first.line))",
                                              at: keyLocation, hint: "remove one of them or merge their contents"))
                }
            } else {
                guard let scalar = node.scalar else {
                    return .error("yaml-complex-key", "mapping keys must be plain text, not \(node.kindName)",
                                  at: node.location)
                }
                stack[top].pendingKey = (scalar.text, node.location)
            }
            return nil
        }

        /// YAML 1.1 merge keys: `<<: *defaults` (or a list of aliases) contributes the keys the
        /// mapping does not set itself. Widely used for shared node-pool settings.
        static func applyingMergeKeys(_ entries: [YAMLNode.Entry]) -> [YAMLNode.Entry] {
            guard entries.contains(where: { $0.key == "<<" }) else { return entries }
            var result = entries.filter { $0.key != "<<" }
            var present = Set(result.map(\.key))
            for entry in entries where entry.key == "<<" {
                let sources = entry.value.sequence ?? [entry.value]
                for source in sources {
                    for inherited in source.mapping ?? [] where !present.contains(inherited.key) {
                        present.insert(inherited.key)
                        result.append(inherited)
                    }
                }
            }
            return result
        }
    }
}
