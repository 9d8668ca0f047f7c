import Foundation
import GantryBasics
import GantryProviderKit
import Testing
@testable import SimProvider

@Suite struct SimFaultTests {
    @Test func throttleRateOneThrottlesEveryCall() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path, config: ["throttle_rate": 1.0])
        let result = await create(sim, "resources.a")
        #expect(result.error?.code == .throttled)
        #expect(result.error?.isRetryable == true)
        await #expect(throws: ProviderError.self) {
            _ = try await sim.read(ReadRequest(type: "sim_data", items: [.init(address: "resources.a", id: "sim-data-1")]))
        }
        // Nothing was created by a throttled call.
        #expect(try await SimWorld(workingDirectory: dir.path).list().isEmpty)
    }

    @Test func sameSeedGivesSameOutcomes() async throws {
        func run(seed: Int) async throws -> [String] {
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            let sim = try SimProvider(workingDirectory: dir.path, config: ["seed": .int(seed), "throttle_rate": 0.5])
            var outcomes: [String] = []
            for i in 0..<40 {
                switch await create(sim, "resources.r\(i)") {
                case .success(let s): outcomes.append(s.id)
                case .failure(_, let e): outcomes.append(e.code.rawValue)
                case .deleted: outcomes.append("deleted")
                }
            }
            return outcomes
        }
        let a = try await run(seed: 42)
        let b = try await run(seed: 42)
        let c = try await run(seed: 7)
        #expect(a == b)
        #expect(a != c)
        #expect(a.contains("throttled") && a.contains { $0.hasPrefix("sim-data-") })
    }

    @Test func timeoutHidesAnOutcomeThatRetryAdopts() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let flaky = try SimProvider(workingDirectory: dir.path, config: ["timeout_rate": 1.0])
        #expect(await create(flaky, "resources.a", token: "t").error?.code == .timeout)
        let calm = try SimProvider(workingDirectory: dir.path)
        let retried = try #require(await create(calm, "resources.a", token: "t").snapshot)
        #expect(try await SimWorld(workingDirectory: dir.path).list().map(\.id) == [retried.id])
    }

    @Test func invalidConfigIsReportedWithEveryProblem() throws {
        #expect {
            _ = try SimConfig.parse(["throttle_rate": 2, "latencyms": 3, "seed": "x"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("throttle_rate") && text.contains("latencyms") && text.contains("seed")
        }
    }
}
