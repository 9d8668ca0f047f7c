import GantryBasics
import GantryReconcile
import XCTest

final class WebhookAndStatusTests: XCTestCase {
    func testGitHubSignatureIsCheckedAgainstTheBody() {
        let verifier = WebhookVerifier(secret: "s3cret")
        let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)
        let good = "sha256=" + SHA256.hex(SHA256.hmac(key: Array("s3cret".utf8), message: body))
        XCTAssertEqual(verifier.verify(body: body) { $0 == "X-Hub-Signature-256" ? good : nil }, .accepted(forge: "github"))
        XCTAssertEqual(verifier.verify(body: body + [0x20]) { $0 == "X-Hub-Signature-256" ? good : nil },
                       .rejected("bad signature"))
        XCTAssertEqual(verifier.verify(body: body) { $0 == "X-Gitlab-Token" ? "s3cret" : nil }, .accepted(forge: "gitlab"))
        XCTAssertEqual(verifier.verify(body: body) { $0 == "X-Gitlab-Token" ? "s3cre" : nil }, .rejected("bad token"))
        XCTAssertEqual(verifier.verify(body: body) { _ in nil },
                       .rejected("no X-Hub-Signature-256 or X-Gitlab-Token header"))
    }

    func testStalledUntilANewCommitAndMetricsFamilies() {
        var status = ReconcileStatus(url: "file:///r", reference: "branch main", mode: .apply)
        XCTAssertEqual(status.conditions.first?.status, nil, "Unknown before the first run")
        status.lastAttemptedRevision = "main@sha1:c"
        status.lastError = "main@sha1:c: infra/gantry.yaml:3:1: error"
        status.lastErrorReason = .buildFailed
        status.consecutiveFailures = 1
        let types = status.conditions.map { "\($0.type)=\($0.reason.rawValue)" }
        XCTAssertEqual(types, ["Ready=BuildFailed", "Reconciling=ProgressingWithRetry", "Stalled=BuildFailed"])
        status.durations.observe(0.3)
        status.totals["invalid"] = 1
        let text = status.prometheusText
        XCTAssertTrue(text.contains("gantry_reconcile_duration_seconds_bucket{le=\"0.5\"} 1"), text)
        XCTAssertTrue(text.contains("gantry_reconcile_duration_seconds_bucket{le=\"0.25\"} 0"), text)
        XCTAssertTrue(text.contains("gantry_reconcile_total{result=\"invalid\"} 1"), text)
        XCTAssertTrue(text.contains("gantry_resource_info{ready=\"False\",suspended=\"false\""), text)
    }
}
