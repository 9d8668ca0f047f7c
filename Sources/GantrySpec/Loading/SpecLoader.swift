import Foundation
import GantryBasics

/// Loads a spec from a directory, a file, or in-memory files (git blobs), and validates it.
///
/// Loading never throws: every problem — unreadable files, YAML errors, unknown keys,
/// type errors, failed semantic checks — comes back as a diagnostic, all of them at once.
///
/// ```swift
/// let loader = SpecLoader(variables: ["env": "prod"])
/// let result = loader.load(path: "infra/")
/// if let spec = result.spec {
///     for item in spec.intents() { print(item.address) }
/// }
/// print(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))
/// ```
public struct SpecLoader: Sendable {
    /// `--var name=value` pairs.
    public var variables: [String: String]
    /// `--var-file` paths (YAML mappings of variable names to values), applied in order.
    public var variableFiles: [String]
    /// Where `GANTRY_VAR_name` values are read from.
    public var environment: [String: String]
    /// Bounds on the YAML parser (size, depth, alias expansion).
    var limits = YAMLParser.Limits()
    /// GPU and region facts for validation (the embedded catalog unless a test swaps it).
    var catalog: (any SpecCatalog)? = SpecLoader.defaultCatalog
    /// Called during `load`, at most once, with the evaluated `providers:` section (`sim`
    /// when there is none) as soon as it is read without errors — before the items are
    /// read — so a caller can start provider plugins while the rest of the spec loads.
    public var onProviders: (@Sendable (_ providers: [String: [String: Value]]) -> Void)?

    public init(variables: [String: String] = [:], variableFiles: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
        self.variableFiles = variableFiles
        self.environment = environment
    }

    /// Loads every `*.yaml` / `*.yml` file directly in a directory (sorted by name; hidden
    /// files and subdirectories such as `.gantry/` are skipped), or one file.
    public func load(path: String) -> SpecLoadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return SpecLoadResult(spec: nil, diagnostics: [.error("no-such-file", "'\(path)' does not exist",
                                                                   hint: "pass a spec directory or a .yaml file")])
        }
        var paths: [String] = []
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
                .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
                .filter { p in
                    var dir: ObjCBool = false
                    return FileManager.default.fileExists(atPath: p, isDirectory: &dir) && !dir.boolValue
                }
            if paths.isEmpty {
                return SpecLoadResult(spec: nil, diagnostics: [.error("no-spec-files", "'\(path)' has no *.yaml or *.yml files",
                                                                       hint: "see Examples/quickstart for a small spec")])
            }
        } else {
            paths = [path]
        }
        var files: [(path: String, bytes: [UInt8])] = []
        var diagnostics: [Diagnostic] = []
        for file in paths {
            switch Self.read(file, limit: limits.maxBytes) {
            case .success(let bytes): files.append((file, bytes))
            case .failure(let d): diagnostics.append(d)
            }
        }
        if files.isEmpty { return SpecLoadResult(spec: nil, diagnostics: diagnostics) }
        var result = load(files: files, defaultProject: Self.projectName(for: path))
        result.diagnostics = diagnostics + result.diagnostics
        if !diagnostics.isEmpty { result.spec = nil }
        return result
    }

    /// Loads spec files given as bytes, e.g. blobs read from a git commit. Files are used
    /// in the order given; `path` is what diagnostics name.
    public func load(files: [(path: String, bytes: [UInt8])]) -> SpecLoadResult {
        load(files: files, defaultProject: "default")
    }

    private func load(files: [(path: String, bytes: [UInt8])], defaultProject: String) -> SpecLoadResult {
        var diagnostics: [Diagnostic] = []
        var sources: [String: String] = [:]
        var collector = SectionCollector()
        let parser = YAMLParser(limits: limits)
        for file in files {
            let output = parser.parse(file.bytes, file: file.path)
            diagnostics += output.diagnostics
            if YAMLParser.encodingProblem(in: file.bytes, file: file.path) == nil, file.bytes.count <= limits.maxBytes {
                sources[file.path] = String(decoding: file.bytes, as: UTF8.self)
            }
            if output.documents.allSatisfy({ $0 == nil }) && output.diagnostics.isEmpty {
                diagnostics.append(.error("empty-file", "'\(file.path)' is empty (no YAML content)",
                                          at: SourceLocation(file: file.path, line: 1, column: 1),
                                          hint: "add sections such as project: and networks:, or delete the file"))
            }
            for case let root? in output.documents { collector.add(document: root) }
        }
        let (fileVariables, varDiagnostics) = readVariableFiles(parser: parser, sources: &sources)
        diagnostics += varDiagnostics
        let builder = SpecBuilder(commandLineVariables: variables, fileVariables: fileVariables,
                                  environment: environment, defaultProject: defaultProject, catalog: catalog,
                                  onProviders: onProviders)
        if files.isEmpty || (diagnostics.hasErrors && !collector.sawDocument) {
            // Nothing usable was read; the reasons are already reported.
            if files.isEmpty { diagnostics.append(.error("no-spec-files", "no spec files were given")) }
            return SpecLoadResult(spec: nil, diagnostics: diagnostics.sortedByLocation(), sources: sources)
        }
        let (spec, buildDiagnostics) = builder.build(collector, sourceFiles: files.map(\.path))
        diagnostics += buildDiagnostics
        return SpecLoadResult(spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics.sortedByLocation(),
                              sources: sources)
    }

    private func readVariableFiles(parser: YAMLParser, sources: inout [String: String])
        -> ([(name: String, value: SpecValue, location: SourceLocation)], [Diagnostic]) {
        var values: [(name: String, value: SpecValue, location: SourceLocation)] = []
        var diagnostics: [Diagnostic] = []
        for path in variableFiles {
            let bytes: [UInt8]
            switch Self.read(path, limit: limits.maxBytes) {
            case .success(let b): bytes = b
            case .failure(let d): diagnostics.append(d); continue
            }
            sources[path] = String(decoding: bytes, as: UTF8.self)
            let output = parser.parse(bytes, file: path)
            diagnostics += output.diagnostics
            var reader = SpecReader(scope: EvaluationScope(allowsItemReferences: false))
            for case let root? in output.documents {
                guard let entries = root.mapping else {
                    diagnostics.append(.error("type-mismatch", "a variable file must be a mapping of names to values",
                                              at: root.location, expected: "env: prod"))
                    continue
                }
                for entry in entries {
                    values.append((entry.key, reader.value(entry.value, path: "var.\(entry.key)"), entry.keyLocation))
                }
            }
            diagnostics += reader.diagnostics
        }
        return (values, diagnostics)
    }

    /// Reads a file, refusing anything larger than `limit` before reading it.
    static func read(_ path: String, limit: Int) -> ReadOutcome {
        let location = SourceLocation(file: path, line: 1, column: 1)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limit {
            return .failure(Diagnostic.error("file-too-large", "file is \(size >> 20) MiB; specs are limited to \(limit >> 20) MiB",
                                   at: location, hint: "split the spec into several files, or check that this is the file you meant"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Diagnostic.error("unreadable-file", "cannot read '\(path)'", at: location,
                                   hint: "check that the file exists and is readable"))
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit so a file that grew after stat is still bounded.
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        if data.count > limit {
            return .failure(Diagnostic.error("file-too-large", "file is larger than \(limit >> 20) MiB", at: location))
        }
        return .success([UInt8](data))
    }

    /// A file's bytes, or why they could not be read.
    enum ReadOutcome {
        case success([UInt8])
        case failure(Diagnostic)
    }

    private static func projectName(for path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let name = isDirectory.boolValue ? url.lastPathComponent : url.deletingLastPathComponent().lastPathComponent
        return name.isEmpty ? "default" : name
    }
}
