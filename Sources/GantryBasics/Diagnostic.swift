/// One problem found in user input, carrying everything a person needs to fix it.
///
/// Diagnostics are collected, not thrown: a stage reports every problem it finds in one
/// run. Render them with `DiagnosticRenderer`.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A short, stable identifier of the kind of problem (`unknown-key`, `mig-profile`, …).
    public var code: String
    /// What is wrong, in one sentence.
    public var message: String
    /// Where: file, line and column, when the problem has a place in a file.
    public var location: SourceLocation?
    /// The path inside the document, e.g. `node_pools.h100-train.gpu.model`.
    public var path: String?
    /// What was expected instead (`one of: spot, on-demand`).
    public var expected: String?
    /// How to fix it (`did you mean 'node_pools'?`).
    public var hint: String?

    public init(_ severity: Severity = .error, code: String, message: String,
                location: SourceLocation? = nil, path: String? = nil,
                expected: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.path = path
        self.expected = expected
        self.hint = hint
    }

    /// An error diagnostic.
    public static func error(_ code: String, _ message: String, at location: SourceLocation? = nil,
                             path: String? = nil, expected: String? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, code: code, message: message, location: location, path: path,
                   expected: expected, hint: hint)
    }

    /// A warning diagnostic.
    public static func warning(_ code: String, _ message: String, at location: SourceLocation? = nil,
                               path: String? = nil, expected: String? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code: code, message: message, location: location, path: path,
                   expected: expected, hint: hint)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line, column, then message, so output is stable.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { a, b in
            let la = a.location, lb = b.location
            if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
            if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
            if la?.column != lb?.column { return (la?.column ?? 0) < (lb?.column ?? 0) }
            return a.message < b.message
        }
    }
}
