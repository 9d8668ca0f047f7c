import GantryProviderKit

/// `gantry providers`: the provider plugins Gantry finds, in search order, with the
/// version each reports in its handshake.
struct ProvidersCommand: GantryCommand {
    static let directory = Option<String>("directory", short: "C", valueName: "dir",
                                          help: "The project whose .gantry/plugins/ is searched first (default: .).")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "providers",
            abstract: "List the provider plugins found, with their versions and paths.",
            discussion: """
                Plugins are executables named gantry-provider-NAME, searched in the project's
                .gantry/plugins/, then GANTRY_PLUGIN_PATH, then next to the gantry executable,
                then PATH. The first one found for a name is used; later ones are marked shadowed.
                Each plugin is started briefly to ask its version.

                EXAMPLES:
                  gantry providers
                  gantry providers -C Examples/quickstart
                """,
            arguments: [directory.definition])
    }

    var directory: String

    init(arguments: ParsedArguments) throws {
        directory = try arguments.value(Self.directory) ?? "."
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let discovery = PluginDiscovery(projectDirectory: context.resolve(directory), environment: context.environment,
                                        executableDirectory: PluginDiscovery.runningExecutableDirectory())
        let plugins = discovery.all()
        var options = PluginHostOptions(environment: context.environment, gantryVersion: Gantry.version)
        options.handshakeTimeout = .seconds(10)
        options.shutdownGrace = .seconds(2)
        let hostOptions = options
        // Ask every plugin at once: each answers its handshake independently.
        let versions = await withTaskGroup(of: (Int, String).self) { group in
            for (index, plugin) in plugins.enumerated() {
                group.addTask {
                    let host = PluginProvider(name: plugin.name, executable: plugin.path, options: hostOptions)
                    do {
                        let handshake = try await host.start()
                        await host.shutdown()
                        return (index, "\(handshake.version) (protocol \(handshake.protocolVersion))")
                    } catch {
                        await host.shutdown()
                        return (index, "unusable: \((error as? ProviderError)?.message ?? "\(error)")")
                    }
                }
            }
            var out: [Int: String] = [:]
            for await (index, text) in group { out[index] = text }
            return out
        }
        var table = TextTable([.init(title: "PROVIDER"), .init(title: "VERSION"), .init(title: "FOUND IN"),
                               .init(title: "PATH")])
        var seen = Set<String>()
        for (index, plugin) in plugins.enumerated() {
            let shadowed = !seen.insert(plugin.name).inserted
            table.append([plugin.name + (shadowed ? " (shadowed)" : ""), versions[index] ?? "?",
                          plugin.source.rawValue, plugin.path])
        }
        if !plugins.isEmpty { context.output.write(table.render()) }
        let inProcess = ProviderRegistry.builtIn.keys.sorted().filter { !seen.contains($0) }
        for name in inProcess { context.output.line("\(name): built in (runs inside gantry; no plugin found)") }
        context.errorOutput.line("\(Set(plugins.map(\.name)).count) provider plugin(s) found; searched "
                                 + discovery.directories.map(\.path).joined(separator: ", "))
        return .success
    }
}
