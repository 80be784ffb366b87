//! Stable names: the tiers of the flow chart, the events and states of a ticket, and
//! what the flow allows next as data (`{event, to?}`).
//!
//! Below the errors and the tickets, which both name them (a refusal lists what is
//! allowed).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The tiers of the standard's flow chart (section A2), lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The desk's first line: receives, answers the first diamond, handles directly.
    FirstLine,
    /// The application's responsible staff (section B5): executes by incident type.
    ApplicationStaff,
    /// Change Management (Manajemen Perubahan).
    ChangeManagement,
    /// Information Security Management (Manajemen Keamanan Informasi).
    InformationSecurity,
    /// Operations Management & System Design (Manajemen Operasional & Desain Sistem).
    OperationsDesign,
}

impl Tier {
    /// All tiers, lowest first.
    pub const ALL: [Tier; 5] = [
        Tier::FirstLine,
        Tier::ApplicationStaff,
        Tier::ChangeManagement,
        Tier::InformationSecurity,
        Tier::OperationsDesign,
    ];

    /// The name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tier::FirstLine => lang.pick("lini pertama", "first line"),
            Tier::ApplicationStaff => lang.pick("penanggung jawab aplikasi", "application staff"),
            Tier::ChangeManagement => lang.pick("Manajemen Perubahan", "Change Management"),
            Tier::InformationSecurity => lang.pick(
                "Manajemen Keamanan Informasi",
                "Information Security Management",
            ),
            Tier::OperationsDesign => lang.pick(
                "Manajemen Operasional & Desain Sistem",
                "Operations Management & System Design",
            ),
        }
    }

    /// The tier above (none above Operations & System Design: the supervisor).
    pub fn above(self) -> Option<Tier> {
        Tier::ALL.iter().copied().find(|t| *t > self)
    }
}

/// The stable name of a tier.
pub fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::FirstLine => "first_line",
        Tier::ApplicationStaff => "application_staff",
        Tier::ChangeManagement => "change_management",
        Tier::InformationSecurity => "information_security",
        Tier::OperationsDesign => "operations_design",
    }
}

/// The stable name of an event, as serialized (`snake_case`): the `type` of an
/// [`EventKind`](crate::ticket::EventKind) in event files and the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EventName {
    /// The ticket was received.
    Received,
    /// Diamond B = yes: the first line handles it directly.
    HandleDirectly,
    /// Diamond B = no: ticketed for the application's staff.
    CreateTicket,
    /// Forwarded to a tier.
    Forward,
    /// A solution was delivered.
    DeliverSolution,
    /// Closed.
    Close,
    /// Reopened.
    Reopen,
    /// Waiting for the reporter (clocks paused).
    WaitForReporter,
    /// The reporter replied.
    ReporterReplied,
    /// Rejected as out of scope.
    Reject,
    /// Merged into another ticket.
    MergeInto,
    /// Assigned to someone.
    Assign,
    /// Classified.
    Classify,
    /// Answered (the first response).
    Respond,
    /// A note.
    Comment,
    /// An SLA warning.
    SlaWarning,
    /// An SLA breach.
    SlaBreached,
    /// The SLA terms re-evaluated.
    Reevaluate,
}

impl EventName {
    /// Every event name, in the order of the flow.
    pub const ALL: [EventName; 18] = [
        EventName::Received,
        EventName::HandleDirectly,
        EventName::CreateTicket,
        EventName::Forward,
        EventName::DeliverSolution,
        EventName::Close,
        EventName::Reopen,
        EventName::WaitForReporter,
        EventName::ReporterReplied,
        EventName::Reject,
        EventName::MergeInto,
        EventName::Assign,
        EventName::Classify,
        EventName::Respond,
        EventName::Comment,
        EventName::SlaWarning,
        EventName::SlaBreached,
        EventName::Reevaluate,
    ];

    /// The stable name, e.g. `deliver_solution`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Received => "received",
            EventName::HandleDirectly => "handle_directly",
            EventName::CreateTicket => "create_ticket",
            EventName::Forward => "forward",
            EventName::DeliverSolution => "deliver_solution",
            EventName::Close => "close",
            EventName::Reopen => "reopen",
            EventName::WaitForReporter => "wait_for_reporter",
            EventName::ReporterReplied => "reporter_replied",
            EventName::Reject => "reject",
            EventName::MergeInto => "merge_into",
            EventName::Assign => "assign",
            EventName::Classify => "classify",
            EventName::Respond => "respond",
            EventName::Comment => "comment",
            EventName::SlaWarning => "sla_warning",
            EventName::SlaBreached => "sla_breached",
            EventName::Reevaluate => "reevaluate",
        }
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable name of a state, as serialized (`snake_case`): a working stage's
/// name, or where the ticket waits or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum StateName {
    /// A: received, awaiting diamond B.
    Received,
    /// C: handled directly by the first line.
    HandledDirectly,
    /// D → E: executed by the application's staff.
    Executing,
    /// H: Change Management.
    ChangeManagement,
    /// J: Information Security.
    InformationSecurity,
    /// G: Operations Design.
    OperationsDesign,
    /// Waiting for the reporter (clocks paused).
    WaitingForReporter,
    /// L: solution delivered.
    SolutionDelivered,
    /// M: closed.
    Closed,
    /// Rejected as out of scope.
    Rejected,
    /// Merged into another ticket.
    Merged,
    /// Feedback about the desk, referred (section A6).
    Referred,
}

impl StateName {
    /// Every state name.
    pub const ALL: [StateName; 12] = [
        StateName::Received,
        StateName::HandledDirectly,
        StateName::Executing,
        StateName::ChangeManagement,
        StateName::InformationSecurity,
        StateName::OperationsDesign,
        StateName::WaitingForReporter,
        StateName::SolutionDelivered,
        StateName::Closed,
        StateName::Rejected,
        StateName::Merged,
        StateName::Referred,
    ];

    /// Whether a ticket in this state is terminal (see
    /// [`State::is_terminal`](crate::ticket::State::is_terminal)).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            StateName::Closed | StateName::Rejected | StateName::Merged | StateName::Referred
        )
    }
}

/// An event the flow allows now: its name, and for a forward the tier it goes to.
///
/// Displayed as in refusal messages: `forward to change_management`, `close`,
/// `reopen (within the window)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AllowedEvent"))]
pub struct Allowed {
    /// The event.
    pub event: EventName,
    /// The tier a forward goes to (absent for other events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub to: Option<Tier>,
}

impl Allowed {
    pub(crate) fn of(event: EventName) -> Allowed {
        Allowed { event, to: None }
    }
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.event, self.to) {
            (e, Some(t)) => write!(f, "{e} to {}", tier_name(t)),
            (EventName::Reopen, None) => f.write_str("reopen (within the window)"),
            (e, None) => write!(f, "{e}"),
        }
    }
}
