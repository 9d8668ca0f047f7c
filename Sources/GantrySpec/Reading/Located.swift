import GantryBasics

/// A value together with the place in a spec file it came from.
struct Located<T: Sendable>: Sendable {
    var value: T
    var location: SourceLocation

    init(_ value: T, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where T: Equatable {}
extension Located: Hashable where T: Hashable {}
