/// Keeps secrets out of state files, plans and logs.
///
/// State stores a digest of each sensitive attribute (`"sha256:<hex>"` of its canonical
/// JSON), never the clear text: a later plan can still tell whether the secret changed
/// by comparing digests. Human output shows `placeholder` instead.
///
/// Paths are dotted: `password`, `auth.token`, `users.0.key` (an array index) and
/// `users.*.key` (`*` matches every member or element). A path that does not exist in
/// the attributes is ignored.
///
/// ```swift
/// let stored = Redaction.redact(["auth": ["token": "s3cret"]], paths: ["auth.token"])
/// // ["auth": ["token": "sha256:…"]]
/// let shown = Redaction.mask(stored, paths: ["auth.token"])
/// // ["auth": ["token": "(sensitive)"]]
/// ```
public enum Redaction {
    /// What people see instead of a sensitive value.
    public static let placeholder = "(sensitive)"
    /// The prefix of a stored digest.
    public static let digestPrefix = "sha256:"

    /// `.string("sha256:<hex>")` of the canonical JSON of `value` (sorted keys, compact,
    /// unknowns and references as markers), so equal values give equal digests.
    public static func digest(_ value: Value) -> Value {
        let canonical = (try? JSON.encodeBytes(value, sortedKeys: true, markers: true))
            ?? Array(String(describing: value).utf8)  // only NaN/infinity can get here
        return .string(digestPrefix + SHA256.hex(SHA256.hash(canonical)))
    }

    /// True when `value` is a digest made by `digest(_:)`.
    public static func isDigest(_ value: Value) -> Bool {
        guard case .string(let s) = value, s.hasPrefix(digestPrefix) else { return false }
        let hex = s.utf8.dropFirst(digestPrefix.utf8.count)
        return hex.count == 2 * SHA256.digestLength
            && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The attributes with the value at each of `paths` replaced by its digest, for storing.
    ///
    /// Idempotent: a value that already is a digest is left as it is, so a record can be
    /// redacted again on every write.
    public static func redact(_ attributes: [String: Value], paths: [String]) -> [String: Value] {
        rewrite(attributes, paths: paths) { isDigest($0) ? $0 : digest($0) }
    }

    /// The attributes with the value at each of `paths` replaced by `placeholder`, for showing.
    public static func mask(_ attributes: [String: Value], paths: [String]) -> [String: Value] {
        rewrite(attributes, paths: paths) { _ in .string(placeholder) }
    }

    private static func rewrite(_ attributes: [String: Value], paths: [String],
                                _ replace: (Value) -> Value) -> [String: Value] {
        guard !paths.isEmpty else { return attributes }
        var root = Value.object(attributes)
        for path in paths {
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            root = rewrite(root, segments: segments[...], replace)
        }
        return root.objectValue ?? attributes
    }

    private static func rewrite(_ value: Value, segments: ArraySlice<String>,
                                _ replace: (Value) -> Value) -> Value {
        guard let segment = segments.first else { return replace(value) }
        let rest = segments.dropFirst()
        switch value {
        case .object(var members):
            if segment == "*" {
                for (key, member) in members { members[key] = rewrite(member, segments: rest, replace) }
            } else if let member = members[segment] {
                members[segment] = rewrite(member, segments: rest, replace)
            }
            return .object(members)
        case .array(var items):
            if segment == "*" {
                for i in items.indices { items[i] = rewrite(items[i], segments: rest, replace) }
            } else if let i = Int(segment), items.indices.contains(i) {
                items[i] = rewrite(items[i], segments: rest, replace)
            }
            return .array(items)
        default:
            return value
        }
    }
}
