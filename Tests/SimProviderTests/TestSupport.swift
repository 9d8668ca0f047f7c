import Foundation
import GantryBasics
import GantryProviderKit
@testable import SimProvider

/// A fresh working directory under the temporary folder, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sim-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func create(_ sim: SimProvider, _ address: String, type: String = "sim_data",
            _ attributes: [String: Value] = [:], token: String? = nil) async -> OperationResult {
    let results = await sim.create([CreateRequest(address: ResourceAddress(address), type: type, attributes: attributes,
                                                  intentToken: token ?? "token-\(address)")])
    return results[0]
}

extension OperationResult {
    var snapshot: ResourceSnapshot? { if case .success(let s) = self { return s } else { return nil } }
    var error: ProviderError? { if case .failure(_, let e) = self { return e } else { return nil } }
}

/// The snapshot of a create that must succeed.
func created(_ sim: SimProvider, _ address: String, type: String = "sim_data", _ attributes: [String: Value] = [:],
             token: String? = nil) async throws -> ResourceSnapshot {
    let result = await create(sim, address, type: type, attributes, token: token)
    guard let snapshot = result.snapshot else { throw TestFailure("create of \(address) failed: \(result)") }
    return snapshot
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
