import Foundation

/// Plugin executables for scenarios: wrappers around the real sim plugin and small Python
/// scripts that break the protocol in one specific way.
enum FakePlugins {
    /// Installs `script` as `DIR/.gantry/plugins/gantry-provider-NAME`.
    @discardableResult
    static func install(_ script: String, as name: String = "sim", in directory: URL) throws -> URL {
        let plugins = directory.appendingPathComponent(".gantry/plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let file = plugins.appendingPathComponent("gantry-provider-\(name)")
        try script.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file
    }

    /// A shell wrapper that notes its pid, says hello on stderr and becomes the real plugin.
    static func wrapper(around real: URL, pidFile: URL) -> String {
        """
        #!/bin/sh
        echo $$ > '\(pidFile.path)'
        echo "wrapper: started" >&2
        exec '\(real.path)'
        """
    }

    /// A Python plugin that answers `initialize` with `reply` (a JSON-RPC message body after
    /// the id, or raw text when `raw`), and everything else never.
    static func python(initializeReply: String, raw: Bool = false, answerConfigure: Bool = false) -> String {
        let body = "r'''" + initializeReply + "'''"
        let reply = raw ? "out.write(\(initializeReply) + '\\n')"
            : "out.write('{\"jsonrpc\":\"2.0\",\"id\":%d,%s}\\n' % (m[\"id\"], \(body)))"
        return """
            #!/usr/bin/env python3
            import json, sys
            out = sys.stdout
            for line in sys.stdin:
                m = json.loads(line)
                if m.get("method") == "initialize":
                    \(reply)
                elif m.get("method") == "configure" and \(answerConfigure ? "True" : "False"):
                    out.write('{"jsonrpc":"2.0","id":%d,"result":{}}\\n' % m["id"])
                out.flush()
            """
    }

    /// A correct handshake for the sim provider.
    static let goodHandshake = #""result":{"protocol_version":1,"name":"sim","version":"9.9.9"}"#
}
