import Foundation
import GantryBasics
import GantryProviderKit
import XCTest
@testable import AWSProvider

/// FSx data repository associations, which moto 5.2 lacks: the request Gantry sends is held
/// to botocore's model of the FSx API, and the answer comes from the fault proxy.
extension AWSMotoTests {
    func testDataRepositoryAssociationRequestFitsBotocoresModelOfFSx() async throws {
        try await withProxy { proxy, aws in
            let answer = #"{"Association":{"AssociationId":"dra-0123456789abcdef0","ResourceARN":"arn:aws:fsx:us-east-1:123456789012:association/fs-0123456789abcdef0/dra-0123456789abcdef0","FileSystemId":"fs-0123456789abcdef0","Lifecycle":"CREATING","FileSystemPath":"/corpus","DataRepositoryPath":"s3://lt-corpus-us-east-1/train/"}}"#
            try await proxy.rules(["canned": ["CreateDataRepositoryAssociation": .string(answer)]])
            let attributes: [String: Value] = [
                "region": "us-east-1", "file_system_id": "fs-0123456789abcdef0", "file_system_path": "/corpus",
                "data_repository_path": "s3://lt-corpus-us-east-1/train/", "batch_import_meta_data_on_create": true,
                "s3": ["auto_import_policy": ["events": ["NEW", "CHANGED", "DELETED"]], "auto_export_policy": ["events": ["NEW"]]],
            ]
            let results = await aws.create([CreateRequest(address: "storage.scratch.aws_fsx_data_repository_association.main",
                                                          type: "aws_fsx_data_repository_association", attributes: attributes,
                                                          intentToken: "tok")])
            guard case .success(let link) = results.first else { return XCTFail("\(results)") }
            XCTAssertEqual(link.id, "dra-0123456789abcdef0")
            XCTAssertEqual(link.attributes["arn"]?.stringValue?.hasPrefix("arn:aws:fsx:"), true)

            let log = try await proxy.log()
            let sent = try XCTUnwrap(log.first { $0["action"] == "CreateDataRepositoryAssociation" })
            let body = try XCTUnwrap(sent["body"]?.stringValue)
            let required = try JSON.parse(try PythonRunner.run("botocore_validate.py", ["fsx", "CreateDataRepositoryAssociation"],
                                                               input: body))
            XCTAssertEqual(required, ["DataRepositoryPath", "FileSystemId"])
            let request = try JSON.parse(body)
            XCTAssertEqual(request["S3"]?["AutoExportPolicy"]?["Events"], ["NEW"])
            XCTAssertEqual(request["Tags"]?.arrayValue?.contains(["Key": "gantry:address",
                                                                  "Value": "storage.scratch.aws_fsx_data_repository_association.main"]),
                           true)
        }
    }
}
