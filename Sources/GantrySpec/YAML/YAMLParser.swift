import CYAML
import GantryBasics

/// Parses YAML text into located `YAMLNode` documents with libyaml's event API.
///
/// Every C call of libyaml lives in this file. The parser is defensive because specs
/// arrive from pull requests and git blobs: it checks UTF-8 before libyaml sees the bytes,
/// bounds nesting depth and alias expansion (a "billion laughs" document fails at once
/// instead of eating memory), reports duplicate keys, explains tab indentation, and
/// supports `<<` merge keys. It never throws: problems come back as diagnostics.
struct YAMLParser {
    /// Bounds that keep hostile input from exhausting memory or the stack.
    struct Limits: Sendable {
        /// Largest input accepted, in bytes.
        var maxBytes = 64 << 20
        /// Deepest nesting of sequences and mappings.
        var maxDepth = 128
        /// Most nodes a document may stand for once aliases are expanded.
        var maxExpandedNodes = 1_000_000
    }

    struct Output {
        /// One entry per `---` document; nil for an empty document.
        var documents: [YAMLNode?] = []
        var diagnostics: [Diagnostic] = []
    }

    var limits = Limits()

    func parse(_ bytes: [UInt8], file: String) -> Output {
        var output = Output()
        if bytes.count > limits.maxBytes {
            output.diagnostics.append(.error(
                "file-too-large", "file is \(bytes.count / (1 << 20)) MiB; specs are limited to \(limits.maxBytes >> 20) MiB",
                at: SourceLocation(file: file, line: 1, column: 1),
                hint: "split the spec into several files, or check that this is the file you meant"))
            return output
        }
        if let problem = Self.encodingProblem(in: bytes, file: file) {
            output.diagnostics.append(problem)
            return output
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(file: file, limits: limits)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                output.diagnostics.append(.error("yaml-internal", "libyaml could not allocate a parser (yaml_parser_initialize failed)",
                                                 at: SourceLocation(file: file, line: 1, column: 1)))
                return output
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var done = false
            while !done {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    output.diagnostics.append(Self.syntaxError(parser, bytes: buffer, file: file))
                    break
                }
                defer { yaml_event_delete(&event) }
                done = event.type == YAML_STREAM_END_EVENT
                if let problem = builder.handle(Self.translate(event, file: file)) {
                    output.diagnostics.append(problem)
                    break
                }
            }
            output.documents = builder.documents
            output.diagnostics.append(contentsOf: builder.diagnostics)
            return output
        }
    }

    // MARK: - C → Swift

    private static func translate(_ event: yaml_event_t, file: String) -> TreeBuilder.Event {
        let mark = event.start_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let style: YAMLNode.ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = s.tag.map { String(cString: $0) }
            return .scalar(YAMLNode.Scalar(text: text, style: style, tag: tag), anchor: s.anchor.map { String(cString: $0) },
                           location)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: event.data.sequence_start.anchor.map { String(cString: $0) }, location)
        case YAML_SEQUENCE_END_EVENT:
            return .collectionEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: event.data.mapping_start.anchor.map { String(cString: $0) }, location)
        case YAML_MAPPING_END_EVENT:
            return .collectionEnd
        case YAML_ALIAS_EVENT:
            return .alias(event.data.alias.anchor.map { String(cString: $0) } ?? "", location)
        default:
            return .ignored
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let index = Int(mark.index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "\t") {
            return .error("yaml-tab", "a tab character is used for indentation; YAML allows only spaces",
                          at: location, hint: "replace the tab with spaces (most editors: 'convert indentation to spaces')")
        }
        var message = "YAML syntax error: \(problem)"
        if let context { message += " \(context)" }
        return .error("yaml-syntax", message, at: location)
    }

    /// A diagnostic for text that is not UTF-8 (or looks binary), located at the first bad byte.
    static func encodingProblem(in bytes: [UInt8], file: String) -> Diagnostic? {
        // Nearly every spec is ASCII: confirm that eight bytes at a time, and track lines
        // and columns (a character at a time) only for text that needs a closer look.
        if isASCIIWithoutNUL(bytes) { return nil }
        return locatedEncodingProblem(in: bytes, file: file)
    }

    /// True when no byte is NUL or above 0x7F: text that `locatedEncodingProblem` accepts
    /// without looking further.
    static func isASCIIWithoutNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // A byte with its high bit set, or a zero byte (the classic has-zero-byte test,
                // exact once no byte has its high bit set).
                if word & highBits != 0 || (word &- ones) & ~word & highBits != 0 { return false }
                i += 8
            }
            while i < n {
                let b = raw[i]
                if b == 0 || b >= 0x80 { return false }
                i += 1
            }
            return true
        }
    }

    /// `encodingProblem` the slow way: validates every UTF-8 sequence, counting lines and columns.
    static func locatedEncodingProblem(in bytes: [UInt8], file: String) -> Diagnostic? {
        var line = 1
        var column = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var width = 0
            if b < 0x80 {
                if b == 0 {
                    return .error("binary-file", "file contains a NUL byte; it looks binary, not YAML text",
                                  at: SourceLocation(file: file, line: line, column: column),
                                  hint: "only *.yaml / *.yml spec files belong in the spec directory")
                }
                width = 1
            } else if b & 0xE0 == 0xC0, b >= 0xC2 { width = 2 }
            else if b & 0xF0 == 0xE0 { width = 3 }
            else if b & 0xF8 == 0xF0, b <= 0xF4 { width = 4 }
            var valid = width > 0 && i + width <= n
            if valid && width > 1 {
                for k in 1..<width where bytes[i + k] & 0xC0 != 0x80 { valid = false }
            }
            if !valid {
                let hex = String(b, radix: 16, uppercase: true)
                return .error("not-utf8", "file is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex))",
                              at: SourceLocation(file: file, line: line, column: column),
                              hint: "save the file as UTF-8; if it is binary it does not belong in the spec directory")
            }
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            i += width
        }
        return nil
    }
}
