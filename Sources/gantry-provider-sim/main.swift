// gantry-provider-sim: the simulator served as a plugin; all logic is in SimProvider and the SDK.
import GantryProviderKit
import SimProvider

await PluginServer(provider: SimProvider(), version: "0.1.0").run()
