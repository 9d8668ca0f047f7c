import GantryBasics

/// A cloud provider as the engine sees it: batched operations over plain data.
///
/// Every method maps one to one onto a JSON-RPC method of the plugin protocol
/// (`schema`, `configure`, `lower`, `plan`, `create`, `update`, `delete`, `read`, `list`),
/// so an in-process provider and an out-of-process plugin are interchangeable. The engine
/// knows nothing provider-specific: it only moves these messages.
///
/// Operations that change the cloud (`create`, `update`, `delete`) return one
/// `OperationResult` per request, in request order, instead of throwing: in a batch some
/// may succeed and some fail, and every success must be recorded.
public protocol Provider: Sendable {
    /// The provider's name as used in specs (`sim`, `aws`).
    var name: String { get }

    /// Resource types with their force-new, computed and sensitive attributes.
    func schema() async throws -> ProviderSchema

    /// Applies the `providers.NAME` block of the spec (regions, endpoints, sim settings).
    func configure(_ request: ConfigureRequest) async throws

    /// Turns intent items into provider resources with edges (DESIGN.md §3).
    func lower(_ request: LowerRequest) async throws -> LowerResponse

    /// Normalises proposed attributes, marks computed ones unknown and names the
    /// attributes whose change forces a replacement.
    func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse]

    func create(_ requests: [CreateRequest]) async -> [OperationResult]
    func update(_ requests: [UpdateRequest]) async -> [OperationResult]
    func delete(_ requests: [DeleteRequest]) async -> [OperationResult]

    /// Reads many resources of one type in one call; resources that no longer exist
    /// come back as `.notFound`.
    func read(_ request: ReadRequest) async throws -> [ReadResult]

    /// Lists resources of a type that carry Gantry's address tag (import and adoption).
    func list(_ request: ListRequest) async throws -> [ResourceSnapshot]
}
