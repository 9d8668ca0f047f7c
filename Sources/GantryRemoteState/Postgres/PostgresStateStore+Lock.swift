import Foundation
import GantryBasics
import GantryState

/// The lock: a row in `gantry_locks` holding the owner record and a lease renewed by a
/// heartbeat, plus a session-level advisory lock held on the lock session.
///
/// The row is the authority and carries the lease: a holder that stops renewing (killed,
/// hung, cut off) loses the lock once the lease runs out, and the next writer takes it
/// over with a warning naming it. The advisory lock tells a live holder from a dead one
/// at once — PostgreSQL drops it with the holder's connection — so
/// `gantry state unlock ID` can refuse to break the lock of a run that is still alive.
extension PostgresStateStore {
    private enum LockOutcome: Sendable {
        case acquired(takenFrom: LockInfo?, expiredAt: Double?)
        case held(LockInfo?)
    }

    private enum ForceOutcome: Sendable {
        case broken
        case mismatch(LockInfo?)
        case stillHeld(LockInfo?)
    }

    /// Takes the lock, or throws `StateError.locked` naming the holder. A lock whose lease
    /// expired is taken over, with a warning naming the holder presumed dead.
    public func lock(_ info: LockInfo) async throws {
        if let held {
            if held.id == info.id { return }
            throw StateError(.locked(holder: held))
        }
        try await ensureSchema()
        let name = location.name, owner = try Self.ownerText(info), seconds = String(lease.lease)
        let (outcome, advisory) = try await lockSession.run("take the state lock") { connection in
            let advisory = try connection.execute(PostgresSchema.tryAdvisory, [name])[0, 0] == "t"
            let outcome: LockOutcome
            do {
                outcome = try connection.transaction { () throws -> LockOutcome in
                    guard let row = try connection.execute(PostgresSchema.lockRow, [name]).values.first,
                          let holderID = row[0] else {
                        let inserted = try connection.execute(PostgresSchema.insertLock, [name, info.id, owner, seconds])
                        return inserted.affected == 1 ? .acquired(takenFrom: nil, expiredAt: nil) : .held(nil)
                    }
                    let holder = row[1].flatMap(Self.owner)
                    guard row[2] == "t" else { return .held(holder) }
                    let taken = try connection.execute(PostgresSchema.takeOverLock,
                                                       [name, info.id, owner, seconds, holderID])
                    return taken.affected == 1 ? .acquired(takenFrom: holder, expiredAt: row[3].flatMap { Double($0) })
                        : .held(holder)
                }
            } catch {
                if advisory { _ = try? connection.execute(PostgresSchema.releaseAdvisory, [name]) }
                throw error
            }
            if case .held = outcome, advisory { try connection.execute(PostgresSchema.releaseAdvisory, [name]) }
            return (outcome, advisory)
        }
        switch outcome {
        case .held(let holder):
            throw StateError(.locked(holder: holder))
        case .acquired(let previous, let expiredAt):
            held = info
            holdsAdvisory = advisory
            lost = false
            committer = nil
            startHeartbeat(info)
            if let previous {
                let when = expiredAt.map { " at \(Self.formatUTC($0))" } ?? ""
                let liveness = advisory ? "its connection is gone, so that run is presumed dead"
                    : "its connection is still open, so that run may be hung; its writes are refused from now on"
                warn("took over the state lock from \(previous.summary): its lease expired\(when) without a heartbeat; \(liveness)")
            }
        }
    }

    /// Releases the lock: stops the heartbeat, deletes the row, drops the advisory lock.
    public func unlock() async throws {
        guard let held else { throw StateError(.notLocked) }
        heartbeat?.cancel()
        heartbeat = nil
        self.held = nil
        committer = nil
        let advisory = holdsAdvisory
        holdsAdvisory = false
        let name = location.name
        try await lockSession.run("release the state lock") { connection in
            try connection.execute(PostgresSchema.deleteLock, [name, held.id])
            if advisory { try connection.execute(PostgresSchema.releaseAdvisory, [name]) }
        }
    }

    /// Breaks the lock with this id (`gantry state unlock ID`).
    ///
    /// - Throws: `.lockIDMismatch` when `id` is not the current lock's; `.lockStillHeld`
    ///   when its holder's session is still connected and its lease has not run out.
    public func forceUnlock(id: String) async throws {
        if held?.id == id { return try await unlock() }
        try await ensureSchema()
        let name = location.name
        let outcome = try await lockSession.run("break the state lock") { connection -> ForceOutcome in
            let row = try connection.execute(PostgresSchema.lockRow, [name]).values.first
            let holder = row?[1].flatMap(Self.owner)
            guard let row, row[0] == id else { return .mismatch(holder) }
            let advisory = try connection.execute(PostgresSchema.tryAdvisory, [name])[0, 0] == "t"
            defer { if advisory { _ = try? connection.execute(PostgresSchema.releaseAdvisory, [name]) } }
            guard advisory || row[2] == "t" else { return .stillHeld(holder) }
            try connection.execute(PostgresSchema.deleteLock, [name, id])
            return .broken
        }
        switch outcome {
        case .broken: return
        case .mismatch(let holder): throw StateError(.lockIDMismatch(given: id, holder: holder))
        case .stillHeld(let holder): throw StateError(.lockStillHeld(holder: holder))
        }
    }

    /// The current lock holder according to the lock row.
    public func currentHolder() async throws -> LockInfo? {
        try await ensureSchema()
        let name = location.name
        return try await lockSession.run("read the state lock") { connection in
            try connection.execute(PostgresSchema.lockRow, [name]).values.first?[1].flatMap(Self.owner)
        }
    }

    /// Stops renewing and closes both sessions without releasing anything — what a
    /// killed process leaves behind. For tests of lease expiry.
    public func abandon() async {
        heartbeat?.cancel()
        heartbeat = nil
        held = nil
        holdsAdvisory = false
        await lockSession.close()
        await data.close()
    }

    // MARK: Heartbeat

    /// Stops renewing the lease while still believing to hold the lock — a hung holder.
    /// For tests of fencing.
    func stopHeartbeat() {
        heartbeat?.cancel()
        heartbeat = nil
    }

    private func startHeartbeat(_ info: LockInfo) {
        heartbeat?.cancel()
        heartbeat = lease.heartbeatTask { [weak self] in
            guard let self else { return false }
            await self.renew(info)
            return true
        }
    }

    /// Moves the lease forward; notices when the row is no longer ours.
    private func renew(_ info: LockInfo) async {
        guard held?.id == info.id, !lost, let owner = try? Self.ownerText(info) else { return }
        let name = location.name, seconds = String(lease.lease)
        do {
            let renewed = try await lockSession.run("renew the state lock's lease") { connection in
                try connection.execute(PostgresSchema.renewLock, [name, info.id, owner, seconds]).affected
            }
            if renewed == 0 && held?.id == info.id {
                lost = true
                warn("lost the state lock \(info.id) on \(location.description): its lease ran out and another writer took it over")
            }
        } catch {
            // The server may be back before the lease runs out: the next beat tries again.
        }
    }

    // MARK: Owner record

    static func ownerText(_ info: LockInfo) throws -> String {
        try JSON.encode(info.json)
    }

    static func owner(_ text: String) -> LockInfo? {
        guard let value = try? JSON.parse(text) else { return nil }
        return try? LockInfo(json: value)
    }

    static func formatUTC(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
