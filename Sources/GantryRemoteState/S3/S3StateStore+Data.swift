import Foundation
import GantryBasics
import GantryState

/// Reading and writing the state, journal and history objects.
extension S3StateStore {
    public func load() async throws -> StateDocument? { try await loadReport().document }

    /// The state object with the journal batches written against its serial replayed.
    public func loadReport() async throws -> StateLoad {
        let object = try await readStateObject()
        observe(object.map { .etag($0.etag) } ?? .absent)
        let document = object?.document
        var entries: [JournalEntry] = []
        var rowsLineage: String?
        var stale = 0
        for object in try await client.list(prefix: journalPrefix, operation: "list the journal") {
            guard let batch = try await client.get(object.key, operation: "read the journal") else { continue }
            let lines = batch.body.split(separator: UInt8(ascii: "\n"))
            guard let headerLine = lines.first, let header = try? JSON.parse(Array(headerLine)),
                  case .int(let baseSerial)? = header["base_serial"] else {
                throw StateError(.corrupt(file: "s3://\(bucket)/\(object.key)", line: 1, column: nil,
                                          reason: "the first line is not a journal header"))
            }
            guard baseSerial == (document?.serial ?? 0) else { stale += 1; continue }
            rowsLineage = rowsLineage ?? header["lineage"]?.stringValue
            for (index, line) in lines.dropFirst().enumerated() {
                entries.append(try PostgresStateStore.decodeEntry(String(decoding: line, as: UTF8.self), index: index + 1,
                                                                  source: "s3://\(bucket)/\(object.key)"))
            }
        }
        setJournalLineage(document == nil ? rowsLineage ?? currentJournalLineage : nil)
        var result = document
        if !entries.isEmpty {
            let lineage = currentJournalLineage ?? StateDocument.new().lineage
            if document == nil { setJournalLineage(lineage) }
            result = (document ?? StateDocument(lineage: lineage)).applying(entries)
        }
        setBase(document, journaled: entries)
        let warnings: [Diagnostic] = stale == 0 ? [] : [.warning(
            "state-journal-stale", "\(backendDescription): skipped \(stale) journal batches written against an older serial")]
        return .loaded(result, replayedEntries: entries.count, warnings: warnings)
    }

    /// One object per call: `KEY.journal/<base serial>-<batch>-<random>`, a header line and
    /// one entry per line.
    public func append(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let lines = try entries.map(PostgresStateStore.encodeEntry)
        do {
            _ = try await checkLock()
            let (serial, lineage) = journalBase()
            var header: [String: Value] = ["base_serial": .int(serial)]
            if let lineage { header["lineage"] = .string(lineage) }
            let body = Array(([try JSON.encode(.object(header))] + lines).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
            let name = String(format: "%@%012d-%08d-%@", journalPrefix, serial, nextBatch(), UUID().uuidString.prefix(8).lowercased())
            _ = try await client.put(name, body, operation: "append to the journal")
            recordJournaled(entries)
        } catch let error as RemoteStateError {
            recordJournaled(entries)
            throw await savingEmergencyCopy(error, document: nil)
        }
    }

    public func commit(_ document: StateDocument) async throws { try await write(document, force: false) }

    public func replace(_ document: StateDocument) async throws { try await write(document, force: true) }

    public func history() async throws -> [StateRevision] {
        let objects = try await client.list(prefix: historyPrefix, operation: "list the state history")
        let lineage = try await readState()?.lineage ?? ""
        return objects.compactMap { object in
            let name = object.key.dropFirst(historyPrefix.count)
            guard name.hasSuffix(".json"), let serial = Int(name.dropLast(5)) else { return nil }
            let date = ISO8601DateFormatter.withFractions.date(from: object.modified)
                ?? ISO8601DateFormatter().date(from: object.modified)
            return StateRevision(serial: serial, lineage: lineage, writtenAt: date?.timeIntervalSince1970, writtenBy: "")
        }.sorted { $0.serial < $1.serial }
    }

    /// Writes the state object only if it is still the one this store last read
    /// (`If-Match`, or `If-None-Match: *` when there was none), so a writer that lost its
    /// lock, or whose state changed behind it, never overwrites another writer's state.
    private func write(_ document: StateDocument, force: Bool) async throws {
        do {
            let holder = try await checkLock()
            var stored = document
            let current = try await readStateObject()
            let found: ObservedState = current.map { .etag($0.etag) } ?? .absent
            if !force, let observed = observedState, observed != found {
                // Another writer replaced the state since this store read it: our lock is gone.
                markLockLost()
                throw RemoteStateError(.lockLost(backend: backendDescription, lockID: holder.id, emergencyCopy: nil))
            }
            if let current = current?.document {
                if force {
                    stored.serial = max(document.serial, current.serial + 1)
                } else {
                    guard current.lineage == document.lineage else {
                        throw StateError(.lineageMismatch(expected: current.lineage, found: document.lineage))
                    }
                    guard document.serial > current.serial else {
                        throw StateError(.staleSerial(current: current.serial, offered: document.serial))
                    }
                }
            }
            let bytes = try stored.encodedFile()
            _ = try await client.put(String(format: "%@%012d.json", historyPrefix, stored.serial), bytes,
                                     operation: "keep the state's history")
            let etag: String? = if case .etag(let tag) = found, !tag.isEmpty { tag } else { nil }
            let outcome = try await client.put(key, bytes, ifNoneMatch: found == .absent, ifMatch: etag,
                                               operation: "write the state")
            guard case .written(let written) = outcome else {
                markLockLost()
                throw RemoteStateError(.lockLost(backend: backendDescription, lockID: holder.id, emergencyCopy: nil))
            }
            // A store that answers without an ETag leaves the next write to compare afresh.
            if written.isEmpty { forgetObservedState() } else { observe(.etag(written)) }
            for object in try await client.list(prefix: journalPrefix, operation: "list the journal") {
                try await client.delete(object.key, operation: "clear the journal")
            }
            setBase(stored, journaled: [])
        } catch let error as RemoteStateError {
            throw await savingEmergencyCopy(error, document: document)
        }
    }

    /// The state object, parsed; nil when there is none. A corrupt object is refused.
    private func readState() async throws -> StateDocument? { try await readStateObject()?.document }

    /// The state object with the ETag a conditional write names.
    private func readStateObject() async throws -> (document: StateDocument, etag: String)? {
        guard let object = try await client.get(key, operation: "read the state") else { return nil }
        return (try StateDocument(file: object.body, named: backendDescription), object.etag)
    }
}

extension ISO8601DateFormatter {
    /// S3's `LastModified`: `2026-11-26T04:42:52.000Z`.
    nonisolated(unsafe) static let withFractions: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
