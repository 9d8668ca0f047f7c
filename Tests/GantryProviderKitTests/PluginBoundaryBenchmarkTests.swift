import Foundation
import GantryBasics
import GantryProviderKit
import XCTest

/// The protocol's overhead: 10,000 no-op reads through the real sim plugin process, in
/// batches. Prints the time (a benchmark, not a timed assertion: the machine is shared).
final class PluginBoundaryBenchmarkTests: XCTestCase {
    /// `gantry-provider-sim` built next to the test bundle.
    private func simPlugin() throws -> String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("gantry-provider-sim"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gantry-provider-sim")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("gantry-provider-sim is not built next to the tests")
        }
        return found.path
    }

    func testTenThousandBatchedReadsThroughThePluginProcess() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sim = PluginProvider(name: "sim", executable: try simPlugin())
        try await sim.configure(ConfigureRequest(config: ["regions": ["us-east-1"]], workingDirectory: directory.path))
        let batches = (0..<100).map { batch in
            ReadRequest(type: "sim_data", items: (0..<100).map { i in
                .init(address: ResourceAddress("resources.r\(batch * 100 + i).sim_data.main"), id: "sim-data-x\(i)")
            })
        }
        let clock = ContinuousClock()
        let start = clock.now
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for batch in batches { group.addTask { try await sim.read(batch).count } }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        XCTAssertEqual(answered, 10_000)
        print("benchmark: 10,000 no-op reads in 100 batches through gantry-provider-sim: \(elapsed)")
        await sim.shutdown()
    }
}
