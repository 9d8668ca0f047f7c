import GantryBasics
import GantryEngine
import GantryGraph
import GantrySpec

/// `gantry graph DIR`: the dependency graph of a spec, for Graphviz or tools.
struct GraphCommand: GantryCommand {
    enum Format: String, CaseIterable, ArgumentValue { case dot, json }

    static let format = Option<Format>("format", valueName: "format", default: "dot", help: "Output format.")
    static let lowered = Flag(
        "lowered", help: "Show the provider resources the spec lowers to (networks → subnets → node groups …) "
            + "instead of the spec's items.")

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "graph",
            abstract: "Print the dependency graph of a spec (DOT or JSON).",
            discussion: """
                Edges point from a dependent to what it depends on: references (${…}) and
                implicit edges such as pool → network and storage → attached pools. With
                --lowered, the graph is of the provider resources that apply would create;
                lowering runs in the provider but calls no cloud API.

                EXAMPLES:
                  gantry graph Examples/quickstart | dot -Tsvg > graph.svg
                  gantry graph Examples/quickstart --lowered --format json
                """,
            arguments: SpecArguments.definitions + [format.definition, lowered.definition])
    }

    var path: String
    var variables: [String]
    var variableFiles: [String]
    var format: Format
    var lowered: Bool

    init(arguments: ParsedArguments) throws {
        path = try arguments.required(SpecArguments.directory)
        variables = try arguments.values(SpecArguments.variables)
        variableFiles = try arguments.values(SpecArguments.variableFiles)
        format = try arguments.value(Self.format) ?? .dot
        lowered = try arguments.flag(Self.lowered)
    }

    func run(in context: CommandContext) async throws -> ExitCode {
        let session = try await SpecSession.load(path, variables: variables, variableFiles: variableFiles,
                                                 startingProviders: lowered, in: context)
        let graph = lowered ? try await loweredGraph(session) : session.spec.itemGraph()
        switch format {
        case .dot: context.output.write(GraphExport.dot(graph, label: \.rawValue))
        case .json: context.output.line(GraphExport.json(graph, label: \.rawValue))
        }
        return .success
    }

    private func loweredGraph(_ session: SpecSession) async throws -> Graph<ResourceAddress> {
        let engine = Engine(providers: try await session.providers(), store: session.stateStore())
        let lowered = try await engine.lower(session.spec.intents())
        var graph = Graph<ResourceAddress>()
        for resource in lowered.resources { graph.addNode(resource.address) }
        for resource in lowered.resources {
            // A resource needs what its attributes reference (vpc_id = ${…vpc.id}) and what it lists.
            let referenced = resource.attributes.keys.sorted().flatMap { resource.attributes[$0]?.references ?? [] }
            for dependency in referenced.map(\.address) + resource.dependsOn
            where graph.contains(dependency) && dependency != resource.address {
                graph.addEdge(from: resource.address, to: dependency)
            }
        }
        return graph
    }
}
