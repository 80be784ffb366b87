//! Routing: who works a ticket and how the chart's diamonds are answered.
//!
//! A [`Router`] sees a [`TicketView`] (no personal data) and a [`RoutingContext`]
//! and returns a [`Decision`]: a *recommendation* that [`Ticket::apply_decision`]
//! turns into ordinary events by the router, which staff can override with events of
//! their own. Plugins (WebAssembly, in the host) implement the same interface.

use serde::{Deserialize, Serialize};

use crate::kind::TicketKind;
use crate::time::Timestamp;

use super::event::{Actor, Event, EventKind, Priority};
use super::intake::Channel;
use super::sla::ClockState;
use super::{Context, Stage, State, Ticket, TicketError};
use crate::names::Tier;

/// What a router sees of a ticket: no reporter contact details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TicketView {
    /// Number.
    pub number: String,
    /// Kind.
    pub kind: TicketKind,
    /// Product id.
    pub application: Option<String>,
    /// Channel.
    pub channel: Channel,
    /// Subject.
    pub subject: String,
    /// Message text.
    pub body: String,
    /// When received.
    pub received_at: Timestamp,
    /// State (stable name).
    pub state: String,
    /// Tier.
    pub tier: Tier,
    /// Current assignee.
    pub assignee: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Priority.
    pub priority: Priority,
    /// Event names in order with their times (no texts).
    pub history: Vec<(Timestamp, String)>,
    /// The resolution clock, if computed.
    pub sla: Option<ClockState>,
}

/// A member of the team that can take the ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RosterMember {
    /// Name.
    pub name: String,
    /// Open tickets assigned now.
    pub open_load: u32,
    /// When they were last assigned a ticket.
    pub last_assigned: Option<Timestamp>,
}

/// What a router knows besides the ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RoutingContext {
    /// Now.
    pub now: Timestamp,
    /// Whether the desk is open now.
    pub desk_open: bool,
    /// The application's team, in roster order, with their load.
    pub roster: Vec<RosterMember>,
}

/// A step of the flow a router can recommend (the diamonds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "step", content = "tier", rename_all = "snake_case")]
pub enum Step {
    /// Diamond B = yes.
    HandleDirectly,
    /// Diamond B = no.
    CreateTicket,
    /// Diamonds F, I, K: forward to a tier.
    Forward(Tier),
}

/// A router's recommendation. Every field is optional; an empty decision defers
/// to the default router.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// A step of the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// Who should work it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Why, shown to staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Decision {
    /// Whether the decision says nothing (defer to the default router).
    pub fn is_empty(&self) -> bool {
        self.step.is_none()
            && self.assign.is_none()
            && self.category.is_none()
            && self.priority.is_none()
    }
}

/// Decides the diamonds and the assignee of a ticket.
pub trait Router {
    /// The router's name, recorded as the actor of its events.
    fn name(&self) -> &str;
    /// The recommendation for `view` in `ctx`.
    fn route(&self, view: &TicketView, ctx: &RoutingContext) -> Decision;
}

/// The default router: a received ticket is ticketed for its application's team
/// (diamond B = no: whether it can be resolved directly is the first line's call)
/// and assigned to the member with the least open load, ties broken round robin
/// (the one assigned longest ago, never-assigned first, then roster order).
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultRouter;

impl Router for DefaultRouter {
    fn name(&self) -> &str {
        "default"
    }

    fn route(&self, view: &TicketView, ctx: &RoutingContext) -> Decision {
        let step = (view.state == Stage::Received.name()).then_some(Step::CreateTicket);
        let needs_person =
            view.assignee.is_none() && matches!(view.state.as_str(), "received" | "executing");
        let assign = if needs_person {
            least_loaded(&ctx.roster)
        } else {
            None
        };
        let reason = assign
            .as_ref()
            .map(|a| format!("least open load in the team, then round robin: {a}"));
        Decision {
            step,
            assign,
            category: None,
            priority: None,
            reason,
        }
    }
}

/// The member with the least open load; ties: longest since last assignment
/// (never assigned first), then roster order.
pub fn least_loaded(roster: &[RosterMember]) -> Option<String> {
    roster
        .iter()
        .enumerate()
        .min_by_key(|(i, m)| {
            (
                m.open_load,
                m.last_assigned.map_or(i64::MIN, |t| t.unix()),
                *i,
            )
        })
        .map(|(_, m)| m.name.clone())
}

impl Ticket {
    /// What routers see of this ticket.
    pub fn view(&self, sla: Option<ClockState>) -> TicketView {
        TicketView {
            number: self.number.clone(),
            kind: self.kind,
            application: self.application.clone(),
            channel: self.channel,
            subject: self.subject.clone(),
            body: self.body.clone(),
            received_at: self.received_at,
            state: self.state.name().to_string(),
            tier: self.tier,
            assignee: self.assignee.clone(),
            category: self.category.clone(),
            priority: self.priority,
            history: self
                .history
                .iter()
                .map(|e| (e.at, e.what.name().to_string()))
                .collect(),
            sla,
        }
    }

    /// Applies a router's decision as events by `Actor::Router(router)` at `at`: all
    /// or nothing. Returns the events applied.
    ///
    /// # Errors
    /// The first refused event (e.g. a forward the flow does not allow here); the
    /// ticket is unchanged, so the caller can fall back to the default router.
    pub fn apply_decision(
        &mut self,
        d: &Decision,
        router: &str,
        at: Timestamp,
        ctx: &Context<'_>,
    ) -> Result<Vec<Event>, TicketError> {
        let by = Actor::Router(router.to_string());
        let mut events = Vec::new();
        let mk = |what| Event {
            at,
            by: by.clone(),
            what,
            reason: d.reason.clone(),
        };
        if d.category.is_some() || d.priority.is_some() {
            events.push(mk(EventKind::Classify {
                category: d.category.clone(),
                priority: d.priority,
            }));
        }
        match d.step {
            Some(Step::HandleDirectly) => events.push(mk(EventKind::HandleDirectly)),
            Some(Step::CreateTicket) => events.push(mk(EventKind::CreateTicket)),
            Some(Step::Forward(t)) => events.push(mk(EventKind::Forward { to: t })),
            None => {}
        }
        if let Some(a) = &d.assign {
            events.push(mk(EventKind::Assign { to: a.clone() }));
        }
        let mut next = self.clone();
        for e in &events {
            next.apply(e.clone(), ctx)?;
        }
        *self = next;
        Ok(events)
    }

    /// Whether this ticket still waits for a routing decision (received, or
    /// ticketed without an assignee).
    pub fn needs_routing(&self) -> bool {
        matches!(self.state, State::Working(Stage::Received))
            || (matches!(self.state, State::Working(Stage::Executing)) && self.assignee.is_none())
    }
}
