import Foundation

/// An AWS access key pair, with a session token for temporary credentials.
///
/// Its `description` never shows the secret or the token, so credentials can be logged or
/// put into an error without leaking them.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where they were found: `environment`, `profile default (~/.aws/credentials)`, `provider config`.
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    public var description: String {
        "AWS credentials \(accessKeyID) from \(source)\(sessionToken == nil ? "" : " (with session token)")"
    }
}

/// Why no credentials could be found; names every place that was looked at.
public struct AWSCredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
    public var description: String { hint.map { "\(message) (hint: \($0))" } ?? message }
}

extension AWSCredentials {
    /// Finds credentials the way the AWS CLI does, first match wins:
    /// 1. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) unless a profile is named;
    /// 2. the profile (`profile` argument, else `AWS_PROFILE`, else `default`) in the shared
    ///    credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`);
    /// 3. the same profile in the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`,
    ///    where it is spelled `[profile NAME]`).
    ///
    /// - Throws: `AWSCredentialsError` listing where it looked.
    public static func resolve(profile: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(AWSCredentialsError)
        -> AWSCredentials
    {
        let explicitProfile = profile ?? environment["AWS_PROFILE"]
        if explicitProfile == nil, let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
           let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty {
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, source: "environment")
        }
        let name = explicitProfile ?? "default"
        let home = environment["HOME"] ?? NSHomeDirectory()
        let credentialsFile = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configFile = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        for (file, section) in [(credentialsFile, name), (configFile, name == "default" ? "default" : "profile \(name)")] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let values = AWSProfileFile.section(section, in: text),
                  let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] else { continue }
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: values["aws_session_token"],
                                  source: "profile \(name) (\(file))")
        }
        throw AWSCredentialsError(
            "no AWS credentials: AWS_ACCESS_KEY_ID is not set and profile `\(name)` has no keys in "
                + "\(credentialsFile) or \(configFile)",
            hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile with keys")
    }

    /// The region named by `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region` in the config file.
    public static func defaultRegion(profile: String? = nil,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"], !region.isEmpty { return region }
        let name = profile ?? environment["AWS_PROFILE"] ?? "default"
        let file = environment["AWS_CONFIG_FILE"] ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.aws/config"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return AWSProfileFile.section(name == "default" ? "default" : "profile \(name)", in: text)?["region"]
    }
}

/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`.
enum AWSProfileFile {
    /// The `key = value` pairs of `[name]`, or nil when there is no such section.
    static func section(_ name: String, in text: String) -> [String: String]? {
        var current: String?
        var found: [String: String]?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if current == name && found == nil { found = [:] }
                continue
            }
            guard current == name, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            found?[key] = value
        }
        return found
    }
}
