import GantryBasics

extension Validator {
    /// Dependency cycles among items (filled in once GantryGraph lands on main).
    static func cycleDiagnostics(_ items: [IntentItem]) -> [Diagnostic] { [] }
}
