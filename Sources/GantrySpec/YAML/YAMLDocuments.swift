import GantryBasics

/// Public access to the spec's YAML layer: located nodes for tools that work on the source
/// text itself (`gantry fmt`, the policy stage's source map).
///
/// ```swift
/// let parsed = YAMLDocuments.parse(text, file: "infra/main.yaml")
/// parsed.documents.first??["node_pools"]?.location    // infra/main.yaml:12:3
/// ```
public enum YAMLDocuments {
    /// Parses `text` (UTF-8) as YAML with the spec loader's parser and limits.
    ///
    /// - Returns: one node per `---` document (nil for an empty one) and every problem found;
    ///   it never throws.
    public static func parse(_ text: String, file: String) -> (documents: [YAMLNode?], diagnostics: [Diagnostic]) {
        let output = YAMLParser().parse(Array(text.utf8), file: file)
        return (output.documents, output.diagnostics)
    }
}
