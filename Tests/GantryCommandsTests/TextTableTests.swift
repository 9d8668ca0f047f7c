import Testing
@testable import GantryCommands

@Test func tableAlignsColumnsAndTrimsTrailingSpace() {
    var table = TextTable([.init(title: "TYPE"), .init(title: "GPUS", alignment: .right), .init(title: "NOTE")])
    table.append(["p5.48xlarge", "8", ""])
    table.append(["g6.xlarge", "1", "cheap"])
    #expect(table.render() == """
        TYPE         GPUS  NOTE
        p5.48xlarge     8
        g6.xlarge       1  cheap

        """)
}
