// gantry-provider-aws: the AWS provider served as a plugin; all logic is in AWSProvider and the SDK.
import AWSProvider
import GantryProviderKit

await PluginServer(provider: AWSProvider(), version: "0.1.0").run()
