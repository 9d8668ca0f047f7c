import Testing
import GantryBasics
@testable import GantrySpec

/// The positional cycle check (`InstanceGraph`) must agree with the address graph, and
/// step aside whenever two instances could share an address.
@Suite struct InstanceGraphTests {
    static let here = SourceLocation(file: "spec.yaml", line: 1, column: 1)

    static func item(_ name: String, regions: [String] = [], failover: Bool = false, refs: [(String, String?)] = [],
                     kind: String = "resources") -> ItemDecl {
        var item = ItemDecl(kind: kind, name: name, location: here, provider: "sim")
        item.regions = regions.map { Located($0, at: here) }
        item.regionsAreFailoverOrder = failover
        item.references = refs.map { Located(ItemReference(kind: kind, name: $0.0, key: $0.1, attribute: "id"), at: here) }
        return item
    }

    /// A small deterministic generator, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Random specs of a few items, some in two regions or failing over, referring to each other.
    static func randomItems(seed: UInt64) -> [ItemDecl] {
        var random = Generator(state: seed)
        let count = 2 + random.next(7)
        let regionChoices: [[String]] = [[], ["us"], ["us", "eu"], ["eu", "us"]]
        let shapes = (0..<count).map { _ in (regionChoices[random.next(regionChoices.count)], random.next(4) == 0) }
        return (0..<count).map { i in
            let refs: [(String, String?)] = (0..<random.next(3)).map { _ in
                let target = random.next(count)
                // Keyed only where the target has that instance, so most references bind.
                let key = shapes[target].0.count > 1 && !shapes[target].1 && random.next(2) == 0 ? shapes[target].0[0] : nil
                return ("r\(target)", key)
            }
            return item("r\(i)", regions: shapes[i].0, failover: shapes[i].1, refs: refs)
        }
    }

    @Test(arguments: 0..<300)
    func agreesWithTheAddressGraph(_ seed: Int) throws {
        let expansion = IntentExpander(items: Self.randomItems(seed: UInt64(seed))).expand()
        let graph = try #require(expansion.instanceGraph)
        #expect(graph.instanceCount == expansion.items.count)
        #expect(graph.isAcyclic == Spec.itemGraph(expansion.items).cycles().isEmpty)
    }

    @Test func aCycleAndASelfReferenceAreFound() throws {
        let pair = IntentExpander(items: [Self.item("a", refs: [("b", nil)]), Self.item("b", refs: [("a", nil)])]).expand()
        #expect(try #require(pair.instanceGraph).isAcyclic == false)
        let selfReference = IntentExpander(items: [Self.item("a", refs: [("a", nil)])]).expand()
        #expect(try #require(selfReference.instanceGraph).isAcyclic == false)
        let chain = IntentExpander(items: [Self.item("a"), Self.item("b", refs: [("a", nil), ("a", nil)])]).expand()
        #expect(try #require(chain.instanceGraph).isAcyclic)
    }

    @Test func stepsAsideWhenAddressesMayCollide() {
        let collisions: [[ItemDecl]] = [
            [Self.item("a"), Self.item("a")],
            [Self.item("a", regions: ["us", "eu"]), Self.item("a[us]")],
            [Self.item("a", regions: ["us", "us"])],
        ]
        for items in collisions { #expect(IntentExpander(items: items).expand().instanceGraph == nil) }
        // A failover pool lists its regions once each as a candidate; it has one instance.
        #expect(IntentExpander(items: [Self.item("p", regions: ["us", "us"], failover: true)]).expand().instanceGraph != nil)
    }

    @Test func aSpecWithACycleReportsItAsBefore() {
        let result = load("""
            project: t
            resources:
              a: { type: sim_data, properties: { input: "${resources.b.id}" } }
              b: { type: sim_data, properties: { input: "${resources.a.id}" } }
              c: { type: sim_data, properties: { input: "${resources.c.id}" } }
            """)
        #expect(result.spec == nil)
        #expect(result.errors.map(\.message).sorted()
                == ["dependency cycle: resources.a → resources.b → resources.a", "dependency cycle: resources.c → resources.c"])
    }
}
