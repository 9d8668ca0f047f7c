import GantryBasics
import GantryProviderKit

/// `aws_fsx_data_repository_association`: links a directory of a PERSISTENT_2 Lustre file
/// system to an S3 bucket (or prefix), with automatic import and export of changes.
/// The import/export policies change in place; the paths replace it.
///
/// moto 5.2 does not implement these calls; `AWSFaultTests` holds the request to botocore's
/// model of the FSx API and answers it through the fault proxy.
struct FSxDataRepositoryHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_fsx_data_repository_association",
                           forceNew: ["file_system_id", "data_repository_path", "file_system_path",
                                      "batch_import_meta_data_on_create"],
                           computed: ["id", "arn", "association_id"])

    private func call(_ operation: String, _ body: Value, region: String, client: AWSClient) async throws(ProviderError) -> Value {
        try await FSxAPI.call(operation, body, region: region, client: client)
    }

    /// `s3 {auto_import_policy {events}, auto_export_policy {events}}` in FSx's shape.
    static func s3Configuration(_ a: [String: Value]) -> Value {
        var out: [String: Value] = [:]
        if let events = a["s3"]?["auto_import_policy"]?["events"] { out["AutoImportPolicy"] = ["Events": events] }
        if let events = a["s3"]?["auto_export_policy"]?["events"] { out["AutoExportPolicy"] = ["Events": events] }
        return .object(out)
    }

    /// The CreateDataRepositoryAssociation body for `a`.
    static func createBody(_ a: [String: Value], tags: [String: String]) throws(ProviderError) -> Value {
        let type = "aws_fsx_data_repository_association"
        return .object([
            "FileSystemId": .string(try a.string("file_system_id", for: type)),
            "FileSystemPath": .string(try a.string("file_system_path", for: type)),
            "DataRepositoryPath": .string(try a.string("data_repository_path", for: type)),
            "BatchImportMetaDataOnCreate": a["batch_import_meta_data_on_create"] ?? false,
            "S3": s3Configuration(a),
            "Tags": .array(tags.keys.sorted().map { ["Key": .string($0), "Value": .string(tags[$0] ?? "")] }),
        ])
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let association = try await call("CreateDataRepositoryAssociation", try Self.createBody(a, tags: tags),
                                         region: region, client: client)["Association"]
        guard let id = association?["AssociationId"]?.stringValue else {
            throw missing("CreateDataRepositoryAssociation", "AssociationId")
        }
        return (id, ["arn": association?["ResourceARN"] ?? .null, "association_id": .string(id)])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        _ = try await call("UpdateDataRepositoryAssociation", ["AssociationId": .string(id), "S3": Self.s3Configuration(attributes)],
                           region: region, client: client)
        return ["arn": prior["arn"] ?? .null, "association_id": .string(id)]
    }

    /// DescribeDataRepositoryAssociations for the ids asked for (or every page).
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        let all = try await FSxAPI.describeAll("DescribeDataRepositoryAssociations", listKey: "Associations",
                                               idsKey: "AssociationIds", idKey: "AssociationId", ids: ids, maxResults: 25,
                                               region: region, client: client)
        var out: [AWSObservation] = []
        for association in all {
            guard let id = association["AssociationId"]?.stringValue else { continue }
            let (user, gantry) = splitTags(keyValueTags(association["Tags"]))
            guard !gantry.isEmpty else { continue }
            var s3: [String: Value] = [:]
            if let events = association["S3"]?["AutoImportPolicy"]?["Events"] { s3["auto_import_policy"] = ["events": events] }
            if let events = association["S3"]?["AutoExportPolicy"]?["Events"] { s3["auto_export_policy"] = ["events": events] }
            out.append(AWSObservation(id: id, attributes: [
                "id": .string(id), "association_id": .string(id), "region": .string(region),
                "arn": association["ResourceARN"] ?? .null, "file_system_id": association["FileSystemId"] ?? .null,
                "file_system_path": association["FileSystemPath"] ?? .null,
                "data_repository_path": association["DataRepositoryPath"] ?? .null,
                "batch_import_meta_data_on_create": association["BatchImportMetaDataOnCreate"] ?? false,
                "s3": .object(s3), "tags": .object(user),
            ], gantryTags: gantry))
        }
        return out
    }

    /// Unlinks the bucket; the files stay on the file system and in the bucket.
    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await call("DeleteDataRepositoryAssociation", ["AssociationId": .string(id), "DeleteDataInFileSystem": false],
                           region: region, client: client)
    }
}
