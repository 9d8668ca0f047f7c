import GantryBasics
import Synchronization
import Testing
@testable import GantrySpec

/// `SpecLoader.onProviders`: the providers section is handed over as soon as it is read,
/// once, and only when it is valid — the CLI starts plugins from it while the rest loads.
@Suite struct ProviderAnnouncementTests {
    private func announced(_ yaml: String, variables: [String: String] = [:])
        -> (calls: [[String: [String: Value]]], result: SpecLoadResult)
    {
        let calls = Mutex<[[String: [String: Value]]]>([])
        var loader = SpecLoader(variables: variables, environment: [:])
        loader.onProviders = { providers in calls.withLock { $0.append(providers) } }
        let result = loader.load(files: [("gantry.yaml", Array(yaml.utf8))])
        return (calls.withLock { $0 }, result)
    }

    @Test func theEvaluatedSectionIsAnnouncedOnce() {
        let (calls, result) = announced("""
            variables: { seed: { default: 7 } }
            providers:
              sim: { seed: "${var.seed}", regions: [us-east-1] }
            resources:
              a: { type: sim_data, properties: { input: x } }
            """)
        #expect(result.spec != nil)
        #expect(calls.count == 1)
        #expect(calls.first?["sim"]?["seed"] == 7)
        #expect(calls.first?["sim"]?["regions"] == ["us-east-1"])
    }

    @Test func aSpecWithoutProvidersAnnouncesTheDefaultSim() {
        let (calls, _) = announced("resources:\n  a: { type: sim_data, properties: { input: x } }\n")
        #expect(calls.map { Array($0.keys) } == [["sim"]])
    }

    @Test func anInvalidProvidersSectionIsNotAnnounced() {
        let (calls, result) = announced("""
            providers:
              sim: [not, a, mapping]
            resources:
              a: { type: sim_data, properties: { input: x } }
            """)
        #expect(result.spec == nil)
        #expect(calls.isEmpty)
    }

    @Test func laterErrorsDoNotUndoTheAnnouncement() {
        // Items are read after the announcement: the caller must stop what it started.
        let (calls, result) = announced("""
            providers:
              sim: {}
            resources:
              a: { type: sim_data, properties: { input: "${resources.missing.id}" } }
            """)
        #expect(result.spec == nil)
        #expect(calls.count == 1)
    }
}
