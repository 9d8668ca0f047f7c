import GantryBasics
import GantryProviderKit
import Testing

@Suite struct WireCodecTests {
    @Test func createRequestRoundTrips() throws {
        let request = CreateRequest(address: "a.sim_data.main", type: "sim_data",
                                    attributes: ["x": 1, "y": .unknown], intentToken: "t1")
        #expect(try CreateRequest(wireValue: request.wireValue) == request)
    }
}
