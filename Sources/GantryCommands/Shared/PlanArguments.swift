import GantryBasics
import GantryEngine

/// Arguments `plan`, `apply` and `destroy` share: which resources, whether to refresh,
/// colour and the state lock.
enum PlanArguments {
    static let targets = Option<String>(
        "target", valueName: "address", repeating: true,
        help: "Only this resource or item (and what it depends on); repeat for several.")
    static let excludes = Option<String>(
        "exclude", valueName: "address", repeating: true,
        help: "Leave this resource or item (and what depends on it) alone; repeat for several.")
    static let refresh = Flag("refresh", default: true, help: "Read the recorded resources from the cloud first.")
    static let noColor = Flag("no-color", help: "Plain text even on a terminal.")

    static var definitions: [ArgumentDefinition] {
        [targets.definition, excludes.definition, refresh.definition, noColor.definition,
         StateLock.timeoutOption.definition, StateBackendSelection.urlOption.definition]
    }

    /// The engine's plan options from the parsed arguments.
    static func options(_ arguments: ParsedArguments) throws -> PlanOptions {
        let refreshFirst = try arguments.flag(refresh)
        let targetAddresses = try arguments.values(targets).map { ResourceAddress($0) }
        let excludedAddresses = try arguments.values(excludes).map { ResourceAddress($0) }
        return PlanOptions(refresh: refreshFirst, targets: targetAddresses, excludes: excludedAddresses)
    }
}
