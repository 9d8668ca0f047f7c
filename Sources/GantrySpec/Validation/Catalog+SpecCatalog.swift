extension SpecLoader {
    /// The catalog used when none is given (the embedded GantryCatalog once it lands).
    static var defaultCatalog: (any SpecCatalog)? { nil }
}
