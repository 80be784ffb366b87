//! The stable names of events and states, and what the flow allows next as data
//! (`{event, to?}`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::event::Tier;
use super::{tier_name, Stage, State, Ticket};

/// The stable name of an event, as serialized (`snake_case`): the `type` of an
/// [`EventKind`](super::EventKind) in event files and the API.
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

    /// The name of `state`.
    pub fn of(state: &State) -> StateName {
        match state {
            State::Working(s) => match s {
                Stage::Received => StateName::Received,
                Stage::HandledDirectly => StateName::HandledDirectly,
                Stage::Executing => StateName::Executing,
                Stage::ChangeManagement => StateName::ChangeManagement,
                Stage::InformationSecurity => StateName::InformationSecurity,
                Stage::OperationsDesign => StateName::OperationsDesign,
            },
            State::WaitingForReporter(_) => StateName::WaitingForReporter,
            State::SolutionDelivered(_) => StateName::SolutionDelivered,
            State::Closed(_) => StateName::Closed,
            State::Rejected => StateName::Rejected,
            State::Merged => StateName::Merged,
            State::Referred => StateName::Referred,
        }
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
    fn of(event: EventName) -> Allowed {
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

impl Ticket {
    /// The events the flow allows now, in a stable order; forwards name their tier.
    ///
    /// A reopen of a closed ticket is listed; whether it is still within the reopen
    /// window is checked when it is applied.
    pub fn allowed(&self) -> Vec<Allowed> {
        use EventName as E;
        let mut v: Vec<Allowed> = Vec::new();
        match &self.state {
            State::Working(s) => {
                if *s == Stage::Received {
                    v.extend([E::HandleDirectly, E::CreateTicket].map(Allowed::of));
                }
                v.extend(s.forwards().iter().map(|t| Allowed {
                    event: E::Forward,
                    to: Some(*t),
                }));
                if s.delivers() {
                    v.push(Allowed::of(E::DeliverSolution));
                }
                v.extend([E::WaitForReporter, E::Reject, E::MergeInto].map(Allowed::of));
            }
            State::WaitingForReporter(_) => {
                v.extend([E::ReporterReplied, E::Reject, E::MergeInto].map(Allowed::of))
            }
            State::SolutionDelivered(_) => v.extend([E::Close, E::Reopen].map(Allowed::of)),
            State::Closed(_) => v.push(Allowed::of(E::Reopen)),
            State::Rejected | State::Merged | State::Referred => {}
        }
        if !self.state.is_terminal() {
            v.extend([E::Assign, E::Classify, E::Respond].map(Allowed::of));
        }
        v.push(Allowed::of(E::Comment));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for n in EventName::ALL {
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(json, format!("\"{}\"", n.as_str()));
            assert_eq!(serde_json::from_str::<EventName>(&json).unwrap(), n);
        }
    }

    #[test]
    fn state_names_are_the_states_names() {
        let states = [
            State::Working(Stage::Received),
            State::Working(Stage::HandledDirectly),
            State::Working(Stage::Executing),
            State::Working(Stage::ChangeManagement),
            State::Working(Stage::InformationSecurity),
            State::Working(Stage::OperationsDesign),
            State::WaitingForReporter(Stage::Executing),
            State::SolutionDelivered(Stage::Executing),
            State::Closed(Stage::Executing),
            State::Rejected,
            State::Merged,
            State::Referred,
        ];
        for (s, n) in states.iter().zip(StateName::ALL) {
            assert_eq!(StateName::of(s), n);
            assert_eq!(serde_json::to_value(n).unwrap(), s.name());
        }
    }

    #[test]
    fn allowed_serializes_as_event_and_tier() {
        let a = Allowed {
            event: EventName::Forward,
            to: Some(Tier::ChangeManagement),
        };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"event":"forward","to":"change_management"}"#
        );
        assert_eq!(a.to_string(), "forward to change_management");
        let c = Allowed::of(EventName::Close);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"event":"close"}"#);
    }
}
