/// A type that can be read from one command-line word.
///
/// `String`, `Int` and `Double` conform; so does any `String`-backed `CaseIterable` enum,
/// which also lists its cases in help and in "expected one of" errors.
public protocol ArgumentValue: Sendable {
    /// Parses one word, or returns nil when it isn't a valid value.
    init?(argument: String)
    /// The closed set of accepted spellings, when there is one.
    static var allowedArgumentValues: [String]? { get }
}

extension ArgumentValue {
    public static var allowedArgumentValues: [String]? { nil }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
}

extension Double: ArgumentValue {
    public init?(argument: String) { self.init(argument) }
}

extension ArgumentValue where Self: CaseIterable & RawRepresentable, RawValue == String {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allowedArgumentValues: [String]? { allCases.map(\.rawValue) }
}
