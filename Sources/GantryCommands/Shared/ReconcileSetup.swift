import Foundation
import GantryBasics
import GantryReconcile

/// `reconcile`'s small setup helpers: durations on the command line, the cache name, the webhook secret.
enum ReconcileSetup {
    /// The cache folder for `url`: a hash, so two remotes never share a cache.
    static func cacheName(for url: String) -> String { String(SHA256.hex(SHA256.hash(url)).prefix(16)) }

    /// The webhook verifier when `--webhook-secret-env` names a set variable.
    static func webhookVerifier(env name: String?, in context: CommandContext) throws -> WebhookVerifier? {
        guard let name else { return nil }
        guard let secret = context.environment[name], !secret.isEmpty else {
            throw CommandError("--webhook-secret-env names \(name), which is not set or empty",
                               hint: "export \(name)=<the secret configured in the forge's webhook>")
        }
        return WebhookVerifier(secret: secret)
    }
}

/// A duration on the command line: `250ms`, `30s`, `5m`, `1h`, or plain seconds (`1.5`).
struct ReconcileDuration: ArgumentValue {
    let duration: Duration

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let unit = units.first { argument.hasSuffix($0.0) && Double(argument.dropLast($0.0.count)) != nil }
        guard let number = Double(unit.map { String(argument.dropLast($0.0.count)) } ?? argument),
              number.isFinite, number >= 0
        else { return nil }
        duration = .milliseconds(Int64((number * (unit?.1 ?? 1) * 1000).rounded()))
    }
}

extension ReconcileMode: ArgumentValue {}
extension ReconcileLog.Format: ArgumentValue {}
