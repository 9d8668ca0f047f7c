/// Something with a resource address (an intent item, a recorded resource).
public protocol Addressed {
    var address: ResourceAddress { get }
}

extension IntentItem: Addressed {}

/// Finds elements by address where they are usually met in a known order — read answers
/// in request order, a provider's resources in item order.
///
/// The caller names the positions to try first, each one comparison and no hashing; only
/// an element met out of order is looked up in an address table, built the first time one
/// is. Of elements sharing an address, the table keeps the first.
///
/// ```swift
/// var index = AddressIndex(items)
/// let position = index.position(of: resource.origin, trying: cursor..<cursor + 2)
/// ```
public struct AddressIndex<Element: Addressed> {
    public let elements: [Element]
    @usableFromInline var table: [ResourceAddress: Int]?

    public init(_ elements: [Element]) { self.elements = elements }

    /// The position of the element at `address`: one of `guesses` if it is there, else
    /// from the table; nil when no element has that address.
    @inlinable
    public mutating func position(of address: ResourceAddress, trying guesses: Range<Int>) -> Int? {
        for position in guesses.clamped(to: elements.indices) where elements[position].address == address {
            return position
        }
        if table == nil {
            var built: [ResourceAddress: Int] = [:]
            built.reserveCapacity(elements.count)
            for position in elements.indices where built[elements[position].address] == nil {
                built[elements[position].address] = position
            }
            table = built
        }
        return table?[address]
    }
}
