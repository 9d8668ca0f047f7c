import GantryBasics
#if canImport(Glibc)
import Glibc
#endif

/// The local lock: `flock` on `state.lock`, and `state.lock.json` saying who holds it.
///
/// The kernel releases a flock when its holder dies, even with `kill -9`, so a crashed
/// run never wedges the state; the owner record it leaves behind is overwritten by the
/// next holder.
extension StateFiles {
    /// Takes the lock without waiting, or throws `.locked` naming the holder.
    func tryLock(_ info: LockInfo) throws(StateError) {
        try FileIO.makeDirectory(directory)
        if lockFD < 0 {
            let fd = try FileIO.openFile(lockPath, O_RDWR | O_CREAT)
            guard try acquire(fd) else {
                close(fd)
                throw StateError(.locked(holder: readOwner()))
            }
            lockFD = fd
            // Another writer may have changed the files while we did not hold the lock:
            // forget what we knew, so commit and append look at the disk again.
            forgetCachedState()
        }
        try writeOwner(info)
    }

    /// Releases the lock this store holds.
    func unlock() throws(StateError) {
        guard lockFD >= 0 else { throw StateError(.notLocked) }
        // The record goes first: whoever sees the file unlocked must not read us as holder.
        try FileIO.removeFile(ownerPath)
        flock(lockFD, LOCK_UN)
        close(lockFD)
        lockFD = -1
    }

    /// Breaks a lock left by a process that is gone: checks `id` against the owner
    /// record, makes sure no live process holds the flock, and deletes the record.
    func forceUnlock(id: String) throws(StateError) {
        let holder = readOwner()
        guard let holder, holder.id == id else {
            throw StateError(.lockIDMismatch(given: id, holder: holder))
        }
        if lockFD >= 0 { return try unlock() }  // our own lock
        let fd = try FileIO.openFile(lockPath, O_RDWR | O_CREAT)
        defer { close(fd) }
        guard try acquire(fd) else { throw StateError(.lockStillHeld(holder: holder)) }
        try FileIO.removeFile(ownerPath)
        flock(fd, LOCK_UN)
    }

    /// The current owner record, if there is a readable one.
    func readOwner() -> LockInfo? {
        guard let bytes = try? FileIO.readFile(ownerPath), let value = try? JSON.parse(bytes) else { return nil }
        return try? LockInfo(json: value)
    }

    /// flock(LOCK_EX | LOCK_NB): true when taken, false when another holder has it.
    private func acquire(_ fd: Int32) throws(StateError) -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw FileIO.failure(lockPath, "flock")
            }
        }
        return true
    }

    private func writeOwner(_ info: LockInfo) throws(StateError) {
        var bytes = (try? JSON.encodeBytes(info.json, pretty: true)) ?? []
        bytes.append(UInt8(ascii: "\n"))
        let temp = ownerPath + ".tmp"
        let fd = try FileIO.openFile(temp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            defer { close(fd) }
            try FileIO.writeAll(fd, bytes, path: temp)
            try FileIO.sync(fd, path: temp)
        }
        try FileIO.renameFile(temp, to: ownerPath)
    }
}
