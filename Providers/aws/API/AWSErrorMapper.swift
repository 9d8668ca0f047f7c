import GantryBasics
import GantryHTTP
import GantryProviderKit

/// Reads AWS error answers (query XML, S3 XML, JSON `__type`) and maps them onto
/// `ProviderError` codes, keeping AWS's own code and message.
enum AWSErrorMapper {
    static let throttling: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "SlowDown", "RequestThrottled", "ProvisionedThroughputExceededException",
        "PriorRequestNotComplete", "EC2ThrottledException", "BandwidthLimitExceeded",
    ]
    static let capacity: Set<String> = [
        "InsufficientInstanceCapacity", "InsufficientCapacity", "InsufficientHostCapacity",
        "InsufficientReservedInstanceCapacity", "InsufficientCapacityException", "Unsupported", "SpotMaxPriceTooLow",
        "MaxSpotInstanceCountExceeded", "InsufficientFreeAddressesInSubnet", "UnsupportedAvailabilityZoneException",
        "VcpuLimitExceeded", "InstanceLimitExceeded",
    ]
    static let auth: Set<String> = [
        "UnauthorizedOperation", "AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId", "AccessDenied",
        "AccessDeniedException", "UnrecognizedClientException", "InvalidAccessKeyId", "ExpiredToken",
        "ExpiredTokenException", "MissingAuthenticationToken", "IncompleteSignature", "InvalidToken",
        "UnauthorizedException", "OptInRequired",
    ]
    static let conflict: Set<String> = [
        "AlreadyExists", "AlreadyExistsException", "ResourceInUseException", "ResourceInUse", "BucketAlreadyExists",
        "BucketAlreadyOwnedByYou", "DependencyViolation", "IncorrectState", "InvalidGroup.Duplicate",
        "InvalidPlacementGroup.Duplicate", "FileSystemAlreadyExists", "ConflictException", "ScalingActivityInProgress",
        "BucketNotEmpty", "InvalidLaunchTemplateName.AlreadyExistsException", "FileSystemInUse",
        "EntityAlreadyExists", "DeleteConflict", "MountTargetConflict",
    ]

    /// The AWS code and message in `response`'s body, whatever its format.
    static func parse(_ response: HTTPResponse) -> (code: String, message: String) {
        let body = response.body
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            if first == UInt8(ascii: "{"), let json = try? JSON.parse(body) {
                var code = json["__type"]?.stringValue ?? json["code"]?.stringValue ?? json["Code"]?.stringValue
                    ?? response.headers["x-amzn-errortype"] ?? "HTTP\(response.status)"
                // `__type` may be `namespace#Code` and the header `Code:http://…`.
                if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
                if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
                let message = json["message"]?.stringValue ?? json["Message"]?.stringValue ?? ""
                return (code, message)
            }
            if first == UInt8(ascii: "<"), let xml = XMLElement.parse(body) {
                let error = xml.name == "Error" ? xml : xml.find("Error")
                if let error, let code = error.string("Code") {
                    return (code, error.string("Message") ?? "")
                }
            }
        }
        if let type = response.headers["x-amzn-errortype"] {
            return (String(type.split(separator: ":").first ?? Substring(type)), "")
        }
        let excerpt = response.text.prefix(200)
        return ("HTTP\(response.status)", excerpt.contains("<html") || excerpt.contains("<!DOCTYPE")
                    ? "the endpoint answered \(response.status) with an HTML page (is the operation implemented?)"
                    : String(excerpt))
    }

    /// The provider error for an AWS error answer to `operation`.
    static func error(_ response: HTTPResponse, operation: String) -> ProviderError {
        let (code, message) = parse(response)
        let kind = self.code(for: code, status: response.status)
        var detail: [String: Value] = ["operation": .string(operation), "status": .int(response.status)]
        if let requestID = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"] {
            detail["request_id"] = .string(requestID)
        }
        let text = message.isEmpty ? "\(operation) failed with HTTP \(response.status)" : "\(operation): \(message)"
        return ProviderError(kind, text, providerCode: code, detail: detail)
    }

    static func code(for awsCode: String, status: Int) -> ProviderError.Code {
        if throttling.contains(awsCode) || status == 429 { return .throttled }
        if capacity.contains(awsCode) { return .capacity }
        if auth.contains(awsCode) || status == 401 || status == 403 { return .auth }
        if conflict.contains(awsCode) || awsCode.hasSuffix(".Duplicate") || status == 409 { return .conflict }
        if awsCode.contains("NotFound") || awsCode.hasPrefix("NoSuch") || status == 404 { return .notFound }
        if awsCode.hasPrefix("Invalid") || awsCode.contains("Validation") || awsCode.hasPrefix("Missing")
            || awsCode == "BadRequestException" || awsCode == "InvalidParameterException" || awsCode == "MalformedXML"
            || awsCode == "UnsupportedOperation" || awsCode == "InvalidRequest" || (400..<500).contains(status) {
            return .invalid
        }
        if status == 503 { return .throttled }
        return .fatal
    }
}
