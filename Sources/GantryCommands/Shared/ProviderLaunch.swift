import GantryBasics
import GantryProviderKit
import Synchronization

/// A spec's providers started ahead of need: while the spec is still loading.
///
/// Starting a plugin — process, handshake, schema, configure and the provider's own
/// warm-up (the sim reads its world) — takes tens of milliseconds and, for a large world,
/// far more. A command that will certainly need its providers starts them as soon as the
/// spec's `providers:` section is read (`SpecLoader.onProviders`), so that start-up runs
/// on the other core while the items are read and validated, not after.
///
/// The providers are handed out once (`take()`); a launch nobody takes — the spec had
/// errors, the state lock was held — is stopped by `abandon()`, or at the latest by
/// `ProviderRegistry.shutdownAll()` before the process exits.
final class ProviderLaunch: Sendable {
    private let task: Task<[String: any Provider], any Error>
    private let taken = Mutex(false)

    /// Starts configuring `blocks` (the spec's `providers:` section) in the background.
    init(blocks: [String: [String: Value]], workspace: Workspace) {
        task = Task { try await ProviderRegistry.configuredProviders(for: blocks, workspace: workspace) }
    }

    /// The configured providers, the first time; nil after that, so a second caller starts
    /// its own set rather than sharing (and later stopping) this one.
    /// - Throws: what configuring threw (`CommandError` naming the provider).
    func take() async throws -> [String: any Provider]? {
        guard claim() else { return nil }
        return try await task.value
    }

    /// Stops the providers unless they were taken, waiting for their start to finish so
    /// no plugin process outlives the command.
    func abandon() async {
        guard claim() else { return }
        if let providers = try? await task.value { await ProviderRegistry.shutdown(providers) }
    }

    private func claim() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}
