import GantryGit
import Testing

@Suite struct SemanticVersionTests {
    @Test(arguments: [
        (">=1.0.0 <2.0.0", ["v0.9.0", "v1.0.0", "v1.4.2", "v2.0.0"], "1.4.2"),
        ("^1.2", ["1.1.0", "1.2.0", "1.9.9", "2.0.0"], "1.9.9"),
        ("~1.2.3", ["1.2.3", "1.2.9", "1.3.0"], "1.2.9"),
        ("1.x", ["1.0.0", "1.7.0", "2.1.0"], "1.7.0"),
        ("*", ["0.1.0", "3.0.0", "3.1.0-rc.1"], "3.0.0"),
        (">=3.1.0-rc.1", ["3.0.0", "3.1.0-rc.1", "3.1.0-rc.2"], "3.1.0-rc.2"),
    ])
    func rangePicksTheHighestMatchingTag(range: String, tags: [String], expected: String) throws {
        let parsed = try SemanticVersionRange(parsing: range)
        #expect(parsed.best(of: tags.compactMap(SemanticVersion.init))?.description == expected)
    }

    @Test func preReleaseSortsBeforeItsRelease() {
        #expect(SemanticVersion("1.0.0-rc.1")! < SemanticVersion("1.0.0")!)
        #expect(SemanticVersion("1.0.0-alpha")! < SemanticVersion("1.0.0-beta")!)
        #expect(SemanticVersion("not-a-version") == nil)
    }

    @Test func malformedRangeNamesTheComparator() {
        #expect(throws: GitError.self) { try SemanticVersionRange(parsing: ">=banana") }
        do {
            _ = try GitReference.parse("semver:>=banana")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidSource)
            #expect(error.description.contains("'>=banana'"))
        }
    }

    @Test func referenceForms() throws {
        #expect(try GitReference.parse("main") == .branch("main"))
        #expect(try GitReference.parse("tag:v1.0.0") == .tag("v1.0.0"))
        #expect(try GitReference.parse("commit:ABCDEF12") == .commit("abcdef12"))
        #expect(throws: GitError.self) { try GitReference.parse("commit:xyz") }
        #expect(throws: GitError.self) { try GitReference.parse("branch:") }
    }
}
