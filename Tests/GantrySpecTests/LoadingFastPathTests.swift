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
