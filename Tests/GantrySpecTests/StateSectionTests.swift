import GantryBasics
@testable import GantrySpec
import Testing

/// The top-level `state:` section: which backend holds the state, and its lock lease.
struct StateSectionTests {
    private let base = "project: p\nnetworks: { main: { regions: [us-east-1], cidr: 10.0.0.0/16 } }\n"

    @Test func postgresWithLease() throws {
        let result = load(base + "state: { backend: postgres, url: \"postgres://gantry@db:5432/infra\", lock: { lease: 2m } }\n")
        let state = try #require(result.spec?.state, "\(rendered(result))")
        #expect(state.backend == .postgres(url: "postgres://gantry@db:5432/infra", name: nil))
        #expect(state.lease == TimeSpan(seconds: 120))
    }

    @Test func s3WithEndpoint() throws {
        let result = load(base + "state: { backend: s3, bucket: b, key: k/state.json, region: eu-west-1, endpoint: \"http://127.0.0.1:5000\" }\n")
        let state = try #require(result.spec?.state, "\(rendered(result))")
        #expect(state.backend == .s3(bucket: "b", key: "k/state.json", region: "eu-west-1", endpoint: "http://127.0.0.1:5000"))
    }

    @Test func noSectionMeansLocal() {
        #expect(load(base).spec?.state == nil)
    }

    @Test(arguments: [
        ("state: { backend: postgress, url: x }", "invalid-value", "did you mean 'postgres'?"),
        ("state: { backend: s3, bucket: b, kye: k }", "unknown-key", "did you mean 'key'?"),
        ("state: { backend: postgres, url: x, bucket: b }", "unknown-key", "setting of the s3 backend, not postgres"),
        ("state: { backend: s3, bucket: b }", "missing-key", "needs 'key'"),
        ("state: { backend: postgres, url: \"postgres://u:hunter2@db/x\" }", "secret-in-spec", "PGPASSWORD"),
        ("state: { backend: postgres, url: x, lock: { lease: 0s } }", "invalid-value", "too short"),
        ("sate: { backend: local }", "unknown-key", "did you mean 'state'?"),
    ])
    func mistakesAreExplained(yaml: String, code: String, text: String) {
        let result = load(base + yaml + "\n")
        #expect(result.spec == nil)
        #expect(result.codes.contains(code), "\(rendered(result))")
        #expect(rendered(result).contains(text), "\(rendered(result))")
    }
}
