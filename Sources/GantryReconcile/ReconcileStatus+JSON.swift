import Foundation
import GantryBasics

extension ReconcileStatus {
    /// The `/status` document: kstatus-style conditions, revisions, last error and history.
    public var json: Value {
        func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }
        let conditions: [Value] = conditions.map { condition in
            .object(["type": .string(condition.type),
                     "status": .string(condition.status.map { $0 ? "True" : "False" } ?? "Unknown"),
                     "reason": .string(condition.reason.rawValue),
                     "message": .string(condition.message)])
        }
        let history: [Value] = history.map { run in
            .object(["revision": optional(run.revision), "result": .string(run.result),
                     "startedAt": .double(run.startedAt), "durationSeconds": .double(run.durationSeconds),
                     "add": .int(run.add), "change": .int(run.change), "destroy": .int(run.destroy),
                     "drifted": .int(run.drifted), "message": optional(run.message)])
        }
        return .object([
            "source": .object(["url": .string(url), "ref": .string(reference)]),
            "mode": .string(mode.rawValue),
            "suspended": .bool(suspended),
            "standby": .bool(standby),
            "conditions": .array(conditions),
            "lastFetchedRevision": optional(lastFetchedRevision),
            "lastAttemptedRevision": optional(lastAttemptedRevision),
            "lastAppliedRevision": optional(lastAppliedRevision),
            "lastError": optional(lastError),
            "driftedResources": .array(driftedResources.map(Value.string)),
            "history": .array(history),
        ])
    }

    /// `/metrics` in the Prometheus text exposition format, computed from this snapshot.
    public var prometheusText: String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("gantry_reconcile_duration_seconds", "histogram", "Duration of reconcile runs.")
        var cumulative = 0
        for (bound, count) in zip(durations.bounds, durations.counts) {
            cumulative += count
            out += "gantry_reconcile_duration_seconds_bucket{le=\"\(Self.number(bound))\"} \(cumulative)\n"
        }
        out += "gantry_reconcile_duration_seconds_bucket{le=\"+Inf\"} \(durations.count)\n"
        out += "gantry_reconcile_duration_seconds_sum \(Self.number(durations.sum))\n"
        out += "gantry_reconcile_duration_seconds_count \(durations.count)\n"
        family("gantry_reconcile_total", "counter", "Reconcile runs by result.")
        for result in RunOutcome.Result.allCases.map(\.rawValue) + ["fetch-failed", "suspended"] {
            out += "gantry_reconcile_total{result=\"\(result)\"} \(totals[result] ?? 0)\n"
        }
        family("gantry_git_fetch_failures_total", "counter", "Failed or timed-out git fetches.")
        out += "gantry_git_fetch_failures_total \(fetchFailures)\n"
        family("gantry_git_abandoned_operations", "gauge", "Git operations abandoned at their deadline, still blocked.")
        out += "gantry_git_abandoned_operations \(abandonedGitOperations)\n"
        family("gantry_drift_resources", "gauge", "Resources whose cloud object drifted from the state at the last run.")
        out += "gantry_drift_resources \(driftedResources.count)\n"
        family("gantry_resource_info", "gauge", "The reconciled source: readiness, suspension and revision.")
        let ready = conditions.first { $0.type == "Ready" }?.status.map { $0 ? "True" : "False" } ?? "Unknown"
        let revision = Self.label(lastAppliedRevision ?? "")
        out += "gantry_resource_info{ready=\"\(ready)\",suspended=\"\(suspended)\",revision=\"\(revision)\","
            + "url=\"\(Self.label(url))\"} 1\n"
        return out
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Escapes a label value (backslash, quote, newline).
    private static func label(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
