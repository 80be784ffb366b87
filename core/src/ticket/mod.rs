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
mod desk;
mod event;
pub mod infer;
mod intake;
mod render;
mod router;
mod sla;
mod wire;

use serde::{Deserialize, Serialize};
use thiserror::Error as ThisError;

use crate::calendar::Calendar;
use crate::duration::OpDuration;
use crate::lang::Lang;
use crate::policy::TicketKind;
use crate::time::Timestamp;

pub use contact::{
    mask_personal_numbers, normalize_email, normalize_phone, ContactError, ContactProof,
};
pub use desk::{DeskConfig, Product};
pub use event::{Actor, ClockKind, Event, EventKind, Priority, SlaTerms, Tier};
pub use intake::{intake, Channel, IntakeOutcome, Message, Refusal, Reporter};
pub use router::{Decision, DefaultRouter, RosterMember, Router, RoutingContext, Step, TicketView};
pub use sla::{ClockState, ClockStatus};

/// A working stage of the flow chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A refused event.
#[derive(Clone, Debug, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum TicketError {
    /// The flow does not allow this event in this state.
    #[error("cannot record `{attempted}` on ticket {number}: it is in state `{state}`; allowed now: {}", allowed.join(", "))]
    Refused {
        /// The ticket.
        number: String,
        /// Its state (stable name).
        state: String,
        /// The attempted event, e.g. `forward to information_security`.
        attempted: String,
        /// What the flow allows instead.
        allowed: Vec<String>,
    },
    /// Reopening after the window.
    #[error("cannot reopen ticket {number}: its solution was delivered {elapsed} of operational time ago, past the reopen window of {window}")]
    ReopenWindowClosed {
        /// The ticket.
        number: String,
        /// Operational time since the solution.
        elapsed: String,
        /// The window.
        window: String,
    },
    /// An event earlier than the ticket's last one.
    #[error("cannot record {event} on ticket {number} at {at}: it is earlier than the ticket's last event at {last}")]
    OutOfOrder {
        /// The ticket.
        number: String,
        /// The event.
        event: String,
        /// Its time.
        at: String,
        /// The last event's time.
        last: String,
    },
    /// A history that does not start with `received`, or a second `received`.
    #[error("ticket history must start with exactly one received event (found {found})")]
    BadHistory {
        /// What was found.
        found: String,
    },
}

impl TicketError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            TicketError::Refused { .. } => "ticket.transition_refused",
            TicketError::ReopenWindowClosed { .. } => "ticket.reopen_window_closed",
            TicketError::OutOfOrder { .. } => "ticket.out_of_order",
            TicketError::BadHistory { .. } => "ticket.bad_history",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TicketError::Refused { number, state, attempted, allowed } => format!(
                "tidak dapat mencatat `{attempted}` pada tiket {number}: statusnya `{state}`; yang diperbolehkan sekarang: {}",
                allowed.join(", ")
            ),
            TicketError::ReopenWindowClosed { number, elapsed, window } => format!(
                "tiket {number} tidak dapat dibuka kembali: solusi disampaikan {elapsed} waktu operasional yang lalu, melewati batas {window}"
            ),
            TicketError::OutOfOrder { number, event, at, last } => format!(
                "tidak dapat mencatat {event} pada tiket {number} pada {at}: lebih awal dari peristiwa terakhir tiket pada {last}"
            ),
            TicketError::BadHistory { found } => {
                format!("riwayat tiket harus diawali tepat satu peristiwa received (ditemukan {found})")
            }
        }
    }
}

/// A ticket: the fold of its events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// Its number, e.g. `JTG-2026-000123`.
    pub number: String,
    /// Complaint, request or incident.
    pub kind: TicketKind,
    /// The product id (`None` for feedback about the desk).
    pub application: Option<String>,
    /// The channel it came by.
    pub channel: Channel,
    /// Subject.
    pub subject: String,
    /// The message.
    pub body: String,
    /// Personal data of the reporter.
    pub reporter: Reporter,
    /// When it was received.
    pub received_at: Timestamp,
    /// Where it is in the flow.
    pub state: State,
    /// The tier working it.
    pub tier: Tier,
    /// Who works it.
    pub assignee: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Priority.
    pub priority: Priority,
    /// The SLA terms (kept from receipt; changed only by `reevaluate`).
    pub sla: SlaTerms,
    /// The ticket it was merged into.
    pub merged_into: Option<String>,
    /// When the last solution was delivered.
    pub delivered_at: Option<Timestamp>,
    /// Every event, in order.
    pub history: Vec<Event>,
}

/// What checks need beyond the ticket itself.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The calendar (for the reopen window).
    pub calendar: &'a Calendar,
    /// The reopen window.
    pub reopen_window: OpDuration,
}

impl Ticket {
    /// Rebuilds a ticket from its history, checking every transition against the flow
    /// (but not the reopen window, which depends on the calendar of the day it was
    /// recorded: history is trusted on that).
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

    /// Checks `event` against the flow and appends it.
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

    /// The events the flow allows now (stable names; forwards name their tier).
    pub fn allowed(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        match &self.state {
            State::Working(s) => {
                if *s == Stage::Received {
                    v.extend(["handle_directly".into(), "create_ticket".into()]);
                }
                v.extend(
                    s.forwards()
                        .iter()
                        .map(|t| format!("forward to {}", tier_name(*t))),
                );
                if s.delivers() {
                    v.push("deliver_solution".into());
                }
                v.extend(["wait_for_reporter", "reject", "merge_into"].map(String::from));
            }
            State::WaitingForReporter(_) => {
                v.extend(["reporter_replied", "reject", "merge_into"].map(String::from))
            }
            State::SolutionDelivered(_) => v.extend(["close", "reopen"].map(String::from)),
            State::Closed(_) => v.push("reopen (within the window)".into()),
            State::Rejected | State::Merged | State::Referred => {}
        }
        if !self.state.is_terminal() {
            v.extend(["assign", "classify", "respond"].map(String::from));
        }
        v.push("comment".into());
        v
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
