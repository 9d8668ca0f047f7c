import GantryBasics
import Testing
@testable import GantrySpec

/// How `update:` and `mig:` of a node pool reach the providers.
@Suite struct NodePoolUpdateTests {
    static func pool(_ extra: String) -> String {
        """
        project: t
        networks:
          serve: { regions: [us-east-1], cidr: 10.30.0.0/16 }
        node_pools:
          p:
            network: serve
            gpu: { model: H100, count: 8 }
            nodes: { min: 0, max: 8, desired: 2 }
        \(extra)
        """
    }

    @Test func rolloutSettingsAreEncodedWithDurationsInSeconds() throws {
        let result = loadWithCatalog(Self.pool("""
                update: { strategy: rolling, max_surge: 2, max_unavailable: 1, health_timeout: 15m, pause: 30s }
            """))
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        #expect(result.intent("node_pools.p")?.attributes["update"] == [
            "strategy": "rolling", "steps": [], "max_surge": 2, "max_unavailable": 1, "health_timeout": 900, "pause": 30,
        ])
    }

    @Test func aMIGLayoutMayBeAPlainMapping() throws {
        let result = loadWithCatalog(Self.pool("""
                mig: { 3g.40gb: 1, 2g.20gb: 1, 1g.10gb: 2 }
            """))
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        #expect(result.intent("node_pools.p")?.attributes["mig"] == ["3g.40gb": 1, "2g.20gb": 1, "1g.10gb": 2])
    }

    @Test func aMIGCountMustBeAWholeNumber() throws {
        let result = loadWithCatalog(Self.pool("""
                mig: { 3g.40gb: lots }
            """))
        #expect(result.errors.map(\.path) == ["node_pools.p.mig.3g.40gb"])
    }
}
