import Foundation
import GantryBasics
import GantryProviderKit
import XCTest
@testable import SimProvider

final class SimPersistenceTests: XCTestCase {
    func testTornLastLineOfTheLogIsTolerated() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let a = try await created(sim, "resources.a")
        _ = try await created(sim, "resources.b")

        // Cut the last line in half, as a crash mid-write would.
        let logPath = SimProvider.worldDirectory(workingDirectory: dir.path) + "/world.log"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: logPath))
        bytes.removeLast(20)
        try bytes.write(to: URL(fileURLWithPath: logPath))

        let reopened = try SimProvider(workingDirectory: dir.path)
        let ids = try await SimWorld(workingDirectory: dir.path).list().map(\.id)
        XCTAssertEqual(ids, [a.id])
        // The world stays writable: the next line does not glue onto the torn one.
        let c = try await created(reopened, "resources.c")
        let after = try await SimWorld(workingDirectory: dir.path).list().map(\.id)
        XCTAssertEqual(after, [a.id, c.id])
    }

    func testCorruptLineInTheMiddleIsRefusedWithItsLineNumber() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        _ = await create(sim, "resources.a")
        let logPath = SimProvider.worldDirectory(workingDirectory: dir.path) + "/world.log"
        var text = try String(contentsOfFile: logPath, encoding: .utf8)
        text = "{not json\n" + text
        try text.write(toFile: logPath, atomically: false, encoding: .utf8)
        do {
            _ = try await SimWorld(workingDirectory: dir.path).list()
            XCTFail("a corrupt log must be refused")
        } catch let error as SimError {
            XCTAssertTrue(error.description.contains("world.log:1"), error.description)
        }
    }

    func testCompactionKeepsTheWorld() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        let requests = (0..<50).map {
            CreateRequest(address: ResourceAddress("resources.r\($0)"), type: "sim_data", attributes: ["n": .int($0)],
                          intentToken: "t\($0)")
        }
        let batch = await sim.create(requests).compactMap(\.snapshot)
        XCTAssertEqual(batch.count, 50)
        let world = SimWorld(workingDirectory: dir.path)
        try await world.compact()
        let logPath = SimProvider.worldDirectory(workingDirectory: dir.path) + "/world.log"
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: logPath)).count, 0)
        // The provider notices the compaction and keeps working against the same world.
        _ = try await created(sim, "resources.after")
        let all = try await SimWorld(workingDirectory: dir.path).list()
        XCTAssertEqual(all.count, 51)
        XCTAssertEqual(all.first?.attributes["n"], 0)
    }

    func testTwoThousandDataResourcesInATree() async throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let sim = try SimProvider(workingDirectory: dir.path)
        var ids: [String] = []
        for i in 0..<2000 {
            var attributes: [String: Value] = ["index": .int(i)]
            if i > 0 { attributes["parent"] = .string(ids[(i - 1) / 10]) }
            ids.append(try await created(sim, "resources.r\(i)", attributes).id)
        }
        let read = try await SimProvider(workingDirectory: dir.path).read(ReadRequest(
            type: "sim_data", items: ids.enumerated().map { .init(address: ResourceAddress("resources.r\($0.offset)"), id: $0.element) }))
        XCTAssertEqual(read.count, 2000)
        XCTAssertTrue(read.allSatisfy { if case .found = $0 { return true } else { return false } })
    }
}
