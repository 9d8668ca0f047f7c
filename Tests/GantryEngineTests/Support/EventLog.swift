import GantryEngine
import Synchronization

/// Collects engine events for assertions.
final class EventLog: EngineObserver {
    private let events = Mutex<[EngineEvent]>([])

    func handle(_ event: EngineEvent) { events.withLock { $0.append(event) } }

    var all: [EngineEvent] { events.withLock { $0 } }
}
