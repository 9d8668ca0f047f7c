/// What can go wrong in the policy stage outside the rules themselves: unreadable plans.
///
/// Rule violations are not errors: they are findings in a `PolicyReport`.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
        case unreadablePlan
        case notAPlan
    }

    let code: Code
    /// The file concerned.
    public var path: String
    /// What is wrong with it.
    public var reason: String
    /// How to fix it.
    public var hint: String?

    static func unreadablePlan(_ path: String, _ reason: String) -> PolicyError {
        PolicyError(code: .unreadablePlan, path: path, reason: reason, hint: "check the path; make plans with `gantry plan DIR --json > plan.json`")
    }

    static func notAPlan(_ path: String, _ reason: String) -> PolicyError {
        PolicyError(code: .notAPlan, path: path, reason: reason,
                    hint: "pass the output of `gantry plan DIR --json` or a plan saved with `gantry plan DIR --out FILE`")
    }

    /// `unreadable-plan`, `not-a-plan`: short, for logs and metric labels.
    public var shortName: String {
        switch code {
        case .unreadablePlan: return "unreadable-plan"
        case .notAPlan: return "not-a-plan"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
