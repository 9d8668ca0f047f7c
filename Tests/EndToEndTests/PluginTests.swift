import XCTest

/// Providers run as plugin processes: the quick start goes through the sim plugin, a
/// plugin dying mid-apply loses nothing, and broken plugins fail clearly and promptly.
final class PluginTests: XCTestCase {
    var gantry: GantryBinary!
    var scratch: Scratch!

    override func setUpWithError() throws {
        gantry = try GantryBinary.locate()
        scratch = try Scratch()
    }

    private var realSimPlugin: URL { gantry.url.deletingLastPathComponent().appendingPathComponent("gantry-provider-sim") }

    func testQuickStartRunsThroughTheSimPluginProcessAndStopsIt() throws {
        let dir = try scratch.copy(repositoryFolder: "Examples/quickstart", as: "quickstart")
        let pidFile = scratch.url.appendingPathComponent("plugin.pid")
        try FakePlugins.install(FakePlugins.wrapper(around: realSimPlugin, pidFile: pidFile), in: dir)

        let apply = try gantry.run(["apply", dir.path, "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 0, apply.transcript)
        XCTAssertTrue(apply.errors.contains("[provider sim] wrapper: started"), "the plugin process ran\n\(apply.transcript)")
        XCTAssertTrue(apply.output.contains("Apply complete!"), apply.transcript)
        let pid = try XCTUnwrap(Int32(Poll.text(pidFile).trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertTrue(Poll.until(seconds: 30) { kill(pid, 0) != 0 }, "the plugin outlived gantry")

        let again = try gantry.run(["plan", dir.path, "--detailed-exitcode"], in: scratch.url)
        XCTAssertEqual(again.exitCode, 0, again.transcript)
        XCTAssertEqual(try gantry.simAddresses(dir).sorted(), try gantry.stateAddresses(dir).sorted())

        let providers = try gantry.run(["providers", "-C", dir.path], in: scratch.url)
        XCTAssertEqual(providers.exitCode, 0, providers.transcript)
        XCTAssertTrue(providers.output.contains(".gantry/plugins"), providers.transcript)
        XCTAssertTrue(providers.output.contains("sim (shadowed)"), "the built-in plugin is found next to gantry too\n"
                      + providers.transcript)
        XCTAssertTrue(providers.output.contains("0.1.0 (protocol 1)"), providers.transcript)
    }

    func testPluginKilledMidApplyReportsUnknownOutcomesAndTheNextApplyAdopts() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3, sim: ["crash_after_calls: 4"]))
        let spec = scratch.url.appendingPathComponent("spec")
        let crashed = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(crashed.exitCode, 1, crashed.transcript)
        XCTAssertTrue(crashed.transcript.contains("plugin `sim` exited (status 137) during create of"), crashed.transcript)
        XCTAssertTrue(crashed.transcript.contains("outcome unknown"), crashed.transcript)
        let recorded = Set(try gantry.stateAddresses(spec))
        let inCloud = try gantry.simAddresses(spec)
        XCTAssertTrue(recorded.isSubset(of: Set(inCloud)), "state holds only what exists")
        XCTAssertFalse(recorded.isEmpty, "what finished before the crash is kept\n\(crashed.transcript)")

        try scratch.write("spec/gantry.yaml", SpecFixtures.platform(pools: 3))
        let resumed = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url)
        XCTAssertEqual(resumed.exitCode, 0, resumed.transcript)
        let after = try gantry.simAddresses(spec)
        XCTAssertEqual(after.count, Set(after).count, "a create whose answer was lost was made twice: \(after)")
        XCTAssertEqual(after.sorted(), try gantry.stateAddresses(spec).sorted())
        XCTAssertEqual(try gantry.plannedActions(spec), [:])
    }

    func testAPluginPrintingGarbageIsReportedWithTheBytes() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        try FakePlugins.install(FakePlugins.python(initializeReply: #""Loading\x1b[31m plugin...""#, raw: true), in: spec)
        let result = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("provider 'sim' could not be started"), result.transcript)
        XCTAssertTrue(result.errors.contains(#"wrote "Loading\x1b[31m plugin..." to stdout, which is not a protocol message"#),
                      result.transcript)
    }

    func testAPluginSpeakingAnotherProtocolVersionIsRefusedNamingBoth() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        let refusal = #""error":{"code":-32001,"message":"old","data":{"supported":[7]}}"#
        try FakePlugins.install(FakePlugins.python(initializeReply: refusal), in: spec)
        let result = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("speaks protocol version 7; this Gantry speaks 1"), result.transcript)

        let chosen = #""result":{"protocol_version":7,"name":"sim","version":"1"}"#
        try FakePlugins.install(FakePlugins.python(initializeReply: chosen), in: spec)
        let chose = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(chose.exitCode, 1, chose.transcript)
        XCTAssertTrue(chose.errors.contains("chose protocol version 7; this Gantry speaks 1"), chose.transcript)
    }

    func testAPluginThatNeverAnswersTheHandshakeTimesOut() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        try FakePlugins.install("#!/bin/sh\nexec sleep 600\n", in: spec)
        let result = try gantry.run(["plan", "spec"], in: scratch.url,
                                    environment: ["GANTRY_PLUGIN_HANDSHAKE_TIMEOUT": "1s"])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("did not answer the handshake (initialize)"), result.transcript)
        XCTAssertTrue(result.errors.contains("within 1s"), result.transcript)
    }

    /// Writing to a plugin that closed its input is an EPIPE to report, never a SIGPIPE
    /// that kills `gantry` (exit 13 with no message, as a loaded CI machine once showed).
    func testAPluginThatClosesItsInputAndExitsIsReportedWithItsStatus() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        try FakePlugins.install("#!/bin/sh\nexec 0<&-\necho 'no credentials found' >&2\nsleep 0.5\nexit 3\n", in: spec)
        let result = try gantry.run(["plan", "spec"], in: scratch.url)
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("provider 'sim' could not be started"), result.transcript)
        XCTAssertTrue(result.errors.contains("status 3"), result.transcript)
        XCTAssertTrue(result.errors.contains("no credentials found"), result.transcript)
    }

    func testAPluginThatHangsInACallTimesOut() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        try FakePlugins.install(FakePlugins.python(initializeReply: FakePlugins.goodHandshake.replacingOccurrences(
            of: "9.9.9", with: "1"), answerConfigure: true), in: spec)
        let result = try gantry.run(["plan", "spec"], in: scratch.url, environment: ["GANTRY_PLUGIN_TIMEOUT": "1"])
        XCTAssertEqual(result.exitCode, 1, result.transcript)
        XCTAssertTrue(result.errors.contains("plugin `sim` did not answer"), result.transcript)
        XCTAssertTrue(result.errors.contains("within 1s"), result.transcript)
    }

    func testInProcessEscapeHatchStillWorks() throws {
        try scratch.write("spec/gantry.yaml", SpecFixtures.platform())
        let spec = scratch.url.appendingPathComponent("spec")
        try FakePlugins.install("#!/bin/sh\necho 'not a plugin'\n", in: spec)  // would break if used
        let result = try gantry.run(["apply", "spec", "--auto-approve"], in: scratch.url,
                                    environment: ["GANTRY_IN_PROCESS_PROVIDERS": "1"])
        XCTAssertEqual(result.exitCode, 0, result.transcript)
    }
}
