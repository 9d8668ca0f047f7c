import GantryBasics
import GantryProviderKit

extension ApplyWalker {
    /// Releases creates that got less than they asked for (all-or-nothing pools): each is
    /// deleted at once and reported as a `capacity` failure, so the failover tries the
    /// next offer and no partial cluster is left behind.
    ///
    /// A release that fails is kept as created (and warned about by the failure text),
    /// since a resource Gantry cannot delete must stay recorded.
    func releaseShortfalls(_ results: [OperationResult], requests: [CreateRequest], batch: CallBatch,
                           provider: any Provider) async -> [OperationResult] {
        guard let strategy = options.capacityFailover else { return results }
        let asked = Dictionary(requests.map { ($0.address, $0.attributes) }, uniquingKeysWith: { a, _ in a })
        var out = results
        for (index, result) in results.enumerated() {
            guard case .success(let snapshot) = result, let requested = asked[snapshot.address],
                  let shortfall = await strategy.shortfall(of: snapshot, requested: requested) else { continue }
            let release = DeleteRequest(address: snapshot.address, type: snapshot.type, id: snapshot.id,
                                        attributes: snapshot.attributes)
            let deleted = await tracer.providerCall(
                provider: batch.provider, method: "delete", type: batch.type, addresses: [snapshot.address],
                count: 1, attempt: 1, concurrencyLimit: batch.limit, outcome: Self.summarize
            ) { await provider.delete([release]) }
            if case .deleted = deleted.first {
                out[index] = .failure(snapshot.address, shortfall)
            }
        }
        return out
    }
}
