import GantryHTTP
import GantryProviderKit
import Testing
@testable import AWSProvider

/// AWS's error bodies, as each API family sends them, mapped to the engine's error codes.
@Suite struct AWSErrorMapperTests {
    struct Case: Sendable, CustomStringConvertible {
        var status: Int
        var body: String
        var headers: [String: String] = [:]
        var code: ProviderError.Code
        var awsCode: String
        var message: String
        var description: String { awsCode }
    }

    static func ec2(_ code: String, _ message: String) -> String {
        "<?xml version=\"1.0\"?><Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>r</RequestID></Response>"
    }

    static let cases: [Case] = [
        Case(status: 400, body: ec2("RequestLimitExceeded", "Request limit exceeded."), code: .throttled,
             awsCode: "RequestLimitExceeded", message: "Request limit exceeded."),
        Case(status: 500, body: ec2("InsufficientInstanceCapacity", "no p5 in us-east-1a"), code: .capacity,
             awsCode: "InsufficientInstanceCapacity", message: "no p5 in us-east-1a"),
        Case(status: 400, body: ec2("Unsupported", "p5.48xlarge is not supported in us-east-1e"), code: .capacity,
             awsCode: "Unsupported", message: "p5.48xlarge is not supported in us-east-1e"),
        Case(status: 403, body: ec2("UnauthorizedOperation", "You are not authorized"), code: .auth,
             awsCode: "UnauthorizedOperation", message: "You are not authorized"),
        Case(status: 401, body: ec2("AuthFailure", "AWS was not able to validate"), code: .auth, awsCode: "AuthFailure",
             message: "AWS was not able to validate"),
        Case(status: 400, body: ec2("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist"), code: .notFound,
             awsCode: "InvalidVpcID.NotFound", message: "The vpc ID 'vpc-1' does not exist"),
        Case(status: 400, body: ec2("InvalidParameterValue", "Value (x) for parameter cidrBlock is invalid"), code: .invalid,
             awsCode: "InvalidParameterValue", message: "Value (x) for parameter cidrBlock is invalid"),
        Case(status: 400, body: ec2("DependencyViolation", "has dependencies"), code: .conflict, awsCode: "DependencyViolation",
             message: "has dependencies"),
        // Query APIs other than EC2 (Auto Scaling, IAM, STS).
        Case(status: 400, body: "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>",
             code: .throttled, awsCode: "Throttling", message: "Rate exceeded"),
        Case(status: 400, body: "<ErrorResponse><Error><Code>ValidationError</Code><Message>Max bound, 2, must be greater than or equal to min bound, 3</Message></Error></ErrorResponse>",
             code: .invalid, awsCode: "ValidationError", message: "Max bound, 2, must be greater than or equal to min bound, 3"),
        // JSON APIs (EKS, FSx, EFS).
        Case(status: 404, body: #"{"__type":"ResourceNotFoundException","message":"No cluster found for name: x."}"#,
             code: .notFound, awsCode: "ResourceNotFoundException", message: "No cluster found for name: x."),
        Case(status: 400, body: #"{"__type":"com.amazonaws.fsx#BadRequest","Message":"Invalid throughput"}"#, code: .invalid,
             awsCode: "BadRequest", message: "Invalid throughput"),
        Case(status: 400, body: #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#, code: .throttled,
             awsCode: "ThrottlingException", message: "Rate exceeded"),
        Case(status: 400, body: #"{"message":"bad"}"#, headers: ["x-amzn-errortype": "InvalidParameterException:http://internal"],
             code: .invalid, awsCode: "InvalidParameterException", message: "bad"),
        // S3.
        Case(status: 404, body: "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
             code: .notFound, awsCode: "NoSuchBucket", message: "The specified bucket does not exist"),
        Case(status: 403, body: "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>",
             code: .auth, awsCode: "SignatureDoesNotMatch", message: "The request signature we calculated does not match"),
        Case(status: 503, body: "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
             code: .throttled, awsCode: "SlowDown", message: "Please reduce your request rate."),
    ]

    @Test(arguments: cases)
    func mapsCodeAndKeepsAWSMessage(_ c: Case) {
        let error = AWSErrorMapper.error(HTTPResponse(status: c.status, headers: c.headers, body: Array(c.body.utf8)),
                                         operation: "Op")
        #expect(error.code == c.code)
        #expect(error.providerCode == c.awsCode)
        #expect(error.message == "Op: \(c.message)")
    }

    @Test func htmlErrorPageSaysSo() {
        let error = AWSErrorMapper.error(HTTPResponse(status: 500, body: Array("<!doctype html><html><title>500</title></html>".utf8)),
                                         operation: "CreatePlacementGroup")
        #expect(error.code == .fatal)
        #expect(error.message.contains("HTML page"))
    }
}
