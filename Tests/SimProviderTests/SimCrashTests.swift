import Foundation
import GantryBasics
import GantryProviderKit
import XCTest
@testable import SimProvider

/// `crash_after_calls` ends the process, so the test runs the crashing half in a child
/// process: this same test binary, asked to run only `testCrashingChild`.
final class SimCrashTests: XCTestCase {
    static let directoryVariable = "GANTRY_SIM_CRASH_DIR"

    func testCrashAfterCallsExitsAbruptlyWithEveryCallDurable() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["SimProviderTests.SimCrashTests/testCrashingChild"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.directoryVariable: dir.path]) { _, new in new }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        XCTAssertEqual(child.terminationStatus, 137)

        // The third call was durable before the process died; nothing after it happened.
        let expectation = expectation(description: "world read")
        Task {
            let names = try await SimWorld(workingDirectory: dir.path).list().compactMap(\.address?.rawValue)
            XCTAssertEqual(names, ["resources.r0", "resources.r1", "resources.r2"])
            expectation.fulfill()
        }
        wait(for: [expectation], timeout: 60)
    }

    /// Does nothing unless started by the test above.
    func testCrashingChild() async throws {
        guard let path = ProcessInfo.processInfo.environment[Self.directoryVariable] else { return }
        let sim = try SimProvider(workingDirectory: path, config: ["crash_after_calls": 3])
        for i in 0..<5 { _ = await create(sim, "resources.r\(i)") }
        XCTFail("the provider should have exited after three calls")
    }
}
