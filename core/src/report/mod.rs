//! SLA compliance reports: how well the desk keeps the standard's promise (1
//! operational day for complaints and requests, 10 for incidents), per
//! application, tier, officer and channel, over any period.
//!
//! A report reads [`TicketFacts`], one per ticket, derived from its events by
//! [`TicketFacts::of`] at the report's instant; the same facts serve the service,
//! the CLI and the browser. Everything is in operational time: the seconds the desk
//! is open by its calendar.
//!
//! ## What is counted
//! - A ticket belongs to a period by the instant it was **received** (`from`
//!   inclusive, `to` exclusive), so the counts of a partition of a period add up to
//!   the counts of the period.
//! - **finished**: a solution delivered or the ticket closed; **met** when within
//!   the target, **breached** past it. An **open breach** is a ticket not finished and
//!   already past its target: it is counted in `breached` and shown apart as
//!   `breachedOpen`.
//! - **compliance** = met ÷ (finished + open breaches): an open breach counts
//!   against the desk at once, not only when it is finally solved. `None` when there
//!   is nothing to judge yet.
//! - Rejected, merged and referred tickets are `cancelled`: counted in `tickets`,
//!   never in compliance.
//!
//! # Example
//!
//! ```
//! use loket_core::report::{report, Filter, Period, TicketFacts};
//! use loket_core::ticket::{intake, Channel, Message};
//! use loket_core::{Lang, Profile, TicketKind, Timestamp};
//!
//! let profile = Profile::jatengprov();
//! let t = |s: &str| s.parse::<Timestamp>().unwrap();
//! let msg = Message {
//!     channel: Channel::Whatsapp,
//!     application: Some("e-planning".into()),
//!     kind: TicketKind::Complaint,
//!     subject: None,
//!     body: "Tombol simpan tidak berfungsi.".into(),
//!     reporter: Default::default(),
//!     received_at: t("2024-03-04T09:00:00+07:00"),
//!     about_desk: false,
//! };
//! let ticket = intake(&msg, &profile, msg.received_at)?.open("JTG-2024-000001").expect("accepted");
//! // Nobody answered: on Wednesday the 1-day complaint is an open breach.
//! let now = t("2024-03-06T09:00:00+07:00");
//! let facts = [TicketFacts::of(&ticket, &profile.calendar, now)?];
//! let period = Period { from: t("2024-03-01T00:00:00+07:00"), to: t("2024-04-01T00:00:00+07:00") };
//! let r = report(&facts, &Filter::default(), period, &profile, Lang::Id);
//! assert_eq!((r.counts.tickets, r.counts.breached_open), (1, 1));
//! assert_eq!(r.counts.compliance, Some(0.0));
//! assert_eq!(r.breaches[0].number, "JTG-2024-000001");
//! assert_eq!(r.by_application["e-planning"].tickets, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod export;
mod fact;
mod facts;
mod intake_log;
pub mod simulate;

use std::collections::BTreeMap;

use fact::{Fact, CHANNELS, KINDS, TIERS};

use crate::explain::Whens;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Closure};
use crate::duration::{format_seconds, OpDuration};
use crate::error::Error;
use crate::explain::Stretch;
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::names::{tier_name, Tier};
use crate::profile::Profile;
use crate::ticket::Channel;
use crate::time::Timestamp;

pub use facts::{Outcome, StageAssignee, TicketFacts};
pub use intake_log::{IntakeCounts, IntakeEntry, IntakeKind};

/// A half-open period of receipt: `from` ≤ received < `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ReportPeriod"))]
#[cfg_attr(feature = "schema", schemars(rename = "ReportPeriod"))]
pub struct Period {
    /// First instant (inclusive).
    pub from: Timestamp,
    /// Last instant (exclusive).
    pub to: Timestamp,
}

impl Period {
    /// Whether `t` falls in the period.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.from <= t && t < self.to
    }
}

impl Period {
    /// Reads a bound of a period: a day `YYYY-MM-DD` in the calendar's zone (its
    /// midnight; with `end`, the next midnight, so that the day is included) or an
    /// instant (RFC 3339 or unix seconds, taken as it is).
    ///
    /// # Errors
    /// [`Error::InvalidInstant`] for text that is neither.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::report::Period;
    /// use loket_core::Calendar;
    ///
    /// let cal = Calendar::jatengprov();
    /// let p = Period {
    ///     from: Period::bound("2026-03-01", &cal, false)?,
    ///     to: Period::bound("2026-03-31", &cal, true)?,
    /// };
    /// assert_eq!(p.from, "2026-03-01T00:00:00+07:00".parse()?);
    /// assert_eq!(p.to, "2026-04-01T00:00:00+07:00".parse()?);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    pub fn bound(text: &str, cal: &Calendar, end: bool) -> Result<Timestamp, Error> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let d = if end { d.succ_opt().unwrap_or(d) } else { d };
            let tz = cal.timezone();
            if let Some(t) = d
                .and_hms_opt(0, 0, 0)
                .and_then(|x| x.and_local_timezone(tz).earliest())
            {
                return Ok(Timestamp::from_unix(t.timestamp()));
            }
        }
        Timestamp::parse(text)
    }
}

/// Which tickets a report looks at; every field set narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ReportFilter"))]
#[cfg_attr(feature = "schema", schemars(rename = "ReportFilter"))]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    /// A product id; `desk` means feedback about the desk itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub application: Option<String>,
    /// One kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kind: Option<TicketKind>,
    /// Tickets that reached this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tier: Option<Tier>,
    /// Tickets this officer was assigned at any stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub officer: Option<String>,
    /// One channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub channel: Option<Channel>,
}

impl Filter {
    /// Whether `f` passes the filter.
    pub fn admits(&self, f: &TicketFacts) -> bool {
        self.admits_fact(f)
    }

    fn admits_fact<'a>(&self, f: impl Fact<'a>) -> bool {
        let app_ok = match self.application.as_deref() {
            None => true,
            Some("desk") => f.application().is_none(),
            Some(a) => f.application() == Some(a),
        };
        app_ok
            && self.kind.is_none_or(|k| f.kind() == k)
            && self.tier.is_none_or(|t| f.reached(t))
            && self.officer.as_deref().is_none_or(|o| {
                let mut all = Vec::new();
                f.officers(&mut all);
                all.contains(&o)
            })
            && self.channel.is_none_or(|c| f.channel() == c)
    }
}

/// Counts over a set of tickets: the additive part of a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ReportCounts"))]
#[cfg_attr(feature = "schema", schemars(rename = "ReportCounts"))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Tickets received.
    pub tickets: u64,
    /// Still open (breached or not).
    pub open: u64,
    /// Solution delivered or closed.
    pub finished: u64,
    /// Finished within the target.
    pub met: u64,
    /// Past the target: finished late plus open breaches.
    pub breached: u64,
    /// Open and already past the target.
    pub breached_open: u64,
    /// Rejected, merged or referred.
    pub cancelled: u64,
    /// Reopened at least once.
    pub reopened: u64,
    /// Operational seconds paused, all tickets together.
    pub paused: i64,
    /// met ÷ (finished + breachedOpen), 0–1; `None` with nothing to judge.
    pub compliance: Option<f64>,
}

impl Counts {
    fn add<'a>(&mut self, f: impl Fact<'a>) {
        let outcome = f.outcome();
        self.tickets += 1;
        self.open += u64::from(outcome.open());
        self.finished += u64::from(outcome.finished());
        self.met += u64::from(outcome == Outcome::Met);
        self.breached += u64::from(outcome.breached());
        self.breached_open += u64::from(outcome == Outcome::OpenBreached);
        self.cancelled += u64::from(outcome == Outcome::Cancelled);
        self.reopened += u64::from(f.reopened() > 0);
        self.paused += f.paused();
    }

    fn close(mut self) -> Counts {
        let judged = self.finished + self.breached_open;
        self.compliance = (judged > 0).then(|| self.met as f64 / judged as f64);
        self
    }

    /// The counts of `facts`.
    pub fn of<'a>(facts: impl IntoIterator<Item = &'a TicketFacts>) -> Counts {
        let mut c = Counts::default();
        for f in facts {
            c.add(f);
        }
        c.close()
    }
}

/// A distribution of operational durations (seconds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "DurationStats"))]
#[cfg_attr(feature = "schema", schemars(rename = "DurationStats"))]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// How many durations.
    pub count: u64,
    /// The median (nearest rank), `None` when there are none.
    pub median: Option<i64>,
    /// The 90th percentile (nearest rank).
    pub p90: Option<i64>,
    /// The longest.
    pub max: Option<i64>,
}

impl Stats {
    /// The stats of `values` (in any order).
    pub fn of(mut values: Vec<i64>) -> Stats {
        values.sort_unstable();
        let n = values.len();
        // Nearest rank: the ⌈p·n⌉-th value.
        let rank = |p: usize| values.get((p * n).div_ceil(100).max(1) - 1).copied();
        Stats {
            count: n as u64,
            median: rank(50),
            p90: rank(90),
            max: values.last().copied(),
        }
    }
}

/// Open tickets by age, in operational days since their clock started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgeBucket {
    /// At least this many operational days old.
    pub from_days: u32,
    /// Fewer than this many (`None`: no upper bound).
    pub to_days: Option<u32>,
    /// How many open tickets.
    pub count: u64,
}

/// The edges of the backlog's age buckets, in operational days: the standard's 1
/// and 10 days, and steps between.
pub const AGE_EDGES: [u32; 4] = [1, 2, 5, 10];

/// A ticket past its target, and why its deadline was that instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Breach {
    /// The ticket.
    pub number: String,
    /// Its product id.
    pub application: Option<String>,
    /// Its kind.
    pub kind: TicketKind,
    /// The tier it is at (or finished at).
    pub tier: Tier,
    /// The officer assigned last.
    pub officer: Option<String>,
    /// The deadline in force.
    pub due: Timestamp,
    /// Operational seconds past the target.
    pub over_by: i64,
    /// Finished late (`true`) or still open.
    pub finished: bool,
    /// The arithmetic behind the deadline, in the report's language.
    pub explanation: String,
}

/// One officer's load.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OfficerLoad {
    /// The officer.
    pub officer: String,
    /// The applications whose team lists the officer.
    pub teams: Vec<String>,
    /// Counts over the tickets the officer was assigned at any stage.
    pub counts: Counts,
}

/// One application's figures against its team.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ApplicationLoad {
    /// Its name for people.
    pub name: String,
    /// The team size the desk configuration lists (the standard's A5).
    pub team_size: u32,
    /// Tickets per team member.
    pub per_member: f64,
    /// Open tickets per team member.
    pub open_per_member: f64,
}

/// A period of a trend: an ISO week or a month.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// `2026-W14` or `2026-03`.
    pub period: String,
    /// Its first day (local date).
    pub start: NaiveDate,
    /// Its counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Everything a supervisor asks of a period.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SlaReport"))]
#[cfg_attr(feature = "schema", schemars(rename = "SlaReport"))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The period of receipt.
    pub period: Period,
    /// The filter applied.
    pub filter: Filter,
    /// The instant the tickets were read at.
    pub as_of: Timestamp,
    /// The counts (flattened: `tickets`, `finished`, `met`, `breached`,
    /// `compliance`, …).
    #[serde(flatten)]
    pub counts: Counts,
    /// Operational handling time of finished tickets (clock start to solution,
    /// pauses excluded).
    pub handling: Stats,
    /// Operational time to the first answer, for tickets that have one.
    pub first_response: Stats,
    /// Open tickets by operational age.
    pub backlog: Vec<AgeBucket>,
    /// Breaches, the longest over first.
    pub breaches: Vec<Breach>,
    /// reopened ÷ finished, `None` when nothing finished.
    pub reopen_rate: Option<f64>,
    /// Counts per product id (`desk` for feedback about the desk).
    pub by_application: BTreeMap<String, Counts>,
    /// Each application's load against its team size.
    pub load: BTreeMap<String, ApplicationLoad>,
    /// Counts per kind.
    pub by_kind: BTreeMap<String, Counts>,
    /// Counts per tier the ticket is at (or finished at).
    pub by_tier: BTreeMap<String, Counts>,
    /// Counts per channel.
    pub by_channel: BTreeMap<String, Counts>,
    /// Counts per officer (tickets assigned at any stage).
    pub officers: Vec<OfficerLoad>,
    /// Counts per ISO week of receipt.
    pub weekly: Vec<TrendPoint>,
    /// Counts per month of receipt.
    pub monthly: Vec<TrendPoint>,
    /// Every message the desk received in the period, tickets or not (the whole
    /// desk, not narrowed by the filter); present where the intake log is known (a
    /// desk's data, not event files).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub intake: Option<IntakeCounts>,
}

/// The report over the tickets of `facts` received in `period` that pass
/// `filter`, read with `profile` (its calendar for ages and explanations, its
/// desk for team sizes), texts in `lang`.
pub fn report(
    facts: &[TicketFacts],
    filter: &Filter,
    period: Period,
    profile: &Profile,
    lang: Lang,
) -> Report {
    report_top(facts, filter, period, profile, lang, None)
}

/// [`report`] listing only the `breach_limit` longest breaches (`breached` still
/// counts them all): what a page shows, without explaining thousands of deadlines.
pub fn report_top(
    facts: &[TicketFacts],
    filter: &Filter,
    period: Period,
    profile: &Profile,
    lang: Lang,
    breach_limit: Option<usize>,
) -> Report {
    report_of(facts.iter(), filter, period, profile, lang, breach_limit)
}

/// [`report`] over any holder of facts: the in-memory [`TicketFacts`] and an
/// export's rows read in place ([`export::FactsArchive::report`]) go through this
/// one function. With `breach_limit`, only that many breaches are listed (the
/// longest over; `breached` still counts them all).
pub(crate) fn report_of<'a, F: Fact<'a>>(
    facts: impl IntoIterator<Item = F>,
    filter: &Filter,
    period: Period,
    profile: &Profile,
    lang: Lang,
    breach_limit: Option<usize>,
) -> Report {
    let chosen: Vec<F> = facts
        .into_iter()
        .filter(|f| period.contains(f.received()) && filter.admits_fact(*f))
        .collect();
    let as_of = chosen.iter().map(|f| f.as_of()).max().unwrap_or(period.to);
    let mut counts = Counts::default();
    let mut handling = Vec::new();
    let mut first_response = Vec::new();
    // Groups: the small closed sets by their variant's index, names in short lists
    // (a row's names are its archive's strings, so the pointer usually matches).
    let mut by_kind: [Counts; KINDS.len()] = Default::default();
    let mut by_tier: [Counts; TIERS.len()] = Default::default();
    let mut by_channel: [Counts; CHANNELS.len()] = Default::default();
    let mut by_application: Vec<(&str, Counts)> = Vec::new();
    let mut per_officer: Vec<(&str, Counts)> = Vec::new();
    let mut officers_seen = Vec::new();
    let tz = profile.calendar.timezone();
    // Weeks and months: (first day, label, counts). `day` keeps the last local day
    // seen (its bounds in unix seconds) with its week's and month's slots, so that
    // tickets in order of receipt find them without converting their instant.
    let mut weeks: Vec<(NaiveDate, String, Counts)> = Vec::new();
    let mut months: Vec<(NaiveDate, String, Counts)> = Vec::new();
    let mut day: Option<(i64, i64, usize, usize)> = None;
    for &f in &chosen {
        counts.add(f);
        if f.outcome().finished() {
            handling.push(f.elapsed());
        }
        if let Some(x) = f.first_response_elapsed() {
            first_response.push(x);
        }
        slot(&mut by_application, f.application().unwrap_or("desk")).add(f);
        by_kind[f.kind() as usize].add(f);
        by_tier[f.tier() as usize].add(f);
        by_channel[f.channel() as usize].add(f);
        officers_seen.clear();
        f.officers(&mut officers_seen);
        if officers_seen.len() > 1 {
            officers_seen.sort_unstable();
            officers_seen.dedup();
        }
        for o in &officers_seen {
            slot(&mut per_officer, o).add(f);
        }
        let t = f.received().unix();
        let (w, m) = match day {
            Some((start, end, w, m)) if start <= t && t < end => (w, m),
            _ => {
                let d = f.received().in_zone(tz).date_naive();
                let week =
                    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()));
                let month = d.with_day(1).unwrap_or(d);
                let w = find_or_push(&mut weeks, week, || {
                    let iso = d.iso_week();
                    format!("{}-W{:02}", iso.year(), iso.week())
                });
                let m = find_or_push(&mut months, month, || {
                    format!("{}-{:02}", d.year(), d.month())
                });
                let midnight = |d: NaiveDate| {
                    d.and_hms_opt(0, 0, 0)
                        .and_then(|x| x.and_local_timezone(tz).earliest())
                        .map(|x| x.timestamp())
                };
                day = match (midnight(d), d.succ_opt().and_then(midnight)) {
                    (Some(start), Some(end)) => Some((start, end, w, m)),
                    _ => None,
                };
                (w, m)
            }
        };
        weeks[w].2.add(f);
        months[m].2.add(f);
    }
    let counts = counts.close();
    let owned = |m: Vec<(&str, Counts)>| -> BTreeMap<String, Counts> {
        m.into_iter()
            .map(|(k, c)| (k.to_string(), c.close()))
            .collect()
    };
    let named = |counts: &[Counts], name: &dyn Fn(usize) -> &'static str| {
        counts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.tickets > 0)
            .map(|(i, c)| (name(i).to_string(), c.clone().close()))
            .collect::<BTreeMap<String, Counts>>()
    };
    let by_application = owned(by_application);
    let load = profile
        .desk
        .products
        .iter()
        .map(|p| {
            let c = by_application.get(&p.id).cloned().unwrap_or_default();
            let size = p.team.len().max(1) as f64;
            (
                p.id.clone(),
                ApplicationLoad {
                    name: p.name.clone(),
                    team_size: p.team.len() as u32,
                    per_member: c.tickets as f64 / size,
                    open_per_member: c.open as f64 / size,
                },
            )
        })
        .collect();
    per_officer.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let officers = per_officer
        .into_iter()
        .map(|(o, c)| OfficerLoad {
            officer: o.to_string(),
            teams: profile
                .desk
                .products
                .iter()
                .filter(|p| p.team.iter().any(|m| m == o))
                .map(|p| p.id.clone())
                .collect(),
            counts: c.close(),
        })
        .collect();
    let backlog = backlog(&chosen, profile);
    // Breaches, the longest over first; only those kept are explained.
    let mut breached: Vec<(i64, std::borrow::Cow<'a, str>, F)> = chosen
        .iter()
        .filter(|f| f.outcome().breached())
        .map(|&f| (f.over_by(), f.number(), f))
        .collect();
    breached.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    breached.truncate(breach_limit.unwrap_or(usize::MAX));
    let mut whens = profile.calendar.whens(lang);
    let breaches: Vec<Breach> = breached
        .into_iter()
        .map(|(over_by, number, f)| Breach {
            number: number.into_owned(),
            application: f.application().map(str::to_string),
            kind: f.kind(),
            tier: f.tier(),
            officer: f.officer().map(str::to_string),
            due: f.due(),
            over_by,
            finished: f.outcome().finished(),
            explanation: explain(f, profile, lang, &mut whens),
        })
        .collect();
    let trend = |mut m: Vec<(NaiveDate, String, Counts)>| {
        m.sort_unstable_by_key(|x| x.0);
        m.into_iter()
            .map(|(start, period, c)| TrendPoint {
                period,
                start,
                counts: c.close(),
            })
            .collect::<Vec<_>>()
    };
    Report {
        period,
        filter: filter.clone(),
        as_of,
        reopen_rate: (counts.finished > 0).then(|| counts.reopened as f64 / counts.finished as f64),
        counts,
        handling: Stats::of(handling),
        first_response: Stats::of(first_response),
        backlog,
        breaches,
        by_application,
        load,
        by_kind: named(&by_kind, &|i| KINDS[i].label(Lang::En)),
        by_tier: named(&by_tier, &|i| tier_name(TIERS[i])),
        by_channel: named(&by_channel, &|i| CHANNELS[i].name()),
        officers,
        weekly: trend(weeks),
        monthly: trend(months),
        intake: None,
    }
}

/// The counts kept under `key` in a short list, added when new. A row's names are
/// its archive's strings, so comparing pointers first finds them without reading.
fn slot<'a, 'm>(list: &'m mut Vec<(&'a str, Counts)>, key: &'a str) -> &'m mut Counts {
    let i = match list
        .iter()
        .position(|(k, _)| std::ptr::eq(*k, key) || *k == key)
    {
        Some(i) => i,
        None => {
            list.push((key, Counts::default()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// The index of the period starting `start` in `list`, added (labelled) when new.
fn find_or_push(
    list: &mut Vec<(NaiveDate, String, Counts)>,
    start: NaiveDate,
    label: impl FnOnce() -> String,
) -> usize {
    match list.iter().rposition(|x| x.0 == start) {
        Some(i) => i,
        None => {
            list.push((start, label(), Counts::default()));
            list.len() - 1
        }
    }
}

/// Open tickets by operational age: a ticket is at least `k` days old when `k`
/// operational days from its clock's start have passed by its facts' instant.
fn backlog<'a>(chosen: &[impl Fact<'a>], profile: &Profile) -> Vec<AgeBucket> {
    let mut counts = [0u64; AGE_EDGES.len() + 1];
    let cal = &profile.calendar;
    for f in chosen.iter().filter(|f| f.outcome().open()) {
        let age = AGE_EDGES
            .iter()
            .take_while(|k| {
                cal.add_instant(
                    f.clock_starts(),
                    OpDuration::Days(**k as i32),
                    profile.policy.boundary,
                )
                .is_ok_and(|t| t <= f.as_of())
            })
            .count();
        counts[age] += 1;
    }
    (0..counts.len())
        .map(|i| AgeBucket {
            from_days: if i == 0 { 0 } else { AGE_EDGES[i - 1] },
            to_days: AGE_EDGES.get(i).copied(),
            count: counts[i],
        })
        .collect()
}

/// One line on why a breached ticket's deadline was that instant: received, the
/// target counted from the clock's start, the closures skipped on the way, the
/// pauses that moved it, and how far past it the ticket went.
pub fn explain_breach(f: &TicketFacts, profile: &Profile, lang: Lang) -> String {
    explain(f, profile, lang, &mut profile.calendar.whens(lang))
}

fn explain<'a>(f: impl Fact<'a>, profile: &Profile, lang: Lang, whens: &mut Whens<'_>) -> String {
    use std::fmt::Write as _;
    // One string, written in place: a report explains thousands of breaches.
    let mut s = String::with_capacity(256);
    s.push_str(lang.pick("diterima ", "received "));
    whens.push(&mut s, f.received());
    let _ = write!(
        s,
        "; target {} {}",
        f.target(),
        lang.pick("operasional dihitung dari ", "operational counted from ")
    );
    whens.push(&mut s, f.clock_starts());
    s.push_str(lang.pick(" → tenggat ", " → due "));
    whens.push(&mut s, f.due_at_receipt());
    let mut skipped: Vec<&str> = Vec::new();
    let explained = profile
        .calendar
        .explain_between(f.clock_starts().min(f.due_at_receipt()), f.due_at_receipt());
    if let Ok(e) = &explained {
        for st in &e.stretches {
            let name = match st {
                Stretch::Skipped {
                    closure: Closure::Holiday { name, .. },
                    ..
                } => name.as_str(),
                Stretch::Skipped {
                    closure: Closure::Override { name },
                    ..
                } => name
                    .as_deref()
                    .unwrap_or_else(|| lang.pick("libur", "closure")),
                _ => continue,
            };
            if skipped.last() != Some(&name) {
                skipped.push(name);
            }
        }
    }
    if !skipped.is_empty() {
        let _ = write!(
            s,
            " ({} {})",
            lang.pick("melewati", "skipping"),
            skipped.join(", ")
        );
    }
    if f.paused() > 0 {
        let _ = write!(
            s,
            "; {} {} → ",
            lang.pick("digeser oleh jeda", "moved by pauses of"),
            format_seconds(f.paused()),
        );
        whens.push(&mut s, f.due());
    }
    let late = format_seconds(f.over_by());
    let operational = lang.pick("operasional", "operational");
    match f.delivered().filter(|_| f.outcome().finished()) {
        Some(d) => {
            let _ = write!(
                s,
                "; {} ",
                lang.pick("solusi disampaikan", "solution delivered")
            );
            whens.push(&mut s, d);
            let _ = write!(
                s,
                ", {} {late} {operational}",
                lang.pick("terlambat", "late by")
            );
        }
        None => {
            let _ = write!(
                s,
                "; {} ",
                lang.pick("belum selesai per", "not finished as of")
            );
            whens.push(&mut s, f.as_of());
            let _ = write!(
                s,
                ": {} {late} {operational}",
                lang.pick("lewat", "over by")
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::simulate::{simulate, Volume};
    use super::*;
    use crate::ticket::ClockKind;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// A simulated quarter read at its end (a few tickets still open).
    fn quarter(seed: u64) -> (Profile, Vec<TicketFacts>, Timestamp) {
        let profile = Profile::jatengprov();
        let (from, until) = (
            t("2026-01-01T00:00:00+07:00"),
            t("2026-04-01T00:00:00+07:00"),
        );
        let tickets = simulate(&profile, from, until, seed, Volume { per_open_day: 4.0 });
        let facts = tickets
            .iter()
            .map(|x| TicketFacts::of(x, &profile.calendar, until).unwrap())
            .collect();
        (profile, facts, until)
    }

    fn additive(c: &Counts) -> [i64; 9] {
        [
            c.tickets as i64,
            c.open as i64,
            c.finished as i64,
            c.met as i64,
            c.breached as i64,
            c.breached_open as i64,
            c.cancelled as i64,
            c.reopened as i64,
            c.paused,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// A period's counts are the sums of a partition's, compliance stays in
        /// [0, 1], every breach is listed once, and the facts agree with the clocks.
        #[test]
        fn reports_add_up_over_a_partition(seed in any::<u64>(), cuts in proptest::collection::vec(0i64..90, 0..4)) {
            let (profile, facts, until) = quarter(seed);
            let start = t("2026-01-01T00:00:00+07:00");
            let whole = Period { from: start, to: until };
            let r = report(&facts, &Filter::default(), whole, &profile, Lang::En);
            prop_assert_eq!(r.counts.tickets as usize, facts.len());
            let mut edges: Vec<Timestamp> = cuts.iter().map(|d| Timestamp::from_unix(start.unix() + d * 86_400 + 3 * 3600)).collect();
            edges.push(start);
            edges.push(until);
            edges.sort();
            edges.dedup();
            let mut sum = [0i64; 9];
            for w in edges.windows(2) {
                let part = report(&facts, &Filter::default(), Period { from: w[0], to: w[1] }, &profile, Lang::En);
                for (s, v) in sum.iter_mut().zip(additive(&part.counts)) {
                    *s += v;
                }
                prop_assert_eq!(part.breaches.len() as u64, part.counts.breached);
            }
            prop_assert_eq!(sum, additive(&r.counts));
            // Per application, per kind, per channel: partitions of the whole too.
            for groups in [&r.by_application, &r.by_kind, &r.by_channel, &r.by_tier] {
                let mut s = [0i64; 9];
                for c in groups.values() {
                    for (x, v) in s.iter_mut().zip(additive(c)) {
                        *x += v;
                    }
                }
                prop_assert_eq!(s, additive(&r.counts));
            }
            for c in std::iter::once(&r.counts).chain(r.by_application.values()).chain(r.weekly.iter().map(|w| &w.counts)) {
                if let Some(x) = c.compliance {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
                prop_assert_eq!(c.tickets, c.open + c.finished + c.cancelled);
                prop_assert_eq!(c.breached, c.finished - c.met + c.breached_open);
            }
            let mut listed: Vec<&str> = r.breaches.iter().map(|b| b.number.as_str()).collect();
            listed.sort_unstable();
            let before = listed.len();
            listed.dedup();
            prop_assert_eq!(before, listed.len());
            prop_assert_eq!(listed.len() as u64, r.counts.breached);
            prop_assert_eq!(r.backlog.iter().map(|b| b.count).sum::<u64>(), r.counts.open);
            prop_assert_eq!(r.weekly.iter().map(|w| w.counts.tickets).sum::<u64>(), r.counts.tickets);
            prop_assert_eq!(r.monthly.len(), 3);
        }

        /// Each ticket's facts are its resolution clock's reading.
        #[test]
        fn facts_agree_with_the_clocks(seed in any::<u64>()) {
            let profile = Profile::jatengprov();
            let (from, until) = (t("2026-03-02T00:00:00+07:00"), t("2026-03-23T00:00:00+07:00"));
            for ticket in simulate(&profile, from, until, seed, Volume::default()) {
                let f = TicketFacts::of(&ticket, &profile.calendar, until).unwrap();
                let c = ticket.clock(ClockKind::Resolution, &profile.calendar, until).unwrap();
                prop_assert_eq!(f.elapsed, c.elapsed);
                prop_assert_eq!(f.budget, c.budget);
                // A finished ticket's deadline as it stood at the delivery.
                let at = f.delivered.filter(|_| f.outcome.finished()).unwrap_or(until);
                let c_due = ticket.clock(ClockKind::Resolution, &profile.calendar, at).unwrap().due;
                prop_assert_eq!(f.due, c_due);
                prop_assert!(f.due <= c.due);
                prop_assert_eq!(f.outcome.breached(), c.status == crate::ticket::ClockStatus::Breached && f.outcome != Outcome::Cancelled);
                prop_assert_eq!(f.outcome == Outcome::Met, c.status == crate::ticket::ClockStatus::Met && f.outcome.finished());
                prop_assert!(f.over_by == 0 || f.outcome.breached());
                if f.outcome.breached() {
                    prop_assert_eq!(f.over_by, c.elapsed - c.budget);
                }
                prop_assert!(f.paused >= 0);
            }
        }
    }

    /// The explanation as first written (one `format!` per piece, `Calendar::when`
    /// for every instant): what the fast one must still say.
    fn explain_reference(f: &TicketFacts, profile: &Profile, lang: Lang) -> String {
        let cal = &profile.calendar;
        let when = |t: Timestamp| cal.when(t, lang);
        let (received, target, start, due) = (
            when(f.received()),
            f.target().to_string(),
            when(f.clock_starts()),
            when(f.due_at_receipt()),
        );
        let mut s = crate::error::say!(lang,
            id: "diterima {received}; target {target} operasional dihitung dari {start} → tenggat {due}",
            en: "received {received}; target {target} operational counted from {start} → due {due}",
        );
        let skipped: Vec<String> = cal
            .explain_between(f.clock_starts().min(f.due_at_receipt()), f.due_at_receipt())
            .map(|e| {
                e.stretches
                    .iter()
                    .filter_map(|st| match st {
                        Stretch::Skipped {
                            closure: Closure::Holiday { name, .. },
                            ..
                        } => Some(name.clone()),
                        Stretch::Skipped {
                            closure: Closure::Override { name },
                            ..
                        } => Some(
                            name.clone()
                                .unwrap_or_else(|| lang.pick("libur", "closure").into()),
                        ),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut skipped_unique = skipped;
        skipped_unique.dedup();
        if !skipped_unique.is_empty() {
            s.push_str(&format!(
                " ({} {})",
                lang.pick("melewati", "skipping"),
                skipped_unique.join(", ")
            ));
        }
        if f.paused() > 0 {
            s.push_str(&format!(
                "; {} {} → {}",
                lang.pick("digeser oleh jeda", "moved by pauses of"),
                format_seconds(f.paused()),
                when(f.due())
            ));
        }
        let late = format_seconds(f.over_by());
        s.push_str(&match f.delivered().filter(|_| f.outcome().finished()) {
            Some(d) => format!(
                "; {} {}, {} {late} {}",
                lang.pick("solusi disampaikan", "solution delivered"),
                when(d),
                lang.pick("terlambat", "late by"),
                lang.pick("operasional", "operational"),
            ),
            None => format!(
                "; {} {}: {} {late} {}",
                lang.pick("belum selesai per", "not finished as of"),
                when(f.as_of()),
                lang.pick("lewat", "over by"),
                lang.pick("operasional", "operational"),
            ),
        });
        s
    }

    #[test]
    fn explanations_say_what_they_said() {
        for seed in [3, 4] {
            let (profile, facts, _) = quarter(seed);
            let mut n = 0;
            for f in facts
                .iter()
                .filter(|f| f.outcome.breached() || f.paused > 0)
            {
                for lang in [Lang::Id, Lang::En] {
                    assert_eq!(
                        explain_breach(f, &profile, lang),
                        explain_reference(f, &profile, lang)
                    );
                }
                n += 1;
            }
            assert!(n > 20, "{n}");
        }
    }

    #[test]
    fn a_simulated_year_looks_like_a_desk() {
        let profile = Profile::jatengprov();
        let (from, until) = (
            t("2026-01-01T00:00:00+07:00"),
            t("2027-01-01T00:00:00+07:00"),
        );
        let tickets = simulate(&profile, from, until, 2026, Volume::default());
        let facts: Vec<TicketFacts> = tickets
            .iter()
            .map(|x| TicketFacts::of(x, &profile.calendar, until).unwrap())
            .collect();
        let r = report(
            &facts,
            &Filter::default(),
            Period { from, to: until },
            &profile,
            Lang::Id,
        );
        // ~245 open days × 12 plus closed days' trickle.
        assert!(
            (2500..4000).contains(&r.counts.tickets),
            "{}",
            r.counts.tickets
        );
        let c = r.counts.compliance.unwrap();
        assert!((0.75..0.97).contains(&c), "compliance {c}");
        assert!(r.counts.breached > 0 && r.counts.cancelled > 0 && r.counts.reopened > 0);
        assert_eq!(r.monthly.len(), 12);
        assert_eq!(r.by_application.len(), 8, "{:?}", r.by_application.keys());
        // Fewer messages in the week of Nyepi and the Idul Fitri leave (three closed
        // weekdays) than in an open week.
        let leave = r.weekly.iter().find(|w| w.period == "2026-W12").unwrap();
        let open = r.weekly.iter().find(|w| w.period == "2026-W10").unwrap();
        assert!(
            leave.counts.tickets * 4 < open.counts.tickets * 3,
            "{leave:?} {open:?}"
        );
        // Every breach explains itself.
        let b = &r.breaches[0];
        assert!(
            b.explanation.contains("tenggat") && b.explanation.contains("operasional"),
            "{}",
            b.explanation
        );
        let load = &r.load["e-penatausahaan"];
        assert_eq!(load.team_size, 4);
    }
}
