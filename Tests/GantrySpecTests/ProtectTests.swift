import GantryBasics
@testable import GantrySpec
import Testing

/// `protect: true` on an item: recorded on the spec, not in the item's attributes.
struct ProtectTests {
    private let base = """
        project: p
        networks: { main: { regions: [us-east-1, us-west-2], cidr: 10.0.0.0/16, protect: true } }
        storage:
          data: { region: us-east-1, tier: hot, filesystem: object, protect: "${var.env == 'prod'}" }
          scratch: { region: us-east-1, tier: hot, filesystem: object }
        variables: { env: { default: dev } }

        """

    @Test func markedItemsAreListedByPathWhateverTheirRegions() throws {
        let dev = try #require(load(base).spec, "\(rendered(load(base)))")
        #expect(dev.protectedItems == ["networks.main"])
        let prod = try #require(load(base, variables: ["env": "prod"]).spec)
        #expect(prod.protectedItems == ["networks.main", "storage.data"])
        // Not an attribute: providers never see it, and toggling it changes no plan.
        #expect(dev.intents().allSatisfy { $0.attributes["protect"] == nil })
    }

    @Test func aMarkThatIsNotABooleanIsAnError() {
        let result = load("project: p\nnetworks: { main: { regions: [us-east-1], cidr: 10.0.0.0/16, protect: yes please } }\n")
        #expect(result.spec == nil)
        #expect(rendered(result).contains("networks.main.protect"), "\(rendered(result))")
    }
}
