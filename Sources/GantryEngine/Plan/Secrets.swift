import GantryBasics

/// How the engine applies `Redaction` to whole attributes named sensitive by a schema:
/// state stores a digest, outputs show `(sensitive)`.
///
/// Comparing a desired secret with state therefore compares digests: a stored value
/// matches when it equals the new value or the new value's digest.
enum Secrets {
    /// What every output shows instead of a secret value.
    static var placeholder: String { Redaction.placeholder }

    /// `attributes` with every sensitive, known, non-null value replaced by its digest.
    static func redacted(_ attributes: [String: Value], sensitive: Set<String>) -> [String: Value] {
        guard !sensitive.isEmpty else { return attributes }
        let paths = sensitive.filter { key in
            attributes[key].map { !$0.isNull && !$0.containsUnknown } ?? false
        }
        return Redaction.redact(attributes, paths: paths.sorted())
    }

    /// The sensitive attribute names present in `attributes`, sorted (a record's `sensitivePaths`).
    static func paths(_ sensitive: Set<String>, in attributes: [String: Value]) -> [String] {
        sensitive.filter { attributes[$0] != nil }.sorted()
    }

    /// Whether a stored (possibly digested) value records `actual`.
    static func matches(stored: Value?, actual: Value?) -> Bool {
        if stored == actual { return true }
        guard let stored, let actual, !actual.containsUnknown, Redaction.isDigest(stored) else { return false }
        return stored == Redaction.digest(actual)
    }

    /// `prior` with digests replaced by the desired plaintext where they match, so a
    /// provider comparing prior with proposed sees no change for an unchanged secret.
    static func unredacted(_ prior: [String: Value], using proposed: [String: Value],
                           sensitive: Set<String>) -> [String: Value] {
        guard !sensitive.isEmpty else { return prior }
        var out = prior
        for key in sensitive where prior[key] != proposed[key] {
            if let value = proposed[key], matches(stored: prior[key], actual: value) { out[key] = value }
        }
        return out
    }
}
