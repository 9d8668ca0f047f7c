import GantryBasics

/// The spec's `state:` section: where the project's state lives and how long a lock
/// lasts without a heartbeat.
///
/// ```yaml
/// state: { backend: s3, bucket: infra-state, key: llm/state.json, region: us-east-1 }
/// state: { backend: postgres, url: "postgres://gantry@db:5432/infra", lock: { lease: 5m } }
/// ```
/// Credentials are never part of it: AWS keys come from the environment, a PostgreSQL
/// password from `PGPASSWORD` or `~/.pgpass`.
public struct StateSettings: Sendable, Hashable {
    public enum Backend: Sendable, Hashable {
        /// Files in `DIR/.gantry/` (the default).
        case local
        case s3(bucket: String, key: String, region: String?, endpoint: String?)
        /// `name` is the state's name in the database (the project when not given).
        case postgres(url: String, name: String?)
    }

    public var backend: Backend
    /// `lock: { lease: 5m }`: how long a lock outlives its last heartbeat; nil for the default.
    public var lease: TimeSpan?
    /// Where the section is written, for messages.
    public var location: SourceLocation

    public init(backend: Backend, lease: TimeSpan? = nil, location: SourceLocation) {
        self.backend = backend
        self.lease = lease
        self.location = location
    }

    /// The backend names `backend:` accepts.
    public static let backends = ["local", "s3", "postgres"]
}
