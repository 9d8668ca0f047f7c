import Foundation
import Testing
import GantryBasics
@testable import GantrySpec

@Suite struct LoadingTests {
    @Test func multiDocumentFilesAndMergeKeysAreRead() throws {
        let result = load("""
        project: docs
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        ---
        node_pools:
          base: &pool
            network: main
            gpu: { model: L4 }
            nodes: { min: 0, max: 2 }
          copy:
            <<: *pool
            nodes: { min: 1, max: 3 }
        """)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let copy = try #require(result.intent("node_pools.copy"))
        #expect(copy.attributes["network"] == "main")
        #expect(copy.attributes["nodes"] == ["min": 1, "max": 3, "desired": 1])
    }

    @Test func directoriesSkipHiddenFilesAndSubdirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-spec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".gantry"), withIntermediateDirectories: true)
        try "project: d\n".write(to: dir.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
        try "networks:\n  n: { regions: [us-east-1], cidr: 10.0.0.0/16 }\n"
            .write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "garbage: [".write(to: dir.appendingPathComponent(".hidden.yaml"), atomically: true, encoding: .utf8)
        try "garbage: [".write(to: dir.appendingPathComponent(".gantry/state.yaml"), atomically: true, encoding: .utf8)
        try "not yaml".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let result = SpecLoader(environment: [:]).load(path: dir.path)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        #expect(result.spec?.sourceFiles.map { URL(fileURLWithPath: $0).lastPathComponent } == ["a.yml", "b.yaml"])
        #expect(result.spec?.project == "d")
    }

    @Test func missingPathsAndEmptyDirectoriesAreClear() throws {
        #expect(SpecLoader(environment: [:]).load(path: "/nonexistent/specs").codes == ["no-such-file"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(SpecLoader(environment: [:]).load(path: dir.path).codes == ["no-spec-files"])
    }

    @Test func variablePrecedenceAndVarFiles() throws {
        let varFile = FileManager.default.temporaryDirectory.appendingPathComponent("vars-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: varFile) }
        try "replicas: 5\nzones: [a, b]\n".write(to: varFile, atomically: true, encoding: .utf8)
        let spec = """
        variables:
          replicas: { type: number, default: 1 }
          zones: { type: list, default: [] }
          name: { default: base }
        project: "p-${var.name}-${var.replicas}-${length(var.zones)}"
        """
        func project(_ cli: [String: String], env: [String: String], files: [String]) -> String? {
            SpecLoader(variables: cli, variableFiles: files, environment: env)
                .load(files: [("spec.yaml", Array(spec.utf8))]).spec?.project
        }
        #expect(project([:], env: [:], files: []) == "p-base-1-0")
        #expect(project([:], env: ["GANTRY_VAR_replicas": "2"], files: []) == "p-base-2-0")
        #expect(project([:], env: ["GANTRY_VAR_replicas": "2"], files: [varFile.path]) == "p-base-5-2")
        #expect(project(["replicas": "7", "zones": "x,y,z"], env: [:], files: [varFile.path]) == "p-base-7-3")
        let bad = SpecLoader(variables: ["replicas": "many"], environment: [:]).load(files: [("spec.yaml", Array(spec.utf8))])
        #expect(bad.errors.first?.message == "--var replicas=many: 'many' is not a number")
    }

    @Test func rawResourcesPickTheirProviderFromTheTypePrefix() throws {
        let result = load("""
        providers:
          sim: {}
          aws: { region: us-east-1 }
        resources:
          a: { type: aws_s3_bucket, properties: { bucket: logs } }
          b: { type: sim_data }
          c: { type: custom_thing }
        """)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        #expect(result.intent("resources.a")?.provider == "aws")
        #expect(result.intent("resources.b")?.provider == "sim")
        #expect(result.intent("resources.c")?.provider == "sim")
        #expect(result.intent("resources.a")?.attributes == ["type": "aws_s3_bucket", "properties": ["bucket": "logs"]])
        #expect(result.spec?.defaultProvider == "sim")
        #expect(result.spec?.providers["aws"] == ["region": "us-east-1"])
    }

    @Test func policiesKeepTheirLocations() throws {
        let result = load("project: p\npolicies:\n  budget: { max_hourly_usd: 900 }\n")
        let spec = try #require(result.spec)
        #expect(spec.policies == ["budget": ["max_hourly_usd": 900]])
        #expect(spec.policyLocations["budget.max_hourly_usd"] == SourceLocation(file: "spec.yaml", line: 3, column: 29))
    }

    @Test func providersCannotReferenceItems() {
        let result = load("""
        providers:
          sim: { vpc: "${networks.main.id}" }
        networks:
          main: { regions: [us-east-1], cidr: 10.0.0.0/16 }
        """)
        #expect(result.codes == ["reference-not-allowed"])
    }
}
