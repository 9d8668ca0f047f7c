#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls the local backend makes, each turning a failure into
/// `StateError.io` naming the path and the operation. Every function here blocks:
/// call them only on the store's I/O thread.
enum FileIO {
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(StateError) -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw failure(path, "open") }
        }
    }

    /// The whole file, or nil when it does not exist.
    static func readFile(_ path: String) throws(StateError) -> [UInt8]? {
        let fd: Int32
        do {
            fd = try openFile(path, O_RDONLY)
        } catch {
            if case .io(_, _, ENOENT) = error.kind { return nil }
            throw error
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "stat") }
        var out: [UInt8] = []
        out.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: max(65_536, min(Int(info.st_size) + 1, 16 << 20)))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return out }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StateError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += n
        }
    }

    /// Flushes data and metadata to the disk.
    static func sync(_ fd: Int32, path: String) throws(StateError) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw failure(path, "fsync") }
        }
    }

    /// Flushes data (and the size) to the disk; cheaper than `sync` for appends.
    static func syncData(_ fd: Int32, path: String) throws(StateError) {
        while fdatasync(fd) != 0 {
            if errno != EINTR { throw failure(path, "fdatasync") }
        }
    }

    /// Makes a rename or unlink in `directory` durable.
    static func syncDirectory(_ directory: String) throws(StateError) {
        let fd = try openFile(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: directory)
    }

    static func truncate(_ fd: Int32, to length: Int, path: String) throws(StateError) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { throw failure(path, "truncate") }
        }
    }

    static func renameFile(_ source: String, to destination: String) throws(StateError) {
        guard rename(source, destination) == 0 else { throw failure(destination, "rename \(source) to") }
    }

    /// Links `source` as `destination`, replacing an existing `destination`.
    static func linkFile(_ source: String, to destination: String) throws(StateError) {
        try removeFile(destination)
        guard link(source, destination) == 0 else { throw failure(destination, "link \(source) as") }
    }

    /// Deletes `path`; a missing file is not an error.
    static func removeFile(_ path: String) throws(StateError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure(path, "delete") }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Creates `path` with `mode` unless it exists.
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws(StateError) {
        guard mkdir(path, mode) == 0 || errno == EEXIST else { throw failure(path, "create directory") }
    }

    /// The names in `directory` (without `.` and `..`); empty when it does not exist.
    static func list(_ directory: String) throws(StateError) -> [String] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw failure(directory, "list")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The permission bits of `path`, for tests and checks.
    static func permissions(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    static func failure(_ path: String, _ operation: String) -> StateError {
        StateError(.io(path: path, operation: operation, errno: errno))
    }
}
