import Foundation
import GantryBasics
import GantryProviderKit

/// The simulated cloud's behaviour: what create, update, delete, read and list do to the
/// world. Runs inside a world transaction; all randomness comes through `chance`, so a
/// seeded generator makes it reproducible.
struct SimCloud: Sendable {
    let config: SimConfig
    /// Draws from the provider's seeded generator: true with the given probability.
    let chance: @Sendable (Double) -> Bool

    static let accountID = "000000000000"

    // MARK: Create

    func create(_ request: CreateRequest, in t: inout SimTransaction) -> OperationResult {
        let address = request.address
        guard let spec = SimTypes.all[request.type] else { return .failure(address, Self.unknownType(request.type)) }
        // Idempotent per intent token, like EC2's ClientToken: a retried create (after a
        // timeout, or by a Gantry that died mid-call) gets the resource it already made.
        if let id = t.state.idByToken[request.intentToken], let existing = t.state.resources[id] {
            guard existing.type == request.type, existing.address == address else {
                return .failure(address, ProviderError(
                    .conflict, "intent token \(request.intentToken) was already used for \(existing.id) "
                        + "(\(existing.address?.rawValue ?? "no address"))",
                    address: address, providerCode: "IdempotentParameterMismatch"))
            }
            return .success(snapshot(existing, now: t.now))
        }
        if let problem = validate(request.attributes, spec: spec, address: address, state: t.state) {
            return .failure(address, problem)
        }
        var attributes = request.attributes
        let region = attributes["region"]?.stringValue ?? (spec.name == SimTypes.data ? nil : config.regions.first)
        let serial = t.reserveSerial()
        let id = "sim-\(spec.idStem)-" + String(format: "%08x", serial)
        attributes["id"] = .string(id)
        var tags = [SimTag.address: address.rawValue, SimTag.token: request.intentToken]
        if let project = config.project { tags[SimTag.project] = project }

        var resource = SimResource(id: id, type: spec.name, region: region, attributes: [:], tags: tags,
                                   serial: serial)
        if spec.name != SimTypes.data {
            let regionName = region ?? "global"
            attributes["arn"] = .string("arn:sim:\(spec.service):\(regionName):\(Self.accountID):\(spec.idStem)/\(id)")
            attributes["tags_all"] = Self.tagsAll(attributes["tags"], gantryTags: tags)
            switch spec.name {
            case SimTypes.nodeGroup:
                switch place(attributes, region: regionName, excluding: nil, state: t.state, address: address) {
                case .failure(let error): return .failure(address, error)
                case .success(let landing):
                    attributes.merge(landing.attributes) { _, new in new }
                    let desired = attributes["desired_size"]?.intValue ?? 0
                    if let fault = t.state.nodeFault(instanceType: attributes["instance_type"]?.stringValue ?? "",
                                                     zone: attributes["zone"]?.stringValue ?? "") {
                        attributes["failed_nodes"] = .int(fault.failedNodes(growingFrom: 0, to: desired, failed: 0))
                    }
                    if config.bootSeconds > 0 && desired > 0 { resource.readyAt = t.now + config.bootSeconds }
                }
            case SimTypes.subnet:
                attributes["available_ips"] = .int(Self.usableAddresses(attributes["cidr"]?.stringValue))
            case SimTypes.launchTemplate:
                attributes["latest_version"] = 1
            case SimTypes.lustre:
                attributes["dns_name"] = .string("\(id).fsx.\(regionName).sim.internal")
                attributes["mount_name"] = .string(String(format: "%08x", serial &* 2_654_435_761 & 0xffff_ffff))
            case SimTypes.nfs:
                attributes["dns_name"] = .string("\(id).efs.\(regionName).sim.internal")
            case SimTypes.bucket:
                let name = attributes["bucket"]?.stringValue ?? id
                if let other = t.state.resources.values.first(where: {
                    $0.type == SimTypes.bucket && $0.attributes["bucket"]?.stringValue == name
                }) {
                    return .failure(address, ProviderError(
                        .conflict, "bucket name `\(name)` is taken by \(other.id)", address: address,
                        providerCode: "BucketAlreadyExists", detail: ["bucket": .string(name)]))
                }
                attributes["domain_name"] = .string("\(name).s3.\(regionName).sim.internal")
            default:
                break
            }
        }
        resource.attributes = attributes
        t.apply(.put(resource))
        return .success(snapshot(resource, now: t.now))
    }

    // MARK: Update

    func update(_ request: UpdateRequest, in t: inout SimTransaction) -> OperationResult {
        let address = request.address
        guard let spec = SimTypes.all[request.type] else { return .failure(address, Self.unknownType(request.type)) }
        guard var resource = t.state.resources[request.id], resource.type == request.type else {
            return .failure(address, Self.notFound(request.type, request.id, address))
        }
        if let problem = validate(request.attributes, spec: spec, address: address, state: t.state) {
            return .failure(address, problem)
        }
        for key in spec.forceNew.sorted() where request.attributes[key] != resource.attributes[key] {
            return .failure(address, ProviderError(
                .invalid, "`\(key)` of \(request.id) cannot change in place; the resource must be replaced",
                address: address, providerCode: "RequiresReplacement", detail: ["attribute": .string(key)]))
        }
        let old = resource.attributes
        var attributes = request.attributes.filter { !spec.computed.contains($0.key) }
        for key in spec.computed { if let v = old[key] { attributes[key] = v } }
        if spec.name != SimTypes.data, attributes["tags"] != old["tags"] {
            attributes["tags_all"] = Self.tagsAll(attributes["tags"], gantryTags: resource.tags)
        }
        switch spec.name {
        case SimTypes.nodeGroup:
            let oldDesired = old["desired_size"]?.intValue ?? 0
            let newDesired = attributes["desired_size"]?.intValue ?? 0
            // Scaling keeps a mixed group's split; any market that grows needs room and quota.
            let before = MarketMix.nodesByMarket(old), after = MarketMix.nodesByMarket(attributes)
            if newDesired > oldDesired || after.contains(where: { $0.value > before[$0.key] ?? 0 }) {
                switch place(attributes, region: resource.region ?? "global", excluding: resource.id, state: t.state,
                             address: address) {
                case .failure(let error): return .failure(address, error)
                case .success(let landing): attributes["price_per_hour"] = landing.attributes["price_per_hour"]
                }
                if let fault = t.state.nodeFault(instanceType: attributes["instance_type"]?.stringValue ?? "",
                                                 zone: attributes["zone"]?.stringValue ?? "") {
                    attributes["failed_nodes"] = .int(fault.failedNodes(growingFrom: oldDesired, to: newDesired,
                                                                        failed: old["failed_nodes"]?.intValue ?? 0))
                }
                if config.bootSeconds > 0 {
                    resource.readyBefore = resource.currentAttributes(now: t.now)["ready_nodes"]?.intValue ?? 0
                    resource.readyAt = t.now + config.bootSeconds
                }
            }
        case SimTypes.launchTemplate:
            let changed = attributes.contains { !spec.computed.contains($0.key) && old[$0.key] != $0.value }
                || old.keys.contains { !spec.computed.contains($0) && attributes[$0] == nil }
            if changed { attributes["latest_version"] = .int((old["latest_version"]?.intValue ?? 1) + 1) }
        case SimTypes.lustre:
            if let new = attributes["size_gib"]?.intValue, let was = old["size_gib"]?.intValue, new < was {
                return .failure(address, ProviderError(
                    .invalid, "a Lustre file system cannot shrink (\(was) GiB → \(new) GiB)", address: address,
                    providerCode: "BadRequest"))
            }
        default:
            break
        }
        resource.attributes = attributes
        t.apply(.put(resource))
        return .success(snapshot(resource, now: t.now))
    }

    // MARK: Delete, read, list

    func delete(_ request: DeleteRequest, in t: inout SimTransaction) -> OperationResult {
        // Deleting what is already gone succeeds, as in every cloud API Gantry talks to.
        if let existing = t.state.resources[request.id], existing.type == request.type {
            let users = t.state.resourcesUsing(existing.id)
            guard users.isEmpty else {
                return .failure(request.address, ProviderError(
                    .conflict, "\(existing.id) is still used by " + users.map { "\($0.id) (\($0.address?.rawValue ?? "no address"))" }
                        .joined(separator: ", "),
                    address: request.address, providerCode: "DependencyViolation",
                    detail: ["used_by": .array(users.map { .string($0.id) })]))
            }
            t.apply(.remove(id: request.id))
        }
        return .deleted(request.address)
    }

    func read(_ request: ReadRequest, in t: SimTransaction) -> [ReadResult] {
        request.items.map { item in
            guard let r = t.state.resources[item.id], r.type == request.type else { return .notFound(item.address) }
            var snap = snapshot(r, now: t.now)
            snap.address = item.address
            return .found(snap)
        }
    }

    func list(_ request: ListRequest, in t: SimTransaction) -> [ResourceSnapshot] {
        t.state.resources.values
            .filter { $0.type == request.type && $0.address != nil && (request.region == nil || $0.region == request.region) }
            .sorted { $0.serial < $1.serial }
            .map { snapshot($0, now: t.now) }
    }

    func snapshot(_ r: SimResource, now: Double) -> ResourceSnapshot {
        ResourceSnapshot(address: r.address ?? ResourceAddress(r.id), type: r.type, id: r.id,
                         attributes: r.currentAttributes(now: now))
    }
}
