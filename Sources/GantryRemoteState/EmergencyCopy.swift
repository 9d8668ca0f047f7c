import GantryBasics
import GantryState
#if canImport(Glibc)
import Glibc
#endif

/// Writes the latest good state to a local file when the remote backend fails mid-write,
/// so nothing that was applied is lost: `.gantry/emergency-state-<serial>.json`, 0600.
///
/// Blocking: call it on a backend session's thread.
struct EmergencyCopy: Sendable {
    /// The `.gantry` directory to write into.
    let directory: String

    /// Writes `document` and returns the file's path, or nil when even that failed.
    func write(_ document: StateDocument) -> String? {
        guard let bytes = try? document.encodedFile() else { return nil }
        _ = mkdir(directory, 0o700)
        let path = "\(directory)/emergency-state-\(document.serial).json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            offset += n
        }
        return fsync(fd) == 0 ? path : nil
    }
}
