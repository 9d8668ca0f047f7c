import XCTest

/// `protect: true` at the terminal: plan, apply and destroy refuse to delete or replace a
/// protected item's resources, naming them, and leave everything as it was.
final class ProtectTests: XCTestCase {
    func testProtectedItemsAreNeverDeletedOrReplacedByHand() throws {
        let gantry = try GantryBinary.locate()
        let scratch = try Scratch()
        func spec(input: String) -> String {
            """
            gantry: 1
            project: protect
            providers:
              sim: {}
            resources:
              keep: { type: sim_data, properties: { input: a, triggers_replace: "\(input)" }, protect: true }
              other: { type: sim_data, properties: { input: b } }

            """
        }
        let dir = try scratch.write("protect/gantry.yaml", spec(input: "v1")).deletingLastPathComponent()
        XCTAssertEqual(try gantry.run(["apply", dir.path, "--auto-approve"], in: scratch.url).exitCode, 0)
        let before = try gantry.stateAddresses(dir)

        let destroy = try gantry.run(["destroy", dir.path, "--auto-approve"], in: scratch.url)
        XCTAssertEqual(destroy.exitCode, 1, destroy.transcript)
        XCTAssertTrue(destroy.errors.contains("protected item resources.keep: resources.keep.sim_data.main (delete)"),
                      destroy.transcript)
        XCTAssertEqual(try gantry.stateAddresses(dir), before, "nothing was destroyed, not even the unprotected item")

        // A change that forces replacement is refused at plan time and at apply time.
        try scratch.write("protect/gantry.yaml", spec(input: "v2"))
        let plan = try gantry.run(["plan", dir.path], in: scratch.url)
        XCTAssertEqual(plan.exitCode, 1, plan.transcript)
        XCTAssertTrue(plan.errors.contains("resources.keep.sim_data.main (replace)"), plan.transcript)
        let apply = try gantry.run(["apply", dir.path, "--auto-approve"], in: scratch.url)
        XCTAssertEqual(apply.exitCode, 1, apply.transcript)
        XCTAssertEqual(try gantry.simAddresses(dir).sorted(), before.sorted(), "the cloud is untouched")

        // Unprotected items can still be destroyed on their own.
        let targeted = try gantry.run(["destroy", dir.path, "--auto-approve", "--target", "resources.other"],
                                      in: scratch.url)
        XCTAssertEqual(targeted.exitCode, 0, targeted.transcript)
        XCTAssertEqual(try gantry.stateAddresses(dir), ["resources.keep.sim_data.main"])
    }
}
