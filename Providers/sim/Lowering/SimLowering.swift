import GantryBasics
import GantryProviderKit

/// Turns intent items into the simulated cloud's resources (DESIGN.md §3).
struct SimLowering {
    let config: SimConfig

    func lower(_ request: LowerRequest) -> LowerResponse {
        LowerResponse(resources: [])
    }
}
