import Testing
@testable import GantrySpec

/// The fast path for `${kind.name.attribute}` must be invisible: same parts, same offsets,
/// same errors as the full expression parser, on every input.
@Suite struct PlainPathTests {
    @Test(arguments: [
        // Plain paths the fast path takes.
        "${resources.r0.id}", "${var.env}", "${var}", "${_x.y}", "${a.b.c.d.e}", "${a.0}", "${x_1.2a}", "${a.b-}",
        "${node_pools.h100-train[us-east-1].id}", "${regions.eu-central-1.residency}", "${a[b].c[d]}",
        "${a[b-c_d].e}", "${a[-]}", "${a-b.c}",
        // Around and between expressions.
        "${a.b}x", "x ${a.b} y ${c.d[k].e}", "${a.b}${c}", "${a.b}}", "$${literal}", "$${a.b} ${a.b}",
        // Everything else goes to the full parser, including every error.
        "${a.b[0].c}", "${upper(var.x)}", "${a.b", "${a.b[x][y]}", "${a- b}", "${a -b}", "${a-}", "${a.-b}",
        "${a.}", "${a..b}", "${.a}", "${true}", "${true.x}", "${null}", "${a[]}", "${a[b}", "${a [b]}", "${a.b }",
        "${ a.b}", "${}", "${a.é}", "${é.a}", "${0a.b}", "${a.b(c)}", "${a.b == c.d}", "${'x'}", "${a.b.}",
    ])
    func agreesWithTheFullParser(_ text: String) {
        #expect(Template.parse(text) == Template.parse(text, usingPlainPaths: false))
    }

    @Test func takesPlainPathsOnly() {
        let body = Array("node_pools.h100-train[us-east-1].id".unicodeScalars)
        let expected = Expression.path(root: "node_pools", steps: [.member("h100-train", offset: 13),
                                                                   .key("us-east-1", offset: 23), .member("id", offset: 35)],
                                       offset: 2)
        #expect(ExpressionParser.plainPath(body[...], base: 2) == expected)
        for declined in ["a + b", "f(x)", "a.b[var.i]", "true", " a.b", "a.é"] {
            #expect(ExpressionParser.plainPath(Array(declined.unicodeScalars)[...], base: 2) == nil, "\(declined)")
        }
    }
}
