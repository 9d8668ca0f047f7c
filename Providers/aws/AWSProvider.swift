import Foundation
import GantryBasics
import GantryHTTP
import GantryProviderKit
import Synchronization

/// Amazon Web Services over Gantry's libcurl client with SigV4: EC2 networks and launch
/// templates, Auto Scaling, EKS, S3, FSx for Lustre and EFS, with Terraform's type names.
///
/// Configure it with the `providers.aws` block (see `AWSConfig`); credentials come from the
/// environment or `~/.aws` profiles, endpoints from `AWS_ENDPOINT_URL[_SERVICE]` or the config.
///
/// ```swift
/// let aws = AWSProvider()
/// try await aws.configure(ConfigureRequest(config: ["regions": ["us-east-1"]], workingDirectory: "."))
/// let plan = try await Engine(providers: ["aws": aws], store: store).plan(intents)
/// print("API calls:", aws.callCount)
/// ```
public final class AWSProvider: Provider {
    public let name = "aws"

    struct Configured: Sendable {
        let config: AWSConfig
        let client: AWSClient

        /// The handler of `type`, with the settings the config gives it.
        func handler(_ type: String) throws(ProviderError) -> any AWSResourceHandler {
            try AWSProvider.handler(type).configured(config)
        }
    }

    private let http: HTTPClient
    private let environment: [String: String]
    private let configured = Mutex<Configured?>(nil)
    /// Zones per region, discovered once with DescribeAvailabilityZones.
    private let zoneCache = Mutex<[String: [String]]>([:])

    /// Every resource type by its Terraform name.
    static let handlers: [String: any AWSResourceHandler] = {
        let all: [any AWSResourceHandler] = [
            VPCHandler(), SubnetHandler(), SecurityGroupHandler(), PlacementGroupHandler(), LaunchTemplateHandler(),
            InstanceHandler(), AutoScalingGroupHandler(), EKSClusterHandler(), EKSNodeGroupHandler(), S3BucketHandler(),
            S3LifecycleHandler(), FSxLustreHandler(), FSxDataRepositoryHandler(), EFSHandler(), EFSMountTargetHandler(),
            IAMRoleHandler(),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.spec.name, $0) })
    }()

    /// - Parameters:
    ///   - http: the client to send through (one thread and connection cache per client).
    ///   - environment: where credentials, `AWS_PROFILE` and endpoint overrides are read from.
    public init(http: HTTPClient = .shared, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.http = http
        self.environment = environment
    }

    /// HTTP exchanges made since `configure`, retries included.
    public var callCount: Int { configured.withLock { $0?.client.callCount } ?? 0 }

    public func schema() async throws -> ProviderSchema {
        ProviderSchema(resourceTypes: Self.handlers.values.map(\.spec.schema).sorted { $0.name < $1.name })
    }

    /// Reads the config and finds credentials; no API call is made until one is needed.
    public func configure(_ request: ConfigureRequest) async throws {
        let config = try AWSConfig.parse(request.config)
        let credentials: AWSCredentials
        do {
            credentials = try AWSCredentials.resolve(profile: config.profile, environment: environment)
        } catch {
            throw ProviderError(.auth, error.message + (error.hint.map { " (hint: \($0))" } ?? ""),
                                providerCode: "NoCredentials")
        }
        var c = config
        if c.regions.isEmpty { c.regions = [AWSCredentials.defaultRegion(profile: c.profile, environment: environment) ?? "us-east-1"] }
        let client = AWSClient(http: http, credentials: credentials,
                               endpoints: AWSEndpoints(overrides: c.endpoints, environment: environment),
                               maxAttempts: c.maxAttempts, timeoutSeconds: c.timeoutSeconds)
        configured.withLock { $0 = Configured(config: c, client: client) }
    }

    func current() throws(ProviderError) -> Configured {
        guard let c = configured.withLock({ $0 }) else {
            throw ProviderError(.fatal, "the aws provider was used before `configure`", providerCode: "NotConfigured")
        }
        return c
    }

    public func lower(_ request: LowerRequest) async throws -> LowerResponse {
        let c = try current()
        var zones: [String: [String]] = [:]
        var amis: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        let regions = Set(request.items.compactMap(\.region) + c.config.regions)
        for region in regions.sorted() {
            do {
                zones[region] = try await self.zones(in: region, client: c.client)
            } catch {
                diagnostics.append(.error("aws-zones", "could not list the availability zones of \(region): \(error)"))
            }
            if let ami = c.config.gpuAMI[region] ?? c.config.defaultAMI {
                amis[region] = ami
            } else if request.items.contains(where: { $0.kind == "node_pools" && ($0.region ?? c.config.regions.first) == region }) {
                do {
                    amis[region] = try await AMILookup.gpuAMI(region: region, client: c.client)
                } catch {
                    diagnostics.append(.error("aws-ami", "no GPU AMI found in \(region): \(error)",
                                              hint: "set providers.aws.gpu_ami"))
                }
            }
        }
        var response = AWSLowering(config: c.config, zones: zones, amis: amis).lower(request)
        response.diagnostics = diagnostics + response.diagnostics
        return response
    }

    /// The region's zones in name order, at most `max_zones`, cached.
    private func zones(in region: String, client: AWSClient) async throws(ProviderError) -> [String] {
        if let known = zoneCache.withLock({ $0[region] }) { return known }
        let answer = try await client.query("ec2", region: region, action: "DescribeAvailabilityZones",
                                            [("Filter.1.Name", "state"), ("Filter.1.Value.1", "available")])
        let names = answer.items("availabilityZoneInfo").compactMap { $0.string("zoneName") }.sorted()
        zoneCache.withLock { $0[region] = names }
        return names
    }

    public func plan(_ requests: [PlanRequest]) async throws -> [PlanResponse] {
        requests.map { AWSPlanner.plan($0, spec: Self.handlers[$0.type]?.spec) }
    }

    // MARK: Changes

    public func create(_ requests: [CreateRequest]) async -> [OperationResult] {
        await each(requests) { c, r throws(ProviderError) in
            let handler = try c.handler(r.type)
            let region = Self.region(r.attributes, c)
            let gantry = ["gantry:address": r.address.rawValue, "gantry:token": r.intentToken, "gantry:project": c.config.project]
            let tags = handler.spec.taggable ? mergedTags(r.attributes, gantry) : [:]
            // A failover's retry brings new placement keys over the first offer's policy.
            let attributes = AWSPlanner.prepared(r.attributes, spec: handler.spec)
            let (id, computed): (String, [String: Value])
            do throws(ProviderError) {
                (id, computed) = try await handler.create(attributes, tags: tags, region: region, client: c.client)
            } catch {
                throw AWSCapacityDetail.enrich(error, attributes: attributes, region: region)
            }
            return .success(Self.snapshot(r.address, r.type, id, attributes, computed, handler.spec))
        } address: { $0.address }
    }

    public func update(_ requests: [UpdateRequest]) async -> [OperationResult] {
        await each(requests) { c, r throws(ProviderError) in
            let handler = try c.handler(r.type)
            let region = Self.region(r.attributes, c)
            let attributes = AWSPlanner.prepared(r.attributes, spec: handler.spec)
            let computed: [String: Value]
            do throws(ProviderError) {
                computed = try await handler.update(id: r.id, prior: r.prior, attributes: attributes, region: region,
                                                    client: c.client)
            } catch {
                throw AWSCapacityDetail.enrich(error, attributes: attributes, region: region)
            }
            return .success(Self.snapshot(r.address, r.type, r.id, attributes, computed, handler.spec))
        } address: { $0.address }
    }

    public func delete(_ requests: [DeleteRequest]) async -> [OperationResult] {
        await each(requests) { c, r throws(ProviderError) in
            let handler = try c.handler(r.type)
            do {
                try await handler.delete(id: r.id, attributes: r.attributes, region: Self.region(r.attributes, c),
                                         client: c.client)
            } catch let error as ProviderError where error.code == .notFound {
                // Already gone: the desired outcome.
            } catch {
                throw (error as? ProviderError) ?? ProviderError(.fatal, "\(error)")
            }
            return .deleted(r.address)
        } address: { $0.address }
    }

    /// Runs one operation per request concurrently; failures carry the request's address.
    private func each<R: Sendable>(_ requests: [R],
                                   _ body: @escaping @Sendable (Configured, R) async throws(ProviderError) -> OperationResult,
                                   address: @escaping @Sendable (R) -> ResourceAddress) async -> [OperationResult] {
        let c: Configured
        do {
            c = try current()
        } catch {
            return requests.map { .failure(address($0), error) }
        }
        return await withTaskGroup(of: (Int, OperationResult).self) { group in
            for (i, request) in requests.enumerated() {
                group.addTask {
                    do {
                        return (i, try await body(c, request))
                    } catch {
                        var e = (error as? ProviderError) ?? ProviderError(.fatal, "\(error)")
                        e.address = address(request)
                        e.message = "\(address(request)): \(e.message)"
                        return (i, .failure(address(request), e))
                    }
                }
            }
            var results = [OperationResult?](repeating: nil, count: requests.count)
            for await (i, result) in group { results[i] = result }
            return results.enumerated().map { i, r in
                r ?? .failure(address(requests[i]), ProviderError(.fatal, "internal error: no result"))
            }
        }
    }

    // MARK: Reads

    /// One batched Describe per region for the type; ids not seen anywhere are `notFound`.
    public func read(_ request: ReadRequest) async throws -> [ReadResult] {
        guard !request.items.isEmpty else { return [] }
        let c = try current()
        let handler = try Self.handler(request.type)
        let ids = request.items.map(\.id)
        let observed = try await observe(handler, ids: ids, regions: c.config.regions, client: c.client)
        let byID = Dictionary(observed.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return request.items.map { item in
            guard let o = byID[item.id] else { return .notFound(item.address) }
            return .found(ResourceSnapshot(address: item.address, type: request.type, id: o.id,
                                           attributes: AWSPlanner.normalise(o.attributes, spec: handler.spec)))
        }
    }

    /// Resources of the type carrying Gantry's address tag, for adoption and import.
    public func list(_ request: ListRequest) async throws -> [ResourceSnapshot] {
        let c = try current()
        let handler = try Self.handler(request.type)
        let regions = request.region.map { [$0] } ?? c.config.regions
        return try await observe(handler, ids: nil, regions: regions, client: c.client).compactMap { o in
            guard let address = o.gantryTags["gantry:address"] else { return nil }
            return ResourceSnapshot(address: ResourceAddress(address), type: request.type, id: o.id,
                                    attributes: AWSPlanner.normalise(o.attributes, spec: handler.spec))
        }
    }

    private func observe(_ handler: any AWSResourceHandler, ids: [String]?, regions: [String],
                         client: AWSClient) async throws(ProviderError) -> [AWSObservation] {
        // A global type (IAM) answers the same from every region: ask once.
        let regions = handler.spec.regional ? regions : Array(regions.prefix(1))
        do {
            return try await withThrowingTaskGroup(of: [AWSObservation].self) { group in
                for region in regions {
                    group.addTask { try await handler.describe(ids: ids, region: region, client: client) }
                }
                var all: [AWSObservation] = []
                for try await part in group { all += part }
                return all
            }
        } catch {
            throw (error as? ProviderError) ?? ProviderError(.fatal, "\(error)")
        }
    }

    // MARK: Helpers

    static func handler(_ type: String) throws(ProviderError) -> any AWSResourceHandler {
        guard let handler = handlers[type] else {
            throw ProviderError(.invalid, "the aws provider has no resource type `\(type)`", providerCode: "UnknownType")
        }
        return handler
    }

    static func region(_ attributes: [String: Value], _ c: Configured) -> String {
        attributes["region"]?.stringValue ?? c.config.regions.first ?? "us-east-1"
    }

    static func snapshot(_ address: ResourceAddress, _ type: String, _ id: String, _ attributes: [String: Value],
                         _ computed: [String: Value], _ spec: AWSTypeSpec) -> ResourceSnapshot {
        var a = AWSPlanner.normalise(attributes.filter { !spec.computed.contains($0.key) }, spec: spec)
        for (key, value) in computed { a[key] = value }
        a["id"] = .string(id)
        return ResourceSnapshot(address: address, type: type, id: id, attributes: a)
    }
}
