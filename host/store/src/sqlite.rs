//! The embedded store: one SQLite file in the data directory.

use std::path::Path;

use loket_core::report::{IntakeEntry, IntakeKind};
use loket_core::ticket::Event;
use loket_core::Timestamp;
use rusqlite::{params, Connection, OptionalExtension};

use crate::*;

/// A survey row as read: ticket, at, first_at, scores, comment.
type SurveyRow = (Option<String>, i64, i64, String, Option<String>);

fn survey_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SurveyRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn read_survey(
    (ticket, at, first_at, scores, comment): SurveyRow,
) -> Result<SurveyRecord, StoreError> {
    Ok(SurveyRecord {
        ticket,
        at: Timestamp::from_unix(at),
        first_at: Timestamp::from_unix(first_at),
        scores: read_scores(&scores)?,
        comment,
    })
}

impl rusqlite::types::ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.name().into())
    }
}

impl rusqlite::types::FromSql for Role {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Role> {
        let s = v.as_str()?;
        s.parse()
            .map_err(|e: String| rusqlite::types::FromSqlError::Other(e.into()))
    }
}

/// Versioned schema migrations, run in order at start (`PRAGMA user_version`).
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE tickets (
        number TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        UNIQUE (year, seq)
    );
    CREATE TABLE events (
        number TEXT NOT NULL REFERENCES tickets(number),
        pos INTEGER NOT NULL,
        at INTEGER NOT NULL,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (number, pos)
    ) WITHOUT ROWID;
    CREATE TABLE inbound (
        key TEXT PRIMARY KEY,
        ticket TEXT,
        outcome TEXT NOT NULL,
        answer TEXT NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE TABLE message_ids (
        key TEXT PRIMARY KEY,
        ticket TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        ticket TEXT,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        text TEXT NOT NULL,
        template TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        sent_at INTEGER,
        error TEXT,
        external_id TEXT
    );
    CREATE INDEX outbox_status ON outbox (status, id);
    CREATE TABLE delivery_status (
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (key, status)
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE config (
        name TEXT PRIMARY KEY,
        text TEXT NOT NULL
    );",
    // 2: token revocation, portal tokens, unique names of active tokens (names
    // already given twice get their row id appended); idempotency fingerprints.
    "ALTER TABLE tokens ADD COLUMN revoked_at INTEGER;
    ALTER TABLE tokens ADD COLUMN attests_contacts INTEGER NOT NULL DEFAULT 0;
    UPDATE tokens SET name = name || ' (' || rowid || ')'
        WHERE rowid NOT IN (SELECT MIN(rowid) FROM tokens GROUP BY name);
    CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;
    ALTER TABLE inbound ADD COLUMN fingerprint TEXT;",
    // 3: SKM survey answers (PermenPANRB 14/2017): no personal data; one per ticket
    // (replaced within the edit window, then locked), any number without a ticket.
    "CREATE TABLE survey (
        id INTEGER PRIMARY KEY,
        ticket TEXT UNIQUE REFERENCES tickets(number),
        at INTEGER NOT NULL,
        first_at INTEGER NOT NULL,
        scores TEXT NOT NULL,
        comment TEXT
    );
    CREATE INDEX survey_at ON survey (at);",
    // 4: the intake log: every message taken in, what it led to (no personal data,
    // no text; for a message about another application, the name it gave).
    "CREATE TABLE intake_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        outcome TEXT NOT NULL,
        refusal TEXT,
        named TEXT
    );
    CREATE INDEX intake_log_at ON intake_log (at);",
    // 5: SLA marks: each warning and breach of a ticket once (see `sla_mark`).
    "CREATE TABLE sla_marks (
        number TEXT NOT NULL REFERENCES tickets(number),
        mark TEXT NOT NULL,
        PRIMARY KEY (number, mark)
    ) WITHOUT ROWID;",
    // 6: a row per ticket for the lists and the resident set (see `TicketRow`);
    // tickets stored before get a placeholder the desk fills at its next start.
    "CREATE TABLE ticket_rows (
        number TEXT PRIMARY KEY REFERENCES tickets(number),
        received_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        terminal INTEGER NOT NULL,
        application TEXT,
        tier TEXT,
        assignee TEXT,
        subject TEXT NOT NULL,
        sla TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO ticket_rows SELECT number, 0, 0, '', 0, NULL, NULL, NULL, '', '' FROM tickets;
    CREATE INDEX ticket_rows_open ON ticket_rows (number) WHERE terminal = 0;
    CREATE INDEX ticket_rows_unrowed ON ticket_rows (number) WHERE state = '';
    CREATE INDEX ticket_rows_last ON ticket_rows (last_at);
    CREATE INDEX ticket_rows_received ON ticket_rows (received_at);
    CREATE INDEX inbound_at ON inbound (at);
    CREATE INDEX message_ids_ticket ON message_ids (ticket);",
];

/// The numbers of the tickets kept in memory from `?1` on (see [`Store::load`]).
const RESIDENT: &str = "SELECT number FROM ticket_rows WHERE terminal = 0
    UNION SELECT number FROM ticket_rows WHERE last_at >= ?1";

/// `%text%` for `LIKE … ESCAPE '\'`: the text's own `%` and `_` match themselves.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The embedded store: one SQLite file in the data directory.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) `dir/loket.sqlite3` and runs pending migrations.
    ///
    /// # Errors
    /// The directory cannot be created, the file cannot be opened, or a migration
    /// fails.
    pub fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
        private_dir(dir)?;
        let file = dir.join("loket.sqlite3");
        // Created owner-only before SQLite opens it: SQLite gives its WAL and
        // shared-memory files the database file's permissions.
        private_file(&file)?;
        for extra in ["loket.sqlite3-wal", "loket.sqlite3-shm"] {
            let p = dir.join(extra);
            if p.exists() {
                private_file(&p)?;
            }
        }
        let conn = Connection::open(&file)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: in WAL mode every commit is synced to disk before it returns.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut s = SqliteStore { conn };
        s.migrate()?;
        Ok(s)
    }

    /// The schema version of the file.
    ///
    /// # Errors
    /// Database errors.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let have = self.schema_version()?;
        if have > MIGRATIONS.len() {
            return Err(StoreError::Io(format!(
                "the data directory was written by a newer Loket (schema {have}, this one knows {})",
                MIGRATIONS.len()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(have) {
            // Immediate: the write lock first, then the version again, so that two
            // processes opening a fresh directory at once do not both migrate it.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if tx.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }
}

fn notification(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Notification, String)> {
    Ok((
        Notification {
            id: r.get(0)?,
            created_at: Timestamp::from_unix(r.get(1)?),
            ticket: r.get(2)?,
            kind: r.get(3)?,
            to: Recipient {
                role: String::new(),
                name: None,
                channel: String::new(),
                address: None,
            },
            text: r.get(5)?,
            template: r.get(6)?,
            status: r.get(7)?,
            attempts: r.get(8)?,
            sent_at: r.get::<_, Option<i64>>(9)?.map(Timestamp::from_unix),
            error: r.get(10)?,
            external_id: r.get(11)?,
        },
        r.get(4)?,
    ))
}

const OUTBOX_COLUMNS: &str = "id, created_at, ticket, kind, recipient, text, template, status, attempts, sent_at, error, external_id";

impl SqliteStore {
    fn notifications(
        &mut self,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<Notification>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, notification)?;
        let mut out = Vec::new();
        for r in rows {
            let (mut n, to) = r?;
            n.to = parse(&to, "outbox recipient")?;
            out.push(n);
        }
        Ok(out)
    }
}

impl SqliteStore {
    fn inbound_where(
        &mut self,
        cond: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<InboundRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT key, ticket, outcome, answer, at, fingerprint FROM inbound WHERE {cond}"
        ))?;
        let rows = stmt
            .query_map(args, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(key, ticket, outcome, answer, at, fingerprint)| {
                Ok(InboundRecord {
                    answer: parse(&answer, "an inbound answer")?,
                    key,
                    ticket,
                    outcome,
                    at: Timestamp::from_unix(at),
                    fingerprint,
                })
            })
            .collect()
    }
}

impl Store for SqliteStore {
    fn load(&mut self, since: Option<Timestamp>) -> Result<Loaded, StoreError> {
        let since = since.map_or(i64::MIN, Timestamp::unix);
        let mut out = Loaded::default();
        {
            let sql = format!(
                "SELECT number, body FROM events WHERE number IN ({RESIDENT}) ORDER BY number, pos"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query(params![since])?;
            while let Some(r) = rows.next()? {
                let number: String = r.get(0)?;
                let body: String = r.get(1)?;
                let ev: Event = parse(&body, &format!("an event of {number}"))?;
                match out.tickets.last_mut() {
                    Some((n, evs)) if *n == number => evs.push(ev),
                    _ => out.tickets.push((number, vec![ev])),
                }
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT number FROM ticket_rows WHERE state = ''")?;
            out.unrowed = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        out.total = self
            .conn
            .query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get::<_, i64>(0))?
            as usize;
        {
            let mut stmt = self
                .conn
                .prepare("SELECT year, MAX(seq) FROM tickets GROUP BY year")?;
            out.sequences = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
        }
        out.inbound = self.inbound_where("at >= ?1", params![since])?;
        {
            let sql = format!("SELECT key, ticket FROM message_ids WHERE ticket IN ({RESIDENT})");
            let mut stmt = self.conn.prepare(&sql)?;
            out.message_ids = stmt
                .query_map(params![since], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
        }
        {
            let mut stmt = self.conn.prepare("SELECT name, text FROM config")?;
            out.config = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
        }
        Ok(out)
    }

    fn inbound(&mut self, keys: &[String]) -> Result<Vec<InboundRecord>, StoreError> {
        let mut out = Vec::new();
        for k in keys {
            out.extend(self.inbound_where("key = ?1", params![k])?);
        }
        Ok(out)
    }

    fn find_closed(&mut self, f: &Find) -> Result<Found, StoreError> {
        const WHERE: &str = "terminal = 1 AND last_at < ?1 AND (?2 IS NULL OR state = ?2)
            AND (?3 IS NULL OR application = ?3) AND (?4 IS NULL OR tier = ?4)
            AND (?5 IS NULL OR assignee = ?5) AND (?6 IS NULL OR sla = ?6)
            AND (?7 IS NULL OR lower(number) LIKE ?7 ESCAPE '\\' OR lower(subject) LIKE ?7 ESCAPE '\\')";
        let before = f.before.map_or(i64::MAX, Timestamp::unix);
        let text = f.text.as_deref().map(like_pattern);
        let args = params![
            before,
            f.state,
            f.application,
            f.tier,
            f.assignee,
            f.sla,
            text,
            f.limit as i64
        ];
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM ticket_rows WHERE {WHERE} AND ?8 >= 0"),
            args,
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT number, received_at FROM ticket_rows WHERE {WHERE}
             ORDER BY received_at DESC, number DESC LIMIT ?8"
        ))?;
        let rows = stmt
            .query_map(args, |r| {
                Ok((r.get::<_, String>(0)?, Timestamp::from_unix(r.get(1)?)))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Found {
            total: total as usize,
            rows,
        })
    }

    fn closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<Vec<(String, Vec<Event>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT number, body FROM events WHERE number IN (SELECT number FROM ticket_rows
                WHERE received_at >= ?1 AND received_at < ?2 AND terminal = 1 AND last_at < ?3)
             ORDER BY number, pos",
        )?;
        let mut rows = stmt.query(params![from.unix(), to.unix(), before.unix()])?;
        let mut out: Vec<(String, Vec<Event>)> = Vec::new();
        while let Some(r) = rows.next()? {
            let number: String = r.get(0)?;
            let ev: Event = parse(&r.get::<_, String>(1)?, &format!("an event of {number}"))?;
            match out.last_mut() {
                Some((n, evs)) if *n == number => evs.push(ev),
                _ => out.push((number, vec![ev])),
            }
        }
        Ok(out)
    }

    fn count_closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<usize, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM ticket_rows
             WHERE received_at >= ?1 AND received_at < ?2 AND terminal = 1 AND last_at < ?3",
            params![from.unix(), to.unix(), before.unix()],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }

    fn commit(&mut self, b: &Batch) -> Result<(), StoreError> {
        if b.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut st =
                tx.prepare_cached("INSERT INTO tickets (number, year, seq) VALUES (?1, ?2, ?3)")?;
            for (n, y, s) in &b.tickets {
                st.execute(params![n, y, s])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO ticket_rows (number, received_at, last_at, state, terminal, application, tier, assignee, subject, sla)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (number) DO UPDATE SET received_at = excluded.received_at,
                    last_at = excluded.last_at, state = excluded.state, terminal = excluded.terminal,
                    application = excluded.application, tier = excluded.tier,
                    assignee = excluded.assignee, subject = excluded.subject, sla = excluded.sla
                 WHERE ticket_rows.state = '' OR excluded.last_at >= ticket_rows.last_at",
            )?;
            for r in b.all_rows() {
                st.execute(params![
                    r.number,
                    r.received_at.unix(),
                    r.last_at.unix(),
                    r.state,
                    r.terminal,
                    r.application,
                    r.tier,
                    r.assignee,
                    r.subject,
                    r.sla
                ])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO events (number, pos, at, event, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (n, pos, e) in &b.events {
                st.execute(params![n, *pos as i64, e.at.unix(), e.what.name(), json(e)])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO inbound (key, ticket, outcome, answer, at, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for r in &b.inbound {
                st.execute(params![
                    r.key,
                    r.ticket,
                    r.outcome,
                    json(&r.answer),
                    r.at.unix(),
                    r.fingerprint
                ])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO message_ids (key, ticket) VALUES (?1, ?2)",
            )?;
            for (k, t) in &b.message_ids {
                st.execute(params![k, t])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO outbox (created_at, ticket, kind, recipient, text, template, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
            )?;
            for n in &b.outbox {
                st.execute(params![
                    n.created_at.unix(),
                    n.ticket,
                    n.kind,
                    json(&n.to),
                    n.text,
                    n.template
                ])?;
            }
            let mut st = tx.prepare_cached(
                "UPDATE outbox SET status = ?2, attempts = attempts + 1, sent_at = ?3, error = ?4, external_id = ?5 WHERE id = ?1",
            )?;
            for (id, result, at) in &b.deliveries {
                match result {
                    Ok(ext) => st.execute(params![id, "sent", at.unix(), None::<String>, ext])?,
                    Err(e) => st.execute(params![id, "failed", None::<i64>, e, None::<String>])?,
                };
            }
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO delivery_status (key, status, at) VALUES (?1, ?2, ?3)",
            )?;
            for (k, s, at) in &b.statuses {
                st.execute(params![k, s, at.unix()])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO config (name, text) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET text = excluded.text",
            )?;
            for (n, t) in &b.config {
                st.execute(params![n, t])?;
            }
            let mut st =
                tx.prepare_cached("INSERT INTO sla_marks (number, mark) VALUES (?1, ?2)")?;
            for (n, m) in &b.marks {
                st.execute(params![n, m])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO intake_log (at, channel, outcome, refusal, named) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for e in &b.intake_log {
                st.execute(params![
                    e.at.unix(),
                    e.channel.name(),
                    e.outcome.name(),
                    e.refusal,
                    e.named
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn outbox(
        &mut self,
        status: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ?1 IS NULL OR status = ?1 ORDER BY id DESC LIMIT ?2"
        );
        self.notifications(&sql, params![status, limit as i64])
    }

    fn pending(&mut self, limit: usize) -> Result<Vec<Notification>, StoreError> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?1"
        );
        self.notifications(&sql, params![limit as i64])
    }

    fn put_survey(&mut self, r: &SurveyRecord) -> Result<bool, StoreError> {
        let scores = r.scores.map(|x| x.to_string()).join(",");
        let replaced = match &r.ticket {
            Some(t) => {
                self.conn.execute(
                    "UPDATE survey SET at = ?2, scores = ?3, comment = ?4 WHERE ticket = ?1",
                    params![t, r.at.unix(), scores, r.comment],
                )? > 0
            }
            None => false,
        };
        if !replaced {
            self.conn.execute(
                "INSERT INTO survey (ticket, at, first_at, scores, comment) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.ticket, r.at.unix(), r.first_at.unix(), scores, r.comment],
            )?;
        }
        Ok(replaced)
    }

    fn survey_of(&mut self, ticket: &str) -> Result<Option<SurveyRecord>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT ticket, at, first_at, scores, comment FROM survey WHERE ticket = ?1",
                params![ticket],
                survey_row,
            )
            .optional()?;
        row.map(read_survey).transpose()
    }

    fn surveys(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<SurveyRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT ticket, at, first_at, scores, comment FROM survey WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map(params![from.unix(), to.unix()], survey_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(read_survey).collect()
    }

    fn intake_log(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<IntakeEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, channel, outcome, refusal, named FROM intake_log WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map(params![from.unix(), to.unix()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(at, channel, outcome, refusal, named)| {
                let channel = serde_json::from_value(serde_json::Value::String(channel.clone()))
                    .map_err(|_| StoreError::Corrupt(format!("intake log channel `{channel}`")))?;
                let outcome = IntakeKind::parse(&outcome).ok_or_else(|| {
                    StoreError::Corrupt(format!("intake log outcome `{outcome}`"))
                })?;
                Ok(IntakeEntry {
                    at: Timestamp::from_unix(at),
                    channel,
                    outcome,
                    refusal,
                    named,
                })
            })
            .collect()
    }

    fn add_token(&mut self, t: &TokenRecord, at: Timestamp) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO tokens (hash, role, name, created_at, attests_contacts) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![t.hash, t.role, t.name, at.unix(), t.attests_contacts],
        )?;
        Ok(())
    }

    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash, role, name, attests_contacts FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
                params![hash],
                |r| {
                    Ok(TokenRecord {
                        hash: r.get(0)?,
                        role: r.get(1)?,
                        name: r.get(2)?,
                        attests_contacts: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    fn tokens(&mut self) -> Result<Vec<TokenInfo>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, role, attests_contacts, created_at, revoked_at FROM tokens ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TokenInfo {
                name: r.get(0)?,
                role: r.get(1)?,
                attests_contacts: r.get(2)?,
                created_at: Timestamp::from_unix(r.get(3)?),
                revoked_at: r.get::<_, Option<i64>>(4)?.map(Timestamp::from_unix),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_token(&mut self, name: &str, at: Timestamp) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            params![name, at.unix()],
        )? > 0)
    }

    fn history(&mut self, number: &str) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body FROM events WHERE number = ?1 ORDER BY pos")?;
        let rows = stmt
            .query_map(params![number], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter()
            .map(|b| parse(b, &format!("an event of {number}")))
            .collect()
    }

    fn count_tokens(&mut self, role: Role) -> Result<usize, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM tokens WHERE role = ?1 AND revoked_at IS NULL",
            params![role],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_core::ticket::{Actor, EventKind};

    fn comment(at: i64, text: &str) -> Event {
        Event {
            at: Timestamp::from_unix(at),
            by: Actor::System,
            what: EventKind::Comment { text: text.into() },
            reason: None,
        }
    }

    #[test]
    fn a_failed_batch_writes_nothing_and_migrations_run_once() {
        let dir = std::env::temp_dir().join(format!("loket-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut s = SqliteStore::open(&dir).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
        let mut b = Batch::default();
        b.tickets.push(("JTG-2026-000001".into(), 2026, 1));
        b.events
            .push(("JTG-2026-000001".into(), 0, comment(10, "a")));
        s.commit(&b).unwrap();
        // The same ticket again: the whole batch is refused, its second event too.
        let mut bad = Batch::default();
        bad.events
            .push(("JTG-2026-000001".into(), 1, comment(11, "b")));
        bad.tickets.push(("JTG-2026-000001".into(), 2026, 1));
        assert!(s.commit(&bad).is_err());
        drop(s);
        let mut s = SqliteStore::open(&dir).unwrap();
        let l = s.load(None).unwrap();
        assert_eq!(l.tickets.len(), 1);
        assert_eq!(l.tickets[0].1, vec![comment(10, "a")]);
        assert_eq!(l.sequences, vec![(2026, 1)]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn roles_rank_lowest_first_and_read_back_by_name() {
        // The service lets a token do what its role and every role below may: the
        // order is the security check (`caller.role < need` is refused).
        assert!(Role::Portal < Role::Agent && Role::Agent < Role::Supervisor);
        assert!(Role::Supervisor < Role::Admin);
        for r in Role::ALL {
            assert_eq!(r.name().parse::<Role>(), Ok(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.name());
        }
        assert!("Admin".parse::<Role>().is_err() && "root".parse::<Role>().is_err());
    }

    #[test]
    fn survey_answers_one_per_ticket_replaced_any_number_without() {
        let dir = std::env::temp_dir().join(format!("loket-store-survey-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut s = SqliteStore::open(&dir).unwrap();
        let mut b = Batch::default();
        b.tickets.push(("JTG-2026-000001".into(), 2026, 1));
        s.commit(&b).unwrap();
        let answer = |ticket: Option<&str>, at: i64, score: u8| SurveyRecord {
            ticket: ticket.map(str::to_string),
            at: Timestamp::from_unix(at),
            first_at: Timestamp::from_unix(at),
            scores: [score; 9],
            comment: None,
        };
        assert!(!s
            .put_survey(&answer(Some("JTG-2026-000001"), 100, 2))
            .unwrap());
        // A second answer for the ticket replaces the first and keeps its first_at.
        let mut again = answer(Some("JTG-2026-000001"), 200, 4);
        again.comment = Some("ok".into());
        assert!(s.put_survey(&again).unwrap());
        let kept = s.survey_of("JTG-2026-000001").unwrap().unwrap();
        assert_eq!((kept.first_at.unix(), kept.at.unix()), (100, 200));
        assert_eq!((kept.scores, kept.comment.as_deref()), ([4; 9], Some("ok")));
        // Without a ticket: each answer is its own.
        assert!(!s.put_survey(&answer(None, 150, 3)).unwrap());
        assert!(!s.put_survey(&answer(None, 150, 3)).unwrap());
        // An answer for a ticket the desk does not have is refused by the database.
        assert!(s
            .put_survey(&answer(Some("JTG-2026-999999"), 1, 1))
            .is_err());
        let all = s
            .surveys(Timestamp::from_unix(0), Timestamp::from_unix(1_000))
            .unwrap();
        assert_eq!(
            all.iter().map(|r| r.at.unix()).collect::<Vec<_>>(),
            [150, 150, 200]
        );
        assert!(s
            .surveys(Timestamp::from_unix(160), Timestamp::from_unix(200))
            .unwrap()
            .is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
