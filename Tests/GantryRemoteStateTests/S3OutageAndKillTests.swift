import Foundation
import GantryBasics
import GantryHTTP
import GantryState
@testable import GantryRemoteState
import XCTest

/// S3 scenarios that stop or kill things: each starts its own moto.
final class S3OutageAndKillTests: XCTestCase {
    private static let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    private static func makeBucket(_ moto: MotoServer) async throws {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        _ = try await HTTPClient.shared.send(signer.sign(HTTPRequest(method: "PUT", url: "\(moto.endpoint)/gantry-state")))
    }

    func testStoreStoppedMidApplyLeavesAnEmergencyCopyAndSaysWhere() async throws {
        let moto = try MotoServer()
        var running = true
        defer { if running { moto.stop() } }
        try await Self.makeBucket(moto)
        let scratch = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let store = S3StateStore(bucket: "gantry-state", key: "outage/state.json", region: "us-east-1",
                                 endpoint: moto.endpoint, credentials: Self.credentials, lease: LeaseOptions(lease: 60),
                                 emergencyDirectory: scratch + "/.gantry")
        try await store.lock(Fixtures.lock())
        try await store.commit(StateDocument(serial: 1, lineage: "l-s3", resources: [Fixtures.resource("a")]))
        _ = try await store.load()
        try await store.append([.put(Fixtures.resource("b"))])

        moto.stop()
        running = false
        do {
            try await store.append([.put(Fixtures.resource("c"))])
            XCTFail("an append to a stopped store must fail")
        } catch let error as RemoteStateError {
            XCTAssertEqual(error.code, "unavailable")
            let path = try XCTUnwrap(error.emergencyCopy, "\(error)")
            XCTAssertEqual(path, scratch + "/.gantry/emergency-state-2.json")
            XCTAssertTrue(error.description.contains("gantry state push \(path)"))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
            let saved = try StateDocument(file: Array(try Data(contentsOf: URL(fileURLWithPath: path))), named: path)
            XCTAssertEqual(saved.resources.map(\.id), ["ng-a", "ng-b", "ng-c"])
        }
    }

    func testKilledApplyIsTakenOverAfterItsLease() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        try await Self.makeBucket(moto)
        let project = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: project) }
        setenv("AWS_ACCESS_KEY_ID", "testing", 1)
        setenv("AWS_SECRET_ACCESS_KEY", "testing", 1)
        let spec = PostgresKilledApplyTests.spec(url: "unused")
            .replacingOccurrences(of: "  backend: postgres\n  url: \"unused\"\n",
                                  with: "  backend: s3\n  bucket: gantry-state\n  key: killed/state.json\n  region: us-east-1\n  endpoint: \"\(moto.endpoint)\"\n")
        try spec.write(toFile: project + "/gantry.yaml", atomically: true, encoding: .utf8)
        let probe = S3StateStore(bucket: "gantry-state", key: "killed/state.json", region: "us-east-1",
                                 endpoint: moto.endpoint, credentials: Self.credentials)

        let first = try GantryProcess.start(["apply", project, "--auto-approve"], log: project + "/first.log")
        var journaled = false
        for _ in 0..<600 where !journaled {
            let objects = try await probe.client.list(prefix: "killed/state.json.journal/", operation: "test")
            journaled = objects.count >= 3
            if !journaled { try await Task.sleep(for: .milliseconds(100)) }
        }
        first.kill9()
        _ = first.wait()
        XCTAssertTrue(journaled, first.output)

        let next = try GantryProcess.run(["apply", project, "--auto-approve", "--lock-timeout", "60"], log: project + "/next.log")
        XCTAssertEqual(next.exitCode, 0, next.output)
        XCTAssertTrue(next.output.contains("took over the state lock from") && next.output.contains("pid \(first.pid)"),
                      next.output)
        let cloud = try GantryProcess.run(["sim", "list", "-C", project], log: project + "/sim.log")
        XCTAssertTrue(cloud.output.contains("8 resources in the simulated cloud"), cloud.output)
        let plan = try GantryProcess.run(["plan", project, "--detailed-exitcode"], log: project + "/plan.log")
        XCTAssertEqual(plan.exitCode, 0, plan.output)
    }
}
