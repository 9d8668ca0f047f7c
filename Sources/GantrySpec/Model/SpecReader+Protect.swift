extension SpecReader {
    /// An item's `protect:` flag (false when absent; a wrong type is reported).
    ///
    /// It marks the item, not its body: it is not an intent attribute, so providers never see
    /// it and toggling it changes no plan.
    mutating func protectFlag(_ f: Fields) -> Bool {
        bool(f["protect"], path: f.path("protect")).value ?? false
    }
}
