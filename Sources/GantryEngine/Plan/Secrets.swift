import GantryBasics

/// How secret attribute values are kept: state stores a digest, outputs show `(sensitive)`.
///
/// Comparing a desired secret with state therefore compares digests: a stored value
/// matches when it equals the new value or the new value's digest.
enum Secrets {
    /// What every output shows instead of a secret value.
    static let placeholder = "(sensitive)"

    /// A stable, one-way stand-in for a secret value.
    // TODO: switch to GantryState's `Redaction.digest` once it lands on main; this
    // FNV-1a placeholder only keeps plaintext out of state until then.
    static func digest(_ value: Value) -> Value {
        if case .string(let s) = value, s.hasPrefix(prefix) { return value }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in String(describing: value).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return .string(prefix + String(hash, radix: 16))
    }

    private static let prefix = "digest:fnv1a64:"

    /// `attributes` with every sensitive, known value replaced by its digest.
    static func redacted(_ attributes: [String: Value], sensitive: Set<String>) -> [String: Value] {
        guard !sensitive.isEmpty else { return attributes }
        var out = attributes
        for key in sensitive {
            if let value = out[key], !value.isNull, !value.containsUnknown { out[key] = digest(value) }
        }
        return out
    }

    /// Whether a stored (possibly digested) value records `actual`.
    static func matches(stored: Value?, actual: Value?) -> Bool {
        if stored == actual { return true }
        guard let stored, let actual, !actual.containsUnknown else { return false }
        return stored == digest(actual)
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
