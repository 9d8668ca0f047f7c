import GantryBasics
import GantryHTTP
import GantryProviderKit
import Testing
@testable import AWSProvider

/// Capacity and quota answers become `capacity` errors that say what could not be placed
/// where — the detail the engine's failover reads (the same keys as the sim's).
@Suite struct AWSCapacityDetailTests {
    static func ec2(_ code: String, _ message: String) -> HTTPResponse {
        HTTPResponse(status: 500, body: Array(("<Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message>"
                                                 + "</Error></Errors><RequestID>r</RequestID></Response>").utf8))
    }

    /// EC2's own wording for a zone without capacity.
    static let shortage = "We currently do not have sufficient p5.48xlarge capacity in the Availability Zone you requested "
        + "(us-east-1a). Our system will be working on provisioning additional capacity. You can currently get p5.48xlarge "
        + "capacity by not specifying an Availability Zone in your request or choosing us-east-1b, us-east-1c."

    @Test func insufficientCapacityNamesZoneMarketAndInstanceType() {
        let error = AWSErrorMapper.error(Self.ec2("InsufficientInstanceCapacity", Self.shortage), operation: "RunInstances")
        let spot: [String: Value] = ["capacity_type": "SPOT", "instance_types": ["p5.48xlarge"]]
        let detailed = AWSCapacityDetail.enrich(error, attributes: spot, region: "us-east-1")
        #expect(detailed.code == .capacity)
        #expect(detailed.providerCode == "InsufficientInstanceCapacity")
        #expect(detailed.detail["zone"] == "us-east-1a")
        #expect(detailed.detail["instance_type"] == "p5.48xlarge")
        #expect(detailed.detail["market"] == "spot")
        #expect(detailed.detail["region"] == "us-east-1")
        #expect(detailed.detail["reason"] == "capacity")
        #expect(detailed.detail["suggested_zones"] == ["us-east-1b", "us-east-1c"])
        #expect(detailed.message.contains("sufficient p5.48xlarge capacity"), "AWS's message is kept")
    }

    @Test func quotaErrorsAreCapacityWithReasonQuotaAndTheTypeFromTheRequest() {
        let error = AWSErrorMapper.error(Self.ec2("VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of 96 allows"),
                                         operation: "RunInstances")
        let detailed = AWSCapacityDetail.enrich(error, attributes: ["instance_type": "p4d.24xlarge", "availability_zone": "us-west-2b"],
                                                region: "us-west-2")
        #expect(detailed.code == .capacity)
        #expect(detailed.detail["reason"] == "quota")
        #expect(detailed.detail["instance_type"] == "p4d.24xlarge")
        #expect(detailed.detail["zone"] == "us-west-2b")
        #expect(detailed.detail["market"] == "on-demand")
    }

    struct Request: Sendable, CustomStringConvertible {
        var attributes: [String: Value]
        var market: String
        var type: String
        var description: String { "\(market) \(type)" }
    }

    static let requests = [
        Request(attributes: ["mixed_instances_policy": ["instances_distribution": ["on_demand_percentage_above_base_capacity": 0],
                                                        "launch_template": ["override": [["instance_type": "p5.48xlarge"]]]]],
                market: "spot", type: "p5.48xlarge"),
        Request(attributes: ["launch_template": ["id": "lt-1"], "instance_type": "g6e.xlarge"], market: "on-demand", type: "g6e.xlarge"),
        Request(attributes: ["instance_market_options": ["market_type": "spot"], "instance_type": "p5.48xlarge"], market: "spot",
                type: "p5.48xlarge"),
    ]

    @Test(arguments: requests)
    func marketAndTypeComeFromTheResourceWhenTheMessageLacksThem(_ request: Request) {
        let error = AWSErrorMapper.error(Self.ec2("InsufficientInstanceCapacity", "There is no Spot capacity available that matches your request."),
                                         operation: "CreateFleet")
        let detailed = AWSCapacityDetail.enrich(error, attributes: request.attributes, region: "us-east-1")
        #expect(detailed.detail["market"] == .string(request.market))
        #expect(detailed.detail["instance_type"] == .string(request.type))
        #expect(detailed.detail["zone"] == nil)
    }

    @Test func otherErrorsAreLeftAlone() {
        let error = AWSErrorMapper.error(Self.ec2("InvalidParameterValue", "bad"), operation: "RunInstances")
        #expect(AWSCapacityDetail.enrich(error, attributes: ["instance_type": "p5.48xlarge"], region: "us-east-1") == error)
    }
}
