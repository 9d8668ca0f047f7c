/// The tables a PostgreSQL state uses, created on first use, and the statements on them.
///
/// ```
/// gantry_states   one row per (name, serial): every serial is kept — that is the history
/// gantry_journal  finished steps since the latest serial, appended in batches
/// gantry_locks    one row per name: lock id, owner record (JSON), lease expiry
/// ```
/// Times are the server's (`now()`), so clocks of the clients never disagree about a lease.
enum PostgresSchema {
    /// Concurrent first runs must not race on CREATE TABLE: a transaction-scoped advisory
    /// lock serialises them.
    static let create = """
        BEGIN;
        SELECT pg_advisory_xact_lock(hashtext('gantry-schema'));
        CREATE TABLE IF NOT EXISTS gantry_states (
            name text NOT NULL, serial bigint NOT NULL, lineage text NOT NULL, document text NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now(), written_by text NOT NULL DEFAULT '',
            PRIMARY KEY (name, serial));
        CREATE TABLE IF NOT EXISTS gantry_journal (
            seq bigserial PRIMARY KEY, name text NOT NULL, base_serial bigint NOT NULL, lineage text,
            entry text NOT NULL);
        CREATE INDEX IF NOT EXISTS gantry_journal_name ON gantry_journal (name, seq);
        CREATE TABLE IF NOT EXISTS gantry_locks (
            name text PRIMARY KEY, lock_id text NOT NULL, owner text NOT NULL, expires_at timestamptz NOT NULL);
        COMMIT;
        """

    static let latestState = """
        SELECT serial, lineage, document FROM gantry_states WHERE name = $1 ORDER BY serial DESC LIMIT 1
        """
    static let latestHeader = """
        SELECT serial, lineage FROM gantry_states WHERE name = $1 ORDER BY serial DESC LIMIT 1
        """
    static let journal = "SELECT base_serial, lineage, entry FROM gantry_journal WHERE name = $1 ORDER BY seq"
    static let history = """
        SELECT serial, lineage, extract(epoch FROM written_at), written_by FROM gantry_states
        WHERE name = $1 ORDER BY serial
        """
    static let insertState = """
        INSERT INTO gantry_states (name, serial, lineage, document, written_by) VALUES ($1, $2, $3, $4, $5)
        """
    static let clearJournal = "DELETE FROM gantry_journal WHERE name = $1"
    /// Locks our lock row for the transaction: a writer whose lease was taken over finds
    /// no row and writes nothing (fencing).
    static let holdsLock = "SELECT 1 FROM gantry_locks WHERE name = $1 AND lock_id = $2 FOR UPDATE"

    /// `INSERT … SELECT` of `count` entries ($4…), only while `$3` is still the lock id.
    static func appendJournal(count: Int) -> String {
        let rows = (0..<count).map { "(\($0), $\($0 + 5))" }.joined(separator: ", ")
        return """
            INSERT INTO gantry_journal (name, base_serial, lineage, entry)
            SELECT $1, $2::bigint, $4, v.entry FROM (VALUES \(rows)) AS v(ord, entry)
            WHERE EXISTS (SELECT 1 FROM gantry_locks WHERE name = $1 AND lock_id = $3)
            ORDER BY v.ord
            """
    }

    // MARK: Lock

    static let tryAdvisory = "SELECT pg_try_advisory_lock(hashtext('gantry-state:' || $1))"
    static let releaseAdvisory = "SELECT pg_advisory_unlock(hashtext('gantry-state:' || $1))"
    static let lockRow = """
        SELECT lock_id, owner, expires_at < now(), extract(epoch FROM expires_at) FROM gantry_locks WHERE name = $1
        """
    static let insertLock = """
        INSERT INTO gantry_locks (name, lock_id, owner, expires_at)
        VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision)) ON CONFLICT (name) DO NOTHING
        """
    /// Takes over a lock whose lease ran out; only one of several racing writers matches.
    static let takeOverLock = """
        UPDATE gantry_locks SET lock_id = $2, owner = $3, expires_at = now() + make_interval(secs => $4::double precision)
        WHERE name = $1 AND lock_id = $5 AND expires_at < now()
        """
    static let renewLock = """
        UPDATE gantry_locks SET owner = $3, expires_at = now() + make_interval(secs => $4::double precision)
        WHERE name = $1 AND lock_id = $2
        """
    static let deleteLock = "DELETE FROM gantry_locks WHERE name = $1 AND lock_id = $2"
}
