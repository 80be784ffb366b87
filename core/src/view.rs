//! What people see of tickets: the objects of the HTTP API, of `loket ticket show
//! --format json` and of the staff pages, one type each, serialized one way.
//!
//! Every type here derives its JSON Schema (feature `schema`, the OpenAPI document's
//! components) and its TypeScript declaration (feature `ts`) from the same
//! definition, so a field added here appears in all of them at once.

use serde::{Deserialize, Serialize};

use crate::calendar::{Coverage, CoverageWarning};
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::profile::Profile;
use crate::ticket::{
    mask_personal_numbers, Actor, Allowed, Channel, ClockKind, ClockState, ClockStatus, EventKind,
    EventName, Priority, Reporter, StateName, Ticket, Tier,
};
use crate::time::Timestamp;

/// A ticket in a list: what staff need to pick one, with its resolution clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TicketSummary {
    /// Its number, e.g. `JTG-2026-000123`.
    pub number: String,
    /// Complaint, request or incident.
    pub kind: TicketKind,
    /// The product id (`null` for feedback about the desk).
    pub application: Option<String>,
    /// The product's name for people, when the desk knows the product.
    pub application_name: Option<String>,
    /// The channel it came by.
    pub channel: Channel,
    /// Subject, with long digit runs (phone numbers, NIK) masked.
    pub subject: String,
    /// Where it is in the flow.
    pub state: StateName,
    /// The state's name for people, in the request's language.
    pub state_label: String,
    /// The tier working it.
    pub tier: Tier,
    /// The tier's name for people.
    pub tier_label: String,
    /// Who works it.
    pub assignee: Option<String>,
    /// Priority.
    pub priority: Priority,
    /// When it was received.
    pub received_at: Timestamp,
    /// The resolution clock (`null` when it cannot be computed).
    pub sla: Option<ClockState>,
}

/// A ticket as staff see it: the summary with the message, the reporter and the
/// outcome fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TicketRecord {
    /// What the list shows.
    #[serde(flatten)]
    pub summary: TicketSummary,
    /// The message.
    pub body: String,
    /// The reporter (personal data: staff views only).
    pub reporter: Reporter,
    /// Category.
    pub category: Option<String>,
    /// The ticket it was merged into.
    pub merged_into: Option<String>,
    /// When the last solution was delivered.
    pub delivered_at: Option<Timestamp>,
}

/// One line of a ticket's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEntry {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub by: Actor,
    /// The event's name.
    pub event: EventName,
    /// What happened, for people, in the request's language.
    pub text: String,
    /// Why, as recorded.
    pub reason: Option<String>,
}

/// A ticket with what staff can do next, its clocks and its timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TicketDetail {
    /// The ticket.
    pub ticket: TicketRecord,
    /// The events the flow allows now.
    pub allowed: Vec<Allowed>,
    /// Its clocks: resolution, and first response when the desk has that target.
    pub clocks: Vec<ClockState>,
    /// Every event, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// A page of a ticket list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TicketPage {
    /// How many tickets match the filters (on every page).
    pub total: usize,
    /// This page's tickets, newest first.
    pub tickets: Vec<TicketSummary>,
}

/// Where a ticket's resolution clock stands, for filtering lists: a clock's status,
/// `paused` for a paused clock whatever its status, `none` without a clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SlaFilter {
    /// Running within its target (`ok` is read as this too).
    #[serde(alias = "ok")]
    OnTrack,
    /// Past the warning share.
    Warning,
    /// Past its target.
    Breached,
    /// Paused (waiting for the reporter, or a solution delivered).
    Paused,
    /// Stopped within its target.
    Met,
    /// Stopped without an outcome.
    Cancelled,
    /// No clock.
    None,
}

impl SlaFilter {
    /// Every filter, as written in a query.
    pub const ALL: [SlaFilter; 7] = [
        SlaFilter::OnTrack,
        SlaFilter::Warning,
        SlaFilter::Breached,
        SlaFilter::Paused,
        SlaFilter::Met,
        SlaFilter::Cancelled,
        SlaFilter::None,
    ];

    /// Reads a filter from a query value (`on_track` or `ok`, `warning`, …).
    pub fn parse(s: &str) -> Option<SlaFilter> {
        match s {
            "ok" | "on_track" => Some(SlaFilter::OnTrack),
            "warning" => Some(SlaFilter::Warning),
            "breached" => Some(SlaFilter::Breached),
            "paused" => Some(SlaFilter::Paused),
            "met" => Some(SlaFilter::Met),
            "cancelled" => Some(SlaFilter::Cancelled),
            "none" => Some(SlaFilter::None),
            _ => None,
        }
    }

    /// The filter as written in a query.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaFilter::OnTrack => "on_track",
            SlaFilter::Warning => "warning",
            SlaFilter::Breached => "breached",
            SlaFilter::Paused => "paused",
            SlaFilter::Met => "met",
            SlaFilter::Cancelled => "cancelled",
            SlaFilter::None => "none",
        }
    }

    /// The filter a clock falls under.
    pub fn of(clock: Option<&ClockState>) -> SlaFilter {
        match clock {
            None => SlaFilter::None,
            Some(c) if c.paused => SlaFilter::Paused,
            Some(c) => match c.status {
                ClockStatus::OnTrack => SlaFilter::OnTrack,
                ClockStatus::Warning => SlaFilter::Warning,
                ClockStatus::Breached => SlaFilter::Breached,
                ClockStatus::Met => SlaFilter::Met,
                ClockStatus::Cancelled => SlaFilter::Cancelled,
            },
        }
    }
}

impl TicketSummary {
    /// The summary of `t` at `now`, labels in `lang`.
    pub fn of(t: &Ticket, profile: &Profile, now: Timestamp, lang: Lang) -> TicketSummary {
        TicketSummary {
            number: t.number().to_string(),
            kind: t.kind(),
            application: t.application().map(str::to_string),
            application_name: t
                .application()
                .and_then(|a| profile.desk.product_by_id(a))
                .map(|p| p.name.clone()),
            channel: t.channel(),
            subject: mask_personal_numbers(t.subject()),
            state: StateName::of(&t.state()),
            state_label: t.state().label(lang),
            tier: t.tier(),
            tier_label: t.tier().label(lang).to_string(),
            assignee: t.assignee().map(str::to_string),
            priority: t.priority(),
            received_at: t.received_at(),
            sla: t.clock(ClockKind::Resolution, &profile.calendar, now).ok(),
        }
    }
}

impl TicketDetail {
    /// The detail of `t` at `now`, texts in `lang`.
    pub fn of(t: &Ticket, profile: &Profile, now: Timestamp, lang: Lang) -> TicketDetail {
        let summary = TicketSummary::of(t, profile, now, lang);
        let mut clocks: Vec<ClockState> = summary.sla.iter().cloned().collect();
        if t.sla().first_response.is_some() {
            clocks.extend(
                t.clock(ClockKind::FirstResponse, &profile.calendar, now)
                    .ok(),
            );
        }
        TicketDetail {
            ticket: TicketRecord {
                summary,
                body: t.body().to_string(),
                reporter: t.reporter().clone(),
                category: t.category().map(str::to_string),
                merged_into: t.merged_into().map(str::to_string),
                delivered_at: t.delivered_at(),
            },
            allowed: t.allowed(),
            clocks,
            timeline: t
                .history()
                .iter()
                .map(|e| TimelineEntry {
                    at: e.at,
                    by: e.by.clone(),
                    event: e.what.event_name(),
                    text: e.what.describe(lang),
                    reason: e.reason.clone(),
                })
                .collect(),
        }
    }
}

/// What the holder of a ticket's access key sees (the citizen's status page): no
/// personal data, no internal notes, and never what a reporter wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicStatus {
    /// The ticket's number.
    pub number: String,
    /// Complaint, request or incident.
    pub kind: TicketKind,
    /// The kind's name for people.
    pub kind_label: String,
    /// The application's name for people, when the desk knows it.
    pub application_name: Option<String>,
    /// Where it is in the flow.
    pub state: StateName,
    /// The state's name for people.
    pub state_label: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// When it is due (the resolution clock's deadline).
    pub due: Option<Timestamp>,
    /// The resolution clock: where it stands and when it is due.
    pub sla: Option<PublicClock>,
    /// The solution delivered last (absent once reopened).
    pub solution: Option<String>,
    /// What happened, oldest first, in the request's language.
    pub timeline: Vec<PublicEvent>,
}

/// Where a ticket's resolution clock stands, for the reporter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicClock {
    /// Where it stands.
    pub status: ClockStatus,
    /// Paused (waiting for the reporter, or a solution delivered).
    pub paused: bool,
    /// The deadline.
    pub due: Timestamp,
}

/// One line of the reporter's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublicEvent {
    /// When.
    pub at: Timestamp,
    /// What happened, for people.
    pub text: String,
}

impl PublicStatus {
    /// The reporter's view of `t` at `now`, texts in `lang`; staff names are shown
    /// only with `staff_names`.
    pub fn of(
        t: &Ticket,
        profile: &Profile,
        now: Timestamp,
        lang: Lang,
        staff_names: bool,
    ) -> PublicStatus {
        let sla = t.clock(ClockKind::Resolution, &profile.calendar, now).ok();
        let mut solution = None;
        let timeline = t
            .history()
            .iter()
            .filter_map(|e| {
                let text = match &e.what {
                    EventKind::Comment { .. }
                    | EventKind::Classify { .. }
                    | EventKind::SlaBreached { .. }
                    | EventKind::SlaWarning { .. }
                    | EventKind::Reevaluate { .. } => return None,
                    EventKind::Assign { .. } if !staff_names => lang
                        .pick("ditangani petugas", "assigned to staff")
                        .to_string(),
                    EventKind::DeliverSolution { solution: s } => {
                        solution = Some(s.clone());
                        e.what.describe(lang)
                    }
                    EventKind::Reopen => {
                        solution = None;
                        e.what.describe(lang)
                    }
                    // What a reporter wrote is never shown here: the key's holder may
                    // not be the person who wrote it (a message joined by contact),
                    // and the writer knows what they wrote.
                    EventKind::ReporterReplied { .. } => lang
                        .pick(
                            "pesan pelapor diterima",
                            "the reporter's message was received",
                        )
                        .to_string(),
                    EventKind::Received { kind, channel, .. } => format!(
                        "{} {} {} {}",
                        lang.pick("diterima:", "received:"),
                        kind.label(lang),
                        lang.pick("melalui", "via"),
                        channel.label(lang)
                    ),
                    other => other.describe(lang),
                };
                Some(PublicEvent { at: e.at, text })
            })
            .collect();
        PublicStatus {
            number: t.number().to_string(),
            kind: t.kind(),
            kind_label: t.kind().label(lang).to_string(),
            application_name: t
                .application()
                .and_then(|a| profile.desk.product_by_id(a))
                .map(|p| p.name.clone()),
            state: StateName::of(&t.state()),
            state_label: t.state().label(lang),
            received_at: t.received_at(),
            due: sla.as_ref().map(|c| c.due),
            sla: sla.map(|c| PublicClock {
                status: c.status,
                paused: c.paused,
                due: c.due,
            }),
            solution,
            timeline,
        }
    }
}

/// How far the calendar's holiday list reaches, with the warning staff see before
/// the decreed dates run out (`/health`, `GET /api/v1/desk`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverageStatus {
    /// The coverage itself.
    #[serde(flatten)]
    pub coverage: Coverage,
    /// The warning, when the confirmed list ends within the desk's warning days.
    pub warning: Option<CoverageAlert>,
}

/// A coverage warning with its message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverageAlert {
    /// `calendar.coverage_ending` or `calendar.coverage_ended`.
    pub code: String,
    /// The warning.
    #[serde(flatten)]
    pub warning: CoverageWarning,
    /// The message in the request's language.
    pub message: String,
    /// The message in Bahasa Indonesia.
    pub message_id: String,
    /// The message in English.
    pub message_en: String,
}

impl CoverageStatus {
    /// The coverage of `profile`'s calendar on `now`'s local date, messages in `lang`.
    pub fn of(profile: &Profile, now: Timestamp, lang: Lang) -> CoverageStatus {
        let cal = &profile.calendar;
        let today = now.in_zone(cal.timezone()).date_naive();
        CoverageStatus {
            coverage: cal.coverage(),
            warning: cal
                .coverage_warning(today, profile.desk.coverage_warning_days)
                .map(|w| CoverageAlert::of(w, lang)),
        }
    }
}

impl CoverageAlert {
    /// The warning with its messages.
    pub fn of(w: CoverageWarning, lang: Lang) -> CoverageAlert {
        CoverageAlert {
            code: w.code().to_string(),
            message: w.message(lang),
            message_id: w.message(Lang::Id),
            message_en: w.message(Lang::En),
            warning: w,
        }
    }
}
