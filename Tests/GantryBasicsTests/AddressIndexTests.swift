import GantryBasics
import Testing

/// Elements are found at the guessed position or, out of order, through the table.
@Suite struct AddressIndexTests {
    static func item(_ name: String) -> IntentItem {
        IntentItem(address: ResourceAddress("resources.\(name)"), kind: "resources", name: name, region: nil,
                   provider: "sim", attributes: [:])
    }

    @Test func guessesFirstThenTheTable() {
        var index = AddressIndex(["a", "b", "c", "b"].map(Self.item))
        #expect(index.position(of: "resources.b", trying: 1..<2) == 1)
        #expect(index.position(of: "resources.b", trying: 3..<4) == 3)  // a right guess wins
        #expect(index.position(of: "resources.c", trying: 0..<1) == 2)  // a wrong guess: the table
        #expect(index.position(of: "resources.b", trying: 0..<0) == 1)  // the table keeps the first
        #expect(index.position(of: "resources.a", trying: 7..<9) == 0)  // guesses past the end are ignored
        #expect(index.position(of: "resources.z", trying: 0..<4) == nil)
    }
}
