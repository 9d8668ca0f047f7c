import GantryBasics

extension SpecReader {
    /// `gpu.model`: one model (`H100`) or alternatives (`[H100, H200]`), encoded as a
    /// string or a list of strings. Names are checked against the catalog by validation.
    mutating func gpuModels(_ node: YAMLNode?, path: String, into decl: inout NodePoolDecl) -> SpecValue? {
        guard let node else { return nil }
        if node.sequence != nil {
            let models = stringList(node, path: path).compactMap(\.known)
            if models.isEmpty {
                error("invalid-value", "gpu.model is an empty list", at: node.location, path: path,
                      expected: "model: H100 or model: [H100, H200]")
                return nil
            }
            decl.gpuModels = models
            decl.gpuModel = models.first
            return .list(models.map { .string($0.value) })
        }
        let model = string(node, path: path)
        decl.gpuModel = model.known
        decl.gpuModels = model.known.map { [$0] } ?? []
        return model.specValue { .string($0) }
    }

    /// `gpu.memory: 80GB+` (or `80GB`): the least memory each GPU must have, in whole GiB
    /// rounded down, so `80GB+` admits an 80 GiB H100.
    mutating func gpuMemory(_ node: YAMLNode?, path: String) -> Located<Int>? {
        guard let node else { return nil }
        let expected = "a size per GPU such as 80GB+ (at least 80 GB)"
        guard let text = node.scalar?.text else {
            error("type-mismatch", "gpu.memory must be a size, not \(node.kindName)", at: node.location, path: path,
                  expected: expected)
            return nil
        }
        let trimmed = text.hasSuffix("+") ? String(text.dropLast()) : text
        switch ByteSize.parse(trimmed) {
        case .success(let size):
            return Located(Int(size.gibibytes.rounded(.down)), at: node.location)
        case .failure(let problem):
            error("invalid-value", "gpu.memory '\(text)' is not a size", at: node.location, path: path,
                  expected: expected, hint: problem.hint)
            return nil
        }
    }
}
