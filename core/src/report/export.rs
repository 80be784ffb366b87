//! The export: a period's ticket facts as one [rkyv] archive, opened in place.
//!
//! The service (`GET /api/v1/reports/export`) and the CLI (`loket report export`)
//! write it; the CLI (`loket report --export FILE`) and the npm package
//! (`FactsArchive`) open it and compute every report from it with the same code as
//! [`report`](super::report): the rows are read where they lie, never parsed into
//! objects.
//!
//! ## The format (version 1)
//! - 16 bytes of header: `LOKET-FACTS\0`, then the format version (u32, little
//!   endian).
//! - The rkyv archive (little endian, aligned, 32-bit offsets) of the period, the
//!   instant the facts were read at, the desk's profile (calendar, policy and desk
//!   as JSON, so that an export is read offline on its own calendar), interned
//!   tables (applications, number series, officers, tier paths, assignee lists,
//!   targets) and one 60-byte row per ticket: instants as seconds from the earliest
//!   receipt or from the ticket's own receipt, operational seconds, table indices
//!   and the enumerations packed in bits.
//! - Rare values that do not fit a row are kept beside them: a ticket read at
//!   another instant than the export's, a ticket reopened 255 times or more, and a
//!   budget more than 9 hours from its target's usual one.
//!
//! No personal data and no free text: the facts carry none (numbers, product ids,
//! officers' names as the desk assigns them, instants and counts).
//!
//! ## Opening an export from outside
//! An export is untrusted input. [`FactsArchive::open`] checks the header, checks
//! the archive's structure with bytecheck (every offset and length inside the
//! bytes, every string UTF-8, every `bool` 0 or 1) and then every row's indices and
//! codes against the tables, so that nothing read afterwards can fail or panic.
//!
//! # Example
//!
//! ```
//! use loket_core::report::export::{self, AlignedBytes, FactsArchive};
//! use loket_core::report::simulate::{simulate, Volume};
//! use loket_core::report::{report, Filter, Period, TicketFacts};
//! use loket_core::{Lang, Profile, Timestamp};
//!
//! let profile = Profile::jatengprov();
//! let period = Period { from: "2026-03-02T00:00:00+07:00".parse()?, to: "2026-03-09T00:00:00+07:00".parse()? };
//! let tickets = simulate(&profile, period.from, period.to, 7, Volume::default());
//! let facts: Vec<TicketFacts> = tickets.iter().map(|t| TicketFacts::of(t, &profile.calendar, period.to)).collect::<Result<_, _>>()?;
//!
//! let bytes = export::write(&facts, period, period.to, &profile, None)?;
//! // Bytes from a file or the network: copied once into aligned memory.
//! let bytes = AlignedBytes::copy(&bytes);
//! let archive = FactsArchive::open(&bytes)?;
//! assert_eq!(archive.len(), facts.len());
//! let from_archive = archive.report(&Filter::default(), period, &profile, Lang::Id);
//! assert_eq!(from_archive, report(&facts, &Filter::default(), period, &profile, Lang::Id));
//! assert_eq!(archive.facts(), facts);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;

use rkyv::rancor;
use rkyv::util::AlignedVec;

use crate::calendar::Calendar;
use crate::desk::DeskConfig;
use crate::duration::OpDuration;
use crate::error::{Error, ExportError};
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::names::Tier;
use crate::policy::SlaPolicy;
use crate::profile::Profile;
use crate::ticket::Channel;
use crate::time::Timestamp;

use super::fact::{Fact, CHANNELS, KINDS, OUTCOMES, PRIORITIES, TIERS};
use super::facts::{Outcome, StageAssignee, TicketFacts};
use super::{report_of, Filter, IntakeCounts, Period, Report};

/// The first 12 bytes of every export.
pub const MAGIC: [u8; 12] = *b"LOKET-FACTS\0";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The header's length: the archive starts here, 16-byte aligned.
const HEADER: usize = 16;
/// "None" in a 32-bit slot.
const NONE: u32 = u32::MAX;
/// "None" in a 16-bit slot.
const NONE16: u16 = u16::MAX;
/// The reopen count that sends a row to the side table.
const REOPENED_SIDE: u8 = u8::MAX;
/// The budget difference that sends a row to the side table.
const BUDGET_SIDE: i16 = i16::MIN;
/// How many distinct targets a row's 6 bits can name.
const TERMS_MAX: usize = 64;
/// Earliest and latest base instant accepted (1900-01-01 and 2200-01-01 UTC): every
/// instant of a row then stays within chrono's range.
const BASE_RANGE: (i64, i64) = (-2_208_988_800, 7_258_118_400);

fn code<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|y| y == x).unwrap_or(0) as u8
}

/// The archived root.
#[derive(rkyv::Archive, rkyv::Serialize)]
struct Export {
    from: i64,
    to: i64,
    as_of: i64,
    /// The earliest receipt: rows count their receipt from here.
    base: i64,
    calendar: String,
    policy: String,
    desk: String,
    /// The period's intake counts as JSON (every message, tickets or not), empty
    /// when unknown.
    intake: String,
    applications: Vec<String>,
    /// Numbers without their sequence (`JTG-2026-`), or whole when not of that form.
    series: Vec<String>,
    officers: Vec<String>,
    /// Tier paths, as tier codes.
    paths: Vec<Vec<u8>>,
    /// Assignee lists.
    stages: Vec<Vec<Stage>>,
    /// Targets, each with the operational seconds it allowed the first ticket that
    /// had it (rows keep their own as a difference from it).
    terms: Vec<Term>,
    rows: Vec<Row>,
    /// Rows read at another instant than `as_of` (by row, ascending).
    as_of_side: Vec<Side>,
    /// Rows reopened 255 times or more (by row, ascending).
    reopened_side: Vec<Side>,
    /// Rows whose budget differs from their target's by more than ±32,767 seconds
    /// (by row, ascending).
    budget_side: Vec<Side>,
}

#[derive(rkyv::Archive, rkyv::Serialize)]
struct Stage {
    officer: u32,
    tier: u8,
}

#[derive(rkyv::Archive, rkyv::Serialize)]
struct Term {
    value: i64,
    budget: i64,
    days: bool,
}

#[derive(rkyv::Archive, rkyv::Serialize)]
struct Side {
    row: u32,
    value: i64,
}

/// One ticket: 60 bytes archived.
///
/// `codes` packs kind (bits 0–1), outcome (2–4) and channel (5–7); `term` packs the
/// target's index (bits 0–5) and the priority (6–7).
#[derive(rkyv::Archive, rkyv::Serialize)]
struct Row {
    /// Seconds from the export's base.
    received: u32,
    // Seconds from `received` (NONE: absent).
    clock_starts: u32,
    first_response: u32,
    delivered: u32,
    closed: u32,
    due_at_receipt: u32,
    due: u32,
    // Operational seconds.
    first_response_elapsed: u32,
    elapsed: u32,
    paused: u32,
    /// The number's sequence after its series (NONE: the series is the number).
    seq: u32,
    stages: u32,
    series: u16,
    application: u16,
    path: u16,
    /// Operational seconds of budget past the target's (BUDGET_SIDE: see the side
    /// table).
    budget: i16,
    codes: u8,
    term: u8,
    reopened: u8,
}

/// Interns values into a table, giving each its index.
struct Interner<K> {
    index: HashMap<K, usize>,
    items: Vec<K>,
}

impl<K: Clone + Eq + std::hash::Hash> Interner<K> {
    fn new() -> Self {
        Interner {
            index: HashMap::new(),
            items: Vec::new(),
        }
    }

    fn get(&mut self, k: &K) -> usize {
        if let Some(i) = self.index.get(k) {
            return *i;
        }
        self.items.push(k.clone());
        self.index.insert(k.clone(), self.items.len() - 1);
        self.items.len() - 1
    }
}

/// A number split into its series and sequence when it is written
/// `<series><sequence of at least 6 digits, zero-padded to 6>`, as the desk numbers
/// tickets (`JTG-2026-000123`); otherwise the whole number is the series.
fn split_number(number: &str) -> (&str, u32) {
    let digits = number.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits >= 6 {
        let (series, seq) = number.split_at(number.len() - digits);
        if let Ok(n) = seq.parse::<u32>() {
            if n != NONE && format!("{n:06}") == seq {
                return (series, n);
            }
        }
    }
    (number, NONE)
}

/// Writes the facts of a period as an export: the header then the archive, its rows
/// in order of receipt (then of number).
///
/// `facts` should be the tickets received in `period`, read at `as_of` (a ticket
/// read at another instant keeps it); `profile` is the desk's, carried along so the
/// export is read on the same calendar; `intake`, the period's intake counts where
/// the desk knows them (a report over the whole period carries them).
///
/// # Errors
/// [`ExportError::TooWide`] for a ticket whose instants lie more than 136 years
/// apart, or for more than 65,535 distinct applications, number series or tier
/// paths, or 255 distinct targets.
pub fn write(
    facts: &[TicketFacts],
    period: Period,
    as_of: Timestamp,
    profile: &Profile,
    intake: Option<&IntakeCounts>,
) -> Result<Vec<u8>, ExportError> {
    let base = facts
        .iter()
        .map(|f| f.received)
        .min()
        .unwrap_or(period.from)
        .unix();
    let too_wide = |f: &TicketFacts, what: &'static str| ExportError::TooWide {
        number: f.number.clone(),
        what,
    };
    if !(BASE_RANGE.0..=BASE_RANGE.1).contains(&base) {
        return Err(ExportError::TooWide {
            number: String::new(),
            what: "the earliest receipt is not between 1900 and 2200",
        });
    }
    let (mut applications, mut series, mut officers) =
        (Interner::new(), Interner::new(), Interner::new());
    let (mut paths, mut stages, mut terms) = (
        Interner::<Vec<u8>>::new(),
        Interner::<Vec<(u32, u8)>>::new(),
        Interner::<(i64, bool)>::new(),
    );
    let mut term_budgets: HashMap<usize, i64> = HashMap::new();
    let mut budget_side = Vec::new();
    let mut rows = Vec::with_capacity(facts.len());
    let (mut as_of_side, mut reopened_side) = (Vec::new(), Vec::new());
    // Rows in order of receipt: a report then meets each day's tickets together.
    let mut ordered: Vec<&TicketFacts> = facts.iter().collect();
    ordered.sort_by(|a, b| {
        a.received
            .cmp(&b.received)
            .then_with(|| a.number.cmp(&b.number))
    });
    for (i, f) in ordered.into_iter().enumerate() {
        let row = u32::try_from(i).map_err(|_| too_wide(f, "more than 4 billion tickets"))?;
        let since = |t: Timestamp, from: i64| -> Result<u32, ExportError> {
            u32::try_from(t.unix() - from)
                .ok()
                .filter(|d| *d != NONE)
                .ok_or_else(|| too_wide(f, "an instant before its receipt or 136 years after"))
        };
        let received = f.received.unix();
        let opt = |t: Option<Timestamp>| t.map_or(Ok(NONE), |t| since(t, received));
        let secs = |x: i64, what| {
            u32::try_from(x)
                .ok()
                .filter(|d| *d != NONE)
                .ok_or_else(|| too_wide(f, what))
        };
        let small = |i: usize, what| {
            u16::try_from(i)
                .ok()
                .filter(|i| *i != NONE16)
                .ok_or_else(|| too_wide(f, what))
        };
        let (s, seq) = split_number(&f.number);
        let stage_list: Vec<(u32, u8)> = f
            .assignees
            .iter()
            .map(|a| (officers.get(&a.officer) as u32, code(&TIERS, &a.tier)))
            .collect();
        let target = match f.target {
            OpDuration::Seconds(s) => (s, false),
            OpDuration::Days(d) => (i64::from(d), true),
        };
        let term = terms.get(&target);
        if term >= TERMS_MAX {
            return Err(too_wide(f, "more than 64 distinct targets"));
        }
        let typical = *term_budgets.entry(term).or_insert(f.budget);
        let budget = i16::try_from(f.budget - typical)
            .ok()
            .filter(|d| *d != BUDGET_SIDE)
            .unwrap_or(BUDGET_SIDE);
        if budget == BUDGET_SIDE {
            budget_side.push(Side {
                row,
                value: f.budget,
            });
        }
        rows.push(Row {
            received: since(f.received, base)?,
            clock_starts: since(f.clock_starts, received)?,
            first_response: opt(f.first_response)?,
            delivered: opt(f.delivered)?,
            closed: opt(f.closed)?,
            due_at_receipt: since(f.due_at_receipt, received)?,
            due: since(f.due, received)?,
            first_response_elapsed: f
                .first_response_elapsed
                .map_or(Ok(NONE), |x| secs(x, "a first response time out of range"))?,
            elapsed: secs(f.elapsed, "an elapsed time out of range")?,
            paused: secs(f.paused, "a paused time out of range")?,
            seq,
            stages: stages.get(&stage_list) as u32,
            series: small(series.get(&s.to_string()), "more than 65,535 number series")?,
            application: match &f.application {
                Some(a) => small(applications.get(a), "more than 65,535 applications")?,
                None => NONE16,
            },
            path: small(
                paths.get(&f.tiers.iter().map(|t| code(&TIERS, t)).collect()),
                "more than 65,535 tier paths",
            )?,
            budget,
            codes: code(&KINDS, &f.kind)
                | code(&OUTCOMES, &f.outcome) << 2
                | code(&CHANNELS, &f.channel) << 5,
            term: term as u8 | code(&PRIORITIES, &f.priority) << 6,
            reopened: u8::try_from(f.reopened)
                .ok()
                .filter(|r| *r < REOPENED_SIDE)
                .unwrap_or(REOPENED_SIDE),
        });
        if f.reopened >= u32::from(REOPENED_SIDE) {
            reopened_side.push(Side {
                row,
                value: i64::from(f.reopened),
            });
        }
        if f.as_of != as_of {
            as_of_side.push(Side {
                row,
                value: f.as_of.unix(),
            });
        }
    }
    let [calendar_text, policy_text, desk_text] = profile_texts(profile);
    let export = Export {
        from: period.from.unix(),
        to: period.to.unix(),
        as_of: as_of.unix(),
        base,
        calendar: calendar_text,
        policy: policy_text,
        desk: desk_text,
        intake: intake
            .map(|i| serde_json::to_string(i).unwrap_or_default())
            .unwrap_or_default(),
        applications: applications.items,
        series: series.items,
        officers: officers.items,
        paths: paths.items,
        stages: stages
            .items
            .into_iter()
            .map(|l| {
                l.into_iter()
                    .map(|(officer, tier)| Stage { officer, tier })
                    .collect()
            })
            .collect(),
        terms: terms
            .items
            .into_iter()
            .enumerate()
            .map(|(i, (value, days))| Term {
                value,
                budget: term_budgets.get(&i).copied().unwrap_or(0),
                days,
            })
            .collect(),
        rows,
        as_of_side,
        reopened_side,
        budget_side,
    };
    let archive = rkyv::to_bytes::<rancor::Error>(&export).map_err(|e| ExportError::Malformed {
        detail: e.to_string(),
    })?;
    let mut out = Vec::with_capacity(HEADER + archive.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&archive);
    Ok(out)
}

/// A profile's three parts as an export carries them: calendar, policy and desk as
/// JSON (what [`FactsArchive::profile_texts`] gives back).
pub fn profile_texts(profile: &Profile) -> [String; 3] {
    // Their `Serialize` never fails: plain data.
    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap_or_default()
    }
    [
        json(profile.calendar.spec()),
        json(&profile.policy),
        json(&profile.desk),
    ]
}

/// Bytes copied into memory aligned for reading an export in place (16 bytes).
#[derive(Clone, Debug, Default)]
pub struct AlignedBytes(AlignedVec<16>);

impl AlignedBytes {
    /// A copy of `bytes`, aligned.
    pub fn copy(bytes: &[u8]) -> AlignedBytes {
        let mut v = AlignedVec::<16>::with_capacity(bytes.len());
        v.extend_from_slice(bytes);
        AlignedBytes(v)
    }

    /// `len` zero bytes, aligned, to be filled in place (e.g. from a JavaScript
    /// `Uint8Array`, with one copy).
    pub fn zeroed(len: usize) -> AlignedBytes {
        let mut v = AlignedVec::<16>::with_capacity(len);
        v.resize(len, 0);
        AlignedBytes(v)
    }
}

impl std::ops::DerefMut for AlignedBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl std::ops::Deref for AlignedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// An export opened in place: the checked archive over borrowed bytes.
#[derive(Clone, Copy)]
pub struct FactsArchive<'a> {
    x: &'a ArchivedExport,
}

impl std::fmt::Debug for FactsArchive<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactsArchive")
            .field("tickets", &self.len())
            .field("period", &self.period())
            .finish()
    }
}

impl<'a> FactsArchive<'a> {
    /// Opens an export: checks its header, its structure (bytecheck) and every row
    /// against its tables. The bytes must be 16-byte aligned (see
    /// [`AlignedBytes::copy`]); they are not copied.
    ///
    /// # Errors
    /// [`ExportError::NotAnExport`], [`ExportError::Version`],
    /// [`ExportError::Malformed`] (including unaligned bytes) and
    /// [`ExportError::Inconsistent`].
    pub fn open(bytes: &'a [u8]) -> Result<FactsArchive<'a>, ExportError> {
        if bytes.len() < HEADER || bytes[..MAGIC.len()] != MAGIC {
            return Err(ExportError::NotAnExport);
        }
        let mut v = [0u8; 4];
        v.copy_from_slice(&bytes[MAGIC.len()..HEADER]);
        let found = u32::from_le_bytes(v);
        if found != VERSION {
            return Err(ExportError::Version {
                found,
                expected: VERSION,
            });
        }
        let x = rkyv::access::<ArchivedExport, rancor::Error>(&bytes[HEADER..]).map_err(|e| {
            ExportError::Malformed {
                detail: e.to_string(),
            }
        })?;
        check(x)?;
        Ok(FactsArchive { x })
    }

    /// How many tickets.
    pub fn len(&self) -> usize {
        self.x.rows.len()
    }

    /// Whether it holds no ticket.
    pub fn is_empty(&self) -> bool {
        self.x.rows.is_empty()
    }

    /// The period it was exported for.
    pub fn period(&self) -> Period {
        Period {
            from: Timestamp::from_unix(self.x.from.to_native()),
            to: Timestamp::from_unix(self.x.to.to_native()),
        }
    }

    /// The instant the facts were read at.
    pub fn as_of(&self) -> Timestamp {
        Timestamp::from_unix(self.x.as_of.to_native())
    }

    /// The desk's profile it carries (compiled: the calendar is built).
    ///
    /// # Errors
    /// The profile's own errors (an export written by a build whose files this
    /// build reads differently).
    pub fn profile(&self) -> Result<Profile, Error> {
        Ok(Profile {
            calendar: Calendar::from_text(&self.x.calendar)?,
            policy: SlaPolicy::from_text(&self.x.policy)?,
            desk: DeskConfig::from_text(&self.x.desk)?,
        })
    }

    /// The profile's three parts as JSON texts: calendar, policy, desk.
    pub fn profile_texts(&self) -> [&'a str; 3] {
        [
            self.x.calendar.as_str(),
            self.x.policy.as_str(),
            self.x.desk.as_str(),
        ]
    }

    fn rows(self) -> impl Iterator<Item = RowRef<'a>> {
        let x = self.x;
        x.rows
            .iter()
            .enumerate()
            .map(move |(i, r)| RowRef { x, r, i: i as u32 })
    }

    /// The period's intake counts, when the export carries them.
    pub fn intake(&self) -> Option<IntakeCounts> {
        serde_json::from_str(&self.x.intake).ok()
    }

    /// The report over the rows received in `period` that pass `filter`: the same
    /// function as [`report`](super::report), reading the rows in place. Over the
    /// export's whole period it carries the intake counts too, as the service's does.
    pub fn report(&self, filter: &Filter, period: Period, profile: &Profile, lang: Lang) -> Report {
        self.report_top(filter, period, profile, lang, None)
    }

    /// [`report`](Self::report) listing only the `breach_limit` longest breaches
    /// (the count of breaches is whole): what a page shows, without explaining
    /// thousands of deadlines nobody reads.
    pub fn report_top(
        &self,
        filter: &Filter,
        period: Period,
        profile: &Profile,
        lang: Lang,
        breach_limit: Option<usize>,
    ) -> Report {
        let mut r = report_of(self.rows(), filter, period, profile, lang, breach_limit);
        if period == self.period() {
            r.intake = self.intake();
        }
        r
    }

    /// Every ticket's facts, decoded, in order of receipt (for inspection and tests;
    /// reports do not need them).
    pub fn facts(&self) -> Vec<TicketFacts> {
        self.rows().map(RowRef::decode).collect()
    }
}

/// Checks every row's indices and codes against the tables.
fn check(x: &ArchivedExport) -> Result<(), ExportError> {
    let table = |what| ExportError::Inconsistent { row: None, what };
    let base = x.base.to_native();
    if !(BASE_RANGE.0..=BASE_RANGE.1).contains(&base) {
        return Err(table("base instant"));
    }
    // The period and the reading instant: within the range rows can name.
    let instants = (BASE_RANGE.0 * 2)..=(BASE_RANGE.1 * 2);
    if [x.from.to_native(), x.to.to_native(), x.as_of.to_native()]
        .iter()
        .any(|t| !instants.contains(t))
    {
        return Err(table("period"));
    }
    // Targets: a duration the core could have read, a budget of at most ~300 years
    // of operational seconds (what `OpDuration` accepts).
    if x.terms.iter().any(|t| {
        let (value, budget) = (t.value.to_native(), t.budget.to_native());
        let most = if t.days { 1_000_000 } else { 10_000_000_000 };
        !(-most..=most).contains(&value) || !(0..=10_000_000_000).contains(&budget)
    }) {
        return Err(table("target"));
    }
    if x.paths
        .iter()
        .flat_map(|p| p.iter())
        .any(|t| usize::from(*t) >= TIERS.len())
    {
        return Err(table("tier path"));
    }
    if x.stages.iter().flat_map(|l| l.iter()).any(|s| {
        usize::from(s.tier) >= TIERS.len() || s.officer.to_native() as usize >= x.officers.len()
    }) {
        return Err(table("assignee"));
    }
    let n = x.rows.len();
    for side in [&x.as_of_side, &x.reopened_side, &x.budget_side] {
        let ordered = side
            .windows(2)
            .all(|w| w[0].row.to_native() < w[1].row.to_native());
        if !ordered || side.iter().any(|s| s.row.to_native() as usize >= n) {
            return Err(table("side"));
        }
        if side.iter().any(|s| {
            let v = s.value.to_native();
            v < BASE_RANGE.0 * 2 || v > BASE_RANGE.1 * 2
        }) {
            return Err(table("side value"));
        }
    }
    let in_range = |i: u16, len: usize| usize::from(i) < len;
    for (i, r) in x.rows.iter().enumerate() {
        let bad = |what| ExportError::Inconsistent {
            row: Some(i as u32),
            what,
        };
        if !in_range(r.series.to_native(), x.series.len()) {
            return Err(bad("number series"));
        }
        let app = r.application.to_native();
        if app != NONE16 && !in_range(app, x.applications.len()) {
            return Err(bad("application"));
        }
        if !in_range(r.path.to_native(), x.paths.len()) {
            return Err(bad("tier path"));
        }
        if r.stages.to_native() as usize >= x.stages.len() {
            return Err(bad("assignee list"));
        }
        if usize::from(r.term & 0x3f) >= x.terms.len() {
            return Err(bad("target"));
        }
        if usize::from(r.codes & 3) >= KINDS.len()
            || usize::from(r.codes >> 2 & 7) >= OUTCOMES.len()
            || usize::from(r.codes >> 5) >= CHANNELS.len()
        {
            return Err(bad("code"));
        }
        if r.budget.to_native() == BUDGET_SIDE
            && x.budget_side
                .binary_search_by_key(&(i as u32), |s| s.row.to_native())
                .is_err()
        {
            return Err(bad("budget"));
        }
        if r.reopened == REOPENED_SIDE
            && x.reopened_side
                .binary_search_by_key(&(i as u32), |s| s.row.to_native())
                .is_err()
        {
            return Err(bad("reopen count"));
        }
    }
    Ok(())
}

/// One row read in place, with the archive's tables.
#[derive(Clone, Copy)]
struct RowRef<'a> {
    x: &'a ArchivedExport,
    r: &'a ArchivedRow,
    i: u32,
}

impl<'a> RowRef<'a> {
    fn received_unix(self) -> i64 {
        self.x.base.to_native() + i64::from(self.r.received.to_native())
    }

    fn at(self, delta: u32) -> Option<Timestamp> {
        (delta != NONE).then(|| Timestamp::from_unix(self.received_unix() + i64::from(delta)))
    }

    fn term(self) -> Option<&'a ArchivedTerm> {
        self.x.terms.get(usize::from(self.r.term & 0x3f))
    }

    fn budget(self) -> i64 {
        match self.r.budget.to_native() {
            BUDGET_SIDE => self.side(&self.x.budget_side).unwrap_or(0),
            d => self
                .term()
                .map_or(0, |t| t.budget.to_native())
                .saturating_add(i64::from(d)),
        }
    }

    fn side(self, side: &'a [ArchivedSide]) -> Option<i64> {
        if side.is_empty() {
            return None;
        }
        side.binary_search_by_key(&self.i, |s| s.row.to_native())
            .ok()
            .map(|k| side[k].value.to_native())
    }

    fn path(self) -> &'a [u8] {
        self.x
            .paths
            .get(usize::from(self.r.path.to_native()))
            .map_or(&[], |p| p.as_slice())
    }

    fn stages(self) -> &'a [ArchivedStage] {
        self.x
            .stages
            .get(self.r.stages.to_native() as usize)
            .map_or(&[], |s| s.as_slice())
    }

    fn officer_name(self, s: &'a ArchivedStage) -> &'a str {
        self.x
            .officers
            .get(s.officer.to_native() as usize)
            .map_or("", |o| o.as_str())
    }

    fn decode(self) -> TicketFacts {
        TicketFacts {
            number: self.number().into_owned(),
            application: self.application().map(str::to_string),
            kind: self.kind(),
            channel: self.channel(),
            priority: PRIORITIES[usize::from(self.r.term >> 6)],
            received: self.received(),
            clock_starts: self.clock_starts(),
            first_response: self.at(self.r.first_response.to_native()),
            first_response_elapsed: self.first_response_elapsed(),
            delivered: self.delivered(),
            closed: self.at(self.r.closed.to_native()),
            tiers: self
                .path()
                .iter()
                .map(|t| TIERS[usize::from(*t) % TIERS.len()])
                .collect(),
            assignees: self
                .stages()
                .iter()
                .map(|s| StageAssignee {
                    tier: TIERS[usize::from(s.tier) % TIERS.len()],
                    officer: self.officer_name(s).to_string(),
                })
                .collect(),
            target: self.target(),
            budget: self.budget(),
            due_at_receipt: self.due_at_receipt(),
            due: self.due(),
            elapsed: self.elapsed(),
            paused: self.paused(),
            outcome: self.outcome(),
            over_by: self.over_by(),
            reopened: self.reopened(),
            as_of: self.as_of(),
        }
    }
}

impl<'a> Fact<'a> for RowRef<'a> {
    fn number(self) -> Cow<'a, str> {
        let series = self
            .x
            .series
            .get(usize::from(self.r.series.to_native()))
            .map_or("", |s| s.as_str());
        match self.r.seq.to_native() {
            NONE => Cow::Borrowed(series),
            seq => Cow::Owned(format!("{series}{seq:06}")),
        }
    }
    fn application(self) -> Option<&'a str> {
        self.x
            .applications
            .get(usize::from(self.r.application.to_native()))
            .map(|a| a.as_str())
    }
    fn kind(self) -> TicketKind {
        KINDS[usize::from(self.r.codes & 3) % KINDS.len()]
    }
    fn channel(self) -> Channel {
        CHANNELS[usize::from(self.r.codes >> 5) % CHANNELS.len()]
    }
    fn received(self) -> Timestamp {
        Timestamp::from_unix(self.received_unix())
    }
    fn clock_starts(self) -> Timestamp {
        self.at(self.r.clock_starts.to_native())
            .unwrap_or(self.received())
    }
    fn first_response_elapsed(self) -> Option<i64> {
        let x = self.r.first_response_elapsed.to_native();
        (x != NONE).then_some(i64::from(x))
    }
    fn delivered(self) -> Option<Timestamp> {
        self.at(self.r.delivered.to_native())
    }
    fn target(self) -> OpDuration {
        match self.term() {
            Some(t) if t.days => OpDuration::Days(t.value.to_native() as i32),
            Some(t) => OpDuration::Seconds(t.value.to_native()),
            None => OpDuration::Seconds(0),
        }
    }
    fn due_at_receipt(self) -> Timestamp {
        self.at(self.r.due_at_receipt.to_native())
            .unwrap_or(self.received())
    }
    fn due(self) -> Timestamp {
        self.at(self.r.due.to_native()).unwrap_or(self.received())
    }
    fn elapsed(self) -> i64 {
        i64::from(self.r.elapsed.to_native())
    }
    fn paused(self) -> i64 {
        i64::from(self.r.paused.to_native())
    }
    fn outcome(self) -> Outcome {
        OUTCOMES[usize::from(self.r.codes >> 2 & 7) % OUTCOMES.len()]
    }
    fn over_by(self) -> i64 {
        // Not stored: what `TicketFacts::of` computes from the same numbers.
        if self.outcome().breached() {
            self.elapsed().saturating_sub(self.budget()).max(0)
        } else {
            0
        }
    }
    fn reopened(self) -> u32 {
        match self.r.reopened {
            REOPENED_SIDE => self
                .side(&self.x.reopened_side)
                .map_or(u32::from(REOPENED_SIDE), |v| v as u32),
            n => u32::from(n),
        }
    }
    fn as_of(self) -> Timestamp {
        Timestamp::from_unix(
            self.side(&self.x.as_of_side)
                .unwrap_or(self.x.as_of.to_native()),
        )
    }
    fn reached(self, tier: Tier) -> bool {
        let c = code(&TIERS, &tier);
        self.path().contains(&c)
    }
    fn tier(self) -> Tier {
        self.path()
            .last()
            .map_or(Tier::FirstLine, |t| TIERS[usize::from(*t) % TIERS.len()])
    }
    fn officers(self, into: &mut Vec<&'a str>) {
        into.extend(self.stages().iter().map(|s| self.officer_name(s)));
    }
    fn officer(self) -> Option<&'a str> {
        self.stages().last().map(|s| self.officer_name(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::simulate::{simulate, Volume};
    use crate::report::{report, Period};

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn month() -> (Profile, Vec<TicketFacts>, Period) {
        let profile = Profile::jatengprov();
        let period = Period {
            from: t("2026-03-01T00:00:00+07:00"),
            to: t("2026-04-01T00:00:00+07:00"),
        };
        let tickets = simulate(&profile, period.from, period.to, 11, Volume::default());
        let facts = tickets
            .iter()
            .map(|x| TicketFacts::of(x, &profile.calendar, period.to).unwrap())
            .collect();
        (profile, facts, period)
    }

    #[test]
    fn an_export_reads_back_the_same_facts_and_reports() {
        let (profile, mut facts, period) = month();
        // The rare values: a ticket read at another instant, one reopened 300
        // times, a number of another form.
        facts[0].as_of = t("2026-04-02T10:00:00+07:00");
        facts[1].reopened = 300;
        facts[4].budget += 100_000; // a budget far from its target's
        facts[2].number = "LAIN-7".into();
        facts[3].number = "JTG-2026-0000042".into(); // not the canonical padding
        let bytes = write(&facts, period, period.to, &profile, None).unwrap();
        // Past the fixed part (header, profile), at most 64 bytes a ticket.
        let fixed = write(&[], period, period.to, &profile, None).unwrap().len();
        let per_ticket = (bytes.len() - fixed) as f64 / facts.len() as f64;
        assert!(per_ticket <= 64.0, "{per_ticket} bytes per ticket");
        let bytes = AlignedBytes::copy(&bytes);
        let a = FactsArchive::open(&bytes).unwrap();
        assert_eq!(a.facts(), facts);
        assert_eq!((a.period(), a.as_of()), (period, period.to));
        for lang in [Lang::Id, Lang::En] {
            for filter in [
                Filter::default(),
                Filter {
                    application: Some("e-penatausahaan".into()),
                    ..Filter::default()
                },
                Filter {
                    tier: Some(Tier::ApplicationStaff),
                    kind: Some(TicketKind::Incident),
                    ..Filter::default()
                },
            ] {
                assert_eq!(
                    a.report(&filter, period, &profile, lang),
                    report(&facts, &filter, period, &profile, lang)
                );
            }
        }
        // The longest breaches only: the same report, its list cut.
        let mut whole = a.report(&Filter::default(), period, &profile, Lang::Id);
        let top = a.report_top(&Filter::default(), period, &profile, Lang::Id, Some(5));
        assert!(whole.breaches.len() > 5);
        whole.breaches.truncate(5);
        assert_eq!(top, whole);
        let p = a.profile().unwrap();
        assert_eq!(p.calendar.spec(), profile.calendar.spec());
        assert_eq!(p.desk, profile.desk);
    }

    #[test]
    fn rows_are_sixty_bytes() {
        assert_eq!(std::mem::size_of::<ArchivedRow>(), 60);
    }

    #[test]
    fn bad_bytes_get_errors_not_panics() {
        let (profile, facts, period) = month();
        let good = write(&facts, period, period.to, &profile, None).unwrap();
        let open = |b: &[u8]| FactsArchive::open(&AlignedBytes::copy(b)).map(|a| a.len());
        assert_eq!(open(b"hello"), Err(ExportError::NotAnExport));
        let mut v2 = good.clone();
        v2[12] = 2;
        assert_eq!(
            open(&v2),
            Err(ExportError::Version {
                found: 2,
                expected: 1
            })
        );
        let cut = open(&good[..good.len() / 2]).unwrap_err();
        assert_eq!(cut.code(), "export.malformed", "{cut}");
        // Flipping any byte never panics: an error, or an archive that reports.
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..300 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let mut b = good.clone();
            let at = HEADER + (rng as usize) % (b.len() - HEADER);
            b[at] ^= (rng >> 32) as u8 | 1;
            let bytes = AlignedBytes::copy(&b);
            if let Ok(a) = FactsArchive::open(&bytes) {
                let r = a.report(&Filter::default(), a.period(), &profile, Lang::En);
                assert!(r.counts.tickets as usize <= a.len());
                let _ = a.facts();
            }
        }
        // Unaligned bytes are refused, not misread.
        let bytes = AlignedBytes::copy(&[&[0u8][..], &good].concat());
        let e = FactsArchive::open(&bytes[1..]).unwrap_err();
        assert_eq!(e.code(), "export.malformed", "{e}");
        assert!(ExportError::NotAnExport
            .message(Lang::Id)
            .starts_with("bukan ekspor"));
    }
}
