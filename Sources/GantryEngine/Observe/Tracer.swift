import Foundation
import GantryBasics
import GantryProviderKit

/// Sends events to the observer and records spans, for one operation.
///
/// Everything the engine reports goes through here, so the rest of the engine never
/// deals with clocks, span ids or a missing observer.
struct Tracer: Sendable {
    let observer: (any EngineObserver)?
    let recorder: SpanRecorder?
    /// The operation's own span, parent of every provider-call span.
    let parentSpanID: String?

    init(observer: (any EngineObserver)?, recorder: SpanRecorder?, parentSpanID: String? = nil) {
        self.observer = observer
        self.recorder = recorder
        self.parentSpanID = parentSpanID
    }

    func emit(_ event: EngineEvent) { observer?.handle(event) }

    static func nowNanos() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1e9)) }

    /// Runs `body` as the operation `name`: one span around it, started/finished events,
    /// and a tracer whose provider-call spans are its children.
    func operation<T>(_ operation: EngineEvent.Operation, resources: Int, attributes: [String: Value] = [:],
                      _ body: (Tracer) async throws -> T) async rethrows -> T {
        let spanID = SpanRecorder.newSpanID()
        let start = Tracer.nowNanos()
        let clock = ContinuousClock.now
        emit(.operationStarted(operation, resources: resources))
        let child = Tracer(observer: observer, recorder: recorder, parentSpanID: spanID)
        var status = Span.Status.ok
        var message: String?
        defer {
            emit(.operationFinished(operation, elapsed: Tracer.seconds(since: clock)))
            if let recorder {
                var attrs = attributes
                attrs["gantry.operation"] = .string(operation.rawValue)
                attrs["gantry.resources"] = .int(resources)
                recorder.record(Span(traceID: recorder.traceID, spanID: spanID, parentSpanID: parentSpanID,
                                     name: operation.rawValue, startNanos: start, endNanos: Tracer.nowNanos(),
                                     attributes: attrs, status: status, statusMessage: message))
            }
        }
        do {
            return try await body(child)
        } catch {
            status = .error
            message = String(describing: error)
            throw error
        }
    }

    /// Runs one provider call with a span and start/finish events. `outcome` names how it
    /// went for calls that report failures as values (create/update/delete).
    func providerCall<T>(provider: String, method: String, type: String?, addresses: [ResourceAddress] = [],
                         count: Int, attempt: Int, concurrencyLimit: Int? = nil,
                         outcome: (T) -> String = { _ in "ok" },
                         _ call: () async throws -> T) async rethrows -> T {
        emit(.providerCallStarted(provider: provider, method: method, type: type, count: count, attempt: attempt,
                                  concurrencyLimit: concurrencyLimit))
        let start = Tracer.nowNanos()
        let clock = ContinuousClock.now
        var result = "ok"
        defer {
            emit(.providerCallFinished(provider: provider, method: method, type: type, count: count,
                                       attempt: attempt, outcome: result, seconds: Tracer.seconds(since: clock)))
            if let recorder {
                var attrs: [String: Value] = [
                    "gantry.provider": .string(provider), "gantry.action": .string(method),
                    "gantry.attempt": .int(attempt), "gantry.outcome": .string(result),
                    "gantry.batch_size": .int(count),
                ]
                if let type { attrs["gantry.resource_type"] = .string(type) }
                if addresses.count == 1, let only = addresses.first {
                    attrs["gantry.address"] = .string(only.rawValue)
                } else if !addresses.isEmpty {
                    attrs["gantry.address"] = .array(addresses.map { .string($0.rawValue) })
                }
                if let concurrencyLimit { attrs["gantry.concurrency_limit"] = .int(concurrencyLimit) }
                let failed = result != "ok"
                recorder.record(Span(traceID: recorder.traceID, spanID: SpanRecorder.newSpanID(),
                                     parentSpanID: parentSpanID, name: "provider.\(method)", startNanos: start,
                                     endNanos: Tracer.nowNanos(), attributes: attrs,
                                     status: failed ? .error : .ok, statusMessage: failed ? result : nil))
            }
        }
        do {
            let value = try await call()
            result = outcome(value)
            return value
        } catch {
            result = (error as? ProviderError)?.code.rawValue ?? "error"
            throw error
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
