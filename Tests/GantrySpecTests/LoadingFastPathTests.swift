import Testing
import GantryBasics
@testable import GantrySpec

/// Fast paths in spec loading must be invisible: each answers exactly as the slow way it
/// skips, on inputs on both sides of its limits.
@Suite struct LoadingFastPathTests {
    /// Texts around the eight-byte words of the ASCII check: a bad byte at every position.
    static let encodingSamples: [[UInt8]] = {
        var samples: [[UInt8]] = [[], Array("a".utf8), Array("project: x\n".utf8), Array("é: ü\n".utf8),
                                  Array("gpu: 🚀\n".utf8), [0xC3], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80], [0xC0, 0x80]]
        let text = Array("resources:\n  r0: { type: sim_data }\n".utf8)
        for bad: [UInt8] in [[0], [0x80], [0xFF], [0xC3, 0xA9], [0xC3], [0x7F], [0x01]] {
            for position in 0...text.count {
                var sample = text
                sample.insert(contentsOf: bad, at: position)
                samples.append(sample)
            }
        }
        return samples
    }()

    @Test(arguments: encodingSamples)
    func encodingCheckAgreesWithTheLocatingScan(_ bytes: [UInt8]) {
        #expect(YAMLParser.encodingProblem(in: bytes, file: "spec.yaml")
                == YAMLParser.locatedEncodingProblem(in: bytes, file: "spec.yaml"))
        // The quick check only ever accepts; what it declines the scan decides.
        if YAMLParser.isASCIIWithoutNUL(bytes) {
            #expect(YAMLParser.locatedEncodingProblem(in: bytes, file: "spec.yaml") == nil)
        }
        #expect(YAMLParser.isASCIIWithoutNUL(bytes) == bytes.allSatisfy { $0 != 0 && $0 < 0x80 })
    }

    @Test(arguments: [("sim_data", "sim"), ("aws_vpc", "aws"), ("sim", nil), ("_x", nil), ("gcp_x", nil),
                      ("sim_data_more", "sim"), ("é_x", "é"), ("e\u{301}_x", "é"), ("sim\u{301}_x", nil), ("", nil)] as [(String, String?)])
    func resourceTypesNameTheirProviderByPrefix(_ type: String, _ expected: String?) {
        let providers = ["sim", "aws", "é"]
        // The rule before the byte-wise search: Characters, compared as Strings.
        let slow = type.firstIndex(of: "_").map { String(type[..<$0]) }.flatMap { providers.contains($0) ? $0 : nil }
        #expect(SpecReader.provider(namedBy: type, among: providers) == slow)
        #expect(SpecReader.provider(namedBy: type, among: providers) == expected)
    }

    /// Below and above the scan limit, bindings answer as a dictionary and a set would.
    @Test(arguments: [0, 1, 5, IntentExpander.Bindings.scanLimit - 1, IntentExpander.Bindings.scanLimit,
                      IntentExpander.Bindings.scanLimit + 1, 40])
    func bindingsAgreeWithADictionary(_ count: Int) {
        var bindings = IntentExpander.Bindings()
        var dictionary: [ItemReference: ResourceAddress] = [:]
        var order: [ResourceAddress] = []
        // The later half of the references twice, and a third of them pointing at a shared target.
        let references = (0..<count).map { ItemReference(kind: "resources", name: "r\($0)", key: nil, attribute: "id") }
        let targets = (0..<count).map { ResourceAddress.item(kind: "resources", name: $0 % 3 == 0 ? "shared" : "r\($0)") }
        let repeats = count / 2
        for (reference, target) in zip(references + references.suffix(repeats).reversed(),
                                       targets + targets.suffix(repeats).reversed()) {
            bindings.bind(reference, to: target)
            dictionary[reference] = target
            if !order.contains(target) { order.append(target) }
        }
        for implicit in ["networks.a", "resources.shared", "networks.a", "networks.b"] as [ResourceAddress] {
            bindings.depend(on: implicit)
            if !order.contains(implicit) { order.append(implicit) }
        }
        for reference in references {
            #expect(bindings.target(of: reference) == dictionary[reference])
        }
        #expect(bindings.target(of: ItemReference(kind: "resources", name: "missing", key: nil, attribute: "id")) == nil)
        #expect(bindings.dependsOn == order)
    }

    @Test func anItemWithManyReferencesBindsEachAndDependsOnEachOnce() throws {
        var yaml = "project: t\nresources:\n"
        for i in 0..<30 { yaml += "  t\(i): { type: sim_data, properties: { n: \(i) } }\n" }
        let uses = (0..<30).map { "\"${resources.t\($0 % 25).id}\"" }.joined(separator: ", ")
        yaml += "  user: { type: sim_data, properties: { all: [\(uses)], first: \"${resources.t0.name}\" }, depends_on: [resources.t29] }\n"
        let result = load(yaml)
        #expect(result.errors.isEmpty, "\(rendered(result))")
        let user = try #require(result.intent("resources.user"))
        #expect(user.dependsOn.count == 26)
        #expect(Set(user.dependsOn) == Set((0..<25).map { ResourceAddress("resources.t\($0)") } + ["resources.t29"]))
        let all = try #require(user.attributes["properties"]?["all"]?.arrayValue)
        #expect(all == (0..<30).map { Value.reference(.init(address: ResourceAddress("resources.t\($0 % 25)"), attribute: "id")) })
    }
}

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
