import GantryBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong reading, writing or locking state.
///
/// Each kind carries what a person needs to act: the file and position of a corrupt
/// document, who holds a lock and how to break it, the address that was not found and
/// the closest one that exists. `description` is the human text the CLI prints after
/// `error: `; `hint` is the suggested next step, also part of `description`.
public struct StateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Another writer holds the lock; `holder` is nil when it left no owner record.
        case locked(holder: LockInfo?)
        /// The file is not a valid state (or journal) document.
        case corrupt(file: String, line: Int?, column: Int?, reason: String)
        /// A record (resource, journal entry, lock owner) whose JSON lacks a field or has
        /// one of the wrong type; `path` is like `resources[3].id`.
        case invalidRecord(path: String, reason: String)
        /// Written by a newer Gantry; refused and left untouched.
        case futureVersion(file: String, found: Int, supported: Int)
        /// A system call failed.
        case io(path: String, operation: String, errno: Int32)
        /// No resource at `address` (or under it).
        case notFound(address: ResourceAddress, suggestion: ResourceAddress?)
        /// `state mv` or `import` onto an address that is already taken.
        case alreadyExists(address: ResourceAddress)
        /// A document from another state (or a saved plan made against one).
        case lineageMismatch(expected: String, found: String)
        /// A write that would not move the serial forward, or a saved plan made against
        /// an older serial.
        case staleSerial(current: Int, offered: Int)
        /// A write without a prior load while the journal holds steps of an interrupted run:
        /// writing would discard them.
        case unreplayedJournal(file: String, entries: Int)
        /// `state unlock ID` with an ID that is not the current lock's.
        case lockIDMismatch(given: String, holder: LockInfo?)
        /// `state unlock ID` while the holding process is still alive and holds it.
        case lockStillHeld(holder: LockInfo?)
        /// `unlock` without holding the lock.
        case notLocked
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// True when the lock is held elsewhere; the CLI exits with code 3 for these.
    public var isLockHeld: Bool {
        if case .locked = kind { return true }
        return false
    }

    /// A short, stable name for logs and metric labels: `locked`, `corrupt`, …
    public var code: String {
        switch kind {
        case .locked: "locked"
        case .corrupt: "corrupt"
        case .invalidRecord: "invalid-record"
        case .futureVersion: "future-version"
        case .io: "io"
        case .notFound: "not-found"
        case .alreadyExists: "already-exists"
        case .lineageMismatch: "lineage-mismatch"
        case .staleSerial: "stale-serial"
        case .unreplayedJournal: "unreplayed-journal"
        case .lockIDMismatch: "lock-id-mismatch"
        case .lockStillHeld: "lock-still-held"
        case .notLocked: "not-locked"
        }
    }

    /// What is wrong, in one sentence, without the hint.
    public var message: String {
        switch kind {
        case .locked(let holder?):
            "the state is locked by \(holder.summary)"
        case .locked(nil):
            "the state is locked by another process that left no owner record"
        case .corrupt(let file, let line?, let column?, let reason):
            "\(file):\(line):\(column): the state file is corrupt: \(reason)"
        case .corrupt(let file, _, _, let reason):
            "\(file): the state file is corrupt: \(reason)"
        case .invalidRecord(let path, let reason):
            "invalid state record at \(path): \(reason)"
        case .futureVersion(let file, let found, let supported):
            "\(file) is state format version \(found), but this Gantry reads only up to version \(supported)"
        case .io(let path, let operation, let errno):
            "\(operation) \(path) failed: \(StateError.errnoText(errno))"
        case .notFound(let address, _):
            "no resource in state at \(address)"
        case .alreadyExists(let address):
            "the state already has a resource at \(address)"
        case .lineageMismatch(let expected, let found):
            "the state has lineage \(found), not \(expected): it is a different state"
        case .staleSerial(let current, let offered):
            "the state is at serial \(current); serial \(offered) would not move it forward"
        case .unreplayedJournal(let file, let entries):
            "\(file) holds \(entries) step(s) of an interrupted run that this write would discard"
        case .lockIDMismatch(let given, let holder?):
            "lock ID \(given) does not match the current lock \(holder.id), held by \(holder.summary)"
        case .lockIDMismatch(let given, nil):
            "lock ID \(given) does not match: the state is not locked"
        case .lockStillHeld(let holder):
            "the lock is still held by a live process\(holder.map { " (\($0.summary))" } ?? "")"
        case .notLocked:
            "the state is not locked by this process"
        }
    }

    /// What to do about it, when there is something to do.
    public var hint: String? {
        switch kind {
        case .locked(let holder?):
            "wait for it to finish; if that process is gone, run `gantry state unlock \(holder.id)`"
        case .locked(nil):
            "wait for it to finish, or find the process holding the lock file"
        case .corrupt:
            "the file was left untouched; restore it from .gantry/backups/ or fix it by hand"
        case .futureVersion:
            "upgrade Gantry; the file was left untouched"
        case .notFound(_, let suggestion?):
            "did you mean \(suggestion)?"
        case .notFound:
            "`gantry state list` shows the addresses in state"
        case .alreadyExists:
            "remove or move the existing resource first (`gantry state rm` / `gantry state mv`)"
        case .lineageMismatch:
            "make a new plan against this state"
        case .staleSerial:
            "the state changed since it was read; load it again and retry"
        case .unreplayedJournal:
            "load the state first so the journal is replayed into it, then write"
        case .lockIDMismatch(_, let holder?):
            "to break this lock run `gantry state unlock \(holder.id)`"
        case .lockStillHeld(let holder):
            "stop process \(holder.map { "\($0.pid) on \($0.host)" } ?? "holding it") first, or wait for it"
        default:
            nil
        }
    }

    public var description: String {
        hint.map { "\(message)\nhint: \($0)" } ?? message
    }

    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
