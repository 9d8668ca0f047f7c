import Foundation

/// Turns diagnostics into text for people, JSON for tools, or GitHub workflow annotations.
///
/// - `text`: compiler style, `file:line:col: error: message`, then the offending source
///   line with a caret under the spot, then the path, what was expected and the hint.
/// - `json`: `{"diagnostics": [...], "errors": n, "warnings": n}` with flat, stable keys.
/// - `github`: one `::error file=…,line=…,col=…::message` line per diagnostic, which GitHub
///   Actions shows inline on the pull request.
///
/// ```swift
/// let renderer = DiagnosticRenderer(format: .text)
/// print(renderer.render(result.diagnostics), terminator: "")
/// ```
public struct DiagnosticRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, github
    }

    public var format: Format
    /// Returns the text of a file for quoting source lines; nil when it is not available.
    public var sourceText: @Sendable (String) -> String?
    /// Whether `text` ends with a summary line (`2 errors, 1 warning`).
    public var includeSummary: Bool

    /// - Parameters:
    ///   - sources: file texts by path (e.g. specs read from git blobs); files not in it are
    ///     read from disk when `readFilesFromDisk` is true.
    public init(format: Format = .text, sources: [String: String] = [:], readFilesFromDisk: Bool = true,
                includeSummary: Bool = true) {
        self.format = format
        self.includeSummary = includeSummary
        self.sourceText = { path in
            if let text = sources[path] { return text }
            guard readFilesFromDisk else { return nil }
            // Quoting a line is a nicety: never read something huge to do it.
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes?[.size] as? NSNumber, size.intValue > 64 << 20 { return nil }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(data: data, encoding: .utf8)
        }
    }

    /// Renders all diagnostics, sorted by location. Text and github output end with a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        let sorted = diagnostics.sortedByLocation()
        switch format {
        case .text: return renderText(sorted)
        case .json: return renderJSON(sorted)
        case .github: return sorted.map(Self.githubLine).joined()
        }
    }

    // MARK: text

    private func renderText(_ diagnostics: [Diagnostic]) -> String {
        var cache: [String: [Substring]] = [:]
        var out = ""
        for d in diagnostics {
            if let loc = d.location { out += "\(loc): " }
            out += "\(d.severity.rawValue): \(d.message)\n"
            if let loc = d.location, let line = sourceLine(loc, cache: &cache) {
                let number = String(loc.line)
                let gutter = String(repeating: " ", count: number.count)
                let shown = line.replacingOccurrences(of: "\t", with: " ")
                out += " \(number) | \(shown)\n"
                out += " \(gutter) | \(Self.caret(under: shown, column: loc.column))\n"
            }
            if let path = d.path { out += "  path: \(path)\n" }
            if let expected = d.expected { out += "  expected: \(expected)\n" }
            if let hint = d.hint { out += "  hint: \(hint)\n" }
        }
        if includeSummary {
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if errors + warnings > 0 {
                var parts: [String] = []
                if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
                if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
                out += parts.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    private func sourceLine(_ loc: SourceLocation, cache: inout [String: [Substring]]) -> String? {
        if cache[loc.file] == nil {
            guard let text = sourceText(loc.file) else { return nil }
            cache[loc.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = cache[loc.file], loc.line >= 1, loc.line <= lines.count else { return nil }
        var line = lines[loc.line - 1]
        if line.hasSuffix("\r") { line = line.dropLast() }
        // A 10 MB single-line file must not flood the terminal.
        return line.count > 200 ? String(line.prefix(200)) + "…" : String(line)
    }

    /// `   ^~~~` under the token that starts at `column` (1-based, in characters).
    static func caret(under line: String, column: Int) -> String {
        let chars = Array(line)
        let start = max(0, min(column - 1, chars.count))
        var end = start + 1
        let word: (Character) -> Bool = { $0.isLetter || $0.isNumber || "_-.$%/".contains($0) }
        if start < chars.count, word(chars[start]) {
            while end < chars.count, word(chars[end]) { end += 1 }
        }
        return String(repeating: " ", count: start) + "^" + String(repeating: "~", count: max(0, end - start - 1))
    }

    // MARK: json

    private struct JSONDiagnostic: Encodable {
        var severity: String
        var code: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var path: String?
        var expected: String?
        var hint: String?
    }

    private struct JSONReport: Encodable {
        var diagnostics: [JSONDiagnostic]
        var errors: Int
        var warnings: Int
    }

    private func renderJSON(_ diagnostics: [Diagnostic]) -> String {
        let report = JSONReport(
            diagnostics: diagnostics.map {
                JSONDiagnostic(severity: $0.severity.rawValue, code: $0.code, message: $0.message,
                               file: $0.location?.file, line: $0.location?.line, column: $0.location?.column,
                               path: $0.path, expected: $0.expected, hint: $0.hint)
            },
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report), let text = String(data: data, encoding: .utf8) else {
            return "{\"diagnostics\": [], \"errors\": \(report.errors), \"warnings\": \(report.warnings)}\n"
        }
        return text + "\n"
    }

    // MARK: github

    static func githubLine(_ d: Diagnostic) -> String {
        let command: String
        switch d.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties: [String] = []
        if let loc = d.location {
            properties.append("file=\(escapeProperty(loc.file))")
            properties.append("line=\(loc.line)")
            properties.append("col=\(loc.column)")
        }
        properties.append("title=\(escapeProperty("gantry: " + d.code))")
        var message = d.message
        if let path = d.path { message += "\npath: \(path)" }
        if let expected = d.expected { message += "\nexpected: \(expected)" }
        if let hint = d.hint { message += "\nhint: \(hint)" }
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    /// Workflow-command escaping of the message part (see GitHub's toolkit `command.ts`).
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values additionally escape `:` and `,`, which delimit properties.
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
