//! The durable store: tickets as append-only event logs, the idempotency records of
//! the channels, the outbox, tokens and the administrator's profile edits.
//!
//! [`Store`] is the narrow interface the desk writes through: everything a batch of
//! requests changes goes to [`Store::commit`] as one [`Batch`], which is durable when
//! it returns. [`SqliteStore`] is the embedded default (SQLite, WAL,
//! `synchronous=FULL`); a server database implements the same trait.

use std::path::Path;

use loket_core::report::IntakeEntry;
use loket_core::ticket::Event;
use loket_core::Timestamp;
use serde::{Deserialize, Serialize};

mod pg;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;
mod tls;

pub use crate::pg::{listen, Leader, PgStore};
pub use crate::sqlite::SqliteStore;

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("store: {0}")]
    Db(#[from] rusqlite::Error),
    /// The server database refused or failed (or cannot be reached).
    #[error("store: {0}")]
    Pg(String),
    /// Another node wrote first: a unique key of the batch (a ticket's next event
    /// position, an idempotency key, an SLA mark) is taken. Nothing was written; the
    /// desk catches up with [`Store::changes`] and tries again.
    #[error("store: another node wrote first ({0})")]
    Conflict(String),
    /// A stored record that cannot be read back (written by another version?).
    #[error("store: a stored record cannot be read: {0}")]
    Corrupt(String),
    /// The data directory cannot be used.
    #[error("store: {0}")]
    Io(String),
}

/// What a channel message led to, kept under its idempotency key so that a retried
/// delivery gets the same answer and changes nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InboundRecord {
    /// The namespaced key (`wa:wamid.…`, `email:…`, `api:…`).
    pub key: String,
    /// The ticket it opened or joined, if any.
    pub ticket: Option<String>,
    /// `accepted`, `referred`, `refused`, `threaded`, `automatic`.
    pub outcome: String,
    /// The answer as returned the first time (JSON).
    pub answer: serde_json::Value,
    /// When it was taken in.
    pub at: Timestamp,
    /// SHA-256 of the request body (the generic intake): a retry with the same key
    /// and another body is refused, never answered with the first ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// A notification to send (the outbox), written in the same transaction as the
/// events that caused it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Its id (0 before it is stored).
    pub id: i64,
    /// When it was queued.
    pub created_at: Timestamp,
    /// The ticket it is about.
    pub ticket: Option<String>,
    /// `acknowledgement`, `answer`, `assignment`, `sla_warning`, `sla_breach`.
    pub kind: String,
    /// Who gets it.
    pub to: Recipient,
    /// The text.
    pub text: String,
    /// A pre-approved WhatsApp template used instead of free text (outside the
    /// 24-hour window), with its parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// When it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    /// The last delivery error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The channel's id of the sent message (threads replies to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// The recipient of a notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// `reporter`, `staff` or `supervisor`.
    pub role: String,
    /// Name, when known (staff and supervisors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `whatsapp`, `email` or `log` (staff: the desk's internal log).
    pub channel: String,
    /// Phone number or email address (reporters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The role of a token, lowest first: each role may do what the roles below it may.
/// A `portal` may only take messages in (the generic intake) and answer the survey
/// without a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A portal's server: the generic intake.
    Portal,
    /// Desk staff: the queue and the flow.
    Agent,
    /// The desk's supervisor: also rejects, merges, re-evaluates; reports.
    Supervisor,
    /// An administrator: also the profile, plugins, outbox and tokens.
    Admin,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 4] = [Role::Portal, Role::Agent, Role::Supervisor, Role::Admin];

    /// Its name, as stored and in the API: `portal`, `agent`, `supervisor`, `admin`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Portal => "portal",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                format!("unknown role `{s}`: expected portal, agent, supervisor or admin")
            })
    }
}

/// A staff, admin or portal token, as stored (the token itself is never stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRecord {
    /// SHA-256 of the token, hex.
    #[serde(skip)]
    pub hash: String,
    /// Its role.
    pub role: Role,
    /// The person's (or portal's) name, unique among active tokens (recorded as the
    /// actor of their events).
    pub name: String,
    /// A portal that authenticates its citizens: the contact details it sends are
    /// attested by it (see `docs/service.md`, "Reporter identity").
    #[serde(default)]
    pub attests_contacts: bool,
}

/// A token as the administrator lists it (never the token or its hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The name.
    pub name: String,
    /// The role.
    pub role: Role,
    /// Whether a portal attests its citizens' contact details.
    pub attests_contacts: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was revoked (it no longer works).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
}

/// A ticket as the lists and reports find it in the store without reading its
/// history: the desk keeps only open and recently closed tickets in memory, and
/// finds the others by these columns (see `docs/service.md`, "What the desk keeps
/// in memory"). Written with every change of the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    /// Its number.
    pub number: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// Its last event's instant.
    pub last_at: Timestamp,
    /// Its state's name (`closed`, `rejected`, `waiting_for_reporter`, …).
    pub state: String,
    /// Whether nothing more can happen but notes (closed, rejected, merged, referred).
    pub terminal: bool,
    /// The product id.
    pub application: Option<String>,
    /// The tier (`l1`, `l2`, `l3`), when it has one.
    pub tier: Option<String>,
    /// The assignee's name.
    pub assignee: Option<String>,
    /// The subject (no personal data beyond what the reporter wrote in it; the body
    /// stays in the events).
    pub subject: String,
    /// For a terminal ticket, its SLA outcome as the list filters it (`met`,
    /// `breached`, `cancelled`, `none`); empty while it is open.
    pub sla: String,
}

impl TicketRow {
    /// The row of a ticket the store has, but whose row the desk has not written
    /// yet (a ticket stored before rows existed): the desk keeps it in memory and
    /// writes its row at start.
    fn placeholder(number: &str) -> TicketRow {
        TicketRow {
            number: number.to_string(),
            received_at: Timestamp::from_unix(0),
            last_at: Timestamp::from_unix(0),
            state: String::new(),
            terminal: false,
            application: None,
            tier: None,
            assignee: None,
            subject: String::new(),
            sla: String::new(),
        }
    }
}

/// What the staff list asks the store for: terminal tickets whose last event is
/// before `before` (the ones not kept in memory), newest received first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Find {
    /// Only tickets whose last event is before this.
    pub before: Option<Timestamp>,
    /// State name.
    pub state: Option<String>,
    /// Product id.
    pub application: Option<String>,
    /// Tier.
    pub tier: Option<String>,
    /// Assignee.
    pub assignee: Option<String>,
    /// SLA outcome.
    pub sla: Option<String>,
    /// Lowercase text found in the number or the subject.
    pub text: Option<String>,
    /// At most this many numbers.
    pub limit: usize,
}

/// What [`Store::find_closed`] found: how many match, and the first `limit` of them
/// (number and receipt), newest received first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// How many match.
    pub total: usize,
    /// Number and receipt of the first ones.
    pub rows: Vec<(String, Timestamp)>,
}

/// Everything one durable commit writes.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// New tickets: number, year and sequence within the year.
    pub tickets: Vec<(String, i32, u32)>,
    /// Events appended: ticket number, position in its history, event.
    pub events: Vec<(String, usize, Event)>,
    /// Idempotency records.
    pub inbound: Vec<InboundRecord>,
    /// Channel message ids (incoming and sent) that belong to a ticket.
    pub message_ids: Vec<(String, String)>,
    /// Notifications queued.
    pub outbox: Vec<Notification>,
    /// Outbox deliveries: id, sent (`Ok(external id)`) or failed, at.
    pub deliveries: Vec<(i64, Result<Option<String>, String>, Timestamp)>,
    /// Delivery statuses of sent WhatsApp messages: key, status, at.
    pub statuses: Vec<(String, String, Timestamp)>,
    /// Profile parts replaced by the administrator: `calendar`, `policy`, `desk`.
    pub config: Vec<(String, String)>,
    /// Messages taken in (every one, tickets or not), for the reports.
    pub intake_log: Vec<IntakeEntry>,
    /// SLA marks: ticket number and `sla_warning:<clock>:<n>` (the n-th such event of
    /// that clock), unique in the store, so that two SLA watches (a leader and a stale
    /// one) never record the same warning or breach twice.
    pub marks: Vec<(String, String)>,
    /// The rows of the tickets this batch changed (see [`TicketRow`]); a new
    /// ticket without one gets a placeholder.
    pub rows: Vec<TicketRow>,
}

impl Batch {
    /// The rows to write: [`Batch::rows`], and a placeholder for each new ticket
    /// that has none.
    pub(crate) fn all_rows(&self) -> Vec<TicketRow> {
        let mut rows = self.rows.clone();
        for (n, _, _) in &self.tickets {
            if !self.rows.iter().any(|r| &r.number == n) {
                rows.push(TicketRow::placeholder(n));
            }
        }
        rows
    }
}

impl Batch {
    /// Whether the batch writes nothing.
    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
            && self.events.is_empty()
            && self.inbound.is_empty()
            && self.message_ids.is_empty()
            && self.outbox.is_empty()
            && self.deliveries.is_empty()
            && self.statuses.is_empty()
            && self.config.is_empty()
            && self.intake_log.is_empty()
            && self.marks.is_empty()
            && self.rows.is_empty()
    }
}

/// Everything the desk needs in memory at start.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The events of the tickets kept in memory (every open one, and the others
    /// whose last event is recent), in order, by ticket number.
    pub tickets: Vec<(String, Vec<Event>)>,
    /// Tickets whose row was never written (stored before rows existed): the desk
    /// writes them.
    pub unrowed: Vec<String>,
    /// How many tickets the store has.
    pub total: usize,
    /// The highest sequence number used per year.
    pub sequences: Vec<(i32, u32)>,
    /// Idempotency records taken in since the same instant (older ones are looked
    /// up with [`Store::inbound`]).
    pub inbound: Vec<InboundRecord>,
    /// Message ids of the tickets loaded.
    pub message_ids: Vec<(String, String)>,
    /// The administrator's profile edits.
    pub config: Vec<(String, String)>,
}

/// What other nodes committed since the last [`Store::changes`] (several `loket
/// serve` nodes on one server database). Rows this node wrote may come back too:
/// the desk applies each change once (by position and key).
#[derive(Debug, Default)]
pub struct Changes {
    /// Events by ticket, in position order: number, position, event.
    pub events: Vec<(String, usize, Event)>,
    /// Idempotency records.
    pub inbound: Vec<InboundRecord>,
    /// Message ids of tickets.
    pub message_ids: Vec<(String, String)>,
    /// Profile edits.
    pub config: Vec<(String, String)>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.inbound.is_empty()
            && self.message_ids.is_empty()
            && self.config.is_empty()
    }
}

/// The desk's durable store.
pub trait Store: Send {
    /// Reads back at start what the desk keeps in memory: every ticket that is not
    /// terminal, the others whose last event is at or after `since` (all of them
    /// when `since` is `None`), the idempotency records since then, and the rest.
    ///
    /// # Errors
    /// Database errors, or a record that cannot be read back.
    fn load(&mut self, since: Option<Timestamp>) -> Result<Loaded, StoreError>;
    /// The idempotency records of these keys (those the store has).
    ///
    /// # Errors
    /// Database errors, or a record that cannot be read back.
    fn inbound(&mut self, keys: &[String]) -> Result<Vec<InboundRecord>, StoreError>;
    /// The terminal tickets whose last event is before `f.before` that match `f`.
    ///
    /// # Errors
    /// Database errors.
    fn find_closed(&mut self, f: &Find) -> Result<Found, StoreError>;
    /// The histories of the terminal tickets received in `[from, to)` whose last
    /// event is before `before`, by number.
    ///
    /// # Errors
    /// Database errors, or a record that cannot be read back.
    fn closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<Vec<(String, Vec<Event>)>, StoreError>;
    /// How many terminal tickets received in `[from, to)` have their last event
    /// before `before`.
    ///
    /// # Errors
    /// Database errors.
    fn count_closed_received(
        &mut self,
        from: Timestamp,
        to: Timestamp,
        before: Timestamp,
    ) -> Result<usize, StoreError>;
    /// Writes a batch in one transaction, durable when this returns `Ok`; on error
    /// nothing of the batch is written.
    ///
    /// # Errors
    /// Database errors.
    fn commit(&mut self, batch: &Batch) -> Result<(), StoreError>;
    /// Notifications by status (newest first), at most `limit`.
    ///
    /// # Errors
    /// Database errors.
    fn outbox(
        &mut self,
        status: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Notification>, StoreError>;
    /// Pending notifications, oldest first.
    ///
    /// # Errors
    /// Database errors.
    fn pending(&mut self, limit: usize) -> Result<Vec<Notification>, StoreError>;
    /// Stores a token.
    ///
    /// # Errors
    /// Database errors.
    fn add_token(&mut self, t: &TokenRecord, at: Timestamp) -> Result<(), StoreError>;
    /// The active (not revoked) token with this hash.
    ///
    /// # Errors
    /// Database errors.
    fn token(&mut self, hash: &str) -> Result<Option<TokenRecord>, StoreError>;
    /// Every token, active and revoked, oldest first.
    ///
    /// # Errors
    /// Database errors.
    fn tokens(&mut self) -> Result<Vec<TokenInfo>, StoreError>;
    /// Revokes the active token named `name`; `false` when there is none.
    ///
    /// # Errors
    /// Database errors.
    fn revoke_token(&mut self, name: &str, at: Timestamp) -> Result<bool, StoreError>;
    /// Stores a survey answer. For a ticket already answered, the earlier answer is
    /// replaced (keeping its `first_at`) and `Ok(true)` returned; the caller checks
    /// the edit window first (see [`SurveyRecord::first_at`]).
    ///
    /// # Errors
    /// Database errors.
    fn put_survey(&mut self, r: &SurveyRecord) -> Result<bool, StoreError>;

    /// The answer already given for `ticket`, if any.
    ///
    /// # Errors
    /// Database errors.
    fn survey_of(&mut self, ticket: &str) -> Result<Option<SurveyRecord>, StoreError>;

    /// Survey answers given in `[from, to)`, oldest first.
    ///
    /// # Errors
    /// Database errors, or a stored answer that does not read.
    fn surveys(&mut self, from: Timestamp, to: Timestamp) -> Result<Vec<SurveyRecord>, StoreError>;

    /// The intake log's entries of `[from, to)`, oldest first.
    ///
    /// # Errors
    /// Database errors, or an entry that does not read.
    fn intake_log(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<IntakeEntry>, StoreError>;

    /// How many tokens have this role.
    ///
    /// # Errors
    /// Database errors.
    fn count_tokens(&mut self, role: Role) -> Result<usize, StoreError>;

    /// Whether other processes (`loket serve` nodes) write to the same store: the
    /// desk then numbers tickets with [`Store::next_seq`] and follows the others'
    /// commits with [`Store::changes`].
    fn shared(&self) -> bool {
        false
    }

    /// The next ticket sequence number of `year` from the store (unique across
    /// nodes; a number taken by a batch that fails is not given again), or `None`
    /// when the desk numbers tickets itself (one writer).
    ///
    /// # Errors
    /// Database errors.
    fn next_seq(&mut self, year: i32) -> Result<Option<u32>, StoreError> {
        let _ = year;
        Ok(None)
    }

    /// What other nodes committed since the last call (or since [`Store::load`]).
    ///
    /// # Errors
    /// Database errors, or a record that cannot be read back.
    fn changes(&mut self) -> Result<Changes, StoreError> {
        Ok(Changes::default())
    }

    /// One ticket's whole history, in order (empty when there is no such ticket).
    ///
    /// # Errors
    /// Database errors, or a record that cannot be read back.
    fn history(&mut self, number: &str) -> Result<Vec<Event>, StoreError>;

    /// The desk's secret held by the store (several nodes must derive the same
    /// access keys): the stored one, or `fresh` stored now if there is none.
    /// `None` when the store does not hold it (SQLite: the data directory's
    /// `secret` file).
    ///
    /// # Errors
    /// Database errors.
    fn secret(&mut self, fresh: [u8; 32]) -> Result<Option<[u8; 32]>, StoreError> {
        let _ = fresh;
        Ok(None)
    }
}

/// Where the desk keeps its data: the embedded SQLite file in a data directory, or
/// a PostgreSQL server shared by several nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `DIR/loket.sqlite3`.
    Sqlite(std::path::PathBuf),
    /// A libpq-style connection string: a URL (`postgres://user@host/db`,
    /// `postgresql:///db?host=/run/postgresql`) or `key=value` pairs (`host=/tmp
    /// dbname=loket user=loket`).
    Postgres(String),
}

impl Location {
    /// The location `--store` names, or the data directory's SQLite file when it
    /// names none.
    ///
    /// # Errors
    /// A `--store` that is neither a PostgreSQL connection string nor `sqlite`.
    pub fn parse(store: Option<&str>, data: &Path) -> Result<Location, String> {
        match store.map(str::trim) {
            None | Some("" | "sqlite") => Ok(Location::Sqlite(data.to_path_buf())),
            Some(s)
                if s.starts_with("postgres://")
                    || s.starts_with("postgresql://")
                    || s.contains('=') =>
            {
                Ok(Location::Postgres(s.to_string()))
            }
            Some(s) => Err(format!(
                "--store `{s}`: expected `sqlite` (the data directory's file) or a PostgreSQL connection string (postgres://user@host/db, or host=/run/postgresql dbname=loket)"
            )),
        }
    }

    /// Opens the store (creating the schema if needed).
    ///
    /// # Errors
    /// As [`SqliteStore::open`] and [`PgStore::connect`].
    pub fn open(&self) -> Result<Box<dyn Store>, StoreError> {
        Ok(match self {
            Location::Sqlite(dir) => Box::new(SqliteStore::open(dir)?),
            Location::Postgres(url) => Box::new(PgStore::connect(url)?),
        })
    }

    /// Where, for people: the data directory, or the server without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(dir) => dir.join("loket.sqlite3").display().to_string(),
            Location::Postgres(url) => crate::pg::without_password(url),
        }
    }
}

/// The SLA mark of the event appended at the end of `history` (the last event):
/// `sla_warning:response:0` for a ticket's first response warning. `None` for other
/// events.
pub fn sla_mark(history: &[Event]) -> Option<String> {
    use loket_core::ticket::EventKind;
    let (last, before) = history.split_last()?;
    let key = |e: &Event| match &e.what {
        EventKind::SlaWarning { clock } => Some(format!("sla_warning:{}", json(clock))),
        EventKind::SlaBreached { clock, .. } => Some(format!("sla_breached:{}", json(clock))),
        _ => None,
    };
    let k = key(last)?;
    let n = before
        .iter()
        .filter(|e| key(e).as_ref() == Some(&k))
        .count();
    Some(format!("{}:{n}", k.replace('"', "")))
}

/// The nine survey scores stored as `1,2,…` (each 1–4).
fn read_scores(scores: &str) -> Result<[u8; 9], StoreError> {
    let v: Vec<u8> = scores
        .split(',')
        .map(|x| x.parse::<u8>().ok().filter(|s| (1..=4).contains(s)))
        .collect::<Option<_>>()
        .ok_or_else(|| StoreError::Corrupt(format!("survey scores `{scores}`")))?;
    v.try_into()
        .map_err(|_| StoreError::Corrupt(format!("survey scores `{scores}`: not nine")))
}

/// One answer to the SKM survey, as stored (no personal data: the comment is
/// masked before it is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyRecord {
    /// The ticket it rates; `None` for an answer without a ticket.
    pub ticket: Option<String>,
    /// When it was given (last replaced).
    pub at: Timestamp,
    /// When the first answer for the ticket was given (the edit window runs from it).
    pub first_at: Timestamp,
    /// The nine scores, 1–4, in the regulation's order (U1 … U9).
    pub scores: [u8; 9],
    /// The optional comment, masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Creates `dir` (and its parents) and makes it owner-only (0700): it holds
/// personal data and the desk's secret.
///
/// # Errors
/// The directory cannot be created or its permissions set.
pub fn private_dir(dir: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| {
        StoreError::Io(format!(
            "cannot create the data directory {}: {e}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    Ok(())
}

/// Creates `path` if missing and makes it owner-only (0600), whatever the umask.
///
/// # Errors
/// The file cannot be created or its permissions set.
///
/// An existing file is never opened, only its mode set by path: closing any
/// descriptor of a file drops every POSIX lock this process holds on it, and
/// SQLite's locks on its database are what tell another process (e.g. `loket token
/// create`) that the WAL is in use — opening and closing the database beside a live
/// connection once let that process delete the WAL under the service.
pub fn private_file(path: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", path.display()));
    if !path.exists() {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(path) {
            Ok(_) => {}
            // Made by someone else meanwhile: only its mode is set below.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    }
    Ok(())
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"unserializable\":\"{e}\"}}"))
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}
