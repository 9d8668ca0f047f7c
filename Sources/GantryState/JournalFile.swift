import GantryBasics

/// The journal's on-disk form: a header line naming the state it extends, then one
/// JSON entry per line.
///
/// ```
/// {"base_serial":7,"gantry_journal":1,"journal_id":"c41a…","lineage":"5b0e…"}
/// {"address":"networks.train…","op":"intent","provider":"sim","token":"…","type":"sim_network"}
/// {"op":"put","resource":{…}}
/// ```
///
/// The header makes a leftover journal safe: entries apply only to the state file with
/// that serial and lineage. A journal whose header names another state is stale — the
/// process died after the new state was renamed into place but before the journal was
/// cleared — and its entries are already in the state, so replay skips it.
struct JournalFile {
    static let formatVersion = 1

    /// The state a journal extends: the serial and lineage of `state.json` when its
    /// first entry was written (serial 0 and no lineage when there was no state file).
    struct Base: Sendable, Hashable {
        var serial: Int
        var lineage: String?

        init(serial: Int, lineage: String?) {
            self.serial = serial
            self.lineage = lineage
        }

        init(of document: StateDocument?) {
            self.init(serial: document?.serial ?? 0, lineage: document?.lineage)
        }
    }

    /// What was read from a journal file.
    struct Contents {
        var base: Base?
        var entries: [JournalEntry] = []
        /// Bytes up to the end of the last complete line; a torn tail lies beyond.
        var validLength = 0
        /// Why the tail was ignored, when it was.
        var tornTail: String?
        /// A random id the header was written with; it becomes the lineage when the
        /// journal is replayed with no state file, so every load agrees on it.
        var journalID: String?
    }

    static func headerLine(_ base: Base) -> [UInt8] {
        var header: [String: Value] = ["gantry_journal": .int(formatVersion), "base_serial": .int(base.serial)]
        if let lineage = base.lineage { header["lineage"] = .string(lineage) }
        header["journal_id"] = .string(StateDocument.new().lineage)
        var out: [UInt8] = []
        // A header of strings and ints always encodes.
        try? JSON.append(.object(header), to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Appends `entries` as lines to `out`.
    static func appendLines(_ entries: [JournalEntry], to out: inout [UInt8]) throws(StateError) {
        for entry in entries {
            do throws(JSONError) {
                if case .put(let resource) = entry {
                    out.append(contentsOf: #"{"op":"put","resource":"#.utf8)
                    do { try resource.appendJSON(to: &out) } catch { throw error.under(".resource") }
                    out.append(UInt8(ascii: "}"))
                } else {
                    try JSON.append(entry.json, to: &out)
                }
            } catch {
                throw StateError(.invalidRecord(path: "journal entry\(error.path?.dropFirst() ?? "")", reason: error.message))
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Parses a journal. A last line that is incomplete (no newline) or unreadable is the
    /// trace of a crash mid-write: it is reported in `tornTail`, not thrown. Any other bad
    /// line makes the journal corrupt.
    static func parse(_ bytes: [UInt8], file: String) throws(StateError) -> Contents {
        var contents = Contents()
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? bytes.count
            let isLast = newline == nil || lineEnd + 1 == bytes.count
            let line = Array(bytes[lineStart..<lineEnd])
            defer { lineStart = lineEnd + 1 }
            if newline == nil {
                contents.tornTail = "line \(lineNumber) was cut off mid-write"
                break
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                contents.validLength = lineEnd + 1
                continue
            }
            do {
                try parseLine(line, file: file, into: &contents)
            } catch {
                if let fatal = error.fatal { throw fatal }
                if isLast {
                    contents.tornTail = "line \(lineNumber) is unreadable (\(error.reason))"
                    break
                }
                throw StateError(.corrupt(file: file, line: lineNumber, column: error.column, reason: error.reason))
            }
            contents.validLength = lineEnd + 1
        }
        return contents
    }

    private struct LineError: Error {
        var reason: String
        var column: Int?
        /// A problem that is never a torn write (a newer format): thrown as is.
        var fatal: StateError?
    }

    private static func parseLine(_ line: [UInt8], file: String, into contents: inout Contents) throws(LineError) {
        let value: Value
        do {
            value = try JSON.parse(line)
        } catch {
            throw LineError(reason: error.message, column: error.column)
        }
        if contents.base == nil {
            contents.base = try parseHeader(value, file: file)
            contents.journalID = value["journal_id"]?.stringValue
            return
        }
        do {
            contents.entries.append(try JournalEntry(json: value, path: "entry"))
        } catch {
            throw LineError(reason: error.message)
        }
    }

    private static func parseHeader(_ value: Value, file: String) throws(LineError) -> Base {
        guard case .int(let version)? = value["gantry_journal"], case .int(let serial)? = value["base_serial"] else {
            throw LineError(reason: "the first line is not a journal header")
        }
        guard version <= formatVersion else {
            throw LineError(reason: "newer journal format", fatal: StateError(
                .futureVersion(file: file, found: version, supported: formatVersion)))
        }
        return Base(serial: serial, lineage: value["lineage"]?.stringValue)
    }
}
