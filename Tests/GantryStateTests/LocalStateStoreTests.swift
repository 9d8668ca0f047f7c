import Foundation
import Testing
import GantryBasics
@testable import GantryState

@Suite struct LocalStateStoreTests {
    @Test func noStateLoadsAsNilAndCreatesNothing() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        #expect(try await store.load() == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.gantry))
    }

    @Test func commitThenLoadRoundTripsWithPrivatePermissions() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        let document = Fixtures.document(count: 20)
        try await store.commit(document)
        #expect(try await store.load() == document)
        #expect(try await LocalStateStore(directory: dir.path).load() == document)
        #expect(dir.permissions("") == 0o700)
        #expect(dir.permissions("state.json") == 0o600)
        try await store.append([.remove("x")])
        #expect(dir.permissions("state.journal") == 0o600)
        try await store.lock(.current(operation: "test"))
        #expect(dir.permissions("state.lock") == 0o600)
        #expect(dir.permissions("state.lock.json") == 0o600)
    }

    @Test func journalIsReplayedOnTheNextLoad() async throws {
        let dir = TemporaryDirectory()
        let base = Fixtures.document(count: 2)
        try await LocalStateStore(directory: dir.path).commit(base)

        let writer = LocalStateStore(directory: dir.path)
        _ = try await writer.load()
        let created = Fixtures.resource("networks.train.sim_network.main", id: "net-1")
        try await writer.append([.intent(address: created.address, type: "sim_network", provider: "sim", token: "t1")])
        try await writer.append([.put(created), .remove("node_pools.p0.sim_node_group.main")])
        try await writer.append([.intent(address: "storage.x.sim_bucket.main", type: "sim_bucket", provider: "sim",
                                         token: "t2")])
        try await writer.append([.metadata(key: "last_revision", value: "abc")])
        // The "process" dies here: no commit.

        let report = try await LocalStateStore(directory: dir.path).loadReport()
        let state = try #require(report.document)
        #expect(report.replayedEntries == 5)
        #expect(report.warnings.isEmpty)
        #expect(state.serial == base.serial)
        #expect(state.resource(at: created.address) == created)
        #expect(state.resource(at: "node_pools.p0.sim_node_group.main") == nil)
        #expect(state.metadata["last_revision"] == "abc")
        #expect(state.pendingCreates == [PendingCreate(address: "storage.x.sim_bucket.main", type: "sim_bucket",
                                                       provider: "sim", token: "t2")])
    }

    @Test func tornLastLineIsIgnoredWithAWarning() async throws {
        let dir = TemporaryDirectory()
        let base = Fixtures.document(count: 1)
        try await LocalStateStore(directory: dir.path).commit(base)
        var journal = JournalFile.headerLine(.init(of: base))
        try JournalFile.appendLines([.put(Fixtures.resource("a.x"))], to: &journal)
        journal += Array(#"{"op":"put","resource":{"address":"b.x","ty"#.utf8)  // cut off mid-write
        dir.write("state.journal", String(decoding: journal, as: UTF8.self))

        let store = LocalStateStore(directory: dir.path)
        let report = try await store.loadReport()
        #expect(report.document?.resource(at: "a.x") != nil)
        #expect(report.document?.resource(at: "b.x") == nil)
        #expect(report.warnings.map(\.code) == ["state-journal-torn"])

        // The next append does not glue onto the torn bytes.
        try await store.append([.put(Fixtures.resource("c.x"))])
        let again = try await LocalStateStore(directory: dir.path).loadReport()
        #expect(again.warnings.isEmpty)
        #expect(again.document?.resources.map(\.address) == ["a.x", "c.x", "node_pools.p0.sim_node_group.main"])
    }

    @Test func aCorruptLineInTheMiddleIsRefused() async throws {
        let dir = TemporaryDirectory()
        let base = Fixtures.document(count: 1)
        try await LocalStateStore(directory: dir.path).commit(base)
        let header = String(decoding: JournalFile.headerLine(.init(of: base)), as: UTF8.self)
        dir.write("state.journal", header + "{not json}\n" + #"{"op":"remove","address":"a"}"# + "\n")
        await #expect {
            _ = try await LocalStateStore(directory: dir.path).load()
        } throws: { error in
            guard case .corrupt(let file, let line, _, _)? = (error as? StateError)?.kind else { return false }
            return file.hasSuffix(".gantry/state.journal") && line == 2
        }
    }

    @Test func aJournalFromBeforeTheLastCommitIsSkipped() async throws {
        let dir = TemporaryDirectory()
        let base = Fixtures.document(count: 1, serial: 3)
        // Entries written against serial 2; state.json is already at 3 (crash between rename and truncate).
        var journal = JournalFile.headerLine(.init(serial: 2, lineage: base.lineage))
        try JournalFile.appendLines([.remove("node_pools.p0.sim_node_group.main")], to: &journal)
        try await LocalStateStore(directory: dir.path).commit(base)
        dir.write("state.journal", String(decoding: journal, as: UTF8.self))
        let report = try await LocalStateStore(directory: dir.path).loadReport()
        #expect(report.document == base)
        #expect(report.warnings.map(\.code) == ["state-journal-stale"])
    }

    @Test func aFirstApplyThatCrashedReplaysOntoAnEmptyStateWithAStableLineage() async throws {
        let dir = TemporaryDirectory()
        let writer = LocalStateStore(directory: dir.path)
        #expect(try await writer.load() == nil)
        try await writer.append([.put(Fixtures.resource("a.x"))])
        let first = try #require(try await LocalStateStore(directory: dir.path).load())
        let second = try #require(try await LocalStateStore(directory: dir.path).load())
        #expect(first.resources.map(\.address) == ["a.x"])
        #expect(first.serial == 0)
        #expect(first.lineage == second.lineage)
        let store = LocalStateStore(directory: dir.path)
        _ = try await store.load()
        try await store.commit(first.nextSerial())
        #expect(try await LocalStateStore(directory: dir.path).load() == first.nextSerial())
    }

    @Test func aBlindWriteNeverDiscardsACrashsSteps() async throws {
        let dir = TemporaryDirectory()
        let base = Fixtures.document(count: 1)
        try await LocalStateStore(directory: dir.path).commit(base)
        let crashed = LocalStateStore(directory: dir.path)
        _ = try await crashed.load()
        try await crashed.append([.put(Fixtures.resource("a.x"))])

        let blind = LocalStateStore(directory: dir.path)
        try await blind.lock(.current(operation: "state rm"))
        await #expect { try await blind.commit(base.nextSerial()) } throws: {
            ($0 as? StateError)?.code == "unreplayed-journal"
        }
        let loaded = try #require(try await blind.load())
        #expect(loaded.resource(at: "a.x") != nil)
        try await blind.commit(loaded.nextSerial())
    }

    @Test func commitClearsTheJournalAndKeepsFiveBackups() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        var document = Fixtures.document(count: 1)
        try await store.commit(document)
        for i in 2...8 {
            try await store.append([.metadata(key: "step", value: .int(i))])
            document = document.applying([.metadata(key: "step", value: .int(i))]).nextSerial()
            try await store.commit(document)
            #expect(dir.read("state.journal")?.isEmpty ?? true)
        }
        #expect(try await store.backupSerials() == [3, 4, 5, 6, 7])
        #expect(dir.permissions("backups/state.7.json") == 0o600)
        let backup = try StateDocument(file: dir.read("backups/state.7.json") ?? [], named: "backup")
        #expect(backup.serial == 7)
        #expect(try await LocalStateStore(directory: dir.path).load() == document)
    }

    @Test func staleOrForeignCommitsAreRefused() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        let document = Fixtures.document(count: 1, serial: 5)
        try await store.commit(document)
        await #expect { try await store.commit(document) } throws: {
            ($0 as? StateError)?.kind == .staleSerial(current: 5, offered: 5)
        }
        var other = document.nextSerial()
        other.lineage = "another"
        await #expect { try await LocalStateStore(directory: dir.path).commit(other) } throws: {
            ($0 as? StateError)?.code == "lineage-mismatch"
        }
    }

    @Test(arguments: [
        #"{"version": 99, "serial": 4, "lineage": "L", "resources": []}"#,
        "{\"version\": 1, \"serial\": 4, \"lineage\": \"L\", \"resources\": [\n{\"address\": ",
    ])
    func unreadableStateIsRefusedAndNeverOverwritten(text: String) async throws {
        let dir = TemporaryDirectory()
        dir.write("state.json", text)
        let store = LocalStateStore(directory: dir.path)
        await #expect(throws: StateError.self) { try await store.load() }
        await #expect(throws: StateError.self) { try await store.commit(Fixtures.document(count: 1, serial: 50)) }
        await #expect(throws: StateError.self) { try await store.append([.remove("a")]) }
        #expect(dir.read("state.json") == Array(text.utf8))
    }

    @Test func concurrentAppendsAreAllRecordedInOrderPerTask() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        let base = Fixtures.document(count: 0)
        try await store.commit(base)
        let tasks = 50, steps = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    for s in 0..<steps {
                        try await store.append([.metadata(key: "task\(t)", value: .int(s)),
                                                .put(Fixtures.resource(ResourceAddress("r.t\(t).s\(s)")))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let syncs = await store.journalSyncCount()
        #expect(syncs <= tasks * steps)
        let bytes = try #require(dir.read("state.journal"))
        let contents = try JournalFile.parse(bytes, file: "j")
        #expect(contents.entries.count == tasks * steps * 2)
        // Within each task, steps appear in the order they were appended.
        var last: [String: Int] = [:]
        for case .metadata(let key, .int(let step)) in contents.entries {
            #expect(step == (last[key] ?? -1) + 1)
            last[key] = step
        }
        let state = try #require(try await LocalStateStore(directory: dir.path).load())
        #expect(state.resources.count == tasks * steps)
        #expect(state.metadata["task7"] == .int(steps - 1))
    }

    @Test func aWriterThatLocksLaterSeesTheNewerStateOnDisk() async throws {
        let dir = TemporaryDirectory()
        let service = LocalStateStore(directory: dir.path)
        let cli = LocalStateStore(directory: dir.path)
        let document = Fixtures.document(count: 1, serial: 1)
        try await service.commit(document)
        _ = try await service.load()
        // Meanwhile another command moves the state to serial 5.
        try await cli.lock(.current(operation: "state rm"))
        try await cli.commit(document.applying([.metadata(key: "k", value: 1)]).nextSerial().nextSerial().nextSerial().nextSerial())
        try await cli.unlock()
        // The service locks and tries to write serial 2 from what it read before: refused.
        try await service.lock(.current(operation: "apply"))
        await #expect { try await service.commit(document.nextSerial()) } throws: {
            ($0 as? StateError)?.kind == .staleSerial(current: 5, offered: 2)
        }
    }

    @Test func aFailedCommitLeavesTheOldStateWhole() async throws {
        let dir = TemporaryDirectory()
        let store = LocalStateStore(directory: dir.path)
        let document = Fixtures.document(count: 3)
        try await store.commit(document)
        let before = dir.read("state.json")
        dir.write("state.json.tmp-1", "half a state from a writer that died")
        var bad = document.nextSerial()
        bad.apply(.put(Fixtures.resource("a.x", attributes: ["ip": .unknown])))
        await #expect(throws: StateError.self) { try await store.commit(bad) }
        #expect(dir.read("state.json") == before)
        try await store.commit(document.nextSerial())
        #expect(!FileManager.default.fileExists(atPath: dir.gantry + "/state.json.tmp-1"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.gantry)
        #expect(!names.contains { $0.hasPrefix("state.json.tmp") })
    }

    @Test func systemErrorsNameThePathAndTheOperation() async throws {
        let dir = TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: dir.gantry, contents: Data("not a directory".utf8))
        await #expect {
            try await LocalStateStore(directory: dir.path).commit(Fixtures.document(count: 1))
        } throws: { error in
            guard let error = error as? StateError, case .io(let path, _, _) = error.kind else { return false }
            return path.hasPrefix(dir.gantry + "/") && error.description.hasSuffix("failed: Not a directory")
        }
    }

    @Test func appendsOfUnknownValuesAreRefused() async {
        let store = LocalStateStore(directory: TemporaryDirectory().path)
        await #expect(throws: StateError.self) {
            try await store.append([.put(Fixtures.resource("a.x", attributes: ["ip": .unknown]))])
        }
    }
}
