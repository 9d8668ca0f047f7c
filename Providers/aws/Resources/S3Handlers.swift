import GantryBasics
import GantryProviderKit

/// `aws_s3_bucket` with `versioning {enabled}` and default encryption
/// (`server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm`).
struct S3BucketHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_s3_bucket", forceNew: ["bucket"])

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        let bucket = try a.string("bucket", for: spec.name)
        // us-east-1 is the default location and must not be named.
        let body = region == "us-east-1" ? "" : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<LocationConstraint>\(xmlEscape(region))</LocationConstraint></CreateBucketConfiguration>"
        _ = try await client.s3(region: region, operation: "CreateBucket", method: "PUT", bucket: bucket, body: Array(body.utf8))
        try await configure(bucket: bucket, prior: [:], a, tags: tags, region: region, client: client)
        return (bucket, ["arn": .string("arn:aws:s3:::\(bucket)")])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        // Gantry's own tags are rewritten with the user's: S3 replaces the whole tag set.
        let current = try await Self.tags(bucket: id, region: region, client: client)
        try await configure(bucket: id, prior: prior, attributes, tags: mergedTags(attributes, splitTags(current).gantry),
                            region: region, client: client)
        return ["arn": .string("arn:aws:s3:::\(id)")]
    }

    private func configure(bucket: String, prior: [String: Value], _ a: [String: Value], tags: [String: String],
                           region: String, client: AWSClient) async throws(ProviderError) {
        let tagXML = tags.keys.sorted().map { "<Tag><Key>\(xmlEscape($0))</Key><Value>\(xmlEscape(tags[$0] ?? ""))</Value></Tag>" }
        _ = try await client.s3(region: region, operation: "PutBucketTagging", method: "PUT", bucket: bucket,
                                subresource: "tagging",
                                body: Array("<Tagging><TagSet>\(tagXML.joined())</TagSet></Tagging>".utf8))
        if a["versioning"] != prior["versioning"], let enabled = a["versioning"]?["enabled"]?.boolValue {
            _ = try await client.s3(region: region, operation: "PutBucketVersioning", method: "PUT", bucket: bucket,
                                    subresource: "versioning",
                                    body: Array("<VersioningConfiguration><Status>\(enabled ? "Enabled" : "Suspended")</Status></VersioningConfiguration>".utf8))
        }
        let encryptionKey = "server_side_encryption_configuration"
        if a[encryptionKey] != prior[encryptionKey],
           let algorithm = a[encryptionKey]?["rule"]?["apply_server_side_encryption_by_default"]?["sse_algorithm"]?.stringValue {
            let body = "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>"
                + xmlEscape(algorithm) + "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"
            _ = try await client.s3(region: region, operation: "PutBucketEncryption", method: "PUT", bucket: bucket,
                                    subresource: "encryption", body: Array(body.utf8))
        }
    }

    /// The bucket's region (GetBucketLocation answers an empty constraint for us-east-1).
    static func location(of bucket: String, region: String, client: AWSClient) async throws(ProviderError) -> String {
        let answer = XMLElement.parse(try await client.s3(region: region, operation: "GetBucketLocation", method: "GET",
                                                          bucket: bucket, subresource: "location").body)
        let constraint = answer?.text ?? ""
        return constraint.isEmpty ? "us-east-1" : constraint == "EU" ? "eu-west-1" : constraint
    }

    static func tags(bucket: String, region: String, client: AWSClient) async throws(ProviderError) -> [String: String] {
        let response: XMLElement?
        do {
            response = XMLElement.parse(try await client.s3(region: region, operation: "GetBucketTagging", method: "GET",
                                                            bucket: bucket, subresource: "tagging").body)
        } catch where error.providerCode == "NoSuchTagSet" { return [:] }
        var out: [String: String] = [:]
        for tag in response?["TagSet"]?.all("Tag") ?? [] { if let key = tag.string("Key") { out[key] = tag.string("Value") ?? "" } }
        return out
    }

    /// ListBuckets once, then tags, versioning and encryption per bucket (S3 has no batched read).
    /// Buckets live in one global namespace, so only those whose location is `region` are read.
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        let list = XMLElement.parse(try await client.s3(region: region, operation: "ListBuckets", method: "GET", bucket: "").body)
        var out: [AWSObservation] = []
        for entry in list?["Buckets"]?.all("Bucket") ?? [] {
            guard let name = entry.string("Name"), ids?.contains(name) ?? true else { continue }
            guard try await Self.location(of: name, region: region, client: client) == region else { continue }
            let (user, gantry) = splitTags(try await Self.tags(bucket: name, region: region, client: client))
            guard !gantry.isEmpty else { continue }
            let versioning = XMLElement.parse(try await client.s3(region: region, operation: "GetBucketVersioning", method: "GET",
                                                                  bucket: name, subresource: "versioning").body)
            var a: [String: Value] = ["id": .string(name), "region": .string(region), "bucket": .string(name),
                                      "tags": .object(user), "arn": .string("arn:aws:s3:::\(name)")]
            if let status = versioning?.string("Status") { a["versioning"] = ["enabled": .bool(status == "Enabled")] }
            do {
                let encryption = XMLElement.parse(try await client.s3(region: region, operation: "GetBucketEncryption",
                                                                     method: "GET", bucket: name, subresource: "encryption").body)
                if let algorithm = encryption?.find("SSEAlgorithm")?.text {
                    a["server_side_encryption_configuration"] = [
                        "rule": ["apply_server_side_encryption_by_default": ["sse_algorithm": .string(algorithm)]],
                    ]
                }
            } catch where error.code == .notFound { }
            out.append(AWSObservation(id: name, attributes: a, gantryTags: gantry))
        }
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.s3(region: region, operation: "DeleteBucket", method: "DELETE", bucket: id)
    }
}

/// `aws_s3_bucket_lifecycle_configuration` (id = bucket): rules of transitions to colder
/// storage classes and an expiration, as Terraform writes them.
struct S3LifecycleHandler: AWSResourceHandler {
    let spec = AWSTypeSpec("aws_s3_bucket_lifecycle_configuration", forceNew: ["bucket"], computed: ["id"],
                           taggable: false)

    static func xml(_ rules: [Value]) -> String {
        var out = "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for rule in rules {
            out += "<Rule><ID>\(xmlEscape(rule["id"]?.stringValue ?? ""))</ID>"
            out += "<Filter><Prefix>\(xmlEscape(rule["filter"]?["prefix"]?.stringValue ?? ""))</Prefix></Filter>"
            out += "<Status>\(rule["status"]?.stringValue ?? "Enabled")</Status>"
            for t in rule["transition"]?.arrayValue ?? [] {
                out += "<Transition><Days>\(t["days"]?.intValue ?? 0)</Days>"
                    + "<StorageClass>\(xmlEscape(t["storage_class"]?.stringValue ?? ""))</StorageClass></Transition>"
            }
            for e in rule["expiration"]?.arrayValue ?? [] {
                out += "<Expiration><Days>\(e["days"]?.intValue ?? 0)</Days></Expiration>"
            }
            out += "</Rule>"
        }
        return out + "</LifecycleConfiguration>"
    }

    private func put(_ a: [String: Value], region: String, client: AWSClient) async throws(ProviderError) -> String {
        let bucket = try a.string("bucket", for: spec.name)
        _ = try await client.s3(region: region, operation: "PutBucketLifecycleConfiguration", method: "PUT", bucket: bucket,
                                subresource: "lifecycle", body: Array(Self.xml(a["rule"]?.arrayValue ?? []).utf8))
        return bucket
    }

    func create(_ a: [String: Value], tags: [String: String], region: String, client: AWSClient)
        async throws(ProviderError) -> (id: String, computed: [String: Value])
    {
        (try await put(a, region: region, client: client), [:])
    }

    func update(id: String, prior: [String: Value], attributes: [String: Value], region: String, client: AWSClient)
        async throws(ProviderError) -> [String: Value]
    {
        _ = try await put(attributes, region: region, client: client)
        return [:]
    }

    /// GetBucketLocation and GetBucketLifecycleConfiguration per bucket asked for (the configuration has no tags
    /// of its own; listing it for adoption goes through its bucket).
    func describe(ids: [String]?, region: String, client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        var out: [AWSObservation] = []
        for bucket in ids ?? [] {
            let body: [UInt8]
            do {
                guard try await S3BucketHandler.location(of: bucket, region: region, client: client) == region else { continue }
                body = try await client.s3(region: region, operation: "GetBucketLifecycleConfiguration", method: "GET",
                                           bucket: bucket, subresource: "lifecycle").body
            } catch where error.code == .notFound { continue }
            let rules: [Value] = (XMLElement.parse(body)?.all("Rule") ?? []).map { rule in
                var r: [String: Value] = [
                    "id": .string(rule.string("ID") ?? ""), "status": .string(rule.string("Status") ?? "Enabled"),
                    "filter": ["prefix": .string(rule.string("Filter/Prefix") ?? rule.string("Prefix") ?? "")],
                    "transition": .array(rule.all("Transition").map {
                        ["days": .int(Int($0.string("Days") ?? "") ?? 0), "storage_class": .string($0.string("StorageClass") ?? "")]
                    }),
                ]
                let expirations = rule.all("Expiration").map { e -> Value in ["days": .int(Int(e.string("Days") ?? "") ?? 0)] }
                if !expirations.isEmpty { r["expiration"] = .array(expirations) }
                return .object(r)
            }
            out.append(AWSObservation(id: bucket, attributes: ["id": .string(bucket), "region": .string(region),
                                                               "bucket": .string(bucket), "rule": .array(rules)],
                                      gantryTags: [:]))
        }
        return out
    }

    func delete(id: String, attributes: [String: Value], region: String, client: AWSClient) async throws(ProviderError) {
        _ = try await client.s3(region: region, operation: "DeleteBucketLifecycle", method: "DELETE", bucket: id,
                                subresource: "lifecycle")
    }
}
