//! The desk: one writer thread that owns the tickets, applies every change through
//! the core's state machine, routes through a [`Route`] (the plugin registry in
//! service), and commits each batch of requests to the [`Store`] in one durable
//! transaction (group commit) before anyone is answered. Readers (the API) see a
//! [`Shared`] view that is updated only after a commit, so nothing unanswered or
//! unwritten is ever shown.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, PoisonError, RwLock};

use loket_core::report::{IntakeEntry, IntakeKind};
use loket_core::ticket::{
    intake, mask_personal_numbers, Actor, Event, EventKind, IntakeOutcome, Message, Reporter,
    RosterMember, RoutingContext, State, Ticket, TicketError,
};
use loket_core::{Lang, Profile, Timestamp};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};

use crate::notify;
use crate::Route;
use loket_store::{Batch, InboundRecord, Store, StoreError};

/// The number prefix: `JTG-2026-000123`.
pub const NUMBER_PREFIX: &str = "JTG";

/// What the API can see: committed tickets and the profile in force.
#[derive(Debug)]
pub struct Shared {
    /// Every ticket, by number, as committed.
    pub tickets: RwLock<HashMap<String, Arc<Ticket>>>,
    /// The profile in force for new tickets.
    pub profile: RwLock<Arc<Profile>>,
    /// The secret the reporters' access keys derive from.
    secret: [u8; 32],
    /// The generic intake's idempotency keys taken so far (`api:…`): a retry is
    /// answered without counting against the rate limits.
    api_keys: RwLock<std::collections::HashSet<String>>,
    /// How many tickets the store has (those in memory and the others).
    total: std::sync::atomic::AtomicUsize,
    /// How long a terminal ticket stays in memory (see [`DeskSettings`]).
    keep_closed_secs: Option<i64>,
    /// Terminal tickets whose last event is before this (unix seconds) are not in
    /// memory: the writer's last cut (at start, or its last sweep).
    cut: std::sync::atomic::AtomicI64,
}

/// The reporter's access key of ticket `number`: an HMAC of the number under the
/// desk's secret, so it is unguessable and never needs storing.
pub fn access_key(secret: &[u8; 32], number: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(number.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..12])
}

impl Shared {
    /// How many tickets the store has, in memory or not.
    pub fn total(&self) -> usize {
        self.total.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// From when terminal tickets are kept in memory, read at `now`: a ticket is
    /// answered from memory when it is not terminal or its last event is at or
    /// after this; the others are the store's ([`loket_store::Store::find_closed`]).
    /// `None`: every ticket is in memory.
    pub fn kept_since(&self, now: Timestamp) -> Option<Timestamp> {
        // The writer's clock may be ahead of the caller's: its cut counts too, so
        // that a ticket it just dropped is asked of the store, never of neither.
        let cut = self.cut.load(std::sync::atomic::Ordering::SeqCst);
        self.keep_closed_secs
            .map(|k| Timestamp::from_unix(now.unix().saturating_sub(k).max(cut)))
    }

    /// Whether the memory's copy of `t` answers for it at `since` (see
    /// [`Shared::kept_since`]); a ticket past it may still be in memory until the
    /// next sweep, and is then counted with the store's.
    pub fn answers_for(t: &Ticket, since: Option<Timestamp>) -> bool {
        since.is_none_or(|s| !t.state().is_terminal() || last_at(t) >= s)
    }

    /// A committed ticket in memory (see [`Shared::kept_since`] for the others).
    pub fn ticket(&self, number: &str) -> Option<Arc<Ticket>> {
        self.tickets
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(number)
            .cloned()
    }

    /// The profile in force.
    pub fn profile(&self) -> Arc<Profile> {
        self.profile
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The reporter's access key of a ticket: unguessable without the desk's secret,
    /// never stored.
    pub fn access_key(&self, number: &str) -> String {
        access_key(&self.secret, number)
    }

    /// Whether the generic intake took a message under this (scoped) idempotency key.
    pub fn has_api_key(&self, key: &str) -> bool {
        self.api_keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(key)
    }

    /// Whether `key` is the access key of `number` (constant time).
    pub fn check_access_key(&self, number: &str, key: &str) -> bool {
        let want = self.access_key(number);
        want.len() == key.len()
            && want
                .bytes()
                .zip(key.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// A request refused by the desk: a stable code, a status and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskError {
    /// HTTP status.
    pub status: u16,
    /// Stable code, e.g. `ticket.transition_refused`.
    pub code: String,
    /// Message in Bahasa Indonesia.
    pub id: String,
    /// Message in English.
    pub en: String,
    /// Details for programs (e.g. the allowed events).
    pub details: Option<Value>,
}

impl DeskError {
    /// An error with one message in each language.
    pub fn new(status: u16, code: &str, id: impl Into<String>, en: impl Into<String>) -> Self {
        DeskError {
            status,
            code: code.into(),
            id: id.into(),
            en: en.into(),
            details: None,
        }
    }

    fn ticket(e: &TicketError) -> Self {
        let status = match e {
            TicketError::Refused { .. } | TicketError::ReopenWindowClosed { .. } => 409,
            _ => 422,
        };
        let mut d = DeskError::new(status, e.code(), e.message(Lang::Id), e.message(Lang::En));
        if let TicketError::Refused {
            allowed,
            state,
            attempted,
            ..
        } = e
        {
            d.details = Some(json!({"state": state, "attempted": attempted, "allowed": allowed}));
        }
        d
    }

    fn core(e: &loket_core::Error) -> Self {
        DeskError::new(422, e.code(), e.message(Lang::Id), e.message(Lang::En))
    }

    fn store(e: &StoreError) -> Self {
        tracing::error!("{e}");
        DeskError::new(
            503,
            "store.unavailable",
            format!("penyimpanan tidak dapat menulis; tidak ada yang dicatat, silakan ulangi: {e}"),
            format!("the store could not write; nothing was recorded, please retry: {e}"),
        )
    }

    fn not_found(number: &str) -> Self {
        DeskError::new(
            404,
            "ticket.not_found",
            format!("tiket {number} tidak ditemukan"),
            format!("no ticket {number}"),
        )
    }
}

/// A message to take in.
#[derive(Debug, Clone)]
pub struct IntakeRequest {
    /// The idempotency key (namespaced), if the channel gives one.
    pub key: Option<String>,
    /// SHA-256 of the request as sent (the generic intake): a second request with
    /// the same key and another fingerprint is refused (`idempotency.mismatch`).
    pub fingerprint: Option<String>,
    /// The message for the core's intake.
    pub message: Message,
    /// Whether a message from a reporter with an open ticket joins it (the channel
    /// adapters) rather than opening a new one (the generic endpoint).
    pub thread: bool,
    /// Keys of the messages it replies to.
    pub reply_to: Vec<String>,
    /// A ticket number named in it.
    pub ticket_hint: Option<String>,
    /// Why it is an automatic message (no ticket, no answer), if it is.
    pub automatic: Option<String>,
    /// It only answers an earlier message (a reaction, a button): joining no open
    /// ticket, it is recorded without a ticket or an answer.
    pub reply_only: bool,
}

/// The answer to an intake.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeReply {
    /// What was recorded (the answer JSON, the ticket).
    pub record: InboundRecord,
    /// Whether this key was seen before (nothing new was recorded).
    pub duplicate: bool,
}

/// An outbox delivery: the notification's id, the channel's id of the sent message
/// (or why it failed), and the ticket it belongs to.
pub type Delivery = (i64, Result<Option<String>, String>, Option<String>);

/// What the desk is asked to do (kept until its batch commits: a batch that
/// collides with another node's commit is handled again after catching up).
#[derive(Debug)]
enum Request {
    Intake(Box<IntakeRequest>, Timestamp),
    Apply(String, Box<Event>),
    Tick(Timestamp, bool),
    Delivered(Vec<Delivery>, Timestamp),
    Statuses(Vec<(String, String, Timestamp)>),
    Config(String, String),
    /// Nothing but catching up with other nodes' commits.
    Sync,
}

/// What a request led to, answered once its batch is durable.
#[derive(Debug)]
enum Answer {
    Intake(Result<IntakeReply, DeskError>),
    Ticket(Result<Arc<Ticket>, DeskError>),
    Tick(Result<Tick, DeskError>),
    Done(Result<(), DeskError>),
    Profile(Result<Arc<Profile>, DeskError>),
}

impl Answer {
    /// An answer of the kind `req` gets (to be [`Answer::failed`]).
    fn of(req: &Request) -> Answer {
        match req {
            Request::Intake(..) => Answer::Intake(Err(gone())),
            Request::Apply(..) => Answer::Ticket(Err(gone())),
            Request::Tick(..) => Answer::Tick(Err(gone())),
            Request::Config(..) => Answer::Profile(Err(gone())),
            Request::Delivered(..) | Request::Statuses(..) | Request::Sync => {
                Answer::Done(Err(gone()))
            }
        }
    }

    /// The same kind of answer, failed with `e` (its batch was not written).
    fn failed(self, e: &DeskError) -> Answer {
        match self {
            Answer::Intake(_) => Answer::Intake(Err(e.clone())),
            Answer::Ticket(_) => Answer::Ticket(Err(e.clone())),
            Answer::Tick(_) => Answer::Tick(Err(e.clone())),
            Answer::Done(_) => Answer::Done(Err(e.clone())),
            Answer::Profile(_) => Answer::Profile(Err(e.clone())),
        }
    }
}

#[derive(Debug)]
struct Command {
    req: Request,
    tx: oneshot::Sender<Answer>,
}

/// What one SLA watch pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tick {
    /// Open tickets evaluated.
    pub evaluated: usize,
    /// SLA events recorded: ticket, event.
    pub recorded: Vec<(String, Event)>,
    /// When the next SLA event falls due, if any.
    pub next: Option<Timestamp>,
}

/// How the desk works.
#[derive(Debug, Clone, Copy)]
pub struct DeskSettings {
    /// New tickets wait in `received` for the first line to answer diamond B
    /// (`handle_directly` or `create_ticket`) instead of being routed at once.
    pub first_line_triage: bool,
    /// How far back (seconds) a message's own timestamp is believed; an older claim
    /// (or one in the future) is replaced by the desk's time, and the discrepancy
    /// recorded on the ticket.
    pub max_backdate_secs: i64,
    /// How long (seconds) a terminal ticket (closed, rejected, merged, referred)
    /// stays in memory after its last event; older ones are read from the store
    /// when asked for. `None`: every ticket stays in memory.
    pub keep_closed_secs: Option<i64>,
    /// The desk's time at start (which closed tickets are recent).
    pub started_at: Timestamp,
}

impl Default for DeskSettings {
    fn default() -> Self {
        DeskSettings {
            first_line_triage: false,
            max_backdate_secs: 7 * 86_400,
            keep_closed_secs: None,
            started_at: crate::now(),
        }
    }
}

/// How often (seconds of the desk's time) terminal tickets past their stay are
/// dropped from memory.
const EVICT_EVERY: i64 = 600;

/// A ticket's row for the store's lists (see [`loket_store::TicketRow`]), read at
/// `now` (a terminal ticket's SLA outcome no longer changes).
pub fn ticket_row(t: &Ticket, profile: &Profile, now: Timestamp) -> loket_store::TicketRow {
    let terminal = t.state().is_terminal();
    let sla = if terminal {
        let s = loket_core::view::TicketSummary::of(t, profile, now, Lang::En);
        loket_core::view::SlaFilter::of(s.sla.as_ref())
            .as_str()
            .to_string()
    } else {
        String::new()
    };
    loket_store::TicketRow {
        number: t.number().to_string(),
        received_at: t.received_at(),
        last_at: last_at(t),
        state: t.state().name().to_string(),
        terminal,
        application: t.application().map(str::to_string),
        tier: serde_json::to_value(t.tier())
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
        assignee: t.assignee().map(str::to_string),
        subject: t.subject().to_string(),
        sla,
    }
}

/// A handle to the desk's writer thread (cheap to clone).
#[derive(Debug, Clone)]
pub struct Desk {
    tx: mpsc::UnboundedSender<Command>,
    /// The committed view.
    pub shared: Arc<Shared>,
}

fn gone() -> DeskError {
    DeskError::new(
        503,
        "desk.stopped",
        "layanan sedang berhenti",
        "the desk is shutting down",
    )
}

impl Desk {
    /// Loads everything from `store`, replays every ticket, and starts the writer.
    ///
    /// # Errors
    /// The store cannot be read, or a stored history no longer replays.
    pub fn start(
        store: Box<dyn Store>,
        profile: Profile,
        router: Arc<dyn Route>,
        secret: [u8; 32],
    ) -> Result<Desk, String> {
        Desk::start_with(store, profile, router, secret, DeskSettings::default())
    }

    /// [`Desk::start`] with settings.
    ///
    /// # Errors
    /// As [`Desk::start`].
    pub fn start_with(
        mut store: Box<dyn Store>,
        profile: Profile,
        router: Arc<dyn Route>,
        secret: [u8; 32],
        settings: DeskSettings,
    ) -> Result<Desk, String> {
        let since = settings
            .keep_closed_secs
            .map(|k| Timestamp::from_unix(settings.started_at.unix().saturating_sub(k)));
        let loaded = store.load(since).map_err(|e| e.to_string())?;
        let mut profile = profile;
        for (name, text) in &loaded.config {
            profile = with_part(&profile, name, text)
                .map_err(|e| format!("the stored {name} no longer reads: {}", e.en))?;
        }
        let mut w = Writer {
            store,
            profile: Arc::new(profile),
            router,
            triage: settings.first_line_triage,
            max_backdate: settings.max_backdate_secs,
            tickets: HashMap::with_capacity(loaded.tickets.len()),
            open: BTreeSet::new(),
            due: BTreeSet::new(),
            next_due: HashMap::new(),
            load: HashMap::new(),
            by_contact: HashMap::new(),
            sequences: loaded.sequences.into_iter().collect(),
            inbound: HashMap::new(),
            message_ids: loaded.message_ids.into_iter().collect(),
            touched: HashMap::new(),
            undo_keys: Vec::new(),
            batch: Batch::default(),
            config: loaded.config.iter().cloned().collect(),
            keep_closed: settings.keep_closed_secs,
            latest: settings.started_at,
            next_evict: settings.started_at.unix() + EVICT_EVERY,
            fetched: std::collections::HashSet::new(),
        };
        for (number, events) in loaded.tickets {
            let t = Ticket::replay(&events)
                .map_err(|e| format!("stored ticket {number} does not replay: {e}"))?;
            w.index(None, &t);
            w.tickets.insert(number, Arc::new(t));
        }
        for r in loaded.inbound {
            w.inbound.insert(r.key.clone(), r);
        }
        // Tickets stored before their rows existed: their rows, once.
        let rows: Vec<loket_store::TicketRow> = loaded
            .unrowed
            .iter()
            .filter_map(|n| w.tickets.get(n))
            .map(|t| ticket_row(t, &w.profile, settings.started_at))
            .collect();
        if !rows.is_empty() {
            tracing::info!("writing the list rows of {} stored ticket(s)", rows.len());
            for chunk in rows.chunks(5_000) {
                let b = Batch {
                    rows: chunk.to_vec(),
                    ..Batch::default()
                };
                w.store.commit(&b).map_err(|e| e.to_string())?;
            }
        }
        let shared = Arc::new(Shared {
            tickets: RwLock::new(w.tickets.clone()),
            profile: RwLock::new(w.profile.clone()),
            secret,
            api_keys: RwLock::new(
                w.inbound
                    .keys()
                    .filter(|k| k.starts_with("api:"))
                    .cloned()
                    .collect(),
            ),
            total: loaded.total.into(),
            keep_closed_secs: settings.keep_closed_secs,
            cut: since.map_or(i64::MIN, Timestamp::unix).into(),
        });
        let (tx, rx) = mpsc::unbounded_channel();
        let s = shared.clone();
        std::thread::Builder::new()
            .name("loket-desk".into())
            .spawn(move || w.run(rx, &s))
            .map_err(|e| e.to_string())?;
        Ok(Desk { tx, shared })
    }

    async fn ask<T>(
        &self,
        req: Request,
        pick: fn(Answer) -> Option<Result<T, DeskError>>,
    ) -> Result<T, DeskError> {
        let (tx, rx) = oneshot::channel();
        self.tx.send(Command { req, tx }).map_err(|_| gone())?;
        pick(rx.await.map_err(|_| gone())?).unwrap_or_else(|| {
            Err(DeskError::new(
                500,
                "desk.internal",
                "galat internal: jawaban desk tidak sesuai permintaan",
                "internal error: the desk answered another kind of request",
            ))
        })
    }

    /// Catches up with what other nodes committed (several nodes on one server
    /// database); nothing for a desk that is the store's only writer.
    ///
    /// # Errors
    /// The store.
    pub async fn sync(&self) -> Result<(), DeskError> {
        self.ask(Request::Sync, |a| match a {
            Answer::Done(r) => Some(r),
            _ => None,
        })
        .await
    }

    /// Takes a message in at `now`: a new ticket, a reply joining one, a referral, or
    /// a refusal — durable before this returns. A key seen before returns the first
    /// answer and records nothing.
    ///
    /// # Errors
    /// Calendar errors (an instant outside the calendar), or the store.
    pub async fn intake(
        &self,
        req: IntakeRequest,
        now: Timestamp,
    ) -> Result<IntakeReply, DeskError> {
        self.ask(Request::Intake(Box::new(req), now), |a| match a {
            Answer::Intake(r) => Some(r),
            _ => None,
        })
        .await
    }

    /// Applies a staff event (its `at` and `by` set by the caller).
    ///
    /// # Errors
    /// Unknown ticket (404), a transition the flow refuses (409), the store (503).
    pub async fn apply(&self, number: &str, event: Event) -> Result<Arc<Ticket>, DeskError> {
        self.ask(
            Request::Apply(number.to_string(), Box::new(event)),
            |a| match a {
                Answer::Ticket(r) => Some(r),
                _ => None,
            },
        )
        .await
    }

    /// The SLA watch: records the warnings and breaches due at `now`.
    ///
    /// # Errors
    /// The store.
    pub async fn tick(&self, now: Timestamp) -> Result<Tick, DeskError> {
        self.ask(Request::Tick(now, false), pick_tick).await
    }

    /// The SLA watch over every open ticket (not only those its index says are due):
    /// the first pass after a start, and a check of the index.
    ///
    /// # Errors
    /// The store.
    pub async fn sweep(&self, now: Timestamp) -> Result<Tick, DeskError> {
        self.ask(Request::Tick(now, true), pick_tick).await
    }

    /// Records outbox deliveries: id, result, and the ticket the sent message belongs
    /// to (its channel id threads replies).
    ///
    /// # Errors
    /// The store.
    pub async fn delivered(&self, results: Vec<Delivery>, now: Timestamp) -> Result<(), DeskError> {
        self.ask(Request::Delivered(results, now), pick_done).await
    }

    /// Records delivery statuses of sent WhatsApp messages.
    ///
    /// # Errors
    /// The store.
    pub async fn statuses(&self, s: Vec<(String, String, Timestamp)>) -> Result<(), DeskError> {
        self.ask(Request::Statuses(s), pick_done).await
    }

    /// Replaces a part of the profile (`calendar`, `policy`, `desk`) for new tickets.
    ///
    /// # Errors
    /// The text does not read (422), or the store.
    pub async fn configure(&self, part: &str, text: String) -> Result<Arc<Profile>, DeskError> {
        self.ask(Request::Config(part.to_string(), text), |a| match a {
            Answer::Profile(r) => Some(r),
            _ => None,
        })
        .await
    }
}

fn pick_tick(a: Answer) -> Option<Result<Tick, DeskError>> {
    match a {
        Answer::Tick(r) => Some(r),
        _ => None,
    }
}

fn pick_done(a: Answer) -> Option<Result<(), DeskError>> {
    match a {
        Answer::Done(r) => Some(r),
        _ => None,
    }
}

/// `profile` with one part replaced by `text` (TOML or JSON).
///
/// # Errors
/// The text does not read, or `part` is not `calendar`, `policy` or `desk`.
pub fn with_part(profile: &Profile, part: &str, text: &str) -> Result<Profile, DeskError> {
    let mut p = profile.clone();
    match part {
        "calendar" => {
            p.calendar = loket_core::Calendar::from_text(text).map_err(|e| DeskError::core(&e))?
        }
        "policy" => {
            p.policy = loket_core::SlaPolicy::from_text(text).map_err(|e| DeskError::core(&e))?
        }
        "desk" => {
            p.desk =
                loket_core::ticket::DeskConfig::from_text(text).map_err(|e| DeskError::core(&e))?
        }
        other => {
            return Err(DeskError::new(
                404,
                "admin.unknown_part",
                format!("bagian profil `{other}` tidak dikenal: calendar, policy atau desk"),
                format!("unknown profile part `{other}`: expected calendar, policy or desk"),
            ))
        }
    }
    Ok(p)
}

/// How many times a batch that collided with another node's commit is handled
/// again (after catching up) before its requests are answered 503.
const CONFLICT_RETRIES: usize = 8;

/// The writer thread's state: the authoritative tickets and indexes, including the
/// batch being built (undone if its commit fails).
struct Writer {
    store: Box<dyn Store>,
    profile: Arc<Profile>,
    router: Arc<dyn Route>,
    triage: bool,
    max_backdate: i64,
    tickets: HashMap<String, Arc<Ticket>>,
    /// Numbers of tickets the SLA watch looks at (working or waiting).
    open: BTreeSet<String>,
    /// When each open ticket's next SLA event falls due (unix seconds, number), so
    /// that a watch pass evaluates only the tickets that are due.
    due: BTreeSet<(i64, String)>,
    next_due: HashMap<String, i64>,
    /// Open tickets per assignee.
    load: HashMap<String, u32>,
    /// Ticket numbers per reporter contact (phone or lowercased email).
    by_contact: HashMap<String, Vec<String>>,
    sequences: HashMap<i32, u32>,
    inbound: HashMap<String, InboundRecord>,
    message_ids: HashMap<String, String>,
    /// Tickets changed in this batch, with their committed version (None: new).
    touched: HashMap<String, Option<Arc<Ticket>>>,
    undo_keys: Vec<String>,
    batch: Batch,
    /// The profile edits in force, by part (another node's edit is applied when its
    /// text differs).
    config: HashMap<String, String>,
    /// How long a terminal ticket stays in memory (`None`: always).
    keep_closed: Option<i64>,
    /// The latest desk time a request carried.
    latest: Timestamp,
    /// When (unix seconds) terminal tickets past their stay are next dropped.
    next_evict: i64,
    /// Tickets read from the store since the last catch-up (one another node opened
    /// a moment ago is counted and shown when its changes arrive).
    fetched: std::collections::HashSet<String>,
}

fn contacts(r: &Reporter) -> impl Iterator<Item = String> + '_ {
    r.phone
        .iter()
        .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
        .chain(r.email.iter().map(|e| e.trim().to_ascii_lowercase()))
        .filter(|c| !c.is_empty())
}

/// The instant of a ticket's last event.
fn last_at(t: &Ticket) -> Timestamp {
    t.history().last().map_or(t.received_at(), |e| e.at)
}

fn is_open(t: &Ticket) -> bool {
    matches!(t.state(), State::Working(_) | State::WaitingForReporter(_))
}

impl Writer {
    fn run(mut self, mut rx: mpsc::UnboundedReceiver<Command>, shared: &Shared) {
        while let Some(first) = rx.blocking_recv() {
            let mut cmds = vec![first];
            while cmds.len() < 512 {
                match rx.try_recv() {
                    Ok(c) => cmds.push(c),
                    Err(_) => break,
                }
            }
            let answers = self.run_batch(&cmds, shared);
            for (c, a) in cmds.into_iter().zip(answers) {
                let _ = c.tx.send(a);
            }
        }
    }

    /// Handles a batch of requests and commits it: their answers, each failed if
    /// the batch was not written. A batch that collides with another node's commit
    /// is undone and handled again after catching up.
    fn run_batch(&mut self, cmds: &[Command], shared: &Shared) -> Vec<Answer> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            // Other nodes' commits are read every 200 ms (`Request::Sync`) and after
            // a collision, not before every batch: a batch made on a stale view of a
            // ticket collides on its next position and is handled again.
            let caught = if attempt > 1 || cmds.iter().any(|c| matches!(c.req, Request::Sync)) {
                self.catch_up(shared)
            } else {
                Ok(())
            };
            if let Err(e) = caught.and_then(|()| self.look_up_keys(cmds, attempt)) {
                let err = DeskError::store(&e);
                return cmds
                    .iter()
                    .map(|c| Answer::of(&c.req).failed(&err))
                    .collect();
            }
            let sequences = self.sequences.clone();
            let profile = self.profile.clone();
            let config = self.config.clone();
            let mut answers: Vec<Answer> = Vec::with_capacity(cmds.len());
            // A request that panics (a bug, never bad input) fails the whole batch,
            // which is undone: the writer goes on.
            let mut panicked = false;
            for c in cmds {
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(&c.req)))
                {
                    Ok(a) => answers.push(a),
                    Err(_) => {
                        panicked = true;
                        answers.push(Answer::of(&c.req));
                    }
                }
            }
            let committed = if panicked {
                tracing::error!("desk: a request panicked; its batch is undone");
                Err(DeskError::new(
                    503,
                    "desk.internal",
                    "galat internal; tidak ada yang dicatat, silakan ulangi",
                    "internal error; nothing was recorded, please retry",
                ))
            } else {
                self.batch.rows = self
                    .touched
                    .keys()
                    .filter_map(|n| self.tickets.get(n))
                    .map(|t| ticket_row(t, &self.profile, self.latest))
                    .collect();
                match self.store.commit(&self.batch) {
                    Err(StoreError::Conflict(why)) if attempt < CONFLICT_RETRIES => {
                        tracing::info!("desk: another node wrote first ({why}); catching up");
                        self.undo(sequences, profile);
                        self.config = config;
                        self.batch = Batch::default();
                        self.undo_keys.clear();
                        continue;
                    }
                    r => r.map_err(|e| DeskError::store(&e)),
                }
            };
            let answers = match committed {
                Ok(()) => {
                    self.publish(shared);
                    shared.total.fetch_add(
                        self.batch.tickets.len(),
                        std::sync::atomic::Ordering::Relaxed,
                    );
                    answers
                }
                Err(err) => {
                    self.undo(sequences, profile);
                    self.config = config;
                    answers.into_iter().map(|a| a.failed(&err)).collect()
                }
            };
            self.batch = Batch::default();
            self.touched.clear();
            self.undo_keys.clear();
            self.evict_if_due(shared);
            return answers;
        }
    }

    /// With terminal tickets kept in memory only for a while: reads the idempotency
    /// records of this batch's intakes that memory does not have (an old key retried
    /// long after), in one query, so that a retry is still answered as before.
    ///
    /// On a server store shared by nodes the first attempt does not look (a round
    /// trip per batch): the database refuses a key it has (unique), the batch
    /// collides, and the attempt after it looks.
    fn look_up_keys(&mut self, cmds: &[Command], attempt: usize) -> Result<(), StoreError> {
        for c in cmds {
            let now = match &c.req {
                Request::Intake(_, now) | Request::Tick(now, _) | Request::Delivered(_, now) => {
                    *now
                }
                Request::Apply(_, e) => e.at,
                _ => continue,
            };
            self.latest = self.latest.max(now);
        }
        if self.keep_closed.is_none() || (self.store.shared() && attempt == 1) {
            return Ok(());
        }
        let keys: Vec<String> = cmds
            .iter()
            .filter_map(|c| match &c.req {
                Request::Intake(r, _) => r.key.clone(),
                _ => None,
            })
            .filter(|k| !self.inbound.contains_key(k))
            .collect();
        if keys.is_empty() {
            return Ok(());
        }
        for r in self.store.inbound(&keys)? {
            self.inbound.insert(r.key.clone(), r);
        }
        Ok(())
    }

    /// A ticket by number: memory's, or read from the store (a terminal ticket past
    /// its stay in memory), then kept until the next sweep.
    fn get(&mut self, number: &str) -> Result<Option<Arc<Ticket>>, DeskError> {
        if let Some(t) = self.tickets.get(number) {
            return Ok(Some(t.clone()));
        }
        if self.keep_closed.is_none() {
            return Ok(None);
        }
        let history = self
            .store
            .history(number)
            .map_err(|e| DeskError::store(&e))?;
        if history.is_empty() {
            return Ok(None);
        }
        let t = Ticket::replay(&history).map_err(|e| {
            DeskError::new(
                500,
                "desk.internal",
                format!("riwayat tiket {number} yang tersimpan tidak dapat diputar ulang: {e}"),
                format!("the stored history of ticket {number} does not replay: {e}"),
            )
        })?;
        self.index(None, &t);
        let t = Arc::new(t);
        self.tickets.insert(number.to_string(), t.clone());
        self.fetched.insert(number.to_string());
        Ok(Some(t))
    }

    /// Drops from memory the terminal tickets whose last event is past their stay
    /// (and their message ids and contacts), and idempotency records as old: the
    /// store has them all. At most every [`EVICT_EVERY`] seconds of desk time.
    fn evict_if_due(&mut self, shared: &Shared) {
        let Some(keep) = self.keep_closed else {
            return;
        };
        if self.latest.unix() < self.next_evict {
            return;
        }
        self.next_evict = self.latest.unix() + EVICT_EVERY;
        let since = Timestamp::from_unix(self.latest.unix().saturating_sub(keep));
        let gone: std::collections::HashSet<String> = self
            .tickets
            .values()
            .filter(|t| !Shared::answers_for(t, Some(since)))
            .map(|t| t.number().to_string())
            .collect();
        for n in &gone {
            if let Some(t) = self.tickets.remove(n) {
                self.unindex(&t);
                for c in contacts(t.reporter()) {
                    if let Some(v) = self.by_contact.get_mut(&c) {
                        v.retain(|x| x != n);
                        if v.is_empty() {
                            self.by_contact.remove(&c);
                        }
                    }
                }
            }
        }
        // Only the kept tickets' ids (one recorded for a ticket not in memory goes too).
        self.message_ids.retain(|_, t| self.tickets.contains_key(t));
        self.inbound.retain(|_, r| r.at >= since);
        shared
            .cut
            .fetch_max(since.unix(), std::sync::atomic::Ordering::SeqCst);
        let mut map = shared
            .tickets
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        for n in &gone {
            map.remove(n);
        }
        drop(map);
        let mut keys = shared
            .api_keys
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        keys.retain(|k| self.inbound.contains_key(k));
        if !gone.is_empty() {
            tracing::debug!("desk: {} closed ticket(s) left memory", gone.len());
        }
    }

    /// Applies what other nodes committed since the last look (a store shared by
    /// several nodes), and shows it to readers.
    fn catch_up(&mut self, shared: &Shared) -> Result<(), StoreError> {
        if !self.store.shared() {
            return Ok(());
        }
        let changes = self.store.changes()?;
        if changes.is_empty() {
            return Ok(());
        }
        let mut fresh_keys = Vec::new();
        for r in changes.inbound {
            if !self.inbound.contains_key(&r.key) {
                if r.key.starts_with("api:") {
                    fresh_keys.push(r.key.clone());
                }
                self.inbound.insert(r.key.clone(), r);
            }
        }
        for (k, t) in changes.message_ids {
            self.message_ids.entry(k).or_insert(t);
        }
        let mut edited = false;
        for (part, text) in changes.config {
            if self.config.get(&part) == Some(&text) {
                continue;
            }
            match with_part(&self.profile, &part, &text) {
                Ok(p) => {
                    self.profile = Arc::new(p);
                    self.config.insert(part, text);
                    edited = true;
                }
                Err(e) => tracing::warn!("another node's {part} does not read here: {}", e.en),
            }
        }
        let mut changed: Vec<String> = Vec::new();
        let mut events = changes.events.into_iter().peekable();
        while let Some((number, pos, first)) = events.next() {
            let mut new = vec![(pos, first)];
            while let Some((_, p, e)) = events.next_if(|(n, _, _)| *n == number) {
                new.push((p, e));
            }
            let old = self.tickets.get(&number).cloned();
            if new.first().is_some_and(|(p, _)| *p == 0)
                && (old.is_none() || self.fetched.contains(&number))
            {
                // A ticket another node opened (perhaps read here a moment ago).
                shared
                    .total
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let have = old.as_ref().map_or(0, |t| t.history().len());
            new.retain(|(p, _)| *p >= have);
            if new.is_empty() {
                // Already read whole from the store: shown now.
                if old.is_some() {
                    changed.push(number);
                }
                continue;
            }
            let contiguous = new.iter().enumerate().all(|(i, (p, _))| *p == have + i);
            let history: Vec<Event> = if contiguous {
                old.iter()
                    .flat_map(|t| t.history().iter().cloned())
                    .chain(new.into_iter().map(|(_, e)| e))
                    .collect()
            } else {
                self.store.history(&number)?
            };
            match Ticket::replay(&history) {
                Ok(t) => {
                    self.index(old.as_deref(), &t);
                    self.tickets.insert(number.clone(), Arc::new(t));
                    changed.push(number);
                }
                Err(e) => tracing::error!("another node's ticket {number} does not replay: {e}"),
            }
        }
        self.fetched.clear();
        if edited {
            self.reschedule_all();
            *shared
                .profile
                .write()
                .unwrap_or_else(PoisonError::into_inner) = self.profile.clone();
        }
        if !fresh_keys.is_empty() {
            shared
                .api_keys
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(fresh_keys);
        }
        if !changed.is_empty() {
            let mut map = shared
                .tickets
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            for n in changed {
                if let Some(t) = self.tickets.get(&n) {
                    map.insert(n, t.clone());
                }
            }
        }
        Ok(())
    }

    fn publish(&mut self, shared: &Shared) {
        let fresh: Vec<String> = self
            .batch
            .inbound
            .iter()
            .filter(|r| r.key.starts_with("api:"))
            .map(|r| r.key.clone())
            .collect();
        if !fresh.is_empty() {
            shared
                .api_keys
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(fresh);
        }
        let mut map = shared
            .tickets
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        for n in self.touched.keys() {
            if let Some(t) = self.tickets.get(n) {
                map.insert(n.clone(), t.clone());
            }
        }
        drop(map);
        let mut p = shared
            .profile
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if !Arc::ptr_eq(&p, &self.profile) {
            *p = self.profile.clone();
        }
    }

    fn undo(&mut self, sequences: HashMap<i32, u32>, profile: Arc<Profile>) {
        self.sequences = sequences;
        let edited = !Arc::ptr_eq(&self.profile, &profile);
        self.profile = profile;
        for k in self.undo_keys.drain(..) {
            self.inbound.remove(&k);
        }
        for (k, _) in &self.batch.message_ids {
            self.message_ids.remove(k);
        }
        for (n, old) in std::mem::take(&mut self.touched) {
            let now = self.tickets.remove(&n);
            if let Some(now) = &now {
                self.unindex(now);
            }
            if let Some(old) = old {
                self.index(None, &old);
                self.tickets.insert(n, old);
            }
        }
        if edited {
            self.reschedule_all();
        }
    }

    /// Puts `t`'s next SLA instant, as seen at `reference`, in the watch's index.
    fn schedule(&mut self, t: &Ticket, reference: Timestamp) {
        if let Some(old) = self.next_due.remove(t.number()) {
            self.due.remove(&(old, t.number().to_string()));
        }
        if !is_open(t) {
            return;
        }
        if let Ok(Some(at)) = t.next_sla_check(&self.profile.calendar, reference) {
            self.due.insert((at.unix(), t.number().to_string()));
            self.next_due.insert(t.number().to_string(), at.unix());
        }
    }

    /// Every open ticket's next SLA instant again (after a calendar or policy edit).
    fn reschedule_all(&mut self) {
        let open: Vec<Arc<Ticket>> = self
            .open
            .iter()
            .filter_map(|n| self.tickets.get(n).cloned())
            .collect();
        for t in open {
            self.schedule(&t, last_at(&t));
        }
    }

    fn unindex(&mut self, t: &Ticket) {
        if let Some(old) = self.next_due.remove(t.number()) {
            self.due.remove(&(old, t.number().to_string()));
        }
        if is_open(t) {
            self.open.remove(t.number());
            if let Some(a) = t.assignee() {
                if let Some(l) = self.load.get_mut(a) {
                    *l = l.saturating_sub(1);
                }
            }
        }
    }

    /// Updates the indexes for a ticket going from `old` to `new`.
    fn index(&mut self, old: Option<&Ticket>, new: &Ticket) {
        if let Some(o) = old {
            self.unindex(o);
        } else {
            for c in contacts(new.reporter()) {
                self.by_contact
                    .entry(c)
                    .or_default()
                    .push(new.number().to_string());
            }
        }
        if is_open(new) {
            self.open.insert(new.number().to_string());
            if let Some(a) = new.assignee() {
                *self.load.entry(a.to_string()).or_default() += 1;
            }
        }
        self.schedule(new, last_at(new));
    }

    /// Replaces a ticket in this batch, queueing its new events for the store.
    fn put(&mut self, next: Ticket) {
        let number = next.number().to_string();
        let old = self.tickets.get(&number).cloned();
        let from = old.as_ref().map_or(0, |o| o.history().len());
        for (i, e) in next.history().iter().enumerate().skip(from) {
            self.batch.events.push((number.clone(), i, e.clone()));
            if let Some(m) = loket_store::sla_mark(&next.history()[..=i]) {
                self.batch.marks.push((number.clone(), m));
            }
        }
        self.index(old.as_deref(), &next);
        self.touched.entry(number.clone()).or_insert(old);
        self.tickets.insert(number, Arc::new(next));
    }

    fn handle(&mut self, r: &Request) -> Answer {
        match r {
            Request::Intake(req, now) => Answer::Intake(self.intake((**req).clone(), *now)),
            Request::Apply(n, e) => Answer::Ticket(self.apply(n, (**e).clone())),
            Request::Tick(now, full) => Answer::Tick(self.tick(*now, *full)),
            Request::Delivered(results, now) => {
                for (id, r, ticket) in results {
                    if let (Ok(Some(ext)), Some(t)) = (r, ticket) {
                        self.message_ids.insert(ext.clone(), t.clone());
                        self.batch.message_ids.push((ext.clone(), t.clone()));
                    }
                    self.batch.deliveries.push((*id, r.clone(), *now));
                }
                Answer::Done(Ok(()))
            }
            Request::Statuses(s) => {
                self.batch.statuses.extend(s.iter().cloned());
                Answer::Done(Ok(()))
            }
            Request::Config(part, text) => {
                Answer::Profile(with_part(&self.profile, part, text).map(|p| {
                    self.profile = Arc::new(p);
                    self.config.insert(part.clone(), text.clone());
                    self.batch.config.push((part.clone(), text.clone()));
                    self.reschedule_all();
                    self.profile.clone()
                }))
            }
            Request::Sync => Answer::Done(Ok(())),
        }
    }

    /// The next ticket number of the year of `at`: from the store when several
    /// nodes share it, else counted here.
    fn next_number(&mut self, at: Timestamp) -> Result<(String, i32, u32), DeskError> {
        use chrono::Datelike;
        let year = at.in_zone(self.profile.calendar.timezone()).year();
        let seq = match self
            .store
            .next_seq(year)
            .map_err(|e| DeskError::store(&e))?
        {
            Some(n) => n,
            None => {
                let seq = self.sequences.entry(year).or_insert(0);
                *seq += 1;
                *seq
            }
        };
        Ok((format!("{NUMBER_PREFIX}-{year}-{seq:06}"), year, seq))
    }

    fn roster(&self, application: Option<&str>) -> Vec<RosterMember> {
        let Some(p) = application.and_then(|a| self.profile.desk.product_by_id(a)) else {
            return Vec::new();
        };
        p.team
            .iter()
            .map(|name| RosterMember {
                name: name.clone(),
                open_load: self.load.get(name).copied().unwrap_or(0),
                last_assigned: None,
            })
            .collect()
    }

    /// Routes a ticket that waits for a decision; returns it (changed or not).
    fn route(&self, t: Ticket, now: Timestamp) -> Ticket {
        if !t.needs_routing() {
            return t;
        }
        let ctx = RoutingContext {
            now,
            desk_open: self.profile.calendar.is_open(now).unwrap_or(false),
            roster: self.roster(t.application()),
        };
        self.router.route(&t, &ctx)
    }

    /// The ticket a channel message joins: the one its reply points at, the one it
    /// names, or the reporter's ticket that waits for their answer.
    ///
    /// "The same reporter" means a contact of both, proved by the same channel for
    /// both: a number WhatsApp proved never joins a ticket whose number a portal only
    /// claimed (whoever filed that ticket holds its access key), nor the reverse. A
    /// message whose contact nobody proved joins nothing.
    fn thread_target(&self, req: &IntakeRequest) -> Option<String> {
        let proof = req.message.reporter.proof.as_ref()?;
        let reporter_contacts: Vec<String> = contacts(&req.message.reporter).collect();
        let same_reporter = |n: &String| {
            self.tickets.get(n).is_some_and(|t| {
                t.reporter().proof.as_ref() == Some(proof)
                    && contacts(t.reporter()).any(|c| reporter_contacts.contains(&c))
            })
        };
        let joinable = |n: &String| {
            self.tickets
                .get(n)
                .is_some_and(|t| !t.state().is_terminal())
        };
        // A reply joins the ticket it quotes only from that ticket's reporter (an
        // email's References can be forwarded or forged).
        if let Some(n) = req
            .reply_to
            .iter()
            .filter_map(|k| self.message_ids.get(k))
            .find(|n| joinable(n) && same_reporter(n))
        {
            return Some(n.clone());
        }
        if let Some(n) = req
            .ticket_hint
            .as_ref()
            .filter(|n| joinable(n) && same_reporter(n))
        {
            return Some(n.clone());
        }
        reporter_contacts
            .iter()
            .filter_map(|c| self.by_contact.get(c))
            .flatten()
            .filter(|n| {
                same_reporter(n)
                    && self
                        .tickets
                        .get(*n)
                        .is_some_and(|t| matches!(t.state(), State::WaitingForReporter(_)))
            })
            .max()
            .cloned()
    }

    fn intake(&mut self, req: IntakeRequest, now: Timestamp) -> Result<IntakeReply, DeskError> {
        if let Some(r) = req.key.as_ref().and_then(|k| self.inbound.get(k)) {
            if r.fingerprint.is_some() && r.fingerprint != req.fingerprint {
                return Err(DeskError::new(
                    422,
                    "idempotency.mismatch",
                    "Idempotency-Key ini sudah dipakai untuk pesan lain: kirim ulang pesan yang sama persis, atau pakai kunci baru",
                    "this Idempotency-Key was used for another message: retry with exactly the same message, or use a new key",
                ));
            }
            return Ok(IntakeReply {
                record: r.clone(),
                duplicate: true,
            });
        }
        // A channel's own timestamp is believed within a window of the desk's time:
        // a claim far in the past (or ahead) is replaced, and the ticket says so.
        let claimed = req.message.received_at;
        let believed = (now.unix() - self.max_backdate)..=(now.unix() + 300);
        let (received, discrepancy) = if believed.contains(&claimed.unix()) {
            (claimed.min(now), None)
        } else {
            (now, Some(claimed))
        };
        if let Some(c) = discrepancy {
            tracing::warn!(
                claimed = %c,
                desk = %now,
                "intake: a message's own timestamp is outside the believed window; the desk's time is used"
            );
        }
        let target = req.thread.then(|| self.thread_target(&req)).flatten();
        let (outcome, ticket, answer) = if let Some(why) = &req.automatic {
            (
                "automatic",
                None,
                json!({"outcome": "automatic", "reason": why}),
            )
        } else if let (true, None) = (req.reply_only, &target) {
            let why = "a reaction or button reply to no open ticket";
            (
                "automatic",
                None,
                json!({"outcome": "automatic", "reason": why}),
            )
        } else if let Some(n) = target {
            let t = self
                .tickets
                .get(&n)
                .map(|t| (**t).clone())
                .ok_or_else(|| DeskError::not_found(&n))?;
            let mut next = t.clone();
            let e = Event {
                at: received.max(t.history().last().map_or(received, |e| e.at)),
                by: Actor::Reporter,
                what: EventKind::ReporterReplied {
                    text: req.message.body.clone(),
                },
                reason: None,
            };
            next.apply(e, &self.profile.context())
                .map_err(|e| DeskError::ticket(&e))?;
            let a = notify::threaded_answer(&next, Lang::Id);
            let a_en = notify::threaded_answer(&next, Lang::En);
            self.batch
                .outbox
                .extend(notify::for_change(Some(&t), &next, &self.profile, now));
            self.put(next);
            (
                "threaded",
                Some(n.clone()),
                json!({"outcome": "threaded", "number": n, "answer": a, "answerEn": a_en}),
            )
        } else {
            let mut msg = req.message.clone();
            msg.received_at = received;
            let mut out = intake(&msg, &self.profile, now).map_err(|e| DeskError::core(&e))?;
            match &out {
                IntakeOutcome::Refused { refusal } => {
                    let a = out.answer(&self.profile, None, Lang::Id);
                    let a_en = out.answer(&self.profile, None, Lang::En);
                    self.batch.outbox.extend(notify::to_reporter(
                        &req.message.reporter,
                        req.message.channel,
                        None,
                        "acknowledgement",
                        a.clone(),
                        now,
                        None,
                    ));
                    (
                        "refused",
                        None,
                        json!({"outcome": "refused", "refusal": refusal, "answer": a, "answerEn": a_en}),
                    )
                }
                IntakeOutcome::Accepted { .. } | IntakeOutcome::Referred { .. } => {
                    let (number, year, seq) = self.next_number(received)?;
                    out.set_number(&number);
                    if let (
                        Some(c),
                        IntakeOutcome::Accepted { received, .. }
                        | IntakeOutcome::Referred { received },
                    ) = (discrepancy, &mut out)
                    {
                        received.reason = Some(format!(
                            "waktu yang dinyatakan kanal ({c}) di luar rentang wajar; dipakai waktu diterima oleh desk / the channel's claimed time ({c}) is outside the believed window; the desk's receive time is used"
                        ));
                    }
                    let t = out.open(&number).ok_or_else(|| {
                        DeskError::new(
                            500,
                            "desk.internal",
                            "tiket tidak dapat dibuka",
                            "the ticket could not be opened",
                        )
                    })?;
                    self.batch.tickets.push((number.clone(), year, seq));
                    // With first-line triage, diamond B is staff's call: the
                    // ticket waits in `received`; routing follows `create_ticket`.
                    let t = if self.triage { t } else { self.route(t, now) };
                    let a = out.answer(&self.profile, Some(&number), Lang::Id);
                    let a_en = out.answer(&self.profile, Some(&number), Lang::En);
                    // The key itself is put in only when the message is sent (it
                    // derives from the number): the outbox never stores it.
                    let mut acks = notify::to_reporter(
                        t.reporter(),
                        t.channel(),
                        Some(&number),
                        "acknowledgement",
                        notify::with_access_key(&a, &number),
                        now,
                        None,
                    );
                    acks.extend(notify::for_change(None, &t, &self.profile, now));
                    self.batch.outbox.extend(acks);
                    self.tickets.remove(&number);
                    self.put(t);
                    match out {
                        IntakeOutcome::Accepted {
                            due,
                            clock_starts,
                            received_while_closed,
                            uncovered_years,
                            explanation,
                            ..
                        } => (
                            "accepted",
                            Some(number.clone()),
                            json!({"outcome": "accepted", "number": number, "answer": a, "answerEn": a_en, "due": due, "clockStarts": clock_starts,
                                   "receivedWhileClosed": received_while_closed, "uncoveredYears": uncovered_years,
                                   "explanation": self.profile.calendar.render_explanation(&explanation, Lang::Id),
                                   "explanationEn": self.profile.calendar.render_explanation(&explanation, Lang::En)}),
                        ),
                        _ => (
                            "referred",
                            Some(number.clone()),
                            json!({"outcome": "referred", "number": number, "answer": a, "answerEn": a_en}),
                        ),
                    }
                }
            }
        };
        // Every message counts in the reports, tickets or not (no personal data, no
        // text: for a message about another application, the name it gave).
        let refusal = answer.get("refusal");
        let refusal_code = refusal
            .and_then(|r| r.get("reason").or_else(|| r.get("type")))
            .and_then(|r| r.as_str())
            .map(str::to_string);
        let named = refusal
            .and_then(|r| r.get("application"))
            .and_then(|a| a.as_str())
            .map(|a| mask_personal_numbers(&a.chars().take(64).collect::<String>()));
        self.batch.intake_log.push(IntakeEntry {
            at: now,
            channel: req.message.channel,
            outcome: IntakeKind::parse(outcome).unwrap_or(IntakeKind::Automatic),
            refusal: refusal_code,
            named,
        });
        let record = InboundRecord {
            key: req.key.clone().unwrap_or_default(),
            ticket: ticket.clone(),
            outcome: outcome.into(),
            answer,
            at: now,
            fingerprint: req.fingerprint.clone(),
        };
        if let Some(k) = &req.key {
            self.inbound.insert(k.clone(), record.clone());
            self.undo_keys.push(k.clone());
            self.batch.inbound.push(record.clone());
            if let Some(t) = &ticket {
                self.message_ids.insert(k.clone(), t.clone());
                self.batch.message_ids.push((k.clone(), t.clone()));
            }
        }
        Ok(IntakeReply {
            record,
            duplicate: false,
        })
    }

    fn apply(&mut self, number: &str, event: Event) -> Result<Arc<Ticket>, DeskError> {
        let t = self
            .get(number)?
            .ok_or_else(|| DeskError::not_found(number))?;
        if let EventKind::MergeInto { target } = &event.what {
            if target == number || self.get(target)?.is_none() {
                return Err(DeskError::new(
                    422,
                    "ticket.merge_target",
                    format!(
                        "tiket tujuan penggabungan {target} tidak ada (atau sama dengan tiket ini)"
                    ),
                    format!("the merge target {target} does not exist (or is this ticket)"),
                ));
            }
        }
        let mut next = (*t).clone();
        let mut event = event;
        // Staff act now; a ticket whose last event is later (clock skew) takes it then.
        if let Some(last) = next.history().last() {
            event.at = event.at.max(last.at);
        }
        next.apply(event, &self.profile.context())
            .map_err(|e| DeskError::ticket(&e))?;
        let now = next
            .history()
            .last()
            .map_or(Timestamp::from_unix(0), |e| e.at);
        let next = self.route(next, now);
        self.batch
            .outbox
            .extend(notify::for_change(Some(&t), &next, &self.profile, now));
        self.put(next);
        Ok(self.tickets[number].clone())
    }

    /// One watch pass: the tickets the index says are due (or every open one when
    /// `full`), their due SLA events recorded, their next instants indexed.
    fn tick(&mut self, now: Timestamp, full: bool) -> Result<Tick, DeskError> {
        let cal = self.profile.calendar.clone();
        let desk = self.profile.desk.clone();
        let mut out = Tick::default();
        // Before the decreed holidays run out, the supervisor is told once (per end
        // date of the confirmed list: the record under its key says it was queued).
        if let Some(n) = crate::coverage::supervisor_notice(&self.profile, now) {
            if self.keep_closed.is_some() && !self.inbound.contains_key(&n.key) {
                for r in self
                    .store
                    .inbound(std::slice::from_ref(&n.key))
                    .map_err(|e| DeskError::store(&e))?
                {
                    self.inbound.insert(r.key.clone(), r);
                }
            }
            if !self.inbound.contains_key(&n.key) {
                tracing::warn!("{}", n.notification.text.lines().next().unwrap_or(""));
                self.inbound.insert(n.key.clone(), n.record.clone());
                self.undo_keys.push(n.key);
                self.batch.inbound.push(n.record);
                self.batch.outbox.push(n.notification);
            }
        }
        let numbers: Vec<String> = if full {
            self.open.iter().cloned().collect()
        } else {
            self.due
                .iter()
                .take_while(|(at, _)| *at <= now.unix())
                .map(|(_, n)| n.clone())
                .collect()
        };
        for n in numbers {
            let Some(t) = self.tickets.get(&n).cloned() else {
                continue;
            };
            out.evaluated += 1;
            let due = match t.due_sla_events(&cal, &desk, now) {
                Ok(d) => d,
                Err(e) => {
                    tracing::warn!("SLA watch: ticket {n}: {}", e.message(Lang::En));
                    continue;
                }
            };
            if !due.is_empty() {
                let mut next = (*t).clone();
                for what in due {
                    let at = now.max(next.history().last().map_or(now, |e| e.at));
                    let e = Event {
                        at,
                        by: Actor::System,
                        what,
                        reason: None,
                    };
                    if next.apply(e.clone(), &self.profile.context()).is_ok() {
                        out.recorded.push((n.clone(), e));
                    }
                }
                self.batch
                    .outbox
                    .extend(notify::for_change(Some(&t), &next, &self.profile, now));
                self.put(next);
            }
            if let Some(t) = self.tickets.get(&n).cloned() {
                self.schedule(&t, now);
            }
            // Nothing left to record at `now` (the index can only move forward):
            // never evaluate it again at the same instant.
            if self.next_due.get(&n).is_some_and(|at| *at <= now.unix()) {
                tracing::warn!("SLA watch: ticket {n} stays due after a pass");
                if let Some(at) = self.next_due.remove(&n) {
                    self.due.remove(&(at, n.clone()));
                }
            }
        }
        out.next = self
            .due
            .iter()
            .next()
            .map(|(at, _)| Timestamp::from_unix(*at));
        Ok(out)
    }
}
