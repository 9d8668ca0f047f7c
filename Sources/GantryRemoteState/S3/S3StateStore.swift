import Foundation
import GantryBasics
import GantryHTTP
import GantryState

/// The S3 state backend: the state object written whole (versioned buckets keep every
/// version), a copy per serial under `KEY.history/`, journal batches under `KEY.journal/`,
/// and a lock object created with a conditional write (`If-None-Match: *`).
///
/// The lock object holds the owner record and the lease expiry; the heartbeat rewrites it
/// with `If-Match: ETAG`, and a writer takes over an expired lock the same way, so of two
/// racing writers only one wins. Before each write the store checks the lock object is
/// still the one it wrote, and the state object itself is written with `If-Match` on the
/// ETag it last read, so a writer that lost its lock — or found the state changed behind
/// it — never overwrites another writer's state. S3 cannot tell a live holder from a dead one, so
/// `gantry state unlock ID` trusts the person who runs it.
public actor S3StateStore: TeamStateStore {
    public nonisolated let bucket: String
    public nonisolated let key: String
    public nonisolated let lease: LeaseOptions
    public nonisolated var backendDescription: String { "s3://\(bucket)/\(key)" }

    let client: S3Client
    let emergency: EmergencyCopy?
    let warn: @Sendable (String) -> Void
    /// Blocking local file work (the emergency copy) runs here, off the cooperative pool.
    let files = BlockingThread(name: "gantry-s3-files")
    private var held: LockInfo?
    private var lockETag: String?
    private var heartbeat: Task<Void, Never>?
    private var lost = false
    private var base: StateDocument?
    private var journaled: [JournalEntry] = []
    private var journalLineage: String?
    private var batch = 0
    /// The state object as this store last read or wrote it: writes are conditional on it.
    private var observed: ObservedState?

    /// What a conditional state write expects to find.
    enum ObservedState: Equatable {
        case absent
        case etag(String)
    }

    /// - Parameters:
    ///   - endpoint: an S3-compatible endpoint (`http://127.0.0.1:5000`); AWS's regional one when nil.
    ///   - credentials: from `AWSCredentials.resolve()` — the environment, never the spec.
    public init(bucket: String, key: String, region: String, endpoint: String?, credentials: AWSCredentials,
                lease: LeaseOptions = LeaseOptions(), emergencyDirectory: String? = nil,
                warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.bucket = bucket
        self.key = key
        self.lease = lease
        self.warn = warn
        emergency = emergencyDirectory.map { EmergencyCopy(directory: $0) }
        var base = endpoint ?? "https://s3.\(region).amazonaws.com"
        while base.hasSuffix("/") { base.removeLast() }
        client = S3Client(bucket: bucket, endpoint: base, signer: SigV4Signer(credentials: credentials, region: region, service: "s3"),
                          backend: "s3://\(bucket)/\(key)", http: HTTPClient.shared)
    }

    deinit {
        heartbeat?.cancel()
        files.stop()
    }

    var lockKey: String { key + ".lock" }
    var journalPrefix: String { key + ".journal/" }
    var historyPrefix: String { key + ".history/" }

    // MARK: Bookkeeping for the journal and the emergency copy

    var currentJournalLineage: String? { journalLineage }
    func setJournalLineage(_ lineage: String?) { journalLineage = lineage }

    func setBase(_ document: StateDocument?, journaled entries: [JournalEntry]) {
        base = document
        journaled = entries
    }

    func observe(_ state: ObservedState) { observed = state }
    func forgetObservedState() { observed = nil }
    var observedState: ObservedState? { observed }

    func recordJournaled(_ entries: [JournalEntry]) { journaled.append(contentsOf: entries) }

    func nextBatch() -> Int {
        batch += 1
        return batch
    }

    /// The serial and lineage a journal batch extends; with no state yet, a lineage chosen
    /// once so every replay agrees.
    func journalBase() -> (Int, String?) {
        if let base { return (base.serial, base.lineage) }
        let lineage = journalLineage ?? StateDocument.new().lineage
        journalLineage = lineage
        return (0, lineage)
    }

    func savingEmergencyCopy(_ error: RemoteStateError, document: StateDocument?) async -> RemoteStateError {
        guard let emergency, error.code == "unavailable" || error.code == "lock-lost" else { return error }
        let latest = document ?? {
            var next = (base ?? StateDocument(lineage: StateDocument.new().lineage)).applying(journaled)
            next.serial = (base?.serial ?? 0) + 1
            return next
        }()
        let path: String? = await files.run { () -> String? in emergency.write(latest) }
        return error.withEmergencyCopy(path)
    }

    // MARK: Lock

    public func lock(_ info: LockInfo) async throws {
        if let held {
            if held.id == info.id { return }
            throw StateError(.locked(holder: held))
        }
        let body = try lockBody(info)
        if case .written(let etag) = try await client.put(lockKey, body, ifNoneMatch: true, operation: "take the state lock") {
            return acquired(info, etag: etag)
        }
        guard let current = try await client.get(lockKey, operation: "read the state lock") else {
            throw StateError(.locked(holder: nil))  // released just now: the caller's retry takes it
        }
        let record = Self.lockRecord(current.body)
        guard let expiry = record.expiresAt, expiry < Date().timeIntervalSince1970 else {
            throw StateError(.locked(holder: record.owner))
        }
        guard case .written(let etag) = try await client.put(lockKey, body, ifMatch: current.etag,
                                                            operation: "take over the state lock") else {
            throw StateError(.locked(holder: record.owner))
        }
        acquired(info, etag: etag)
        let name = record.owner?.summary ?? "a holder that left no owner record"
        warn("took over the state lock from \(name): its lease expired at \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: expiry))) without a heartbeat, so that run is presumed dead")
    }

    public func unlock() async throws {
        guard let held else { throw StateError(.notLocked) }
        heartbeat?.cancel()
        heartbeat = nil
        self.held = nil
        if let current = try await client.get(lockKey, operation: "read the state lock"),
           Self.lockRecord(current.body).id == held.id {
            try await client.delete(lockKey, operation: "release the state lock")
        }
    }

    public func forceUnlock(id: String) async throws {
        if held?.id == id { return try await unlock() }
        let current = try await client.get(lockKey, operation: "read the state lock")
        let record = current.map { Self.lockRecord($0.body) }
        guard let record, record.id == id else { throw StateError(.lockIDMismatch(given: id, holder: record?.owner)) }
        try await client.delete(lockKey, operation: "break the state lock")
    }

    /// Stops renewing without releasing — what a killed process leaves. For tests.
    public func abandon() {
        heartbeat?.cancel()
        heartbeat = nil
        held = nil
    }

    public func currentHolder() async throws -> LockInfo? {
        try await client.get(lockKey, operation: "read the state lock").flatMap { Self.lockRecord($0.body).owner }
    }

    private func acquired(_ info: LockInfo, etag: String) {
        held = info
        lockETag = etag
        lost = false
        heartbeat = lease.heartbeatTask { [weak self] in
            guard let self else { return false }
            await self.renew(info)
            return true
        }
    }

    private func renew(_ info: LockInfo) async {
        guard held?.id == info.id, !lost, let etag = lockETag, let body = try? lockBody(info) else { return }
        switch try? await client.put(lockKey, body, ifMatch: etag, operation: "renew the state lock's lease") {
        case .written(let next)?: lockETag = next
        case .preconditionFailed?:
            lost = true
            warn("lost the state lock \(info.id) on \(backendDescription): its lease ran out and another writer took it over")
        case nil: break  // unreachable now; the next beat tries again
        }
    }

    /// After a conditional state write found someone else's state: the lock is gone.
    func markLockLost() { lost = true }

    /// Throws `.lockLost` unless the lock object still names this store's lock.
    ///
    /// Compares the lock id, not the ETag: the heartbeat may rewrite the object while this
    /// read is in flight (actor reentrancy), which changes the ETag but not the holder.
    func checkLock() async throws -> LockInfo {
        guard let held else { throw StateError(.notLocked) }
        let current = try await client.get(lockKey, operation: "check the state lock")
        guard !lost, let current, Self.lockRecord(current.body).id == held.id else {
            lost = true
            throw RemoteStateError(.lockLost(backend: backendDescription, lockID: held.id, emergencyCopy: nil))
        }
        return held
    }

    private func lockBody(_ info: LockInfo) throws -> [UInt8] {
        let record: Value = ["id": .string(info.id), "owner": info.json,
                             "expires_at": .double(Date().timeIntervalSince1970 + lease.lease)]
        return try JSON.encodeBytes(record)
    }

    private static func lockRecord(_ body: [UInt8]) -> (id: String?, owner: LockInfo?, expiresAt: Double?) {
        guard let value = try? JSON.parse(body) else { return (nil, nil, nil) }
        let owner = value["owner"].flatMap { try? LockInfo(json: $0) }
        let expiry: Double? = switch value["expires_at"] {
        case .double(let d)?: d
        case .int(let i)?: Double(i)
        default: nil
        }
        return (value["id"]?.stringValue, owner, expiry)
    }
}
