//! Tickets: the standard's flow chart (section A2) as an event-sourced state machine.
//!
//! A ticket is a fold over its [`Event`]s: [`Ticket::replay`] rebuilds it from its
//! history, [`Ticket::apply`] checks one more event against the flow and appends it.
//! The flow, with the chart's letters:
//!
//! ```text
//! Received (A) ──handle_directly (B yes)──▶ HandledDirectly (C) ──deliver_solution──▶ SolutionDelivered (L) ──close──▶ Closed (M)
//!      └──create_ticket (B no)──▶ Executing (D→E, application staff)
//!             ├─forward operations_design (F yes)──▶ OperationsDesign (G) ──deliver_solution──▶ L   [reading: G → L]
//!             └─forward change_management (F no)──▶ ChangeManagement (H)
//!                    ├─forward operations_design (I yes)──▶ G
//!                    └─forward information_security (I no)──▶ InformationSecurity (J)
//!                           ├─deliver_solution (K yes)──▶ L
//!                           └─forward operations_design (K no)──▶ G
//! ```
//! Added where every desk needs it (the chart is silent): waiting for the reporter
//! (clocks paused) from any working stage and back; reopen from L or M within the
//! reopen window (back to the stage that delivered); reject as out of scope and merge
//! into a duplicate from any open state (terminal); assignment, classification,
//! answers and notes at any open state; SLA warning and breach events.

mod contact;
mod event;
pub mod infer;
mod intake;
mod names;
mod render;
mod router;
mod sla;
mod wire;

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::duration::OpDuration;
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::profile::Profile;
use crate::time::Timestamp;

pub use crate::desk::{DeskConfig, Product};
pub use crate::error::{ContactError, TicketError};
pub use crate::names::{tier_name, Allowed, EventName, StateName, Tier};
pub use contact::{mask_personal_numbers, normalize_email, normalize_phone, ContactProof};
pub use event::{Actor, ClockKind, Event, EventKind, Priority, SlaTerms};
pub use intake::{intake, Channel, IntakeOutcome, Message, Refusal, Reporter};
pub use router::{Decision, DefaultRouter, RosterMember, Router, RoutingContext, Step, TicketView};
pub use sla::{deadline_move, ClockState, ClockStatus, DeadlineMove};

/// A working stage of the flow chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A: received, awaiting diamond B (first line).
    Received,
    /// C: processed directly by the first line.
    HandledDirectly,
    /// D → E: ticketed, executed by the application's staff by incident type.
    Executing,
    /// H: Change Management.
    ChangeManagement,
    /// J: Information Security Management.
    InformationSecurity,
    /// G: Operations Management & System Design.
    OperationsDesign,
}

impl Stage {
    /// The tier that works this stage.
    pub fn tier(self) -> Tier {
        match self {
            Stage::Received | Stage::HandledDirectly => Tier::FirstLine,
            Stage::Executing => Tier::ApplicationStaff,
            Stage::ChangeManagement => Tier::ChangeManagement,
            Stage::InformationSecurity => Tier::InformationSecurity,
            Stage::OperationsDesign => Tier::OperationsDesign,
        }
    }

    /// Stable name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::HandledDirectly => "handled_directly",
            Stage::Executing => "executing",
            Stage::ChangeManagement => "change_management",
            Stage::InformationSecurity => "information_security",
            Stage::OperationsDesign => "operations_design",
        }
    }

    /// The tiers this stage may forward to (diamonds F, I, K).
    pub fn forwards(self) -> &'static [Tier] {
        match self {
            Stage::Executing => &[Tier::OperationsDesign, Tier::ChangeManagement],
            Stage::ChangeManagement => &[Tier::OperationsDesign, Tier::InformationSecurity],
            Stage::InformationSecurity => &[Tier::OperationsDesign],
            _ => &[],
        }
    }

    /// Whether this stage may deliver the solution (C, K yes, G).
    pub fn delivers(self) -> bool {
        matches!(
            self,
            Stage::HandledDirectly | Stage::InformationSecurity | Stage::OperationsDesign
        )
    }
}

/// Where a ticket is in the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TicketState"))]
#[serde(tag = "state", content = "stage", rename_all = "snake_case")]
pub enum State {
    /// Being worked at a stage.
    Working(Stage),
    /// Waiting for the reporter; resumes at the stage. Clocks paused.
    WaitingForReporter(Stage),
    /// L: solution delivered by the stage; may be closed or reopened.
    SolutionDelivered(Stage),
    /// M: closed.
    Closed(Stage),
    /// Rejected as out of scope.
    Rejected,
    /// Merged into another ticket.
    Merged,
    /// Feedback about the desk itself, referred to the standard's channel (A6).
    Referred,
}

impl State {
    /// Stable name, e.g. `change_management`, `waiting_for_reporter`.
    pub fn name(&self) -> &'static str {
        match self {
            State::Working(s) => s.name(),
            State::WaitingForReporter(_) => "waiting_for_reporter",
            State::SolutionDelivered(_) => "solution_delivered",
            State::Closed(_) => "closed",
            State::Rejected => "rejected",
            State::Merged => "merged",
            State::Referred => "referred",
        }
    }

    /// Whether nothing more can happen but notes (closed, rejected, merged, referred).
    /// A closed ticket can still be reopened within its window.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            State::Closed(_) | State::Rejected | State::Merged | State::Referred
        )
    }

    /// The name for people.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            State::Working(Stage::Received) => lang.pick("diterima", "received").into(),
            State::Working(Stage::HandledDirectly) => {
                lang.pick("ditangani langsung", "handled directly").into()
            }
            State::Working(s) => format!(
                "{} {}",
                lang.pick("dikerjakan oleh", "worked by"),
                s.tier().label(lang)
            ),
            State::WaitingForReporter(_) => lang
                .pick("menunggu pelapor", "waiting for the reporter")
                .into(),
            State::SolutionDelivered(_) => {
                lang.pick("solusi disampaikan", "solution delivered").into()
            }
            State::Closed(_) => lang.pick("ditutup", "closed").into(),
            State::Rejected => lang
                .pick("ditolak (di luar lingkup)", "rejected (out of scope)")
                .into(),
            State::Merged => lang
                .pick("digabung (duplikat)", "merged (duplicate)")
                .into(),
            State::Referred => lang
                .pick(
                    "dirujuk ke kanal pengaduan layanan",
                    "referred to the desk's feedback channel",
                )
                .into(),
        }
    }
}

/// A ticket: the fold of its events.
///
/// A ticket is read, never written: every field is a projection of its history,
/// so it changes only by [`apply`](Ticket::apply) (one more event, checked against
/// the flow) and is built only from events ([`replay`](Ticket::replay),
/// [`IntakeOutcome::open`]). Its JSON form carries every field and the history.
///
/// # Example
///
/// ```
/// use loket_core::ticket::{intake, Actor, Channel, Event, EventKind, Message, State, Ticket, Tier};
/// use loket_core::{Profile, TicketKind, Timestamp};
///
/// let profile = Profile::jatengprov();
/// let at: Timestamp = "2024-03-04T09:00:00+07:00".parse()?;
/// let msg = Message {
///     channel: Channel::Whatsapp,
///     application: Some("e-planning".into()),
///     kind: TicketKind::Complaint,
///     subject: None,
///     body: "Tidak bisa login ke e-Planning".into(),
///     reporter: Default::default(),
///     received_at: at,
///     about_desk: false,
/// };
/// let mut ticket = intake(&msg, &profile, at)?.open("JTG-2024-000001").expect("accepted");
/// assert_eq!(ticket.number(), "JTG-2024-000001");
/// assert_eq!(ticket.state(), State::Working(loket_core::ticket::Stage::Received));
///
/// let staff = |what| Event { at, by: Actor::Staff("Budi".into()), what, reason: None };
/// ticket.apply(staff(EventKind::CreateTicket), &profile.context())?;
/// assert_eq!(ticket.tier(), Tier::ApplicationStaff);
/// assert_eq!(ticket.history().len(), 2);
///
/// // The same ticket, rebuilt from its history:
/// assert_eq!(Ticket::replay(ticket.history())?, ticket);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TicketData"))]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// Its number, e.g. `JTG-2026-000123`.
    number: String,
    /// Complaint, request or incident.
    kind: TicketKind,
    /// The product id (`None` for feedback about the desk).
    application: Option<String>,
    /// The channel it came by.
    channel: Channel,
    /// Subject.
    subject: String,
    /// The message.
    body: String,
    /// Personal data of the reporter.
    reporter: Reporter,
    /// When it was received.
    received_at: Timestamp,
    /// Where it is in the flow.
    state: State,
    /// The tier working it.
    tier: Tier,
    /// Who works it.
    assignee: Option<String>,
    /// Category.
    category: Option<String>,
    /// Priority.
    priority: Priority,
    /// The SLA terms (kept from receipt; changed only by `reevaluate`).
    sla: SlaTerms,
    /// The ticket it was merged into.
    merged_into: Option<String>,
    /// When the last solution was delivered.
    delivered_at: Option<Timestamp>,
    /// Every event, in order.
    history: Vec<Event>,
}

/// Reading a ticket: each of its parts, as the events made it.
impl Ticket {
    /// Its number, e.g. `JTG-2026-000123`.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// Complaint, request or incident.
    pub fn kind(&self) -> TicketKind {
        self.kind
    }

    /// The product id (`None` for feedback about the desk).
    pub fn application(&self) -> Option<&str> {
        self.application.as_deref()
    }

    /// The channel it came by.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Subject.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The message.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Personal data of the reporter.
    pub fn reporter(&self) -> &Reporter {
        &self.reporter
    }

    /// When it was received.
    pub fn received_at(&self) -> Timestamp {
        self.received_at
    }

    /// Where it is in the flow.
    pub fn state(&self) -> State {
        self.state
    }

    /// The tier working it.
    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// Who works it.
    pub fn assignee(&self) -> Option<&str> {
        self.assignee.as_deref()
    }

    /// Category.
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }

    /// Priority.
    pub fn priority(&self) -> Priority {
        self.priority
    }

    /// The SLA terms (kept from receipt; changed only by a `reevaluate` event).
    pub fn sla(&self) -> &SlaTerms {
        &self.sla
    }

    /// The ticket it was merged into.
    pub fn merged_into(&self) -> Option<&str> {
        self.merged_into.as_deref()
    }

    /// When the last solution was delivered.
    pub fn delivered_at(&self) -> Option<Timestamp> {
        self.delivered_at
    }

    /// Every event, in order: the first is its `received` event.
    pub fn history(&self) -> &[Event] {
        &self.history
    }
}

/// What checks need beyond the ticket itself: [`Profile::context`] gives a desk's.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The calendar (for the reopen window).
    pub calendar: &'a Calendar,
    /// The reopen window.
    pub reopen_window: OpDuration,
}

impl Profile {
    /// The context ticket checks need (calendar and reopen window).
    pub fn context(&self) -> Context<'_> {
        Context {
            calendar: &self.calendar,
            reopen_window: self.desk.reopen_window,
        }
    }
}

impl Ticket {
    /// Rebuilds a ticket from its history, checking every transition against the flow
    /// (but not the reopen window, which depends on the calendar of the day it was
    /// recorded: history is trusted on that).
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::ticket::{intake, Actor, Channel, Event, EventKind, Message, Ticket};
    /// use loket_core::{Profile, TicketKind, Timestamp};
    ///
    /// let profile = Profile::jatengprov();
    /// let at: Timestamp = "2024-03-04T09:00:00+07:00".parse()?;
    /// let msg = Message {
    ///     channel: Channel::Email,
    ///     application: Some("e-Penatausahaan".into()),
    ///     kind: TicketKind::Request,
    ///     subject: Some("Akun baru".into()),
    ///     body: "Mohon dibuatkan akun untuk operator baru.".into(),
    ///     reporter: Default::default(),
    ///     received_at: at,
    ///     about_desk: false,
    /// };
    /// let mut ticket = intake(&msg, &profile, at)?.open("JTG-2024-000007").expect("accepted");
    /// let staff = |what| Event { at, by: Actor::Staff("Sri".into()), what, reason: None };
    /// ticket.apply(staff(EventKind::HandleDirectly), &profile.context())?;
    ///
    /// // Stored as events (e.g. JSON lines), rebuilt by replaying them:
    /// let stored = serde_json::to_string(ticket.history())?;
    /// let events: Vec<Event> = serde_json::from_str(&stored)?;
    /// assert_eq!(Ticket::replay(&events)?, ticket);
    ///
    /// // A history must start with its `received` event:
    /// let err = Ticket::replay(&events[1..]).unwrap_err();
    /// assert_eq!(err.code(), "ticket.bad_history");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The first refused event.
    pub fn replay(events: &[Event]) -> Result<Ticket, TicketError> {
        let (first, rest) = events
            .split_first()
            .ok_or_else(|| TicketError::BadHistory {
                found: "no events".into(),
            })?;
        let mut t = Ticket::start(first)?;
        for e in rest {
            t.step(e.clone(), None)?;
        }
        Ok(t)
    }

    fn start(e: &Event) -> Result<Ticket, TicketError> {
        let EventKind::Received {
            number,
            kind,
            application,
            channel,
            subject,
            body,
            reporter,
            sla,
            about_desk,
        } = &e.what
        else {
            return Err(TicketError::BadHistory {
                found: format!("{} first", e.what.name()),
            });
        };
        Ok(Ticket {
            number: number.clone(),
            kind: *kind,
            application: application.clone(),
            channel: *channel,
            subject: subject.clone(),
            body: body.clone(),
            reporter: (**reporter).clone(),
            received_at: e.at,
            state: if *about_desk {
                State::Referred
            } else {
                State::Working(Stage::Received)
            },
            tier: Tier::FirstLine,
            assignee: None,
            category: None,
            priority: Priority::Normal,
            sla: sla.clone(),
            merged_into: None,
            delivered_at: None,
            history: vec![e.clone()],
        })
    }

    /// Checks `event` against the flow and appends it: the only way a ticket
    /// changes.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::ticket::{intake, Actor, Channel, Event, EventKind, Message, Stage, State, Tier};
    /// use loket_core::{Lang, Profile, TicketKind, Timestamp};
    ///
    /// let profile = Profile::jatengprov();
    /// let at: Timestamp = "2024-03-04T08:15:00+07:00".parse()?;
    /// let msg = Message {
    ///     channel: Channel::Whatsapp,
    ///     application: Some("e-penatausahaan".into()),
    ///     kind: TicketKind::Complaint,
    ///     subject: None,
    ///     body: "SP2D tidak bisa dicetak sejak pagi.".into(),
    ///     reporter: Default::default(),
    ///     received_at: at,
    ///     about_desk: false,
    /// };
    /// let mut ticket = intake(&msg, &profile, at)?.open("JTG-2024-000042").expect("accepted");
    /// let staff = |what| Event { at, by: Actor::Staff("Budi".into()), what, reason: None };
    ///
    /// ticket.apply(staff(EventKind::CreateTicket), &profile.context())?;
    /// ticket.apply(staff(EventKind::Forward { to: Tier::ChangeManagement }), &profile.context())?;
    /// assert_eq!(ticket.state(), State::Working(Stage::ChangeManagement));
    ///
    /// // Change Management cannot deliver a solution itself (chart: diamond I):
    /// let refused = ticket
    ///     .apply(staff(EventKind::DeliverSolution { solution: "done".into() }), &profile.context())
    ///     .unwrap_err();
    /// assert_eq!(refused.code(), "ticket.transition_refused");
    /// assert!(refused.message(Lang::Id).starts_with("tidak dapat mencatat `deliver_solution`"));
    /// // and the ticket is unchanged:
    /// assert_eq!(ticket.history().len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`TicketError::Refused`] naming the state, the event and what is allowed,
    /// [`TicketError::ReopenWindowClosed`], [`TicketError::OutOfOrder`]. The ticket is
    /// unchanged on error.
    pub fn apply(&mut self, event: Event, ctx: &Context<'_>) -> Result<(), TicketError> {
        self.step(event, Some(ctx))
    }

    fn step(&mut self, e: Event, ctx: Option<&Context<'_>>) -> Result<(), TicketError> {
        let last = self.history.last().map_or(self.received_at, |l| l.at);
        if e.at < last {
            return Err(TicketError::OutOfOrder {
                number: self.number.clone(),
                event: e.what.name().into(),
                at: e.at.to_string(),
                last: last.to_string(),
            });
        }
        let next = self.next_state(&e.what, e.at, ctx)?;
        if let Some(state) = next {
            let new_tier = match &state {
                State::Working(s) | State::WaitingForReporter(s) => s.tier(),
                _ => self.tier,
            };
            if new_tier != self.tier {
                self.assignee = None;
            }
            self.tier = new_tier;
            self.state = state;
        }
        match &e.what {
            EventKind::Assign { to } => self.assignee = Some(to.clone()),
            EventKind::Classify { category, priority } => {
                if category.is_some() {
                    self.category = category.clone();
                }
                if let Some(p) = priority {
                    self.priority = *p;
                }
            }
            EventKind::DeliverSolution { .. } => self.delivered_at = Some(e.at),
            EventKind::MergeInto { target } => self.merged_into = Some(target.clone()),
            EventKind::Reevaluate { sla } => self.sla = sla.clone(),
            _ => {}
        }
        self.history.push(e);
        Ok(())
    }

    /// The state after `what`, `None` when the state does not change; refuses what
    /// the flow does not allow.
    fn next_state(
        &self,
        what: &EventKind,
        at: Timestamp,
        ctx: Option<&Context<'_>>,
    ) -> Result<Option<State>, TicketError> {
        use EventKind as E;
        use State as S;
        let refuse = || self.refusal(what);
        let open = !self.state.is_terminal();
        Ok(match (what, &self.state) {
            (E::Received { .. }, _) => {
                return Err(TicketError::BadHistory {
                    found: "a second received event".into(),
                })
            }
            (E::HandleDirectly, S::Working(Stage::Received)) => {
                Some(S::Working(Stage::HandledDirectly))
            }
            (E::CreateTicket, S::Working(Stage::Received)) => Some(S::Working(Stage::Executing)),
            (E::Forward { to }, S::Working(s)) if s.forwards().contains(to) => {
                Some(S::Working(match to {
                    Tier::ChangeManagement => Stage::ChangeManagement,
                    Tier::InformationSecurity => Stage::InformationSecurity,
                    _ => Stage::OperationsDesign,
                }))
            }
            (E::DeliverSolution { .. }, S::Working(s)) if s.delivers() => {
                Some(S::SolutionDelivered(*s))
            }
            (E::Close, S::SolutionDelivered(s)) => Some(S::Closed(*s)),
            (E::Reopen, S::SolutionDelivered(s) | S::Closed(s)) => {
                self.check_reopen_window(at, ctx)?;
                Some(S::Working(*s))
            }
            (E::WaitForReporter { .. }, S::Working(s)) => Some(S::WaitingForReporter(*s)),
            (E::ReporterReplied { .. }, S::WaitingForReporter(s)) => Some(S::Working(*s)),
            (E::ReporterReplied { .. }, S::Working(_) | S::SolutionDelivered(_)) => None,
            (E::Reject, S::Working(_) | S::WaitingForReporter(_)) => Some(S::Rejected),
            (E::MergeInto { target }, S::Working(_) | S::WaitingForReporter(_))
                if *target != self.number =>
            {
                Some(S::Merged)
            }
            (E::Assign { .. } | E::Classify { .. } | E::Reevaluate { .. }, _)
                if open && self.state != S::Referred =>
            {
                None
            }
            (E::Respond { .. }, _) if open => None,
            (E::Comment { .. }, _) => None,
            (
                E::SlaWarning { clock } | E::SlaBreached { clock, .. },
                S::Working(_) | S::WaitingForReporter(_),
            ) if !self.has_sla_event(what.name(), *clock) => None,
            _ => return Err(refuse()),
        })
    }

    fn has_sla_event(&self, name: &str, clock: ClockKind) -> bool {
        self.history.iter().any(|e| {
            e.what.name() == name
                && matches!(&e.what, EventKind::SlaWarning { clock: c } | EventKind::SlaBreached { clock: c, .. } if *c == clock)
        })
    }

    fn check_reopen_window(
        &self,
        at: Timestamp,
        ctx: Option<&Context<'_>>,
    ) -> Result<(), TicketError> {
        let (Some(ctx), Some(delivered)) = (ctx, self.delivered_at) else {
            return Ok(());
        };
        let limit = ctx
            .calendar
            .add_instant(
                delivered,
                ctx.reopen_window,
                crate::calendar::Boundary::Opening,
            )
            .unwrap_or(at);
        if at <= limit {
            return Ok(());
        }
        let elapsed = ctx.calendar.between_secs(delivered, at).unwrap_or(0);
        Err(TicketError::ReopenWindowClosed {
            number: self.number.clone(),
            elapsed: crate::duration::format_seconds(elapsed),
            window: ctx.reopen_window.to_string(),
        })
    }

    fn refusal(&self, what: &EventKind) -> TicketError {
        let attempted = match what {
            EventKind::Forward { to } => format!("forward to {}", tier_name(*to)),
            EventKind::MergeInto { target } if *target == self.number => "merge into itself".into(),
            EventKind::SlaWarning { .. } | EventKind::SlaBreached { .. }
                if !self.state.is_terminal() =>
            {
                format!("{} (already recorded)", what.name())
            }
            other => other.name().to_string(),
        };
        TicketError::Refused {
            number: self.number.clone(),
            state: self.state.name().into(),
            attempted,
            allowed: self.allowed(),
        }
    }

    /// A copy of the ticket for routing plugins and public views: no personal data.
    pub fn without_personal_data(&self) -> Ticket {
        let mut t = self.clone();
        t.reporter = Reporter::default();
        for e in &mut t.history {
            if let EventKind::Received { reporter, .. } = &mut e.what {
                **reporter = Reporter::default();
            }
        }
        t
    }
}
