import Foundation
import GantryBasics
import GantryProviderKit
import XCTest

/// A provider for host tests: answers from memory, sleeps when asked, fails on demand.
final class EchoProvider: Provider {
    let name = "echo"

    func schema() async throws -> ProviderSchema { ProviderSchema(resourceTypes: [.init(name: "echo_thing")]) }
    func configure(_ request: ConfigureRequest) async throws {
        if request.config["reject"] != nil {
            throw ProviderError(.invalid, "unknown key reject", providerCode: "BadConfig", detail: ["key": "reject"])
        }
    }
    func lower(_ request: LowerRequest) async throws -> LowerResponse { LowerResponse(resources: []) }
    func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        requests.map { PlanResponse(address: $0.address, planned: $0.proposed) }
    }
    func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        var out: [OperationResult] = []
        for request in requests {
            if let ms = request.attributes["sleep_ms"]?.intValue { try? await Task.sleep(for: .milliseconds(ms)) }
            if request.attributes["fail"] != nil {
                out.append(.failure(request.address, ProviderError(.capacity, "no room in us-east-1a",
                                                                   providerCode: "InsufficientInstanceCapacity",
                                                                   detail: ["zone": "us-east-1a"])))
            } else {
                out.append(.success(ResourceSnapshot(address: request.address, type: request.type, id: request.intentToken,
                                                     attributes: request.attributes)))
            }
        }
        return out
    }
    func update(_ requests: [UpdateRequest]) async -> [OperationResult] { [] }
    func delete(_ requests: [DeleteRequest]) async -> [OperationResult] { requests.map { .deleted($0.address) } }
    func read(_ request: ReadRequest) async throws -> [ReadResult] { request.items.map { .notFound($0.address) } }
    func list(_ request: ListRequest) async throws -> [ResourceSnapshot] { [] }
}

final class PluginHostTests: XCTestCase {
    private func create(_ name: String, _ attributes: [String: Value] = [:]) -> CreateRequest {
        CreateRequest(address: ResourceAddress("r.echo_thing.\(name)"), type: "echo_thing", attributes: attributes,
                      intentToken: "tok-\(name)")
    }

    func testInProcessHostingCarriesResultsAndTypedFailures() async throws {
        let host = PluginProvider(inProcess: EchoProvider())
        try await host.configure(ConfigureRequest(config: [:], workingDirectory: "/tmp"))
        let schema = try await host.schema()
        XCTAssertEqual(schema.resourceTypes.map(\.name), ["echo_thing"])
        let results = await host.create([create("a", ["x": 1]), create("b", ["fail": true])])
        XCTAssertEqual(results.first, .success(ResourceSnapshot(address: "r.echo_thing.a", type: "echo_thing",
                                                                id: "tok-a", attributes: ["x": 1])))
        guard case .failure(let address, let error) = results.last else { return XCTFail("\(results)") }
        XCTAssertEqual(address, "r.echo_thing.b")
        XCTAssertEqual(error.code, .capacity)
        XCTAssertEqual(error.providerCode, "InsufficientInstanceCapacity")
        XCTAssertEqual(error.detail["zone"], "us-east-1a")
        await host.shutdown()
    }

    func testConfigurationErrorsKeepTheProvidersCode() async {
        let host = PluginProvider(inProcess: EchoProvider())
        do {
            try await host.configure(ConfigureRequest(config: ["reject": true], workingDirectory: "/tmp"))
            XCTFail("configure should fail")
        } catch let error as ProviderError {
            XCTAssertEqual(error.code, .invalid)
            XCTAssertEqual(error.providerCode, "BadConfig")
            XCTAssertEqual(error.message, "unknown key reject")
        } catch { XCTFail("\(error)") }
        await host.shutdown()
    }

    /// A slow call does not hold up a fast one on the same plugin: replies come back out of order.
    func testManyCallsInFlightAnswerOutOfOrder() async throws {
        let host = PluginProvider(inProcess: EchoProvider())
        try await host.configure(ConfigureRequest(config: [:], workingDirectory: "/tmp"))
        let order = OrderLog()
        let slowRequest = create("slow", ["sleep_ms": 300])
        async let slow: Void = { _ = await host.create([slowRequest]); await order.add("slow") }()
        try await Task.sleep(for: .milliseconds(50))
        let fast = await host.create([create("fast")])
        await order.add("fast")
        _ = await slow
        XCTAssertEqual(fast.count, 1)
        let finished = await order.items
        XCTAssertEqual(finished, ["fast", "slow"])
        await host.shutdown()
    }

    /// A plugin offered no version it speaks says which it does.
    func testServerRefusesAnUnsupportedProtocolVersion() async throws {
        let (host, plugin) = InMemoryTransport.pair()
        Task.detached { await PluginServer(provider: EchoProvider()).serve(on: plugin) }
        let replies = AsyncStream<[UInt8]>.makeStream()
        host.start { event in if case .line(let line) = event { replies.continuation.yield(line) } }
        host.send(try RPCMessage.request(id: 1, method: "initialize", params: ["protocol_versions": [99]]).encoded())
        var iterator = replies.stream.makeAsyncIterator()
        guard let line = await iterator.next(), case .error(1, let error) = try RPCMessage.decode(line) else {
            return XCTFail("no error reply")
        }
        XCTAssertEqual(error.code, RPCError.unsupportedVersion)
        XCTAssertTrue(error.message.contains("speaks protocol version 1; Gantry offered 99"), error.message)
        host.close()
    }
}

actor OrderLog {
    var items: [String] = []
    func add(_ item: String) { items.append(item) }
}
