import GantryBasics
import GantryProviderKit
import SimProvider

/// The sim, except that a node group created in `shortZone` comes up one node short
/// (`running_nodes`), as a real cloud may when capacity runs out mid-launch.
struct PartialSim: Provider {
    let sim: SimProvider
    let shortZone: String
    var name: String { sim.name }

    func schema() async throws -> ProviderSchema { try await sim.schema() }
    func configure(_ request: ConfigureRequest) async throws { try await sim.configure(request) }
    func lower(_ request: LowerRequest) async throws -> LowerResponse { try await sim.lower(request) }
    func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] { try await sim.plan(requests) }
    func update(_ requests: [UpdateRequest]) async -> [OperationResult] { await sim.update(requests) }
    func delete(_ requests: [DeleteRequest]) async -> [OperationResult] { await sim.delete(requests) }
    func read(_ request: ReadRequest) async throws -> [ReadResult] { try await sim.read(request) }
    func list(_ request: ListRequest) async throws -> [ResourceSnapshot] { try await sim.list(request) }

    func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        await sim.create(requests).map { result in
            guard case .success(var snapshot) = result, snapshot.attributes["zone"]?.stringValue == shortZone,
                  let desired = snapshot.attributes["desired_size"]?.intValue else { return result }
            snapshot.attributes["running_nodes"] = .int(desired - 1)
            return .success(snapshot)
        }
    }
}
