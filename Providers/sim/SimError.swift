#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the simulator outside the provider protocol: opening or persisting the
/// world, or an admin command that cannot be carried out.
///
/// Provider operations report `ProviderError`s instead; this type is what `SimWorld`
/// (the admin API behind `gantry sim`) throws.
public struct SimError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case io(path: String, operation: String, errno: Int32)
        case corruptLog(path: String, line: Int, reason: String)
        case corruptSnapshot(path: String, reason: String)
        case futureFormat(path: String, found: Int, supported: Int)
        case noSuchResource(String)
        case invalidArgument(String)
        case notConfigured
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// A short, stable label for logs and metrics (`io`, `corrupt-log`, …).
    public var code: String {
        switch kind {
        case .io: return "io"
        case .corruptLog: return "corrupt-log"
        case .corruptSnapshot: return "corrupt-snapshot"
        case .futureFormat: return "future-format"
        case .noSuchResource: return "not-found"
        case .invalidArgument: return "invalid-argument"
        case .notConfigured: return "not-configured"
        }
    }

    public var description: String {
        switch kind {
        case .io(let path, let operation, let errno):
            return "sim world: \(operation) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .corruptLog(let path, let line, let reason):
            return "sim world: \(path):\(line) is not a valid mutation (\(reason)); "
                + "hint: `gantry sim reset` starts an empty world"
        case .corruptSnapshot(let path, let reason):
            return "sim world: snapshot \(path) is unreadable (\(reason)); "
                + "hint: `gantry sim reset` starts an empty world"
        case .futureFormat(let path, let found, let supported):
            return "sim world: \(path) has format \(found), this gantry understands up to \(supported); "
                + "hint: upgrade gantry"
        case .noSuchResource(let what):
            return "sim world: no resource with id or address `\(what)`; hint: `gantry sim list` shows them"
        case .invalidArgument(let message):
            return "sim world: \(message)"
        case .notConfigured:
            return "sim provider used before `configure`; this is a bug in the caller"
        }
    }
}
