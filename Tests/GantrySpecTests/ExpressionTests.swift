import Testing
import GantryBasics
@testable import GantrySpec

@Suite struct ExpressionTests {
    /// Evaluates `text` as a YAML plain scalar with variables `env = prod`, `n = 3`, `size = "12TiB"`.
    private func eval(_ text: String) -> (SpecValue, [Diagnostic]) {
        var scope = EvaluationScope(variables: ["env": .string("prod"), "n": .int(3), "size": .string("12TiB"),
                                                "zones": .list([.string("a"), .string("b")])])
        scope.items = ["networks": ["train", "serve"], "node_pools": ["h100-train"], "regions": ["eu-central-1"]]
        var reader = SpecReader(scope: scope)
        let value = reader.scalarValue(YAMLNode.Scalar(text: text), at: SourceLocation(file: "f", line: 1, column: 10),
                                       path: "x")
        return (value, reader.diagnostics)
    }

    @Test(arguments: [
        ("${1 + 2 * 3}", SpecValue.int(7)),
        ("${(1 + 2) * 3}", .int(9)),
        ("${7 / 2}", .double(3.5)),
        ("${var.n - 1}", .int(2)),
        ("${var.env == 'prod' ? 16 : 2}", .int(16)),
        ("${var.env != 'prod' && var.n > 2}", .bool(false)),
        ("${!(var.n >= 3) || true}", .bool(true)),
        ("${24TiB * 2}", .size(ByteSize(bytes: 48 << 40))),
        ("${1TiB + 512GiB}", .size(ByteSize(bytes: (1 << 40) + (512 << 30)))),
        ("${30d < 1y}", .bool(true)),
        ("${$12.50 * 4}", .money(Money.dollars(50))),
        ("${2TiB / 1TiB}", .double(2)),
        ("name-${var.env}-${var.n}", .string("name-prod-3")),
        ("${var.size}", .string("12TiB")),
        ("size ${8GiB * 3}", .string("size 24GiB")),
        ("$${literal}", .string("${literal}")),
        ("${contains(var.zones, 'b')}", .bool(true)),
        ("${max(2, var.n, 1)}", .int(3)),
        ("${upper(var.env)}", .string("PROD")),
        ("${var.zones[1]}", .string("b")),
    ])
    func evaluates(_ text: String, _ expected: SpecValue) {
        let (value, diagnostics) = eval(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(value == expected)
    }

    @Test func referencesStayReferences() {
        let (value, diagnostics) = eval("${networks.train.vpc_id}")
        #expect(diagnostics.isEmpty)
        #expect(value == .reference(ItemReference(kind: "networks", name: "train", key: nil, attribute: "vpc_id")))
        let (keyed, _) = eval("${node_pools.h100-train[us-east-1].id}")
        #expect(keyed == .reference(ItemReference(kind: "node_pools", name: "h100-train", key: "us-east-1", attribute: "id")))
        let (region, _) = eval("${regions.eu-central-1.residency}")
        #expect(region == .reference(ItemReference(kind: "regions", name: "eu-central-1", key: nil, attribute: "residency")))
    }

    @Test func anythingComputedFromAReferenceIsUnknown() {
        // Text around a reference is a template the engine joins at apply, not an unknown.
        let vpc = SpecValue.reference(ItemReference(kind: "networks", name: "train", key: nil, attribute: "vpc_id"))
        #expect(eval("arn:${networks.train.vpc_id}").0 == .template([.string("arn:"), vpc]))
        #expect(eval("${networks.train.vpc_id}/${networks.train.vpc_id}").0 == .template([vpc, .string("/"), vpc]))
        #expect(eval("${networks.train.count + 1}").0 == .unknown)
        #expect(eval("${false && networks.train.ok}").0 == .bool(false))
    }

    /// Errors point at the exact column inside the string (the scalar starts at column 10).
    @Test(arguments: [
        ("${var.nn}", "unknown variable 'nn'", 16, "did you mean 'n'?"),
        ("x ${networks.trian.id}", "reference to networks.trian, which is not defined", 23, "did you mean 'train'?"),
        ("${24TBs}", "unknown unit 'TBs' in '24TBs'", 12, "did you mean 'TB'?"),
        ("${24Tib}", "unknown unit 'Tib' in '24Tib'", 12, "did you mean 'TiB'?"),
        ("${var.env = 'prod'}", "unexpected character '=' in expression", 20, "use '==' to compare"),
        ("${1 +}", "expected a value but found the end of the expression", 15, nil),
        ("${node_pool.a.id}", "unknown name 'node_pool'", 12, "did you mean 'node_pools'?"),
        ("${var.n + 'a'}", "'+' cannot be applied to a number and a string", 18, nil),
        ("${1TiB + 1d}", "'+' cannot be applied to a size and a duration", 17, nil),
        ("abc ${var.env", "'${' is not closed", 14, "add the closing '}'"),
        ("${var.n / 0}", "division by zero", 18, nil),
        ("${lenght(var.zones)}", "unknown function 'lenght'", 12, "did you mean 'length'?"),
    ] as [(String, String, Int, String?)])
    func errorsAreLocatedInsideTheString(_ text: String, _ message: String, _ column: Int, _ hint: String?) {
        let (_, diagnostics) = eval(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first?.location?.column == column)
        #expect(diagnostics.first?.hint == hint)
    }

    @Test func hyphenatedNamesNeedSpacesToSubtract() {
        let (_, diagnostics) = eval("${var.n-1}")
        #expect(diagnostics.first?.message == "unknown variable 'n-1'")
        #expect(diagnostics.first?.hint?.contains("spaces") == true)
    }

    @Test func plainScalarsFollowTheCoreSchema() {
        #expect(SpecReader.coreSchema("8") == .int(8))
        #expect(SpecReader.coreSchema("1.5") == .double(1.5))
        #expect(SpecReader.coreSchema("true") == .bool(true))
        #expect(SpecReader.coreSchema("~") == .null)
        #expect(SpecReader.coreSchema("yes") == .string("yes"))   // YAML 1.2: no "Norway problem"
        #expect(SpecReader.coreSchema("1g.10gb") == .string("1g.10gb"))
    }
}
