//! The server store: PostgreSQL, shared by several `loket serve` nodes.
//!
//! The schema is SQLite's, with what several writers need:
//! - ticket numbers from one sequence per year (`loket_ticket_<year>`), so that two
//!   nodes never give the same number (a number taken by a failed batch is skipped,
//!   as every PostgreSQL sequence does);
//! - every unique key of SQLite kept unique here (a ticket's `(number, pos)`, the
//!   idempotency keys, channel message ids, SLA marks): a batch that collides with
//!   another node's is refused whole ([`StoreError::Conflict`]) and the desk
//!   catches up and tries again;
//! - the rows other nodes follow (events, idempotency records, message ids, profile
//!   edits) carry the id of the transaction that wrote them (`tx xid8`). A node
//!   reads what committed since its last look: every row with `tx` at or above its
//!   watermark, the oldest transaction still running when it last looked
//!   (`pg_snapshot_xmin`). Transaction ids are handed out in start order but commit
//!   in any order, so a plain "position above the last one read" would skip a row
//!   whose transaction started earlier and committed later; the watermark never
//!   passes a transaction that may still commit. Rows read twice are applied once.
//! - the outbox claimed with `FOR UPDATE SKIP LOCKED`: a notification is handed to
//!   one node's sender once (`sending`), and one whose sender stopped before it
//!   recorded the result is marked failed, never sent again blindly.
//!
//! The `postgres` client runs its own Tokio runtime, which cannot be entered from a
//! Tokio worker (the API's handlers): each [`PgStore`] owns a thread that owns the
//! connection, and its methods hand that thread the work and wait. A lost
//! connection is opened again at the next call; meanwhile every call fails with
//! [`StoreError::Pg`] (the API answers 503).

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use loket_core::report::{IntakeEntry, IntakeKind};
use loket_core::ticket::Event;
use loket_core::Timestamp;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Statement};

use crate::tls::Target;

use crate::*;

/// Numbers the stores of this process apart (with the process id and the time).
static NODE_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The advisory lock that elects the SLA watch's leader.
const LEADER_LOCK: i64 = 0x4c4f_4b45_5401; // "LOKET" 1
/// The advisory lock that serializes migrations of nodes starting at once.
const MIGRATION_LOCK: i64 = 0x4c4f_4b45_5402;

/// Versioned migrations (`loket_schema.version`), run in order at start.
const MIGRATIONS: &[&str] = &[
    // 1: SQLite's schema 1–5, with transaction ids (and the writing node) on the
    // rows nodes follow. Events and SLA marks name their ticket without a foreign
    // key: only the desk writes them, always with their ticket, and the key's check
    // per event row was a third of a commit's time.
    "CREATE TABLE tickets (
        number TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        UNIQUE (year, seq)
    );
    CREATE TABLE events (
        number TEXT NOT NULL,
        pos INTEGER NOT NULL,
        at BIGINT NOT NULL,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        node TEXT,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (number, pos)
    );
    CREATE INDEX events_tx ON events (tx);
    CREATE TABLE sla_marks (
        number TEXT NOT NULL,
        mark TEXT NOT NULL,
        PRIMARY KEY (number, mark)
    );
    CREATE TABLE inbound (
        key TEXT PRIMARY KEY,
        ticket TEXT,
        outcome TEXT NOT NULL,
        answer TEXT NOT NULL,
        at BIGINT NOT NULL,
        fingerprint TEXT,
        node TEXT,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id()
    );
    CREATE INDEX inbound_tx ON inbound (tx);
    CREATE TABLE message_ids (
        key TEXT PRIMARY KEY,
        ticket TEXT NOT NULL,
        node TEXT,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id()
    );
    CREATE INDEX message_ids_tx ON message_ids (tx);
    CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY,
        created_at BIGINT NOT NULL,
        ticket TEXT,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        text TEXT NOT NULL,
        template TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        sent_at BIGINT,
        error TEXT,
        external_id TEXT,
        claimed_by TEXT,
        claimed_until BIGINT
    );
    CREATE INDEX outbox_status ON outbox (status, id);
    CREATE TABLE delivery_status (
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (key, status)
    );
    CREATE TABLE tokens (
        id BIGSERIAL,
        hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        attests_contacts BOOLEAN NOT NULL DEFAULT false
    );
    CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;
    CREATE TABLE config (
        name TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id()
    );
    CREATE INDEX config_tx ON config (tx);
    CREATE TABLE survey (
        id BIGSERIAL PRIMARY KEY,
        ticket TEXT UNIQUE REFERENCES tickets(number),
        at BIGINT NOT NULL,
        first_at BIGINT NOT NULL,
        scores TEXT NOT NULL,
        comment TEXT
    );
    CREATE INDEX survey_at ON survey (at);
    CREATE TABLE intake_log (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
        channel TEXT NOT NULL,
        outcome TEXT NOT NULL,
        refusal TEXT,
        named TEXT
    );
    CREATE INDEX intake_log_at ON intake_log (at);
    CREATE TABLE desk_secret (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        secret BYTEA NOT NULL
    );",
    // 2: a row per ticket for the lists and the resident set (see `TicketRow`);
    // tickets stored before get a placeholder the desk fills at its next start.
    "CREATE TABLE ticket_rows (
        number TEXT PRIMARY KEY,
        received_at BIGINT NOT NULL,
        last_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        terminal BOOLEAN NOT NULL,
        application TEXT,
        tier TEXT,
        assignee TEXT,
        subject TEXT NOT NULL,
        sla TEXT NOT NULL
    );
    INSERT INTO ticket_rows SELECT number, 0, 0, '', false, NULL, NULL, NULL, '', '' FROM tickets;
    CREATE INDEX ticket_rows_open ON ticket_rows (number) WHERE NOT terminal;
    CREATE INDEX ticket_rows_unrowed ON ticket_rows (number) WHERE state = '';
    CREATE INDEX ticket_rows_last ON ticket_rows (last_at) INCLUDE (number);
    CREATE INDEX ticket_rows_received ON ticket_rows (received_at);
    CREATE INDEX inbound_at ON inbound (at);
    CREATE INDEX message_ids_ticket ON message_ids (ticket);",
];

/// The numbers of the tickets kept in memory from `$1` on (see [`Store::load`]).
macro_rules! resident {
    () => {
        "SELECT number FROM ticket_rows WHERE NOT terminal
         UNION SELECT number FROM ticket_rows WHERE last_at >= $1"
    };
}

/// The filter of [`Store::find_closed`].
macro_rules! closed_where {
    () => {
        "terminal AND last_at < $1 AND ($2::text IS NULL OR state = $2)
         AND ($3::text IS NULL OR application = $3) AND ($4::text IS NULL OR tier = $4)
         AND ($5::text IS NULL OR assignee = $5) AND ($6::text IS NULL OR sla = $6)
         AND ($7::text IS NULL OR lower(number) LIKE $7 OR lower(subject) LIKE $7)"
    };
}

/// Every row a batch appends, in one statement: the parent (the ticket) and its
/// events insert together. It ends with a notification on `loket_changes` (with the
/// writing node's name), sent by the server when the statement commits: the other
/// nodes' [`listen`] wakes them to read it.
const INSERT_ROWS: &str = "WITH
    t AS (INSERT INTO tickets (number, year, seq)
          SELECT * FROM UNNEST($1::text[], $2::int[], $3::int[])),
    e AS (INSERT INTO events (number, pos, at, event, body, node)
          SELECT *, $30 FROM UNNEST($4::text[], $5::int[], $6::bigint[], $7::text[], $8::text[])),
    m AS (INSERT INTO sla_marks (number, mark) SELECT * FROM UNNEST($9::text[], $10::text[])),
    i AS (INSERT INTO inbound (key, ticket, outcome, answer, at, fingerprint, node)
          SELECT *, $30 FROM UNNEST($11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[])),
    d AS (INSERT INTO message_ids (key, ticket, node)
          SELECT *, $30 FROM UNNEST($17::text[], $18::text[]) ON CONFLICT (key) DO NOTHING),
    o AS (INSERT INTO outbox (created_at, ticket, kind, recipient, text, template, status)
          SELECT *, 'pending' FROM UNNEST($19::bigint[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[])),
    l AS (INSERT INTO intake_log (at, channel, outcome, refusal, named)
          SELECT * FROM UNNEST($25::bigint[], $26::text[], $27::text[], $28::text[], $29::text[])),
    s AS (UPDATE outbox o SET status = d.status, attempts = o.attempts + 1, sent_at = d.sent_at,
                 error = d.error, external_id = d.ext, claimed_by = NULL, claimed_until = NULL
          FROM UNNEST($31::bigint[], $32::text[], $33::bigint[], $34::text[], $35::text[])
               AS d(id, status, sent_at, error, ext)
          WHERE o.id = d.id),
    w AS (INSERT INTO delivery_status (key, status, at)
          SELECT * FROM UNNEST($36::text[], $37::text[], $38::bigint[]) ON CONFLICT DO NOTHING),
    r AS (INSERT INTO ticket_rows (number, received_at, last_at, state, terminal, application, tier, assignee, subject, sla)
          SELECT * FROM UNNEST($39::text[], $40::bigint[], $41::bigint[], $42::text[], $43::bool[],
                               $44::text[], $45::text[], $46::text[], $47::text[], $48::text[])
          ON CONFLICT (number) DO UPDATE SET received_at = excluded.received_at,
             last_at = excluded.last_at, state = excluded.state, terminal = excluded.terminal,
             application = excluded.application, tier = excluded.tier,
             assignee = excluded.assignee, subject = excluded.subject, sla = excluded.sla
             WHERE ticket_rows.state = '' OR excluded.last_at >= ticket_rows.last_at)
SELECT pg_notify('loket_changes', $30)";

/// A batch's rows as the columns of [`INSERT_ROWS`].
struct RowArrays {
    t_number: Vec<String>,
    t_year: Vec<i32>,
    t_seq: Vec<i32>,
    e_number: Vec<String>,
    e_pos: Vec<i32>,
    e_at: Vec<i64>,
    e_name: Vec<&'static str>,
    e_body: Vec<String>,
    m_number: Vec<String>,
    m_mark: Vec<String>,
    i_key: Vec<String>,
    i_ticket: Vec<Option<String>>,
    i_outcome: Vec<String>,
    i_answer: Vec<String>,
    i_at: Vec<i64>,
    i_fingerprint: Vec<Option<String>>,
    d_key: Vec<String>,
    d_ticket: Vec<String>,
    o_at: Vec<i64>,
    o_ticket: Vec<Option<String>>,
    o_kind: Vec<String>,
    o_to: Vec<String>,
    o_text: Vec<String>,
    o_template: Vec<Option<String>>,
    l_at: Vec<i64>,
    l_channel: Vec<&'static str>,
    l_outcome: Vec<&'static str>,
    l_refusal: Vec<Option<String>>,
    l_named: Vec<Option<String>>,
    s_id: Vec<i64>,
    s_status: Vec<&'static str>,
    s_sent_at: Vec<Option<i64>>,
    s_error: Vec<Option<String>>,
    s_ext: Vec<Option<String>>,
    w_key: Vec<String>,
    w_status: Vec<String>,
    w_at: Vec<i64>,
    r_number: Vec<String>,
    r_received: Vec<i64>,
    r_last: Vec<i64>,
    r_state: Vec<String>,
    r_terminal: Vec<bool>,
    r_application: Vec<Option<String>>,
    r_tier: Vec<Option<String>>,
    r_assignee: Vec<Option<String>>,
    r_subject: Vec<String>,
    r_sla: Vec<String>,
}

impl RowArrays {
    fn of(b: &Batch) -> RowArrays {
        let rows = b.all_rows();
        RowArrays {
            t_number: b.tickets.iter().map(|t| t.0.clone()).collect(),
            t_year: b.tickets.iter().map(|t| t.1).collect(),
            t_seq: b.tickets.iter().map(|t| t.2 as i32).collect(),
            e_number: b.events.iter().map(|e| e.0.clone()).collect(),
            e_pos: b.events.iter().map(|e| e.1 as i32).collect(),
            e_at: b.events.iter().map(|e| e.2.at.unix()).collect(),
            e_name: b.events.iter().map(|e| e.2.what.name()).collect(),
            e_body: b.events.iter().map(|e| json(&e.2)).collect(),
            m_number: b.marks.iter().map(|m| m.0.clone()).collect(),
            m_mark: b.marks.iter().map(|m| m.1.clone()).collect(),
            i_key: b.inbound.iter().map(|r| r.key.clone()).collect(),
            i_ticket: b.inbound.iter().map(|r| r.ticket.clone()).collect(),
            i_outcome: b.inbound.iter().map(|r| r.outcome.clone()).collect(),
            i_answer: b.inbound.iter().map(|r| json(&r.answer)).collect(),
            i_at: b.inbound.iter().map(|r| r.at.unix()).collect(),
            i_fingerprint: b.inbound.iter().map(|r| r.fingerprint.clone()).collect(),
            d_key: b.message_ids.iter().map(|m| m.0.clone()).collect(),
            d_ticket: b.message_ids.iter().map(|m| m.1.clone()).collect(),
            o_at: b.outbox.iter().map(|n| n.created_at.unix()).collect(),
            o_ticket: b.outbox.iter().map(|n| n.ticket.clone()).collect(),
            o_kind: b.outbox.iter().map(|n| n.kind.clone()).collect(),
            o_to: b.outbox.iter().map(|n| json(&n.to)).collect(),
            o_text: b.outbox.iter().map(|n| n.text.clone()).collect(),
            o_template: b.outbox.iter().map(|n| n.template.clone()).collect(),
            l_at: b.intake_log.iter().map(|e| e.at.unix()).collect(),
            l_channel: b.intake_log.iter().map(|e| e.channel.name()).collect(),
            l_outcome: b.intake_log.iter().map(|e| e.outcome.name()).collect(),
            l_refusal: b.intake_log.iter().map(|e| e.refusal.clone()).collect(),
            l_named: b.intake_log.iter().map(|e| e.named.clone()).collect(),
            s_id: b.deliveries.iter().map(|d| d.0).collect(),
            s_status: b
                .deliveries
                .iter()
                .map(|d| if d.1.is_ok() { "sent" } else { "failed" })
                .collect(),
            s_sent_at: b
                .deliveries
                .iter()
                .map(|d| d.1.is_ok().then(|| d.2.unix()))
                .collect(),
            s_error: b.deliveries.iter().map(|d| d.1.clone().err()).collect(),
            s_ext: b
                .deliveries
                .iter()
                .map(|d| d.1.clone().ok().flatten())
                .collect(),
            w_key: b.statuses.iter().map(|x| x.0.clone()).collect(),
            w_status: b.statuses.iter().map(|x| x.1.clone()).collect(),
            w_at: b.statuses.iter().map(|x| x.2.unix()).collect(),
            r_number: rows.iter().map(|r| r.number.clone()).collect(),
            r_received: rows.iter().map(|r| r.received_at.unix()).collect(),
            r_last: rows.iter().map(|r| r.last_at.unix()).collect(),
            r_state: rows.iter().map(|r| r.state.clone()).collect(),
            r_terminal: rows.iter().map(|r| r.terminal).collect(),
            r_application: rows.iter().map(|r| r.application.clone()).collect(),
            r_tier: rows.iter().map(|r| r.tier.clone()).collect(),
            r_assignee: rows.iter().map(|r| r.assignee.clone()).collect(),
            r_subject: rows.iter().map(|r| r.subject.clone()).collect(),
            r_sla: rows.iter().map(|r| r.sla.clone()).collect(),
        }
    }

    fn params<'a>(&'a self, node: &'a String) -> [&'a (dyn postgres::types::ToSql + Sync); 48] {
        [
            &self.t_number,
            &self.t_year,
            &self.t_seq,
            &self.e_number,
            &self.e_pos,
            &self.e_at,
            &self.e_name,
            &self.e_body,
            &self.m_number,
            &self.m_mark,
            &self.i_key,
            &self.i_ticket,
            &self.i_outcome,
            &self.i_answer,
            &self.i_at,
            &self.i_fingerprint,
            &self.d_key,
            &self.d_ticket,
            &self.o_at,
            &self.o_ticket,
            &self.o_kind,
            &self.o_to,
            &self.o_text,
            &self.o_template,
            &self.l_at,
            &self.l_channel,
            &self.l_outcome,
            &self.l_refusal,
            &self.l_named,
            node,
            &self.s_id,
            &self.s_status,
            &self.s_sent_at,
            &self.s_error,
            &self.s_ext,
            &self.w_key,
            &self.w_status,
            &self.w_at,
            &self.r_number,
            &self.r_received,
            &self.r_last,
            &self.r_state,
            &self.r_terminal,
            &self.r_application,
            &self.r_tier,
            &self.r_assignee,
            &self.r_subject,
            &self.r_sla,
        ]
    }
}

/// How many ticket numbers a node takes from its year's sequence at once (its
/// unused ones are skipped when it stops).
const NUMBERS_AT_ONCE: i64 = 16;

/// How long a node may hold an outbox notification it is sending before another
/// node marks it failed (seconds).
pub const OUTBOX_LEASE_SECS: i64 = 120;

fn db_err(e: &postgres::Error) -> StoreError {
    let text = match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        None => e.to_string(),
    };
    match e.code() {
        Some(c)
            if *c == SqlState::UNIQUE_VIOLATION
                || *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            StoreError::Conflict(text)
        }
        _ => StoreError::Pg(format!("PostgreSQL: {text}")),
    }
}

/// An error and its causes (`error performing TLS handshake: invalid peer
/// certificate: UnknownIssuer`), for people.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// `url` without its password, for messages and logs.
pub(crate) fn without_password(url: &str) -> String {
    let rest = crate::tls::take_params(url, &["sslmode", "sslrootcert", "sslcert", "sslkey"])
        .map_or_else(|_| url.to_string(), |(rest, _)| rest);
    match postgres::Config::from_str(&rest) {
        Ok(c) => {
            let hosts: Vec<String> = c
                .get_hosts()
                .iter()
                .map(|h| match h {
                    postgres::config::Host::Tcp(s) => s.clone(),
                    postgres::config::Host::Unix(p) => p.display().to_string(),
                })
                .collect();
            format!(
                "postgres: host {} db {} user {}",
                hosts.join(","),
                c.get_dbname().unwrap_or("(default)"),
                c.get_user().unwrap_or("(default)")
            )
        }
        Err(_) => "postgres (an unreadable connection string)".into(),
    }
}

fn config(url: &str) -> Result<Target, StoreError> {
    let mut t = Target::parse(url)?;
    if t.config.get_connect_timeout().is_none() {
        t.config.connect_timeout(Duration::from_secs(5));
    }
    if t.config.get_application_name().is_none() {
        t.config.application_name("loket");
    }
    Ok(t)
}

/// A connection and its prepared statements, owned by the store's thread.
struct Session {
    config: Target,
    client: Option<Client>,
    statements: HashMap<&'static str, Statement>,
    /// When the last attempt to connect failed, and why: for a second after it,
    /// calls fail at once instead of each waiting for a connection (the API's
    /// workers wait for this thread).
    failed: Option<(std::time::Instant, String)>,
}

/// How long after a failed connection attempt calls fail without trying again.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

impl Session {
    /// Forgets the connection and the statements prepared on it.
    fn drop_client(&mut self) {
        self.client = None;
        self.statements.clear();
    }

    fn client(&mut self) -> Result<&mut Client, StoreError> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.drop_client();
        }
        if self.client.is_none() {
            if let Some((at, why)) = &self.failed {
                if at.elapsed() < RECONNECT_AFTER {
                    return Err(StoreError::Pg(why.clone()));
                }
            }
            self.statements.clear();
            // JIT compiles a plan for seconds' worth of rows; the desk's statements
            // touch few rows each, and compiling cost 170 ms at start.
            match self
                .config
                .connect()
                .and_then(|mut c| c.batch_execute("SET jit = off").map(|()| c))
            {
                Ok(c) => {
                    self.failed = None;
                    self.client = Some(c);
                }
                Err(e) => {
                    let why = format!("PostgreSQL cannot be reached: {}", with_causes(&e));
                    self.failed = Some((std::time::Instant::now(), why.clone()));
                    return Err(StoreError::Pg(why));
                }
            }
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::Pg("PostgreSQL cannot be reached".into()))
    }

    /// The prepared statement for `sql` (prepared once per connection).
    fn prepare(&mut self, sql: &'static str) -> Result<Statement, StoreError> {
        // A statement of a connection that was lost is not used.
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.drop_client();
        }
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client()?.prepare(sql).map_err(|e| db_err(&e))?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }
}

type Job = Box<dyn FnOnce(&mut Session) + Send>;

/// The PostgreSQL store (see the module's documentation).
#[derive(Debug)]
pub struct PgStore {
    jobs: mpsc::Sender<Job>,
    /// What the next [`Store::changes`] reads from (a transaction id).
    watermark: i64,
    /// Ticket numbers taken from each year's sequence and not yet given.
    numbers: HashMap<i32, std::collections::VecDeque<u32>>,
    /// This store's name on the rows it writes (random per connection), so that it
    /// does not read its own rows back as changes.
    node: String,
    /// The next look at the changes reads this node's own rows too (after a commit
    /// whose outcome is unknown).
    own_rows: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session")
    }
}

impl PgStore {
    /// Connects to `url` (a libpq-style connection string) and runs pending
    /// migrations.
    ///
    /// # Errors
    /// The string does not read, the server cannot be reached, a migration fails, or
    /// the database was written by a newer Loket.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let config = config(url)?;
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("loket-postgres".into())
            .spawn(move || {
                let mut s = Session {
                    config,
                    client: None,
                    statements: HashMap::new(),
                    failed: None,
                };
                while let Ok(job) = rx.recv() {
                    job(&mut s);
                }
            })
            .map_err(|e| StoreError::Io(format!("cannot start the store's thread: {e}")))?;
        let node = format!(
            "{}-{:x}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            NODE_SEQ.fetch_add(1, Ordering::SeqCst)
        );
        let mut store = PgStore {
            jobs,
            watermark: 0,
            numbers: HashMap::new(),
            node,
            own_rows: false,
        };
        store.call(migrate)?;
        Ok(store)
    }

    /// Runs `f` on the connection's thread and waits for it. A failure that closed
    /// the connection drops it (the next call connects again).
    fn call<T: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Session) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.jobs
            .send(Box::new(move |s: &mut Session| {
                let r = f(s);
                if r.is_err() && s.client.as_ref().is_some_and(Client::is_closed) {
                    s.drop_client();
                }
                let _ = tx.send(r);
            }))
            .map_err(|_| StoreError::Io("the store's thread stopped".into()))?;
        rx.recv()
            .map_err(|_| StoreError::Io("the store's thread stopped".into()))?
    }

    /// [`PgStore::call`] for a read, which is tried once more on a new connection
    /// when it failed because its connection was lost (the database restarted
    /// since this connection's last use): a read changes nothing, so the caller
    /// gets the answer rather than a `503` the next call would not have had.
    fn call_read<T: Send + 'static>(
        &mut self,
        f: impl Fn(&mut Session) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.call(move |s| match f(s) {
            Err(_) if s.client.as_ref().is_some_and(Client::is_closed) => {
                s.drop_client();
                s.failed = None;
                f(s)
            }
            r => r,
        })
    }

    /// The schema version of the database.
    ///
    /// # Errors
    /// Database errors.
    pub fn schema_version(&mut self) -> Result<usize, StoreError> {
        self.call(|s| {
            let row = s
                .client()?
                .query_one("SELECT version FROM loket_schema", &[])
                .map_err(|e| db_err(&e))?;
            Ok(row.get::<_, i32>(0) as usize)
        })
    }

    /// How this store's connection is encrypted: the TLS version (`TLSv1.3`), or
    /// `None` when it is not (a unix socket, `sslmode=disable`, or a server without
    /// TLS under `prefer`).
    ///
    /// # Errors
    /// The server cannot be reached.
    pub fn encryption(&mut self) -> Result<Option<String>, StoreError> {
        self.call(|s| {
            let st =
                s.prepare("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl")?;
            let rows = s.client()?.query(&st, &[]).map_err(|e| db_err(&e))?;
            Ok(rows.first().map(|r| r.get::<_, String>(0)))
        })
    }

    /// This store's name on the rows (and notifications) it writes.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Runs `sql` (several statements) as one batch: for tests and tools.
    ///
    /// # Errors
    /// Database errors.
    pub fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        let sql = sql.to_string();
        self.call(move |s| s.client()?.batch_execute(&sql).map_err(|e| db_err(&e)))
    }
}

fn migrate(s: &mut Session) -> Result<(), StoreError> {
    let c = s.client()?;
    let mut tx = c.transaction().map_err(|e| db_err(&e))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(|e| db_err(&e))?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS loket_schema (version INTEGER NOT NULL)")
        .map_err(|e| db_err(&e))?;
    let have: i32 = match tx
        .query_opt("SELECT version FROM loket_schema", &[])
        .map_err(|e| db_err(&e))?
    {
        Some(r) => r.get(0),
        None => {
            tx.execute("INSERT INTO loket_schema (version) VALUES (0)", &[])
                .map_err(|e| db_err(&e))?;
            0
        }
    };
    let have = have.max(0) as usize;
    if have > MIGRATIONS.len() {
        return Err(StoreError::Io(format!(
            "the database was written by a newer Loket (schema {have}, this one knows {})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(have) {
        tx.batch_execute(sql).map_err(|e| db_err(&e))?;
        tx.execute("UPDATE loket_schema SET version = $1", &[&((i + 1) as i32)])
            .map_err(|e| db_err(&e))?;
    }
    tx.commit().map_err(|e| db_err(&e))
}

fn read_event(number: &str, body: &str) -> Result<Event, StoreError> {
    parse(body, &format!("an event of {number}"))
}

fn read_inbound(r: &postgres::Row) -> Result<InboundRecord, StoreError> {
    Ok(InboundRecord {
        key: r.get(0),
        ticket: r.get(1),
        outcome: r.get(2),
        answer: parse(r.get::<_, &str>(3), "an inbound answer")?,
        at: Timestamp::from_unix(r.get(4)),
        fingerprint: r.get(5),
    })
}

/// The oldest transaction still running: rows of transactions below it are all
/// committed (or never will be).
const XMIN: &str = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

/// What committed at or after a watermark ($1) by other writers than $2 (all, when
/// NULL), in one statement (one snapshot, so
/// the new watermark, the row `x`, is that snapshot's oldest running transaction):
/// kind, five texts, a number.
const CHANGES: &str = "
    SELECT 'x' AS k, NULL, NULL, NULL, NULL, NULL,
           pg_snapshot_xmin(pg_current_snapshot())::text::bigint
    UNION ALL
    SELECT 'e', number, body, NULL, NULL, NULL, pos::bigint FROM events
     WHERE tx >= $1::bigint::text::xid8 AND node IS DISTINCT FROM $2::text
    UNION ALL
    SELECT 'i', key, ticket, outcome, answer, fingerprint, at FROM inbound
     WHERE tx >= $1::bigint::text::xid8 AND node IS DISTINCT FROM $2::text
    UNION ALL
    SELECT 'm', key, ticket, NULL, NULL, NULL, NULL FROM message_ids
     WHERE tx >= $1::bigint::text::xid8 AND node IS DISTINCT FROM $2::text
    UNION ALL
    SELECT 'c', name, text, NULL, NULL, NULL, NULL FROM config
     WHERE tx >= $1::bigint::text::xid8";

fn notification(r: &postgres::Row) -> Result<Notification, StoreError> {
    Ok(Notification {
        id: r.get(0),
        created_at: Timestamp::from_unix(r.get(1)),
        ticket: r.get(2),
        kind: r.get(3),
        to: parse(r.get::<_, &str>(4), "outbox recipient")?,
        text: r.get(5),
        template: r.get(6),
        status: r.get(7),
        attempts: r.get::<_, i32>(8).max(0) as u32,
        sent_at: r.get::<_, Option<i64>>(9).map(Timestamp::from_unix),
        error: r.get(10),
        external_id: r.get(11),
    })
}

fn read_role(s: &str) -> Result<Role, StoreError> {
    s.parse()
        .map_err(|e: String| StoreError::Corrupt(format!("a token's role: {e}")))
}

fn read_survey(r: &postgres::Row) -> Result<SurveyRecord, StoreError> {
    Ok(SurveyRecord {
        ticket: r.get(0),
        at: Timestamp::from_unix(r.get(1)),
        first_at: Timestamp::from_unix(r.get(2)),
        scores: read_scores(r.get(3))?,
        comment: r.get(4),
    })
}

impl Store for PgStore {
    fn load(&mut self, since: Option<Timestamp>) -> Result<Loaded, StoreError> {
        let since = since.map_or(i64::MIN, Timestamp::unix);
        let (loaded, watermark) = self.call(move |s| {
            let c = s.client()?;
            let mut tx = c
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(|e| db_err(&e))?;
            let watermark: i64 = tx.query_one(XMIN, &[]).map_err(|e| db_err(&e))?.get(0);
            let mut out = Loaded::default();
            // Each kept ticket's events by its key (`OFFSET 0` keeps the planner
            // from a hash join over every stored event), ordered here rather than
            // by a sort in the server.
            let mut by_ticket: BTreeMap<String, Vec<(i32, Event)>> = BTreeMap::new();
            for r in tx
                .query(
                    concat!(
                        "SELECT r.number, e.pos, e.body FROM (",
                        resident!(),
                        ") r CROSS JOIN LATERAL (SELECT pos, body FROM events
                            WHERE events.number = r.number OFFSET 0) e"
                    ),
                    &[&since],
                )
                .map_err(|e| db_err(&e))?
            {
                let number: String = r.get(0);
                let ev = read_event(&number, r.get(2))?;
                by_ticket.entry(number).or_default().push((r.get(1), ev));
            }
            out.tickets = by_ticket
                .into_iter()
                .map(|(n, mut evs)| {
                    evs.sort_by_key(|e| e.0);
                    (n, evs.into_iter().map(|e| e.1).collect())
                })
                .collect();
            out.unrowed = tx
                .query(
                    "SELECT number FROM ticket_rows WHERE state = ''",
                    &[],
                )
                .map_err(|e| db_err(&e))?
                .iter()
                .map(|r| r.get(0))
                .collect();
            out.total = tx
                .query_one("SELECT COUNT(*) FROM tickets", &[])
                .map_err(|e| db_err(&e))?
                .get::<_, i64>(0) as usize;
            out.sequences = tx
                .query(
                    // The years by the (year, seq) index, one step each, and each
                    // year's highest: a few index reads instead of a scan.
                    "WITH RECURSIVE y AS (
                        (SELECT year FROM tickets ORDER BY year LIMIT 1)
                        UNION ALL
                        SELECT (SELECT year FROM tickets WHERE year > y.year ORDER BY year LIMIT 1)
                          FROM y WHERE y.year IS NOT NULL)
                     SELECT year, (SELECT MAX(seq) FROM tickets t WHERE t.year = y.year)
                       FROM y WHERE year IS NOT NULL",
                    &[],
                )
                .map_err(|e| db_err(&e))?
                .iter()
                .map(|r| (r.get::<_, i32>(0), r.get::<_, i32>(1).max(0) as u32))
                .collect();
            for r in tx
                .query(
                    "SELECT key, ticket, outcome, answer, at, fingerprint FROM inbound WHERE at >= $1",
                    &[&since],
                )
                .map_err(|e| db_err(&e))?
            {
                out.inbound.push(read_inbound(&r)?);
            }
            out.message_ids = tx
                .query(
                    // The tickets just read, each by the ticket index (`= ANY` of a
                    // long array is planned as a scan of every message id).
                    "SELECT m.key, m.ticket FROM UNNEST($1::text[]) AS n(number)
                     CROSS JOIN LATERAL (SELECT key, ticket FROM message_ids
                        WHERE message_ids.ticket = n.number OFFSET 0) m",
                    &[&out.tickets.iter().map(|t| t.0.as_str()).collect::<Vec<&str>>()],
                )
                .map_err(|e| db_err(&e))?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            out.config = tx
                .query("SELECT name, text FROM config", &[])
                .map_err(|e| db_err(&e))?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            tx.commit().map_err(|e| db_err(&e))?;
            Ok((out, watermark))
        })?;
        self.watermark = watermark;
        Ok(loaded)
    }

    fn commit(&mut self, b: &Batch) -> Result<(), StoreError> {
        if b.is_empty() {
            return Ok(());
        }
        let b = b.clone();
        let node = self.node.clone();
        let r = self.call(move |s| {
            let rows = s.prepare(INSERT_ROWS)?;
            let args = RowArrays::of(&b);
            let params = args.params(&node);
            if b.config.is_empty() {
                // Every batch but a profile edit: one statement, its own
                // transaction, one round trip.
                s.client()?.execute(&rows, &params).map_err(|e| db_err(&e))?;
                return Ok(());
            }
            let upsert_config = s.prepare(
                "INSERT INTO config (name, text) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET text = excluded.text, tx = pg_current_xact_id()",
            )?;
            let c = s.client()?;
            let mut tx = c.transaction().map_err(|e| db_err(&e))?;
            tx.execute(&rows, &params).map_err(|e| db_err(&e))?;
            for (n, t) in &b.config {
                tx.execute(&upsert_config, &[n, t]).map_err(|e| db_err(&e))?;
            }
            tx.commit().map_err(|e| db_err(&e))
        });
        // A commit whose outcome is unknown (the connection failed on the way) may
        // have been written: the next look at the changes reads this node's own rows
        // too, so that the desk, which undid the batch, gets it back if it was.
        if matches!(r, Err(StoreError::Pg(_) | StoreError::Io(_))) {
            self.own_rows = true;
        }
        r
    }

    fn outbox(
        &mut self,
        status: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError> {
        let status = status.map(str::to_string);
        self.call_read(move |s| {
            let st = s.prepare(
                "SELECT id, created_at, ticket, kind, recipient, text, template, status, attempts, sent_at, error, external_id FROM outbox WHERE $1::text IS NULL OR status = $1 ORDER BY id DESC LIMIT $2",
            )?;
            let rows = s
                .client()?
                .query(&st, &[&status, &(limit.min(i64::MAX as usize) as i64)])
                .map_err(|e| db_err(&e))?;
            rows.iter().map(notification).collect()
        })
    }

    /// Claims up to `limit` pending notifications for this node's sender (`sending`,
    /// for [`OUTBOX_LEASE_SECS`]), oldest first; rows another node holds are
    /// skipped. A notification still `sending` when its lease ran out (its node
    /// stopped between sending and recording) is marked failed, not sent again: the
    /// gateway may have accepted it.
    fn pending(&mut self, limit: usize) -> Result<Vec<Notification>, StoreError> {
        self.call(move |s| {
            let expire = s.prepare(
                "UPDATE outbox SET status = 'failed', error = 'the node sending it stopped before it recorded the result; it may have been delivered (check the gateway before sending it again)' WHERE status = 'sending' AND claimed_until < extract(epoch from now())::bigint",
            )?;
            let claim = s.prepare(
                "UPDATE outbox SET status = 'sending', claimed_by = $2, claimed_until = extract(epoch from now())::bigint + $3 WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id, created_at, ticket, kind, recipient, text, template, status, attempts, sent_at, error, external_id",
            )?;
            let node = format!("pid {}", std::process::id());
            let c = s.client()?;
            c.execute(&expire, &[]).map_err(|e| db_err(&e))?;
            let rows = c
                .query(
                    &claim,
                    &[&(limit.min(10_000) as i64), &node, &OUTBOX_LEASE_SECS],
                )
                .map_err(|e| db_err(&e))?;
            let mut out = rows.iter().map(notification).collect::<Result<Vec<_>, _>>()?;
            out.sort_by_key(|n| n.id);
            Ok(out)
        })
    }

    fn add_token(&mut self, t: &TokenRecord, at: Timestamp) -> Result<(), StoreError> {
        let t = t.clone();
        self.call(move |s| {
            s.client()?
                .execute(
                    "INSERT INTO tokens (hash, role, name, created_at, attests_contacts) VALUES ($1, $2, $3, $4, $5)",
                    &[&t.hash, &t.role.name(), &t.name, &at.unix(), &t.attests_contacts],
                )
                .map_err(|e| db_err(&e))?;
            Ok(())
        })
    }

    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        let hash = hash.to_string();
        self.call_read(move |s| {
            let st = s.prepare(
                "SELECT hash, role, name, attests_contacts FROM tokens WHERE hash = $1 AND revoked_at IS NULL",
            )?;
            let row = s.client()?.query_opt(&st, &[&hash]).map_err(|e| db_err(&e))?;
            row.map(|r| {
                Ok(TokenRecord {
                    hash: r.get(0),
                    role: read_role(r.get(1))?,
                    name: r.get(2),
                    attests_contacts: r.get(3),
                })
            })
            .transpose()
        })
    }

    fn tokens(&mut self) -> Result<Vec<TokenInfo>, StoreError> {
        self.call_read(|s| {
            let rows = s
                .client()?
                .query(
                    "SELECT name, role, attests_contacts, created_at, revoked_at FROM tokens ORDER BY id",
                    &[],
                )
                .map_err(|e| db_err(&e))?;
            rows.iter()
                .map(|r| {
                    Ok(TokenInfo {
                        name: r.get(0),
                        role: read_role(r.get(1))?,
                        attests_contacts: r.get(2),
                        created_at: Timestamp::from_unix(r.get(3)),
                        revoked_at: r.get::<_, Option<i64>>(4).map(Timestamp::from_unix),
                    })
                })
                .collect()
        })
    }

    fn revoke_token(&mut self, name: &str, at: Timestamp) -> Result<bool, StoreError> {
        let name = name.to_string();
        self.call(move |s| {
            Ok(s.client()?
                .execute(
                    "UPDATE tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
                    &[&name, &at.unix()],
                )
                .map_err(|e| db_err(&e))?
                > 0)
        })
    }

    fn put_survey(&mut self, r: &SurveyRecord) -> Result<bool, StoreError> {
        let r = r.clone();
        self.call(move |s| {
            let scores = r.scores.map(|x| x.to_string()).join(",");
            let c = s.client()?;
            let replaced = match &r.ticket {
                Some(t) => {
                    c.execute(
                        "UPDATE survey SET at = $2, scores = $3, comment = $4 WHERE ticket = $1",
                        &[t, &r.at.unix(), &scores, &r.comment],
                    )
                    .map_err(|e| db_err(&e))?
                        > 0
                }
                None => false,
            };
            if !replaced {
                c.execute(
                    "INSERT INTO survey (ticket, at, first_at, scores, comment) VALUES ($1, $2, $3, $4, $5)",
                    &[&r.ticket, &r.at.unix(), &r.first_at.unix(), &scores, &r.comment],
                )
                .map_err(|e| db_err(&e))?;
            }
            Ok(replaced)
        })
    }

    fn survey_of(&mut self, ticket: &str) -> Result<Option<SurveyRecord>, StoreError> {
        let ticket = ticket.to_string();
        self.call_read(move |s| {
            let row = s
                .client()?
                .query_opt(
                    "SELECT ticket, at, first_at, scores, comment FROM survey WHERE ticket = $1",
                    &[&ticket],
                )
                .map_err(|e| db_err(&e))?;
            row.as_ref().map(read_survey).transpose()
        })
    }

    fn surveys(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<SurveyRecord>, StoreError> {
        self.call_read(move |s| {
            let rows = s
                .client()?
                .query(
                    "SELECT ticket, at, first_at, scores, comment FROM survey WHERE at >= $1 AND at < $2 ORDER BY at, id",
                    &[&from.unix(), &to.unix()],
                )
                .map_err(|e| db_err(&e))?;
            rows.iter().map(read_survey).collect()
        })
    }

    fn intake_log(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<IntakeEntry>, StoreError> {
        self.call_read(move |s| {
            let rows = s
                .client()?
                .query(
                    "SELECT at, channel, outcome, refusal, named FROM intake_log WHERE at >= $1 AND at < $2 ORDER BY at, id",
                    &[&from.unix(), &to.unix()],
                )
                .map_err(|e| db_err(&e))?;
            rows.iter()
                .map(|r| {
                    let channel: String = r.get(1);
                    let outcome: String = r.get(2);
                    Ok(IntakeEntry {
                        at: Timestamp::from_unix(r.get(0)),
                        channel: serde_json::from_value(serde_json::Value::String(
                            channel.clone(),
                        ))
                        .map_err(|_| {
                            StoreError::Corrupt(format!("intake log channel `{channel}`"))
                        })?,
                        outcome: IntakeKind::parse(&outcome).ok_or_else(|| {
                            StoreError::Corrupt(format!("intake log outcome `{outcome}`"))
                        })?,
                        refusal: r.get(3),
                        named: r.get(4),
                    })
                })
                .collect()
        })
    }

    fn count_tokens(&mut self, role: Role) -> Result<usize, StoreError> {
        self.call_read(move |s| {
            let n: i64 = s
                .client()?
                .query_one(
                    "SELECT COUNT(*) FROM tokens WHERE role = $1 AND revoked_at IS NULL",
                    &[&role.name()],
                )
                .map_err(|e| db_err(&e))?
                .get(0);
            Ok(n.max(0) as usize)
        })
    }

    fn shared(&self) -> bool {
        true
    }

    fn next_seq(&mut self, year: i32) -> Result<Option<u32>, StoreError> {
        if let Some(n) = self.numbers.get_mut(&year).and_then(|p| p.pop_front()) {
            return Ok(Some(n));
        }
        let taken = self.call(move |s| {
            let c = s.client()?;
            // The year is a number: the name cannot carry anything else.
            let name = format!("loket_ticket_{}", year.clamp(0, 9999));
            let next =
                format!("SELECT nextval('{name}') FROM generate_series(1, {NUMBERS_AT_ONCE})");
            for _ in 0..3 {
                match c.query(&next, &[]) {
                    Ok(rows) => {
                        return rows
                            .iter()
                            .map(|r| {
                                u32::try_from(r.get::<_, i64>(0)).map_err(|_| {
                                    StoreError::Corrupt(format!(
                                        "{name} is past the last ticket number"
                                    ))
                                })
                            })
                            .collect::<Result<Vec<u32>, _>>();
                    }
                    Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => {
                        // The year's first ticket: another node may create it at the
                        // same moment, which is fine.
                        let _ = c.batch_execute(&format!(
                            "CREATE SEQUENCE IF NOT EXISTS {name} MINVALUE 1 MAXVALUE 999999999"
                        ));
                    }
                    Err(e) => return Err(db_err(&e)),
                }
            }
            Err(StoreError::Pg(format!("PostgreSQL: cannot create {name}")))
        })?;
        let pool = self.numbers.entry(year).or_default();
        pool.extend(taken);
        pool.make_contiguous().sort_unstable();
        Ok(pool.pop_front())
    }

    fn changes(&mut self) -> Result<Changes, StoreError> {
        let from = self.watermark;
        let skip = (!self.own_rows).then(|| self.node.clone());
        let (changes, watermark) = self.call(move |s| {
            let st = s.prepare(CHANGES)?;
            let rows = s
                .client()?
                .query(&st, &[&from, &skip])
                .map_err(|e| db_err(&e))?;
            let mut out = Changes::default();
            let mut watermark = from;
            for r in &rows {
                let text = |i: usize| r.get::<_, Option<String>>(i).unwrap_or_default();
                match r.get::<_, &str>(0) {
                    "x" => watermark = r.get::<_, Option<i64>>(6).unwrap_or(from),
                    "e" => {
                        let number = text(1);
                        let ev = read_event(&number, &text(2))?;
                        let pos = r.get::<_, Option<i64>>(6).unwrap_or(0).max(0) as usize;
                        out.events.push((number, pos, ev));
                    }
                    "i" => out.inbound.push(InboundRecord {
                        key: text(1),
                        ticket: r.get(2),
                        outcome: text(3),
                        answer: parse(&text(4), "an inbound answer")?,
                        fingerprint: r.get(5),
                        at: Timestamp::from_unix(r.get::<_, Option<i64>>(6).unwrap_or(0)),
                    }),
                    "m" => out.message_ids.push((text(1), text(2))),
                    "c" => out.config.push((text(1), text(2))),
                    other => {
                        return Err(StoreError::Corrupt(format!("a change of kind `{other}`")))
                    }
                }
            }
            // In ticket and position order, whatever order the union gave.
            out.events.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            Ok((out, watermark))
        })?;
        self.watermark = self.watermark.max(watermark);
        self.own_rows = false;
        Ok(changes)
    }

    fn inbound(&mut self, keys: &[String]) -> Result<Vec<InboundRecord>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let keys = keys.to_vec();
        self.call_read(move |s| {
            let st = s.prepare(
                "SELECT key, ticket, outcome, answer, at, fingerprint FROM inbound WHERE key = ANY($1)",
            )?;
            let rows = s.client()?.query(&st, &[&keys]).map_err(|e| db_err(&e))?;
            rows.iter().map(read_inbound).collect()
        })
    }

    fn find_closed(&mut self, f: &Find) -> Result<Found, StoreError> {
        let f = f.clone();
        self.call_read(move |s| {
            let count = s.prepare(concat!(
                "SELECT COUNT(*) FROM ticket_rows WHERE ",
                closed_where!()
            ))?;
            let page = s.prepare(concat!(
                "SELECT number, received_at FROM ticket_rows WHERE ",
                closed_where!(),
                " ORDER BY received_at DESC, number DESC LIMIT $8"
            ))?;
            let before = f.before.map_or(i64::MAX, Timestamp::unix);
            let text = f.text.as_deref().map(crate::sqlite::like_pattern);
            let limit = f.limit as i64;
            let args: [&(dyn postgres::types::ToSql + Sync); 7] = [
                &before,
                &f.state,
                &f.application,
                &f.tier,
                &f.assignee,
                &f.sla,
                &text,
            ];
            let c = s.client()?;
            let total: i64 = c.query_one(&count, &args).map_err(|e| db_err(&e))?.get(0);
            let mut with_limit = args.to_vec();
            with_limit.push(&limit);
            let rows = c
                .query(&page, &with_limit)
                .map_err(|e| db_err(&e))?
                .iter()
                .map(|r| (r.get(0), Timestamp::from_unix(r.get(1))))
                .collect();
            Ok(Found {
                total: total as usize,
                rows,
            })
        })
    }

    fn closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<Vec<(String, Vec<Event>)>, StoreError> {
        let (from, to, before) = (from.unix(), to.unix(), before.unix());
        self.call_read(move |s| {
            let st = s.prepare(
                "SELECT number, body FROM events WHERE number IN (SELECT number FROM ticket_rows
                    WHERE received_at >= $1 AND received_at < $2 AND terminal AND last_at < $3)
                 ORDER BY number, pos",
            )?;
            let rows = s
                .client()?
                .query(&st, &[&from, &to, &before])
                .map_err(|e| db_err(&e))?;
            let mut out: Vec<(String, Vec<Event>)> = Vec::new();
            for r in &rows {
                let number: String = r.get(0);
                let ev = read_event(&number, r.get(1))?;
                match out.last_mut() {
                    Some((n, evs)) if *n == number => evs.push(ev),
                    _ => out.push((number, vec![ev])),
                }
            }
            Ok(out)
        })
    }

    fn count_closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<usize, StoreError> {
        let (from, to, before) = (from.unix(), to.unix(), before.unix());
        self.call_read(move |s| {
            let st = s.prepare(
                "SELECT COUNT(*) FROM ticket_rows
                 WHERE received_at >= $1 AND received_at < $2 AND terminal AND last_at < $3",
            )?;
            let n: i64 = s
                .client()?
                .query_one(&st, &[&from, &to, &before])
                .map_err(|e| db_err(&e))?
                .get(0);
            Ok(n as usize)
        })
    }

    fn history(&mut self, number: &str) -> Result<Vec<Event>, StoreError> {
        let number = number.to_string();
        self.call_read(move |s| {
            let st = s.prepare("SELECT body FROM events WHERE number = $1 ORDER BY pos")?;
            let rows = s.client()?.query(&st, &[&number]).map_err(|e| db_err(&e))?;
            rows.iter().map(|r| read_event(&number, r.get(0))).collect()
        })
    }

    fn secret(&mut self, fresh: [u8; 32]) -> Result<Option<[u8; 32]>, StoreError> {
        self.call(move |s| {
            let c = s.client()?;
            c.execute(
                "INSERT INTO desk_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
                &[&fresh.as_slice()],
            )
            .map_err(|e| db_err(&e))?;
            let v: Vec<u8> = c
                .query_one("SELECT secret FROM desk_secret WHERE id = 1", &[])
                .map_err(|e| db_err(&e))?
                .get(0);
            v.try_into()
                .map(Some)
                .map_err(|_| StoreError::Corrupt("the desk's secret is not 32 bytes".into()))
        })
    }
}

/// Calls `wake` whenever another writer than `own` (a [`PgStore::node`]) commits a
/// batch: `LISTEN loket_changes` on a connection of its own, in a thread of its own,
/// until `keep` returns false. A notification sent while this connection was down is
/// lost (PostgreSQL keeps none for absent listeners): `wake` is also called at every
/// reconnection, and the desk's polling is the fallback.
///
/// # Errors
/// The connection string does not read, or the thread cannot start.
pub fn listen(
    url: &str,
    own: String,
    wake: impl Fn() + Send + 'static,
    keep: impl Fn() -> bool + Send + 'static,
) -> Result<(), StoreError> {
    let config = config(url)?;
    std::thread::Builder::new()
        .name("loket-listen".into())
        .spawn(move || {
            while keep() {
                let Ok(mut c) = config.connect() else {
                    std::thread::sleep(RECONNECT_AFTER);
                    continue;
                };
                if c.batch_execute("LISTEN loket_changes").is_err() {
                    continue;
                }
                // What was committed while this connection was not listening.
                wake();
                while keep() && !c.is_closed() {
                    let mut n = c.notifications();
                    // Each wait ends after half a second without a notification, so
                    // that `keep` is looked at.
                    let next = n.timeout_iter(Duration::from_millis(500)).next();
                    match next {
                        Ok(Some(note)) if note.payload() != own => wake(),
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            }
        })
        .map_err(|e| StoreError::Io(format!("cannot start the listener's thread: {e}")))?;
    Ok(())
}

/// Leadership of the SLA watch among nodes: a session advisory lock held on a
/// connection of its own (not through a transaction pooler, which would hand the
/// session to others). The lock goes with the connection: when the leader's node
/// dies or loses the database, the server releases it and another node's
/// [`Leader`] takes it within [`Leader::POLL`].
#[derive(Debug, Clone)]
pub struct Leader {
    held: Arc<AtomicBool>,
}

impl Leader {
    /// How often a node that does not lead tries the lock, and a leader checks its
    /// connection.
    pub const POLL: Duration = Duration::from_millis(500);

    /// Starts trying for the lead on `url` (a thread of its own, until the process
    /// ends).
    ///
    /// # Errors
    /// The connection string does not read, or the thread cannot start.
    pub fn start(url: &str) -> Result<Leader, StoreError> {
        let config = config(url)?;
        let held = Arc::new(AtomicBool::new(false));
        let h = held.clone();
        std::thread::Builder::new()
            .name("loket-leader".into())
            .spawn(move || {
                let mut client: Option<Client> = None;
                // Until every handle is dropped (then the connection closes and the
                // lock is released).
                while Arc::strong_count(&h) > 1 {
                    let ok = (|| -> Result<bool, postgres::Error> {
                        if client.as_ref().is_none_or(Client::is_closed) {
                            h.store(false, Ordering::SeqCst);
                            client = Some(config.connect()?);
                        }
                        let Some(c) = client.as_mut() else {
                            return Ok(false);
                        };
                        if h.load(Ordering::SeqCst) {
                            // Still connected, so still holding it.
                            c.simple_query("SELECT 1")?;
                            Ok(true)
                        } else {
                            Ok(
                                c.query_one("SELECT pg_try_advisory_lock($1)", &[&LEADER_LOCK])?
                                    .get(0),
                            )
                        }
                    })();
                    match ok {
                        Ok(lead) => h.store(lead, Ordering::SeqCst),
                        Err(_) => {
                            h.store(false, Ordering::SeqCst);
                            client = None;
                        }
                    }
                    std::thread::sleep(Leader::POLL);
                }
                h.store(false, Ordering::SeqCst);
            })
            .map_err(|e| StoreError::Io(format!("cannot start the leader's thread: {e}")))?;
        Ok(Leader { held })
    }

    /// A leader that always leads (one node: SQLite).
    pub fn alone() -> Leader {
        Leader {
            held: Arc::new(AtomicBool::new(true)),
        }
    }

    /// Whether this node leads now.
    pub fn leads(&self) -> bool {
        self.held.load(Ordering::SeqCst)
    }
}
