import GantryRemoteState
import Testing

/// State URLs as users type them, and what is shown of them.
struct StateBackendTests {
    @Test func postgresURLTakesTheStateNameFromTheQuery() throws {
        let backend = try StateBackend.parse(url: "postgres://gantry@db:5432/infra?name=llm&sslmode=require",
                                             defaultName: "project")
        #expect(backend == .postgres(PostgresLocation(url: "postgres://gantry@db:5432/infra?sslmode=require", name: "llm")))
        let plain = try StateBackend.parse(url: "postgresql://db/infra", defaultName: "project")
        #expect(plain == .postgres(PostgresLocation(url: "postgresql://db/infra", name: "project")))
    }

    @Test func s3AndLocal() throws {
        #expect(try StateBackend.parse(url: "s3://bucket/a/b.json?region=eu-west-1", defaultName: "p")
                == .s3(bucket: "bucket", key: "a/b.json", region: "eu-west-1", endpoint: nil))
        #expect(try StateBackend.parse(url: "infra/", defaultName: "p") == .local(directory: "infra/"))
        #expect(throws: RemoteStateError.self) { try StateBackend.parse(url: "s3://bucket", defaultName: "p") }
        #expect(throws: RemoteStateError.self) { try StateBackend.parse(url: "ftp://x/y", defaultName: "p") }
    }

    @Test func passwordsAreNeverShown() {
        #expect(PostgresLocation.redacted("postgres://u:hunter2@db/x") == "postgres://u:***@db/x")
        #expect(PostgresLocation.redacted("postgres://db/x?user=u&password=hunter2") == "postgres://db/x?user=u&password=***")
        let location = PostgresLocation(url: "postgres://u:hunter2@db/x", name: "s")
        #expect(!location.description.contains("hunter2"))
    }

    @Test func leaseHeartbeatStaysWellInsideTheLease() {
        #expect(LeaseOptions().lease == 300)
        #expect(LeaseOptions().heartbeat == 100)
        #expect(LeaseOptions(lease: 2, heartbeat: 5).heartbeat == 1)
    }
}
