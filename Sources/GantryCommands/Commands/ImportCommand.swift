import GantryBasics
import GantryEngine

/// `gantry import DIR ADDRESS ID`: start managing a resource that already exists.
struct ImportCommand: GantryCommand {
    static let address = Positional<String>(
        "address", help: "Where to record it: the address plan shows for it (node_pools.a.sim_node_group.main).")
    static let id = Positional<String>("id", help: "The cloud's id for the resource.")
    static let type = Option<String>(
        "type", valueName: "type", help: "The resource type, when the address doesn't end in TYPE.NAME.")
    static let provider = Option<String>(
        "provider", valueName: "name", help: "The provider, when the type's prefix doesn't name it.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "import",
            abstract: "Record an existing cloud resource in the state, so Gantry manages it.",
            discussion: """
                Reads the resource by id from its provider and records it at ADDRESS. The type
                comes from the address (…​.sim_node_group.main → sim_node_group) and the
                provider from the type's prefix (sim_ → sim). Run plan afterwards to see how
                it differs from the spec.

                EXAMPLES:
                  gantry import Examples/quickstart storage.artifacts.sim_bucket.main sim-bucket-00000007
                """,
            arguments: [SpecArguments.directory.definition, address.definition, id.definition, type.definition,
                        provider.definition, SpecArguments.variables.definition,
                        SpecArguments.variableFiles.definition, StateLock.timeoutOption.definition,
                        StateBackendSelection.urlOption.definition])
    }

    var path: String
    var address: String
    var id: String
    var type: String?
    var provider: String?
    var variables: [String]
    var variableFiles: [String]
    var lockTimeout: Double
    var stateURL: String?

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        address = try arguments.required(Self.address)
        id = try arguments.required(Self.id)
        type = try arguments.value(Self.type)
        provider = try arguments.value(Self.provider)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        lockTimeout = try arguments.value(StateLock.timeoutOption) ?? 0
        stateURL = try arguments.value(StateBackendSelection.urlOption)
    }

    func validate() throws {
        if type == nil && Self.resourceType(in: address) == nil {
            throw UsageError("cannot tell the resource type from '\(address)'; pass --type TYPE.")
        }
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let session = try await SpecSession.load(path, variables: variables, variableFiles: variableFiles, stateURL: stateURL,
                                                 startingProviders: true, in: context)
        let resourceType = type ?? Self.resourceType(in: address) ?? ""
        let providerName = provider
            ?? session.spec.providers.keys.first { resourceType.hasPrefix($0 + "_") }
            ?? session.spec.defaultProvider
        let store = session.stateStore()
        let record = try await StateLock.withLock(store, operation: "import", timeout: lockTimeout) {
            let engine = Engine(providers: try await session.providers(), store: store)
            return try await engine.importResource(address: ResourceAddress(address), type: resourceType, id: id,
                                                   provider: providerName)
        }
        context.output.line("Imported \(record.type) \(record.id) as \(record.address).")
        context.output.line("Run `gantry plan \(path)` to see how it differs from the spec.")
        return .success
    }

    /// `kind.name[key].TYPE.NAME` → `TYPE`: the second-to-last dotted segment outside brackets.
    static func resourceType(in address: String) -> String? {
        var segments: [String] = []
        var current = ""
        var depth = 0
        for character in address {
            switch character {
            case "[": depth += 1; current.append(character)
            case "]": depth -= 1; current.append(character)
            case "." where depth == 0: segments.append(current); current = ""
            default: current.append(character)
            }
        }
        segments.append(current)
        guard segments.count >= 4 else { return nil }
        let candidate = segments[segments.count - 2]
        return candidate.isEmpty || candidate.contains("[") ? nil : candidate
    }
}
