/// Sorts the words of one command's arguments into flags, options and positionals.
struct ArgumentSorter {
    let configuration: CommandConfiguration

    func sort(_ words: ArraySlice<String>) throws -> ParsedArguments {
        let named = configuration.allArguments.filter(\.isNamed)
        var parsed = ParsedArguments()
        var loose: [String] = []
        var terminated = false
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if terminated || !Self.looksLikeOption(word) {
                loose.append(word)
                continue
            }
            if word == "--" {
                terminated = true
                continue
            }
            let (spelled, inline) = Self.split(word)
            guard let definition = Self.lookup(spelled, in: named) else {
                throw UsageError.unknownOption(spelled, candidates: named.map { "--\($0.name)" })
            }
            switch definition.kind {
            case .flag:
                if let inline, inline != "true", inline != "false" {
                    throw UsageError.flagTakesNoValue(spelled, value: inline)
                }
                parsed.flags[definition.name, default: []].append(inline ?? "")
            case .option:
                let value: String
                if let inline {
                    value = inline
                } else if index < words.endIndex, !Self.looksLikeOption(words[index]) {
                    value = words[index]
                    index += 1
                } else {
                    throw UsageError.missingValue(spelled, argument: definition)
                }
                parsed.options[definition.name, default: []].append(value)
            case .positional:
                break  // never named
            }
        }
        try assignPositionals(loose, into: &parsed)
        return parsed
    }

    private func assignPositionals(_ loose: [String], into parsed: inout ParsedArguments) throws {
        var remaining = loose[...]
        for definition in configuration.arguments {
            guard case .positional(let optional, let repeating) = definition.kind else { continue }
            if repeating {
                if remaining.isEmpty && !optional { throw UsageError.missingArgument(definition) }
                parsed.positionals[definition.name] = Array(remaining)
                remaining = []
            } else if let word = remaining.popFirst() {
                parsed.positionals[definition.name] = [word]
            } else if !optional {
                throw UsageError.missingArgument(definition)
            }
        }
        if let extra = remaining.first { throw UsageError.unexpectedArgument(extra) }
    }

    /// `-x`, `--name`, `--name=value`, `--`; not `-` (stdin) and not negative numbers.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        return Double(word) == nil
    }

    /// `--name=value` → (`--name`, `value`); anything else → (word, nil).
    static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    static func lookup(_ spelled: String, in named: [ArgumentDefinition]) -> ArgumentDefinition? {
        if spelled.hasPrefix("--") {
            let name = spelled.dropFirst(2)
            return named.first { $0.name == name }
        }
        guard spelled.count == 2, let letter = spelled.last else { return nil }
        return named.first { $0.short == letter }
    }
}
