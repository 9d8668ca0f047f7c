/// What can go wrong talking to a remote state backend (PostgreSQL, S3).
///
/// Problems that every backend shares — a held lock, a corrupt document, a stale serial —
/// are thrown as `StateError` so the CLI treats them alike (exit 3 for a held lock).
/// This type covers the backend itself: it cannot be reached, it answered with an error,
/// or this process lost its lock. `description` is the text the CLI prints after `error: `.
public struct RemoteStateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The backend could not be reached or dropped the connection. `emergencyCopy` is
        /// the local file holding the latest good state, when one was written.
        case unavailable(backend: String, operation: String, reason: String, emergencyCopy: String?)
        /// The backend answered with an error (`code` is SQLSTATE or the S3 error code).
        case backendError(backend: String, operation: String, code: String?, reason: String)
        /// Our lease expired and another writer took the lock over; nothing more was written.
        case lockLost(backend: String, lockID: String, emergencyCopy: String?)
        /// The state URL or `state:` block cannot be used.
        case invalidLocation(String, hint: String?)
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// A short, stable name for logs and metric labels.
    public var code: String {
        switch kind {
        case .unavailable: "unavailable"
        case .backendError: "backend-error"
        case .lockLost: "lock-lost"
        case .invalidLocation: "invalid-location"
        }
    }

    /// The emergency copy written when the backend failed mid-write, if any.
    public var emergencyCopy: String? {
        switch kind {
        case .unavailable(_, _, _, let path), .lockLost(_, _, let path): path
        default: nil
        }
    }

    /// This error with `path` recorded as the emergency copy.
    func withEmergencyCopy(_ path: String?) -> RemoteStateError {
        switch kind {
        case .unavailable(let backend, let operation, let reason, _):
            RemoteStateError(.unavailable(backend: backend, operation: operation, reason: reason, emergencyCopy: path))
        case .lockLost(let backend, let id, _):
            RemoteStateError(.lockLost(backend: backend, lockID: id, emergencyCopy: path))
        default: self
        }
    }

    public var message: String {
        switch kind {
        case .unavailable(let backend, let operation, let reason, _):
            "could not \(operation) on \(backend): \(reason)"
        case .backendError(let backend, let operation, let code, let reason):
            "\(backend) refused to \(operation)\(code.map { " (\($0))" } ?? ""): \(reason)"
        case .lockLost(let backend, let id, _):
            "lost the state lock \(id) on \(backend): its lease expired and another writer took it over"
        case .invalidLocation(let text, _):
            text
        }
    }

    public var hint: String? {
        switch kind {
        case .unavailable(_, _, _, let copy?), .lockLost(_, _, let copy?):
            "the latest good state is saved in \(copy); when the backend is reachable again, "
                + "run `gantry state push \(copy)`"
        case .unavailable:
            "check that the backend is running and reachable, then run the command again"
        case .backendError:
            "check the backend's permissions and logs"
        case .lockLost:
            "another run owns the state now; run plan again against its result"
        case .invalidLocation(_, let hint):
            hint
        }
    }

    public var description: String {
        hint.map { "\(message)\nhint: \($0)" } ?? message
    }
}
