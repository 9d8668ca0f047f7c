import GantryBasics

extension SpecReader {
    /// A `variables:` entry: `{ type, default, allowed, description }`, or a bare default (`env: dev`).
    mutating func variable(_ entry: YAMLNode.Entry) -> VariableDecl {
        var decl = VariableDecl(name: entry.key, location: entry.keyLocation)
        let path = "variables.\(entry.key)"
        guard entry.value.mapping != nil else {
            decl.defaultValue = value(entry.value, path: path)
            return decl
        }
        guard let f = fields(entry.value, path: path, allowed: ["type", "default", "allowed", "description"],
                             what: "variable '\(entry.key)'") else { return decl }
        let types = VariableDecl.VariableType.allCases.map(\.rawValue)
        decl.type = string(f["type"], path: f.path("type"), oneOf: types).value.flatMap(VariableDecl.VariableType.init)
        decl.defaultValue = f["default"].map { value($0, path: f.path("default")) }
        if let node = f["allowed"] {
            if case .list(let values) = value(node, path: f.path("allowed")) {
                decl.allowed = values
            } else {
                error("type-mismatch", "'allowed' must be a list of values", at: node.location, path: f.path("allowed"),
                      expected: "allowed: [dev, prod]")
            }
        }
        decl.description = string(f["description"], path: f.path("description")).value
        if let type = decl.type, let d = decl.defaultValue, !VariableResolver.matches(d, type) {
            error("type-mismatch", "the default of '\(entry.key)' is \(d.typeName), but its type is \(type.rawValue)",
                  at: f["default"]?.location ?? entry.keyLocation, path: f.path("default"))
        }
        return decl
    }
}
