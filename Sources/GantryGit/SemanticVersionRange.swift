/// A version range such as `>=1.2.0 <2.0.0`, `^1.4`, `~1.4.2`, `1.x` or `*`: all
/// space-separated comparators must hold. Pre-releases match only when the range names one.
public struct SemanticVersionRange: Sendable, Hashable, CustomStringConvertible {
    struct Comparator: Sendable, Hashable {
        enum Operator: String, Sendable { case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=" }
        let op: Operator
        let version: SemanticVersion
    }

    let comparators: [Comparator]
    let allowsPrerelease: Bool
    public let description: String

    /// Parses a range. - Throws: `GitError` (`invalid-source`) naming the bad comparator.
    public init(parsing text: String) throws(GitError) {
        var comparators: [Comparator] = []
        var allowsPrerelease = false
        for token in text.split(whereSeparator: \.isWhitespace) {
            let (found, prerelease) = try Self.comparators(for: String(token), in: text)
            comparators += found
            allowsPrerelease = allowsPrerelease || prerelease
        }
        self.comparators = comparators
        self.allowsPrerelease = allowsPrerelease
        self.description = text
    }

    /// Whether `version` is inside the range.
    public func contains(_ version: SemanticVersion) -> Bool {
        if !version.prerelease.isEmpty && !allowsPrerelease { return false }
        return comparators.allSatisfy { c in
            switch c.op {
            case .less: version < c.version
            case .lessOrEqual: version <= c.version
            case .greater: version > c.version
            case .greaterOrEqual: version >= c.version
            case .equal: version == c.version
            }
        }
    }

    /// The highest version in `candidates` that the range contains.
    public func best<S: Sequence>(of candidates: S) -> SemanticVersion? where S.Element == SemanticVersion {
        candidates.filter(contains).max()
    }

    private static func comparators(for token: String, in text: String) throws(GitError) -> ([Comparator], Bool) {
        let bad = GitError(.invalidSource, "'\(token)' in the version range '\(text)' is not a comparator",
                           hint: "write e.g. >=1.2.0 <2.0.0, ^1.4, ~1.4.2 or 1.x")
        if token == "*" || token == "x" { return ([], false) }
        for op in ["<=", ">=", "<", ">", "="] where token.hasPrefix(op) {
            guard let version = SemanticVersion(String(token.dropFirst(op.count))),
                  let parsed = Comparator.Operator(rawValue: op)
            else { throw bad }
            return ([Comparator(op: parsed, version: version)], !version.prerelease.isEmpty)
        }
        let caret = token.hasPrefix("^"), tilde = token.hasPrefix("~")
        let body = (caret || tilde) ? String(token.dropFirst()) : token
        // Partial versions: 1, 1.4, 1.x, 1.4.x widen to the range they name.
        var parts = body.drop(while: { $0 == "v" }).split(separator: ".").map(String.init)
        guard (1...3).contains(parts.count) else { throw bad }
        if parts.count == 3, let exact = SemanticVersion(body), !caret, !tilde {
            return ([Comparator(op: .equal, version: exact)], !exact.prerelease.isEmpty)
        }
        if parts.count == 3, let low = SemanticVersion(body) {
            let high = caret
                ? (low.major > 0 ? SemanticVersion(major: low.major + 1, minor: 0, patch: 0)
                   : SemanticVersion(major: 0, minor: low.minor + 1, patch: 0))
                : SemanticVersion(major: low.major, minor: low.minor + 1, patch: 0)
            return ([Comparator(op: .greaterOrEqual, version: low), Comparator(op: .less, version: high)],
                    !low.prerelease.isEmpty)
        }
        while parts.last.map({ $0 == "x" || $0 == "X" || $0 == "*" }) == true { parts.removeLast() }
        let numbers = parts.compactMap(Int.init)
        guard numbers.count == parts.count, let major = numbers.first else { throw bad }
        let minor = numbers.count > 1 ? numbers[1] : 0
        let low = SemanticVersion(major: major, minor: minor, patch: 0)
        let high = numbers.count == 1 || (caret && major > 0)
            ? SemanticVersion(major: major + 1, minor: 0, patch: 0)
            : SemanticVersion(major: major, minor: minor + 1, patch: 0)
        return ([Comparator(op: .greaterOrEqual, version: low), Comparator(op: .less, version: high)], false)
    }
}
