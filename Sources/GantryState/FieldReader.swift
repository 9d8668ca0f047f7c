import GantryBasics

/// Reads the fields of one JSON object with errors that name the field's path.
struct FieldReader {
    let members: [String: Value]
    let path: String

    init(_ value: Value, path: String) throws(StateError) {
        guard case .object(let members) = value else {
            throw StateError(.invalidRecord(path: path, reason: "expected an object, found \(value.kindName)"))
        }
        self.members = members
        self.path = path
    }

    func value(_ key: String) throws(StateError) -> Value {
        guard let value = members[key] else { throw missing(key) }
        return value
    }

    func string(_ key: String) throws(StateError) -> String {
        let value = try value(key)
        guard case .string(let s) = value else { throw wrong(key, "a string", value) }
        return s
    }

    func optionalString(_ key: String) throws(StateError) -> String? {
        guard let value = members[key], !value.isNull else { return nil }
        guard case .string(let s) = value else { throw wrong(key, "a string", value) }
        return s
    }

    func int(_ key: String) throws(StateError) -> Int {
        let value = try value(key)
        guard case .int(let i) = value else { throw wrong(key, "an integer", value) }
        return i
    }

    func double(_ key: String) throws(StateError) -> Double {
        let value = try value(key)
        guard let d = value.doubleValue else { throw wrong(key, "a number", value) }
        return d
    }

    func object(_ key: String, default fallback: [String: Value]? = nil) throws(StateError) -> [String: Value] {
        guard let value = members[key] else {
            if let fallback { return fallback }
            throw missing(key)
        }
        guard case .object(let o) = value else { throw wrong(key, "an object", value) }
        return o
    }

    /// An array of strings; a missing key reads as empty.
    func strings(_ key: String) throws(StateError) -> [String] {
        guard let value = members[key], !value.isNull else { return [] }
        guard case .array(let items) = value else { throw wrong(key, "an array of strings", value) }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                throw StateError(.invalidRecord(path: "\(path).\(key)[\(i)]",
                                                reason: "expected a string, found \(item.kindName)"))
            }
            out.append(s)
        }
        return out
    }

    private func missing(_ key: String) -> StateError {
        StateError(.invalidRecord(path: "\(path).\(key)", reason: "missing"))
    }

    private func wrong(_ key: String, _ expected: String, _ found: Value) -> StateError {
        StateError(.invalidRecord(path: "\(path).\(key)", reason: "expected \(expected), found \(found.kindName)"))
    }
}
