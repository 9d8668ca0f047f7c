/// What to follow in the remote: a branch, a tag, the highest tag in a semantic-version
/// range, or one pinned commit.
public enum GitReference: Sendable, Hashable, CustomStringConvertible {
    case branch(String)
    case tag(String)
    case semver(SemanticVersionRange)
    case commit(String)

    /// Parses the `--ref` forms: `main`, `branch:main`, `tag:v1.2.0`, `semver:>=1.0.0 <2.0.0`,
    /// `commit:<sha>`. A bare name is a branch.
    ///
    /// - Throws: `GitError` (`invalid-source`) for an empty name or a malformed range.
    public static func parse(_ text: String) throws(GitError) -> GitReference {
        let (kind, name): (Substring, Substring)
        if let colon = text.firstIndex(of: ":") {
            (kind, name) = (text[..<colon], text[text.index(after: colon)...])
        } else {
            (kind, name) = ("branch", Substring(text))
        }
        let value = name.trimmingWhitespace()
        guard !value.isEmpty else {
            throw GitError(.invalidSource, "the reference '\(text)' names nothing",
                           hint: "use main, tag:v1.0.0, semver:>=1.0.0 or commit:<sha>")
        }
        switch kind {
        case "branch": return .branch(value)
        case "tag": return .tag(value)
        case "semver": return .semver(try SemanticVersionRange(parsing: value))
        case "commit":
            guard value.count >= 4, value.allSatisfy(\.isHexDigit) else {
                throw GitError(.invalidSource, "'\(value)' is not a commit id", hint: "give hex digits")
            }
            return .commit(value.lowercased())
        default:
            throw GitError(.invalidSource, "unknown reference kind '\(kind)' in '\(text)'",
                           hint: "use branch:, tag:, semver: or commit:")
        }
    }

    public var description: String {
        switch self {
        case .branch(let name): "branch \(name)"
        case .tag(let name): "tag \(name)"
        case .semver(let range): "semver \(range)"
        case .commit(let id): "commit \(id)"
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
