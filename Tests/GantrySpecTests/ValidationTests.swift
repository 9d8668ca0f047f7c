import Testing
import GantryBasics
@testable import GantrySpec

/// Table-driven checks of the semantic rules: each spec has one mistake, and the test pins
/// the code, the message and where it points.
@Suite struct ValidationTests {
    static let base = """
    project: t
    regions:
      eu-central-1: { residency: eu, compliance: [gdpr] }
    networks:
      train: { regions: [us-east-1, us-west-2], cidr: 10.20.0.0/16, interconnect: { fabric: efa, placement: cluster } }
      serve: { regions: [eu-central-1], cidr: 10.30.0.0/16 }

    """

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var code: String
        var message: String
        var line: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "MIG profile the GPU lacks", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: H100, count: 8 }, mig: { profile: 1g.12gb }, nodes: { max: 2 } }
            """, code: "mig-profile", message: "MIG profile '1g.12gb' does not exist on H100", line: 8),
        Case(name: "MIG layout too big", yaml: """
            node_pools:
              p:
                network: serve
                gpu: { model: H100, count: 8 }
                mig: { layout: [{ profile: 3g.40gb, count: 2 }, { profile: 2g.20gb, count: 1 }] }
                nodes: { max: 2 }
            """, code: "mig-layout", message: "MIG layout needs 8 compute slices (3g.40gb ×2 = 6, 2g.20gb ×1 = 2), one H100 has 7", line: 11),
        Case(name: "MIG layout map that does not fit", yaml: """
            node_pools:
              p:
                network: serve
                gpu: { model: H100, count: 8 }
                mig: { 4g.40gb: 1, 3g.40gb: 1, 1g.10gb: 1 }
                nodes: { max: 2 }
            """, code: "mig-layout", message: "MIG layout needs 8 compute slices (4g.40gb ×1 = 4, 3g.40gb ×1 = 3, 1g.10gb ×1 = 1), one H100 has 7", line: 11),
        Case(name: "MIG layout map with an unknown profile", yaml: """
            node_pools:
              p:
                network: serve
                gpu: { model: H100, count: 8 }
                mig: { 3g.40gb: 1, 2g.21gb: 1 }
                nodes: { max: 2 }
            """, code: "mig-profile", message: "MIG profile '2g.21gb' does not exist on H100", line: 11),
        Case(name: "rolling update that can never move", yaml: """
            node_pools:
              p:
                network: serve
                gpu: { model: H100, count: 8 }
                update: { strategy: rolling, max_surge: 0, max_unavailable: 0 }
                nodes: { max: 2 }
            """, code: "invalid-value", message: "a rolling update with max_surge: 0 and max_unavailable: 0 can never replace a node", line: 11),
        Case(name: "max_surge on a canary", yaml: """
            node_pools:
              p:
                network: serve
                gpu: { model: H100, count: 8 }
                update: { strategy: canary, steps: [50%, 100%], max_surge: 2 }
                nodes: { max: 2 }
            """, code: "invalid-value", message: "'max_surge' only applies to the rolling strategy", line: 11),
        Case(name: "desired above max", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: H100, count: 8 }, nodes: { max: 2, desired: 3 } }
            """, code: "node-count", message: "nodes.desired (3) is greater than nodes.max (2)", line: 8),
        Case(name: "MIG on a GPU without MIG", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4, count: 1 }, mig: { profile: 1g.10gb }, nodes: { max: 2 } }
            """, code: "mig-unsupported", message: "L4 GPUs do not support MIG partitioning", line: 8),
        Case(name: "EFA on g5.xlarge", yaml: """
            node_pools:
              p: { network: train, gpu: { type: g5.xlarge }, nodes: { max: 2 } }
            """, code: "interconnect-unsupported", message: "node pool 'p' runs on g5.xlarge, which has no EFA interconnect, but network 'train' requires efa", line: 8),
        Case(name: "reserved market without reservations", yaml: """
            node_pools:
              p: { network: train, gpu: { model: H100, count: 8 }, nodes: { max: 2 }, capacity: { markets: [reserved, spot] } }
            """, code: "missing-key", message: "market 'reserved' needs 'reservations' (an id or a selector)", line: 8),
        Case(name: "spot share above 100%", yaml: """
            node_pools:
              p: { network: train, gpu: { model: H100, count: 8 }, nodes: { max: 2 }, capacity: { markets: [spot, on-demand], spot_percent: 150 } }
            """, code: "invalid-value", message: "spot_percent 150 is more than 100", line: 8),
        Case(name: "unknown GPU among alternatives", yaml: """
            node_pools:
              p: { network: train, gpu: { model: [H100, H2000], count: 8 }, nodes: { max: 2 } }
            """, code: "unknown-gpu", message: "unknown GPU model 'H2000'", line: 8),
        Case(name: "desired greater than max", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4 }, nodes: { min: 1, max: 4, desired: 6 } }
            """, code: "node-count", message: "nodes.desired (6) is greater than nodes.max (4)", line: 8),
        Case(name: "GDPR storage in us-east-1", yaml: """
            storage:
              s: { region: us-east-1, filesystem: object, compliance: [gdpr] }
            """, code: "residency", message: "storage.s is GDPR-bound but us-east-1 is outside the EU", line: 8),
        Case(name: "overlapping CIDRs", yaml: """
              other: { regions: [us-east-1], cidr: 10.20.128.0/17 }
            """, code: "overlapping-cidr", message: "network 'other' (10.20.128.0/17) overlaps network 'train' (10.20.0.0/16) in us-east-1", line: 7),
        Case(name: "unknown GPU", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: H1000, count: 8 }, nodes: { max: 2 } }
            """, code: "unknown-gpu", message: "unknown GPU model 'H1000'", line: 8),
        Case(name: "unknown instance type", yaml: """
            node_pools:
              p: { network: serve, gpu: { type: g5.xlarg }, nodes: { max: 2 } }
            """, code: "unknown-instance-type", message: "unknown instance type 'g5.xlarg' for provider 'sim'", line: 8),
        Case(name: "unknown region", yaml: """
            storage:
              s: { region: eu-centrl-1, filesystem: object }
            """, code: "unknown-region", message: "unknown region 'eu-centrl-1' for provider 'sim'", line: 8),
        Case(name: "storage attached across regions", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4 }, nodes: { max: 2 } }
            storage:
              s: { region: us-east-1, filesystem: lustre, size: 1TiB, attach: [p] }
            """, code: "attach-region", message: "storage 's' is in us-east-1 but node pool 'p' runs in eu-central-1", line: 10),
        Case(name: "reference to a missing item", yaml: """
            resources:
              r: { type: sim_data, properties: { vpc: "${networks.trian.id}" } }
            """, code: "unknown-reference", message: "reference to networks.trian, which is not defined", line: 8),
        Case(name: "multi-region reference without a key", yaml: """
            resources:
              r: { type: sim_data, properties: { vpc: "${networks.train.id}" } }
            """, code: "ambiguous-reference", message: "networks.train has one instance per region (us-east-1, us-west-2); say which one", line: 8),
        Case(name: "pool outside its network's regions", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4 }, nodes: { max: 2 }, capacity: { regions: [us-east-1] } }
            """, code: "region-outside-network", message: "node pool 'p' is placed in us-east-1, but its network 'serve' is only in eu-central-1", line: 8),
        Case(name: "misspelled unit", yaml: """
            storage:
              s: { region: eu-central-1, filesystem: lustre, size: 24TB2 }
            """, code: "invalid-value", message: "unknown size unit 'TB2' in '24TB2'", line: 8),
        Case(name: "wrong type", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4 }, nodes: { max: many } }
            """, code: "type-mismatch", message: "expected a whole number, found a string 'many'", line: 8),
        Case(name: "invalid choice", yaml: """
            node_pools:
              p: { network: serve, gpu: { model: L4 }, nodes: { max: 2 }, capacity: { market: spto } }
            """, code: "invalid-value", message: "'spto' is not a valid choice", line: 8),
    ]

    @Test(arguments: cases)
    func reportsTheMistake(_ c: Case) {
        let result = loadWithCatalog(Self.base + c.yaml)
        #expect(result.spec == nil)
        let errors = result.errors
        #expect(errors.count == 1, "\(rendered(result))")
        #expect(errors.first?.code == c.code)
        #expect(errors.first?.message == c.message)
        #expect(errors.first?.location?.line == c.line)
    }

    @Test func theBaseIsValid() {
        let result = loadWithCatalog(Self.base)
        #expect(result.errors.isEmpty, "\(rendered(result))")
    }

    @Test func manyMistakesAreReportedInOneRun() {
        let result = loadWithCatalog(Self.base + """
            node_pools:
              a: { network: serve, gpu: { model: H1000 }, nodes: { max: 2, desired: 3 } }
              b: { netwrk: serve, gpu: { model: L4 }, nodes: { max: 1 } }
            storage:
              s: { region: us-east-1, filesystem: object, compliance: [gdpr], attach: [c] }
            """)
        #expect(Set(result.errors.map(\.code)) == ["unknown-gpu", "node-count", "unknown-key", "missing-key", "residency", "unknown-reference"])
    }

    @Test func unusedVariablesWarnButDoNotFail() {
        let result = loadWithCatalog("variables:\n  spare: { default: 1 }\n" + Self.base)
        #expect(result.spec != nil)
        #expect(result.diagnostics.map(\.code) == ["unused-variable"])
        #expect(result.diagnostics.first?.severity == .warning)
    }

    @Test func unknownCommandLineVariableSuggests() {
        let result = loadWithCatalog("variables:\n  env: { default: dev }\nproject: \"${var.env}\"\n" + Self.base,
                                     variables: ["evn": "prod"])
        #expect(result.errors.first?.message == "--var sets 'evn', which is not declared under 'variables:'")
        #expect(result.errors.first?.hint == "did you mean 'env'?")
    }
}
