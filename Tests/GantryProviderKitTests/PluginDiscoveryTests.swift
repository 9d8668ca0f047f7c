import Foundation
import GantryProviderKit
import Testing

/// The search order users rely on: the project first, then GANTRY_PLUGIN_PATH, then next
/// to gantry, then PATH; directories and non-executables are not plugins.
@Suite struct PluginDiscoveryTests {
    private func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-discovery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func install(_ name: String, in directory: String, executable: Bool = true) throws {
        let path = directory + "/" + name
        try "#!/bin/sh\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
    }

    @Test func searchOrderIsProjectThenPluginPathThenBesideGantryThenPATH() throws {
        let project = try makeDirectory(), extra = try makeDirectory(), beside = try makeDirectory()
        let path = try makeDirectory()
        defer { for dir in [project, extra, beside, path] { try? FileManager.default.removeItem(atPath: dir) } }
        try FileManager.default.createDirectory(atPath: project + "/.gantry/plugins", withIntermediateDirectories: true)
        try install("gantry-provider-sim", in: beside)
        try install("gantry-provider-sim", in: path)
        try install("gantry-provider-files", in: path)
        try install("gantry-provider-aws", in: extra, executable: false)
        try FileManager.default.createDirectory(atPath: beside + "/gantry-provider-sim.product", withIntermediateDirectories: true)

        let discovery = PluginDiscovery(projectDirectory: project, environment: ["GANTRY_PLUGIN_PATH": extra, "PATH": path],
                                        executableDirectory: beside)
        #expect(discovery.directories.map(\.source) == [.project, .pluginPath, .besideGantry, .path])
        #expect(discovery.find("sim")?.path == beside + "/gantry-provider-sim")
        #expect(discovery.find("aws") == nil, "a file that is not executable is not a plugin")
        #expect(discovery.all().map(\.name) == ["sim", "files", "sim"])

        try install("gantry-provider-sim", in: project + "/.gantry/plugins")
        #expect(discovery.find("sim")?.source == .project, "a plugin pinned by the project wins")
    }
}
