import Testing
import GantryBasics

@Suite struct JSONTests {
    @Test func roundTripKeepsIntsAndDoublesApart() throws {
        let value: Value = ["count": 8, "price": 98.32, "whole": .double(3), "big": .int(Int.max),
                            "small": .int(Int.min), "neg": -0.5, "tiny": 1e-5, "none": nil, "ok": true,
                            "list": [1, "two", [3.5], [:]]]
        let text = try JSON.encode(value)
        #expect(try JSON.parse(text) == value)
        #expect(text.contains(#""whole":3.0"#))
        #expect(try JSON.parse("3") == .int(3))
        #expect(try JSON.parse("3.0") == .double(3))
        #expect(try JSON.parse("3e2") == .double(300))
        #expect(try JSON.parse("-0") == .int(0))
        // Too big for Int: still a number, as a double.
        #expect(try JSON.parse("92233720368547758080") == .double(92233720368547758080))
    }

    @Test func sortedKeysAndPrettyOutputAreStable() throws {
        let value: Value = ["b": 1, "a": ["y": [], "x": [true]]]
        #expect(try JSON.encode(value) == #"{"a":{"x":[true],"y":[]},"b":1}"#)
        #expect(try JSON.encode(value, pretty: true) == """
            {
              "a": {
                "x": [
                  true
                ],
                "y": []
              },
              "b": 1
            }
            """)
    }

    @Test func stringsAreEscapedAndUnescaped() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \u{0} é 🚀 /"
        let text = try JSON.encode(.string(tricky))
        #expect(text == #""quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 é 🚀 /""#)
        #expect(try JSON.parse(text) == .string(tricky))
        #expect(try JSON.parse(#""\ud83d\ude80 \u00e9 \/""#) == .string("🚀 é /"))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, JSONError.Kind.syntax, 1, 9),
        ("[1, 2", .syntax, 1, 6),
        ("{\n  \"a\": tru\n}", .syntax, 2, 8),
        (#""\ud83d alone""#, .invalidString, 1, 8),
        (#""\udc00""#, .invalidString, 1, 8),
        ("\"raw \n newline\"", .invalidString, 1, 6),
        (#""bad \q escape""#, .invalidString, 1, 7),
        ("01", .syntax, 1, 2),
        ("1e999", .numberOutOfRange, 1, 1),
        ("NaN", .syntax, 1, 1),
        ("[] []", .syntax, 1, 4),
        ("", .syntax, 1, 1),
    ])
    func malformedInputIsRefusedWithAPosition(input: String, kind: JSONError.Kind, line: Int, column: Int) {
        #expect {
            _ = try JSON.parse(input)
        } throws: { error in
            guard let error = error as? JSONError else { return false }
            return error.kind == kind && error.line == line && error.column == column
        }
    }

    @Test func errorTextNamesLineColumnAndByte() {
        do {
            _ = try JSON.parse("{\n  \"é\": [1 2]\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "line 2, column 11 (byte 13): expected ',' or ']' after an array element, found '2'")
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func depthIsLimited() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect { try JSON.parse(deep) } throws: { ($0 as? JSONError)?.kind == .tooDeep }
        #expect(try JSON.parse(deep, maxDepth: 1000) != .null)
    }

    @Test func unknownsAndReferencesNeedMarkers() throws {
        let ref = Value.Reference(address: "networks.train[us-east-1].sim_network.main", attribute: "id")
        let value: Value = ["vpc": .reference(ref), "ip": .unknown, "pools": [["secret": .unknown]]]
        #expect {
            _ = try JSON.encode(value)
        } throws: { error in
            (error as? JSONError)?.kind == .notRepresentable && (error as? JSONError)?.path == "$.ip"
        }
        #expect { _ = try JSON.encode(["pools": [["secret": .unknown]]]) } throws: {
            ($0 as? JSONError)?.path == "$.pools[0].secret"
        }
        let text = try JSON.encode(value, markers: true)
        #expect(text.contains(#"{"$ref":"networks.train[us-east-1].sim_network.main.id"}"#))
        #expect(try JSON.parse(text, markers: true) == value)
        // Without markers, the marker objects stay plain objects.
        #expect(try JSON.parse(#"{"$unknown":true}"#) == ["$unknown": true])
    }

    @Test func onlyExactMarkerObjectsAreMarkers() throws {
        let cases: [(String, Value)] = [
            (#"{"$ref":"a.b.id"}"#, .reference(.init(address: "a.b", attribute: "id"))),
            (#"{"$ref":"x.y","$ref":"a.b.id"}"#, .reference(.init(address: "a.b", attribute: "id"))),  // the last wins
            (#"{"$unknown":true}"#, .unknown),
            (#"{"$template":["a-",{"$ref":"b.c"}]}"#, .template(["a-", .reference(.init(address: "b", attribute: "c"))])),
            (#"{"$template":["a","b"]}"#, "ab"),
            (#"{"$ref":"nodot"}"#, ["$ref": "nodot"]), (#"{"$ref":".x"}"#, ["$ref": ".x"]),
            (#"{"$unknown":false}"#, ["$unknown": false]), (#"{"$other":1}"#, ["$other": 1]),
            (#"{"$unknown":true,"b":1}"#, ["$unknown": true, "b": 1]),
        ]
        for (text, expected) in cases { #expect(try JSON.parse(text, markers: true) == expected, "\(text)") }
    }

    @Test func nonFiniteDoublesAreRefused() {
        #expect { _ = try JSON.encode(["x": .double(.nan)]) } throws: { ($0 as? JSONError)?.path == "$.x" }
        #expect(throws: JSONError.self) { _ = try JSON.encode(.double(.infinity)) }
    }

    @Test func appendBuildsLargerDocuments() throws {
        var buffer = Array("[".utf8)
        try JSON.append(["a": 1], to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSON.appendString("x\"y", to: &buffer)
        buffer.append(UInt8(ascii: "]"))
        #expect(try JSON.parse(buffer) == [["a": 1], "x\"y"])
    }
}
