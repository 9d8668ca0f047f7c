import Foundation
import Testing
import GantryBasics
@testable import GantrySpec

@Suite struct SpecLoaderTests {
    @Test func quickstartLoadsIntoIntents() throws {
        let result = SpecLoader(environment: [:]).load(path: repositoryRoot.appendingPathComponent("Examples/quickstart").path)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let spec = try #require(result.spec)
        #expect(spec.project == "quickstart")
        #expect(spec.defaultProvider == "sim")
        let addresses = spec.intents().map(\.address.rawValue)
        #expect(addresses == ["regions.us-east-1", "networks.main", "node_pools.l4-dev", "storage.artifacts"])
        let pool = try #require(result.intent("node_pools.l4-dev"))
        #expect(pool.region == "us-east-1")
        #expect(pool.dependsOn == ["networks.main"])
        #expect(pool.attributes["nodes"]?["desired"] == 1)
        #expect(pool.attributes["labels"]?["env"] == "dev")
        #expect(pool.attributes["gpu"] == ["model": "L4", "count": 1])
        let store = try #require(result.intent("storage.artifacts"))
        #expect(store.attributes["lifecycle"]?.arrayValue?.first?["after"] == .int(30 * 86_400))
    }

    @Test func variablesFromCommandLineAndEnvironment() throws {
        let path = repositoryRoot.appendingPathComponent("Examples/quickstart").path
        let prod = SpecLoader(variables: ["env": "prod"], environment: [:]).load(path: path)
        #expect(prod.intent("node_pools.l4-dev")?.attributes["nodes"]?["desired"] == 2)
        let fromEnv = SpecLoader(environment: ["GANTRY_VAR_env": "prod"]).load(path: path)
        #expect(fromEnv.intent("node_pools.l4-dev")?.attributes["nodes"]?["desired"] == 2)
        let wrong = SpecLoader(variables: ["env": "staging"], environment: [:]).load(path: path)
        #expect(wrong.spec == nil)
        #expect(wrong.codes.contains("invalid-variable"))
    }

    @Test func misspelledKeysSuggestTheRightOne() {
        let result = load("""
        project: x
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        node_pool:
          a: {}
        """)
        #expect(result.spec == nil)
        let d = result.errors.first
        #expect(d?.code == "unknown-key")
        #expect(d?.hint == "did you mean 'node_pools'?")
        #expect(d?.location == SourceLocation(file: "spec.yaml", line: 4, column: 1))
    }
}
