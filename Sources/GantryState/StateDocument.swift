import GantryBasics

/// The recorded state of one project: what Gantry created, as it last saw it.
///
/// `serial` grows by one on every write; `lineage` is fixed when the state is first
/// created, so a saved plan or a push can tell "same state, newer" from "another state".
public struct StateDocument: Sendable, Hashable {
    /// The format version this build writes; newer files are refused, never overwritten.
    public static let currentVersion = 1

    public var version: Int
    public var serial: Int
    public var lineage: String
    /// Sorted by address.
    public var resources: [ResourceState]
    /// Free-form records other stages keep with the state: the last applied git revision,
    /// failed capacity offers with their expiry, …
    public var metadata: [String: Value]

    public init(version: Int = StateDocument.currentVersion, serial: Int = 0, lineage: String,
                resources: [ResourceState] = [], metadata: [String: Value] = [:]) {
        self.version = version
        self.serial = serial
        self.lineage = lineage
        self.resources = resources
        self.metadata = metadata
    }
}

/// One resource Gantry manages.
public struct ResourceState: Sendable, Hashable {
    public var address: ResourceAddress
    public var type: String
    public var provider: String
    /// The cloud's id for it.
    public var id: String
    public var attributes: [String: Value]
    /// Resources that must outlive this one (deleted after it).
    public var dependencies: [ResourceAddress]
    /// Attribute paths holding secrets (`password`, `auth.token`): stored as a digest,
    /// shown as `(sensitive)`.
    public var sensitivePaths: [String]
    /// The intent item it was lowered from.
    public var origin: ResourceAddress?

    public init(address: ResourceAddress, type: String, provider: String, id: String,
                attributes: [String: Value], dependencies: [ResourceAddress] = [],
                sensitivePaths: [String] = [], origin: ResourceAddress? = nil) {
        self.address = address
        self.type = type
        self.provider = provider
        self.id = id
        self.attributes = attributes
        self.dependencies = dependencies
        self.sensitivePaths = sensitivePaths
        self.origin = origin
    }
}

/// One step recorded in the journal while an apply runs. Replaying the journal over the
/// last compacted state gives the true state after a crash.
public enum JournalEntry: Sendable, Hashable {
    /// About to create `address`; the resource will carry `token` in its tags.
    case intent(address: ResourceAddress, type: String, provider: String, token: String)
    /// Created or updated: the new record replaces any old one.
    case put(ResourceState)
    /// Deleted from the cloud.
    case remove(ResourceAddress)
    /// A metadata key changed.
    case metadata(key: String, value: Value)
}
