import Foundation

/// Finds provider plugins — executables named `gantry-provider-NAME` — on Gantry's
/// search path, in this order:
///
/// 1. `DIR/.gantry/plugins/` of the project (a plugin pinned by the project),
/// 2. each directory of `GANTRY_PLUGIN_PATH` (colon-separated),
/// 3. the directory of the running `gantry` executable (the built-in plugins built and
///    installed next to it are found with no configuration),
/// 4. each directory of `PATH`.
///
/// The first match wins; later ones are reported as shadowed by `gantry providers`.
public struct PluginDiscovery: Sendable {
    /// Where a directory of the search path came from.
    public enum Source: String, Sendable, Hashable {
        case project = ".gantry/plugins"
        case pluginPath = "GANTRY_PLUGIN_PATH"
        case besideGantry = "next to gantry"
        case path = "PATH"
    }

    /// One plugin executable found on the search path.
    public struct Plugin: Sendable, Hashable {
        /// The provider name: `sim` for `gantry-provider-sim`.
        public var name: String
        public var path: String
        public var source: Source
    }

    /// The directories searched, in order.
    public let directories: [(path: String, source: Source)]

    /// - Parameters:
    ///   - projectDirectory: the spec directory whose `.gantry/plugins/` comes first.
    ///   - environment: supplies `GANTRY_PLUGIN_PATH` and `PATH`.
    ///   - executableDirectory: where the running `gantry` lives (`runningExecutableDirectory()`).
    public init(projectDirectory: String?, environment: [String: String], executableDirectory: String?) {
        var dirs: [(String, Source)] = []
        if let projectDirectory { dirs.append((projectDirectory + "/.gantry/plugins", .project)) }
        for dir in Self.split(environment["GANTRY_PLUGIN_PATH"]) { dirs.append((dir, .pluginPath)) }
        if let executableDirectory { dirs.append((executableDirectory, .besideGantry)) }
        for dir in Self.split(environment["PATH"]) { dirs.append((dir, .path)) }
        var seen = Set<String>()
        directories = dirs.filter { seen.insert($0.0).inserted }
    }

    private static func split(_ list: String?) -> [String] {
        (list ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// The plugin for provider `name`: the first executable `gantry-provider-NAME` on the path.
    public func find(_ name: String) -> Plugin? {
        let file = PluginProtocol.executablePrefix + name
        for (dir, source) in directories {
            let path = dir + "/" + file
            if Self.isExecutableFile(path) { return Plugin(name: name, path: path, source: source) }
        }
        return nil
    }

    /// Every plugin on the path, in search order; a name may appear more than once (the
    /// first one is the one used).
    public func all() -> [Plugin] {
        var found: [Plugin] = []
        for (dir, source) in directories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for entry in entries.sorted() where entry.hasPrefix(PluginProtocol.executablePrefix) {
                let name = String(entry.dropFirst(PluginProtocol.executablePrefix.count))
                let path = dir + "/" + entry
                guard !name.isEmpty, !name.contains("."), Self.isExecutableFile(path) else { continue }
                found.append(Plugin(name: name, path: path, source: source))
            }
        }
        return found
    }

    /// An executable that is not a directory (`gantry-provider-sim.product/` is one).
    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// The directory holding the running executable (`/proc/self/exe`), symlinks resolved.
    public static func runningExecutableDirectory() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        return (path as NSString).deletingLastPathComponent
    }
}
