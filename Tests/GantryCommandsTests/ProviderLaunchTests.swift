import Foundation
import GantryProviderKit
import XCTest
@testable import GantryCommands

/// Providers start while the spec loads (`ProviderLaunch`): the set started early is the
/// one the command uses, and a launch nobody takes leaves no plugin process behind.
final class ProviderLaunchTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        let plugins = try XCTUnwrap(PluginDiscovery.runningExecutableDirectory())
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: plugins + "/gantry-provider-sim"),
                          "the sim plugin is built next to the tests")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-launch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ yaml: String) throws {
        try yaml.write(to: directory.appendingPathComponent("gantry.yaml"), atomically: true, encoding: .utf8)
    }

    private var context: CommandContext {
        CommandContext(output: CapturedOutput(), errorOutput: CapturedOutput(), workingDirectory: directory.path)
    }

    func testTheProvidersStartedWhileLoadingAreTheOnesTakenFirst() async throws {
        try write("providers:\n  sim: {}\nresources:\n  a: { type: sim_data, properties: { input: x } }\n")
        let before = Set(ChildProcesses.current())
        let session = try await SpecSession.load(directory.path, variables: [], variableFiles: [],
                                                 startingProviders: true, in: context)
        let launch = try XCTUnwrap(session.launch, "the providers section was valid: a launch began")
        let first = try await session.providers()
        let second = try await session.providers()
        let firstSim = try XCTUnwrap(first["sim"] as? PluginProvider)
        let secondSim = try XCTUnwrap(second["sim"] as? PluginProvider)
        XCTAssertFalse(firstSim === secondSim, "the launched set is handed out once; a second caller gets its own")
        let taken = try await launch.take()
        XCTAssertNil(taken, "already taken")
        await ProviderRegistry.shutdown(first)
        await ProviderRegistry.shutdown(second)
        XCTAssertTrue(Set(ChildProcesses.current()).isSubset(of: before))
    }

    func testASpecWithErrorsStopsThePluginsItStarted() async throws {
        // The providers section is fine, so the plugin starts; the items are not.
        try write("providers:\n  sim: {}\nresources:\n  a: { type: sim_data, properties: { input: \"${resources.nope.id}\" } }\n")
        let errors = CapturedOutput()
        let before = Set(ChildProcesses.current())
        let code = await Gantry.run(["plan", directory.path],
                                    in: CommandContext(output: CapturedOutput(), errorOutput: errors,
                                                       workingDirectory: directory.path))
        XCTAssertEqual(code, .failure)
        XCTAssertTrue(errors.text.contains("resources.nope"), errors.text)
        XCTAssertTrue(Set(ChildProcesses.current()).isSubset(of: before),
                      "the launched plugin was stopped and reaped before the command returned")
    }
}
