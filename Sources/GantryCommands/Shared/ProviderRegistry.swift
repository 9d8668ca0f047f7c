import AWSProvider
import GantryBasics
import GantryProviderKit
import SimProvider

/// The providers this build can run, by the name specs use under `providers:`.
enum ProviderRegistry {
    /// Names of providers built into `gantry`.
    static let builtIn = ["sim", "aws"]

    /// One configured provider per entry of the spec's `providers:` section.
    ///
    /// - Throws: `CommandError` naming a provider this build doesn't have (with the
    ///   nearest name), or the provider's own configuration error.
    static func configuredProviders(for blocks: [String: [String: Value]], workspace: Workspace) async throws
        -> [String: any Provider]
    {
        var providers: [String: any Provider] = [:]
        for (name, config) in blocks.sorted(by: { $0.key < $1.key }) {
            let provider: any Provider
            switch name {
            case "sim":
                provider = SimProvider()
            case "aws":
                provider = AWSProvider()
            default:
                let suggestion = EditDistance.hint(for: name, among: builtIn).map { "; \($0)" } ?? ""
                throw CommandError("provider '\(name)' is not available in this build of gantry\(suggestion)",
                                   hint: "built-in providers: \(builtIn.joined(separator: ", "))")
            }
            do {
                try await provider.configure(ConfigureRequest(config: config, workingDirectory: workspace.directory))
            } catch {
                throw CommandError("provider '\(name)' rejected its configuration: \(ErrorPresenter.describe(error))",
                                   hint: "check the providers.\(name) block of the spec")
            }
            providers[name] = provider
        }
        return providers
    }
}
