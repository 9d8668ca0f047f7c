import Foundation

/// Live (or unreaped) children of this test process, from each thread's `children` list:
/// how tests check that plugin processes were stopped and reaped.
enum ChildProcesses {
    static func current() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/self/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").map(String.init)
        }
    }
}
