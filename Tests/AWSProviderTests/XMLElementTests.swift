import Testing
@testable import AWSProvider

@Suite struct XMLElementTests {
    @Test func readsAnEC2ErrorWithPunctuation() throws {
        let body = "<Response><Errors><Error><Code>InsufficientInstanceCapacity</Code><Message>We currently do not have "
            + "sufficient p5.48xlarge capacity in the Availability Zone you requested (us-east-1a).</Message></Error></Errors>"
            + "<RequestID>x</RequestID></Response>"
        let xml = try #require(XMLElement.parse(Array(body.utf8)))
        #expect(xml.find("Code")?.text == "InsufficientInstanceCapacity")
    }

    @Test func readsDeclarationsEntitiesAndSelfClosingTags() throws {
        let body = #"<?xml version="1.0" encoding="UTF-8"?><a x="1>2"><b/><c>&lt;&amp;&#65;&#x42;</c><d><![CDATA[<raw>]]></d></a>"#
        let xml = try #require(XMLElement.parse(Array(body.utf8)))
        #expect(xml.name == "a")
        #expect(xml["b"] != nil)
        #expect(xml.string("c") == "<&AB")
        #expect(xml.string("d") == "<raw>")
    }
}
