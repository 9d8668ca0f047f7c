import Foundation
import GantryBasics
import GantryHTTP
import XCTest

/// Our SigV4 signatures against botocore's signer on a table of requests: another
/// implementation is the reference, not our own expectations.
final class SigV4SignerTests: XCTestCase {
    struct Row {
        var method: String
        var url: String
        var headers: [(String, String)] = []
        var body = ""
        var service: String
        var region = "us-east-1"
        var token: String?
        var unsigned = false
    }

    static let form = ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    static let json = ("Content-Type", "application/json")
    static let rows: [Row] = [
        Row(method: "POST", url: "https://ec2.us-east-1.amazonaws.com/", headers: [form],
            body: "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3Agantry%3Aproject&Filter.1.Value.1=llm",
            service: "ec2"),
        Row(method: "POST", url: "http://127.0.0.1:5123/", headers: [form],
            body: "Action=CreateAutoScalingGroup&Version=2011-01-01", service: "autoscaling", region: "us-west-2",
            token: "FQoGZXIvYXdzEJr//////////wEaDM+token/with+plus=="),
        Row(method: "POST", url: "https://eks.eu-central-1.amazonaws.com/clusters/gpu/node-groups",
            headers: [json, ("X-Custom", "  two   spaces  ")], body: #"{"nodegroupName":"h100","scalingConfig":{"minSize":0}}"#,
            service: "eks", region: "eu-central-1"),
        Row(method: "GET", url: "https://eks.us-east-1.amazonaws.com/clusters?maxResults=10&nextToken=a%2Fb%3D", service: "eks"),
        Row(method: "DELETE", url: "https://elasticfilesystem.us-east-1.amazonaws.com/2015-02-01/file-systems/fs-0a%3Ab",
            service: "elasticfilesystem"),
        Row(method: "POST", url: "https://fsx.us-east-1.amazonaws.com/", headers: [
            ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSSimbaAPIService_v20180301.DescribeFileSystems"),
        ], body: "{}", service: "fsx"),
        Row(method: "PUT", url: "https://s3.eu-central-1.amazonaws.com/archive-bucket?lifecycle",
            headers: [("Content-Type", "application/xml"), ("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
            body: "<LifecycleConfiguration/>", service: "s3", region: "eu-central-1"),
        Row(method: "GET", url: "https://s3.us-east-1.amazonaws.com/bucket/dir/a%20key.json?versionId=3%2F4&acl",
            service: "s3", unsigned: true),
        Row(method: "PUT", url: "http://127.0.0.1:5123/state-bucket/env/prod.json", body: "{\"serial\":3}",
            service: "s3", token: "session-token"),
        Row(method: "POST", url: "https://sts.amazonaws.com/", headers: [form],
            body: "Action=GetCallerIdentity&Version=2011-06-15", service: "sts"),
    ]

    func testSignaturesMatchBotocore() throws {
        let timestamp = "20261126T034512Z"
        let date = Date(timeIntervalSince1970: 1_795_664_712)   // 2026-11-26 03:45:12 UTC
        var table: [Value] = []
        var ours: [HTTPRequest] = []
        for row in Self.rows {
            let creds = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       sessionToken: row.token)
            let request = HTTPRequest(method: row.method, url: row.url, headers: row.headers.map { (name: $0.0, value: $0.1) },
                                      body: Array(row.body.utf8))
            ours.append(SigV4Signer(credentials: creds, region: row.region, service: row.service)
                .sign(request, at: date, payload: row.unsigned ? .unsigned : .signed))
            table.append([
                "method": .string(row.method), "url": .string(row.url),
                "headers": .array(row.headers.map { .array([.string($0.0), .string($0.1)]) }),
                "body": .string(row.body), "service": .string(row.service), "region": .string(row.region),
                "access_key": .string(creds.accessKeyID), "secret_key": .string(creds.secretAccessKey),
                "token": row.token.map(Value.string) ?? .null, "unsigned_payload": .bool(row.unsigned),
                "timestamp": .string(timestamp),
            ])
        }
        let output = try PythonRunner.run("botocore_sign.py", input: JSON.encode(.array(table)))
        let reference = try XCTUnwrap(JSON.parse(output).arrayValue)
        XCTAssertEqual(reference.count, Self.rows.count)
        for (i, (signed, theirs)) in zip(ours, reference).enumerated() {
            let row = Self.rows[i]
            XCTAssertEqual(signed.header("X-Amz-Date"), timestamp)
            XCTAssertEqual(signed.header("Authorization"), theirs["authorization"]?.stringValue,
                           "row \(i): \(row.method) \(row.url) (\(row.service))")
            XCTAssertEqual(signed.header("X-Amz-Content-SHA256"), theirs["x-amz-content-sha256"]?.stringValue, "row \(i)")
            XCTAssertEqual(signed.header("X-Amz-Security-Token"), theirs["x-amz-security-token"]?.stringValue, "row \(i)")
        }
    }

    func testCredentialsNeverShowTheSecret() {
        let creds = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s3cr3t-value", sessionToken: "tok3n",
                                   source: "environment")
        XCTAssertFalse("\(creds)".contains("s3cr3t"))
        XCTAssertFalse("\(creds)".contains("tok3n"))
        XCTAssertTrue("\(creds)".contains("AKIDEXAMPLE"))
    }
}
