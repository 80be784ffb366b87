//! A ticket's facts: what a report needs of it, derived once from its events.

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::duration::OpDuration;
use crate::error::Error;
use crate::kind::TicketKind;
use crate::names::Tier;
use crate::ticket::{Channel, ClockKind, ClockStatus, EventKind, Priority, State, Ticket};
use crate::time::Timestamp;

/// Where a ticket stands for a report, as of the report's instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still being worked (or waiting for the reporter), within its target.
    Open,
    /// Still being worked, past its target: a breach still open.
    OpenBreached,
    /// A solution delivered (or the ticket closed) within the target.
    Met,
    /// A solution delivered (or the ticket closed) past the target.
    Breached,
    /// Rejected as out of scope, merged into another, or referred (no SLA outcome).
    Cancelled,
}

impl Outcome {
    /// Met or breached: the resolution clock stopped with a solution.
    pub fn finished(self) -> bool {
        matches!(self, Outcome::Met | Outcome::Breached)
    }

    /// Breached, finished or not.
    pub fn breached(self) -> bool {
        matches!(self, Outcome::Breached | Outcome::OpenBreached)
    }

    /// Open, breached or not.
    pub fn open(self) -> bool {
        matches!(self, Outcome::Open | Outcome::OpenBreached)
    }
}

/// Who was assigned while a tier worked the ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StageAssignee {
    /// The tier working the ticket when it was assigned.
    pub tier: Tier,
    /// The officer.
    pub officer: String,
}

/// One ticket as reports see it: no personal data, no free text.
///
/// Operational times are seconds of the desk's calendar (the hours it is open).
///
/// # Example
///
/// ```
/// use loket_core::report::{Outcome, TicketFacts};
/// use loket_core::ticket::{intake, Actor, Channel, Event, EventKind, Message};
/// use loket_core::{Profile, TicketKind, Timestamp};
///
/// let profile = Profile::jatengprov();
/// let t = |s: &str| s.parse::<Timestamp>();
/// let msg = Message {
///     channel: Channel::Email,
///     application: Some("e-budgeting".into()),
///     kind: TicketKind::Complaint,
///     subject: None,
///     body: "Tombol simpan tidak berfungsi.".into(),
///     reporter: Default::default(),
///     received_at: t("2024-03-04T09:00:00+07:00")?, // Monday
///     about_desk: false,
/// };
/// let mut ticket = intake(&msg, &profile, msg.received_at)?.open("JTG-2024-000003").expect("accepted");
/// let staff = |at: &str, what| Event { at: t(at).unwrap(), by: Actor::Staff("Budi".into()), what, reason: None };
/// ticket.apply(staff("2024-03-04T09:10:00+07:00", EventKind::HandleDirectly), &profile.context())?;
/// ticket.apply(staff("2024-03-04T11:00:00+07:00", EventKind::DeliverSolution { solution: "Sudah.".into() }), &profile.context())?;
///
/// let f = TicketFacts::of(&ticket, &profile.calendar, t("2024-03-08T12:00:00+07:00")?)?;
/// assert_eq!(f.outcome, Outcome::Met);
/// assert_eq!(f.elapsed, 2 * 3600); // 09:00 → 11:00, all open time
/// assert_eq!(f.first_response, Some(t("2024-03-04T11:00:00+07:00")?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TicketFacts {
    /// The ticket's number.
    pub number: String,
    /// The product id; `None` for feedback about the desk itself.
    pub application: Option<String>,
    /// Complaint, request or incident.
    pub kind: TicketKind,
    /// The channel it came by.
    pub channel: Channel,
    /// Its priority at the report's instant.
    pub priority: Priority,
    /// When the desk received it.
    pub received: Timestamp,
    /// When the resolution clock started (the next opening if received while closed).
    pub clock_starts: Timestamp,
    /// The first answer to the reporter (a reply, a question or a solution).
    pub first_response: Option<Timestamp>,
    /// Operational seconds from the clock's start to the first response.
    pub first_response_elapsed: Option<i64>,
    /// The last solution delivered (after a reopen, the later one).
    pub delivered: Option<Timestamp>,
    /// When it was closed.
    pub closed: Option<Timestamp>,
    /// The tiers that worked it, in order (consecutive repeats once).
    pub tiers: Vec<Tier>,
    /// Who was assigned at each stage, in order.
    pub assignees: Vec<StageAssignee>,
    /// The resolution target for its kind.
    pub target: OpDuration,
    /// The operational seconds the target allows.
    pub budget: i64,
    /// The deadline at receipt.
    pub due_at_receipt: Timestamp,
    /// The deadline in force (moved later by the time spent paused); for a finished
    /// ticket, as it stood when the solution was delivered.
    pub due: Timestamp,
    /// Operational seconds counted on the resolution clock.
    pub elapsed: i64,
    /// Operational seconds the resolution clock spent paused (waiting for the
    /// reporter, or a solution delivered and then reopened); for a finished ticket,
    /// up to the delivery.
    pub paused: i64,
    /// Where it stands.
    pub outcome: Outcome,
    /// Operational seconds past the target (0 unless breached).
    pub over_by: i64,
    /// How many times it was reopened.
    pub reopened: u32,
    /// The instant the facts were read at.
    pub as_of: Timestamp,
}

impl TicketFacts {
    /// The facts of `ticket` at `as_of`, read on the desk's calendar. `as_of` is the
    /// report's instant: no earlier than the ticket's last event.
    ///
    /// # Errors
    /// Calendar errors (an instant outside the calendar's range).
    pub fn of(ticket: &Ticket, cal: &Calendar, as_of: Timestamp) -> Result<TicketFacts, Error> {
        let terms = ticket.sla();
        let clock = ticket.clock(ClockKind::Resolution, cal, as_of)?;
        let mut tiers = vec![Tier::FirstLine];
        let mut assignees = Vec::new();
        let (mut first_response, mut delivered, mut closed) = (None, None, None);
        let mut reopened = 0u32;
        for e in &ticket.history()[1..] {
            match &e.what {
                EventKind::CreateTicket => tiers.push(Tier::ApplicationStaff),
                EventKind::Forward { to } => tiers.push(*to),
                EventKind::Assign { to } => assignees.push(StageAssignee {
                    tier: *tiers.last().unwrap_or(&Tier::FirstLine),
                    officer: to.clone(),
                }),
                EventKind::Respond { .. } | EventKind::WaitForReporter { .. } => {
                    first_response.get_or_insert(e.at);
                }
                EventKind::DeliverSolution { .. } => {
                    first_response.get_or_insert(e.at);
                    delivered = Some(e.at);
                    closed = None;
                }
                EventKind::Close => closed = Some(e.at),
                EventKind::Reopen => {
                    reopened += 1;
                    closed = None;
                }
                _ => {}
            }
        }
        tiers.dedup();
        let state = ticket.state();
        let finished = matches!(state, State::SolutionDelivered(_) | State::Closed(_));
        let outcome = match (clock.status, finished) {
            (ClockStatus::Cancelled, _) => Outcome::Cancelled,
            _ if matches!(state, State::Rejected | State::Merged | State::Referred) => {
                Outcome::Cancelled
            }
            (ClockStatus::Breached, true) => Outcome::Breached,
            (_, true) => Outcome::Met,
            (ClockStatus::Breached, false) => Outcome::OpenBreached,
            (_, false) => Outcome::Open,
        };
        // A finished ticket's deadline and pauses as they stood when the solution
        // was delivered: the clock's pause after a delivery (until the ticket is
        // closed or reopened) is not time the desk waited for anyone.
        let clock_due = match delivered.filter(|_| outcome.finished()) {
            Some(at) => ticket.clock(ClockKind::Resolution, cal, at)?.due,
            None => clock.due,
        };
        let first_response_elapsed = match first_response {
            Some(at) => Some(cal.between_secs(terms.clock_starts.min(at), at)?),
            None => None,
        };
        Ok(TicketFacts {
            number: ticket.number().to_string(),
            application: ticket.application().map(str::to_string),
            kind: ticket.kind(),
            channel: ticket.channel(),
            priority: ticket.priority(),
            received: ticket.received_at(),
            clock_starts: terms.clock_starts,
            first_response,
            first_response_elapsed,
            delivered,
            closed,
            tiers,
            assignees,
            target: terms.target,
            budget: clock.budget,
            due_at_receipt: terms.due,
            due: clock_due,
            elapsed: clock.elapsed,
            paused: cal.between_secs(terms.due, clock_due.max(terms.due))?,
            outcome,
            over_by: if outcome.breached() {
                (clock.elapsed - clock.budget).max(0)
            } else {
                0
            },
            reopened,
            as_of,
        })
    }

    /// The tier it is at (or finished at): the last of its path.
    pub fn tier(&self) -> Tier {
        *self.tiers.last().unwrap_or(&Tier::FirstLine)
    }

    /// The officer assigned last, if any.
    pub fn officer(&self) -> Option<&str> {
        self.assignees.last().map(|a| a.officer.as_str())
    }
}
