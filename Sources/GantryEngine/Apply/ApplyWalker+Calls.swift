import GantryBasics
import GantryProviderKit
import GantryState

extension ApplyWalker {
    /// Makes one batched provider call and journals around it: intents before a create,
    /// the removal after each delete. New records (creates, updates) come back in the
    /// message for the driver to journal without holding up dependents: a record lost to
    /// a crash is still covered by its intent, so the next run adopts the resource by tag.
    /// Removals are journaled here, before anything can re-create the same address.
    ///
    /// Runs in a child task; touches no walk state. A create that timed out is looked
    /// up by its address tag before anyone retries it, so it is never made twice.
    func execute(_ batch: CallBatch) async -> Message {
        guard let provider = providers[batch.provider] else {
            return .finished(batch, batch.templates.map {
                .failure($0.address, ProviderError(.fatal, "provider '\(batch.provider)' is not configured"))
            }, records: [], warnings: [])
        }
        var warnings: [String] = []
        let addresses = batch.templates.map(\.address)
        let call = { (method: String, body: () async -> [OperationResult]) async -> [OperationResult] in
            await tracer.providerCall(
                provider: batch.provider, method: method, type: batch.type, addresses: addresses,
                count: addresses.count, attempt: batch.attempt, concurrencyLimit: batch.limit,
                outcome: Self.summarize, body)
        }

        var results: [OperationResult]
        switch batch.requests {
        case .create(let requests):
            if let failure = await journalIntents(requests, provider: batch.provider) {
                return .finished(batch, requests.map { .failure($0.address, failure) }, records: [], warnings: [])
            }
            results = await call("create") { await provider.create(requests) }
            results = await adoptTimedOut(results, batch: batch, provider: provider)
            results = await releaseShortfalls(results, requests: requests, batch: batch, provider: provider)
        case .update(let requests):
            results = await call("update") { await provider.update(requests) }
        case .delete(let requests):
            results = await call("delete") { await provider.delete(requests) }
        }

        var records: [JournalEntry] = []
        var removals: [JournalEntry] = []
        let templates = Dictionary(batch.templates.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        for result in results {
            switch result {
            case .success(let snapshot):
                if let template = templates[snapshot.address] { records.append(.put(template.record(snapshot))) }
            case .deleted(let address):
                if templates[address]?.deleteRemovesRecord == true { removals.append(.remove(address)) }
            case .failure: break
            }
        }
        if let warning = await journal(removals) { warnings.append(warning) }
        return .finished(batch, results, records: records, warnings: warnings)
    }

    /// Journals the intent of each create before it is made; the error when that failed,
    /// since without a durable intent a crash could duplicate the resource.
    func journalIntents(_ requests: [CreateRequest], provider: String) async -> ProviderError? {
        do {
            try await store.append(requests.map {
                .intent(address: $0.address, type: $0.type, provider: provider, token: $0.intentToken)
            })
            return nil
        } catch {
            return ProviderError(.fatal, "could not record the intent to create it in the journal: \(error)")
        }
    }

    /// Appends finished steps to the journal; a failure becomes a warning, since the
    /// final commit still records them.
    func journal(_ entries: [JournalEntry]) async -> String? {
        guard !entries.isEmpty else { return nil }
        do {
            try await store.append(entries)
            return nil
        } catch {
            return "could not journal \(entries.count) finished step(s) (\(error)); "
                + "they will be in the state written at the end"
        }
    }

    /// Replaces `timeout` failures of creates with the resource found by its address tag,
    /// when the create did happen.
    private func adoptTimedOut(_ results: [OperationResult], batch: CallBatch,
                               provider: any Provider) async -> [OperationResult] {
        let timedOut = Set(results.compactMap { result -> ResourceAddress? in
            if case .failure(let address, let error) = result, error.code == .timeout { return address }
            return nil
        })
        guard !timedOut.isEmpty else { return results }
        let found: [ResourceSnapshot]
        do {
            found = try await tracer.providerCall(
                retrying: options.retry, provider: batch.provider, method: "list", type: batch.type,
                addresses: Array(timedOut), count: timedOut.count
            ) { try await provider.list(ListRequest(type: batch.type)) }
        } catch {
            return results  // Unknown outcome stays a timeout; the retry looks again.
        }
        let byAddress = Dictionary(found.filter { timedOut.contains($0.address) }.map { ($0.address, $0) },
                                   uniquingKeysWith: { a, _ in a })
        return results.map { result in
            if case .failure(let address, _) = result, let snapshot = byAddress[address] {
                tracer.emit(.adopted(address: address, id: snapshot.id))
                return .success(snapshot)
            }
            return result
        }
    }

    /// The span outcome of a batched call: `ok`, or the first failure's code.
    static func summarize(_ results: [OperationResult]) -> String {
        for result in results { if case .failure(_, let error) = result { return error.code.rawValue } }
        return "ok"
    }
}
