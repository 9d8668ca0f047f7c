import Foundation
import GantryBasics
import GantryEngine
import GantryState
import XCTest
@testable import AWSProvider

/// Checkov's Terraform-plan scanner (offline, `--skip-download`) reads Gantry's JSON plan of
/// the example and reports on our resources.
extension AWSMotoTests {
    /// `checkov` on PATH (CI: `pip install checkov`), else a venv under /tmp.
    static func checkovPath() -> String? {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/checkov" }
            + ["/tmp/checkov-venv/bin/checkov"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func testCheckovReadsTheExamplePlan() async throws {
        let checkov = try XCTUnwrap(Self.checkovPath(), "checkov is not installed: pip install checkov")
        let spec = try loadExample()
        let aws = try await provider(spec.providers["aws"] ?? [:])
        let plan = try await Engine(providers: ["aws": aws], store: InMemoryStateStore()).plan(spec.intents())
        // Checkov only accepts a plan naming `terraform_version`: the renderer writes it.
        let json = PlanJSONRenderer().render(plan)
        let file = NSTemporaryDirectory() + "gantry-aws-plan-\(UUID().uuidString).json"
        try JSON.encode(json).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: checkov)
        process.arguments = ["-f", file, "--framework", "terraform_plan", "--skip-download", "-o", "json", "--compact"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try JSON.parse(Array(data))
        XCTAssertEqual(report["summary"]?["resource_count"], 24, "Checkov counts every planned resource")
        let passed = report["results"]?["passed_checks"]?.arrayValue ?? []
        let bucketChecks = Set(passed.filter { $0["resource"] == "storage.archive.aws_s3_bucket.main" }
            .compactMap { $0["check_id"]?.stringValue })
        XCTAssertTrue(bucketChecks.isSuperset(of: ["CKV_AWS_19", "CKV_AWS_21"]),
                      "encryption and versioning are seen on the archive bucket: \(bucketChecks.sorted())")
    }
}
