import GantryBasics

/// Recorded resources are found by address in `AddressIndex` (the refresh's read answers).
extension ResourceState: Addressed {}
