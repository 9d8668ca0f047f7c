@testable import GantryBasics
import Testing

/// The pull reader checks syntax exactly as `JSON.parse` does, reads members in order and
/// refuses what is not the shape asked for.
@Suite struct JSONReaderTests {
    /// Valid and invalid texts that exercise every branch of the parser: skipping one must
    /// give the same verdict, at the same place, in the same words, as parsing it.
    static let corpus: [String] = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"[]"#, #"{}"#, #"  [ 1 , 2 ]  "#, #""plain""#,
        #""esc\"aped\\\/\b\f\n\r\t""#, #""\u00e9\ud83d\ude00""#, "\"caf\u{e9}\"", #"-0.5e+3"#, #"123456789012345678901234"#,
        #"1e999"#, #"01"#, #"-"#, #"1."#, #"1e"#, #"tru"#, #"nul"#, #"{"a" 1}"#, #"{"a":1,}"#, #"[1,]"#, #"[1 2]"#,
        #"{"a":1 "b":2}"#, #"{a:1}"#, #""never closed"#, "\"raw\u{1}control\"", #""\x""#, #""\ud800""#, #""\udc00""#,
        #""\ud800\u0041""#, #""\u12G4""#, #"[1]]"#, #"{"k\u0041y" 2}"#, #"{"$ref":"a.b"}"#, "[" + String(repeating: "[", count: 600),
        "", "   ", #"{"nested":{"deeper":[{"x":"\u00fc"}]}}"#,
    ]

    @Test(arguments: corpus)
    func skippingAgreesWithParsing(_ text: String) {
        let bytes = Array(text.utf8)
        let parsed = Result { () throws(JSONError) in try JSON.parse(bytes) }
        let skipped = Result { () throws(JSONError) in
            try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
        switch (parsed, skipped) {
        case (.success, .success): break
        case (.failure(let a), .failure(let b)): #expect(a == b)
        default: Issue.record("parse \(parsed) but skip \(skipped) for \(text)")
        }
    }

    /// The words and places of syntax errors, pinned: skipping and parsing share their
    /// steps, so this is what both say.
    @Test func syntaxErrorsAreWordedAndPlaced() {
        let expected: [String: String] = [
            #"{"a" 1}"#: "line 1, column 6 (byte 5): expected ':' after member name \"a\", found '1'",
            #"{"a":1,}"#: "line 1, column 8 (byte 7): expected a quoted member name, found '}'",
            #"[1,]"#: "line 1, column 4 (byte 3): unexpected ']' where a value was expected",
            #"[1 2]"#: "line 1, column 4 (byte 3): expected ',' or ']' after an array element, found '2'",
            #"{"a":1 "b":2}"#: "line 1, column 8 (byte 7): expected ',' or '}' after an object member, found '\"'",
            #"{a:1}"#: "line 1, column 2 (byte 1): expected a quoted member name, found 'a'",
            #"{"k\u0041y" 2}"#: "line 1, column 13 (byte 12): expected ':' after member name \"kAy\", found '2'",
            #"[1]]"#: "line 1, column 4 (byte 3): unexpected ']' after the JSON value",
            "": "line 1, column 1 (byte 0): the input ended where a value was expected",
        ]
        for (text, message) in expected {
            for skip in [false, true] {
                do {
                    try JSONReader.read(Array(text.utf8)) { (reader: inout JSONReader) throws(JSONError) in
                        if skip { try reader.skipValue() } else { _ = try reader.readValue() }
                    }
                    Issue.record("\(text) was accepted")
                } catch {
                    #expect(error.description == message, "\(text), skipping: \(skip)")
                }
            }
        }
    }

    @Test func invalidUTF8IsFoundWhenSkipping() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(throws: JSONError.self) {
            try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
    }

    @Test func membersArriveInOrderWithRepeats() throws {
        var seen: [String] = []
        var values: [Value] = []
        try JSONReader.read(Array(#"{"b": 1, "a": [2], "b": {"c": null}}"#.utf8)) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readObject { (key, reader: inout JSONReader) throws(JSONError) in
                seen.append(key)
                values.append(try reader.readValue())
            }
        }
        #expect(seen == ["b", "a", "b"])
        #expect(values == [1, [2], ["c": nil]])
    }

    @Test func scalarsAreReadAsValueReadsThem() throws {
        let ints = try JSONReader.read(Array("[3, 3.0, -7]".utf8)) { (reader: inout JSONReader) throws(JSONError) -> [Int] in
            var out: [Int] = []
            try reader.readArray { (r: inout JSONReader) throws(JSONError) in out.append(try r.readInt()) }
            return out
        }
        #expect(ints == [3, 3, -7])
        #expect(try JSONReader.read(Array(" true ".utf8)) { (r: inout JSONReader) throws(JSONError) in try r.readBool() })
        #expect(try JSONReader.read(Array("null".utf8)) { (r: inout JSONReader) throws(JSONError) in try r.readNull() })
        let string = try JSONReader.read(Array(#""x""#.utf8)) { (r: inout JSONReader) throws(JSONError) -> String in
            let wasNull = try r.readNull()  // a peek that consumes nothing
            return wasNull ? "" : try r.readString()
        }
        #expect(string == "x")
    }

    @Test func theWrongShapeIsAShapeError() {
        for (text, read) in [("3.5", 0), (#""3""#, 0), ("[]", 1), ("{}", 2), ("1", 3)] {
            do {
                try JSONReader.read(Array(text.utf8)) { (reader: inout JSONReader) throws(JSONError) in
                    switch read {
                    case 0: _ = try reader.readInt()
                    case 1: _ = try reader.readString()
                    case 2: try reader.readArray { (r: inout JSONReader) throws(JSONError) in try r.skipValue() }
                    default: try reader.readObject { (_, r: inout JSONReader) throws(JSONError) in try r.skipValue() }
                    }
                }
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.kind == .shape, "\(text): \(error)")
                #expect(error.line == 1)
            }
        }
    }

    @Test func withMarkersAnObjectThatMayBeAMarkerIsRefused() throws {
        let text = Array(#"{"$ref":"a.b"}"#.utf8)
        #expect(throws: JSONError.self) {
            try JSONReader.read(text, markers: true) { (reader: inout JSONReader) throws(JSONError) in
                try reader.readObject { (_, r: inout JSONReader) throws(JSONError) in try r.skipValue() }
            }
        }
        let value = try JSONReader.read(text, markers: true) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readValue()
        }
        #expect(value == .reference(.init(address: "a", attribute: "b")))
        // Without markers it is an ordinary object.
        try JSONReader.read(text) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readObject { (key, r: inout JSONReader) throws(JSONError) in
                #expect(key == "$ref")
                try r.skipValue()
            }
        }
    }

    @Test func rawRangesCoverExactlyTheValue() throws {
        let bytes = Array(#"{"a": {"b": [1, "}"]} , "c": 2}"#.utf8)
        var ranges: [String: Range<Int>] = [:]
        try JSONReader.read(bytes) { (reader: inout JSONReader) throws(JSONError) in
            try reader.readObject { (key, r: inout JSONReader) throws(JSONError) in ranges[key] = try r.readRawRange() }
        }
        #expect(ranges.mapValues { String(decoding: bytes[$0], as: UTF8.self) } == ["a": #"{"b": [1, "}"]}"#, "c": "2"])
        let raw = RawJSON(bytes: bytes, range: try #require(ranges["a"]))
        #expect(try raw.value() == ["b": [1, "}"]])
    }

    @Test func readingASliceLocatesErrorsWithinIt() {
        let bytes = Array(#"xx{"a": tru}yy"#.utf8)
        #expect {
            try JSONReader.read(bytes, in: 2..<12) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        } throws: { error in
            (error as? JSONError)?.offset == 6 && (error as? JSONError)?.column == 7
        }
    }

    @Test func onlyWhitespaceMayFollowTheValue() {
        #expect(throws: JSONError.self) {
            try JSONReader.read(Array("1 2".utf8)) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        }
    }
}
