//! SLA clocks of a ticket, computed from its events and a calendar.

use serde::{Deserialize, Serialize};

use crate::calendar::{Boundary, Calendar};
use crate::desk::DeskConfig;
use crate::duration::OpDuration;
use crate::error::Error;
use crate::time::Timestamp;

use super::event::{ClockKind, EventKind};
use super::{tier_name, State, Ticket};

/// Where a clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Running (or paused) within its target, below the warning share.
    OnTrack,
    /// Running (or paused) past the warning share, not yet past the target.
    Warning,
    /// Past its target.
    Breached,
    /// Stopped within its target.
    Met,
    /// Stopped without an outcome (rejected, merged, referred).
    Cancelled,
}

/// One SLA clock of a ticket at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClockState {
    /// Which clock.
    pub kind: ClockKind,
    /// Where it stands.
    pub status: ClockStatus,
    /// Counting now.
    pub running: bool,
    /// Paused (waiting for the reporter, or a solution delivered and not yet closed).
    pub paused: bool,
    /// Operational seconds counted (paused time never counts).
    pub elapsed: i64,
    /// Operational seconds the target allows (from the clock start to the deadline).
    pub budget: i64,
    /// `budget - elapsed` (negative once breached).
    pub remaining: i64,
    /// The deadline, moved later by the operational time spent paused.
    pub due: Timestamp,
    /// When the clock stopped, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stopped_at: Option<Timestamp>,
    /// The instant the clock was read at: a page counting down from `remaining`
    /// counts from here.
    pub as_of: Timestamp,
}

struct Runs {
    counted: Vec<(Timestamp, Timestamp)>,
    gaps: Vec<(Timestamp, Timestamp)>,
    running_since: Option<Timestamp>,
    /// Paused since, and whether by waiting for the reporter (else by a delivery).
    pause: Option<(Timestamp, bool)>,
    closed: bool,
    stopped_at: Option<Timestamp>,
    cancelled: bool,
}

impl Runs {
    fn halt(&mut self, at: Timestamp) -> bool {
        match self.running_since.take() {
            Some(s) => {
                self.counted.push((s, at));
                true
            }
            None => false,
        }
    }

    /// Pauses a running clock (by waiting for the reporter, or by a delivery).
    fn pause_at(&mut self, at: Timestamp, waiting: bool) {
        if self.halt(at) {
            self.pause = Some((at, waiting));
        }
    }

    /// Stops a running clock for good.
    fn stop_at(&mut self, at: Timestamp) {
        if self.halt(at) {
            self.stopped_at = Some(at);
        }
    }

    fn resume(&mut self, at: Timestamp) {
        if let Some((p, _)) = self.pause.take() {
            self.gaps.push((p, at));
            self.running_since = Some(at);
            self.closed = false;
            self.stopped_at = None;
        }
    }
}

impl Ticket {
    /// The ticket's SLA clocks at `now`: resolution, and first response when the
    /// desk has a target for it.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::ticket::{intake, Actor, Channel, ClockKind, ClockStatus, Event, EventKind, Message};
    /// use loket_core::{Profile, TicketKind, Timestamp};
    ///
    /// let profile = Profile::jatengprov();
    /// let cal = &profile.calendar;
    /// let t = |s: &str| s.parse::<Timestamp>();
    /// let received = t("2024-03-04T09:00:00+07:00")?; // Monday
    /// let msg = Message {
    ///     channel: Channel::Email,
    ///     application: Some("e-budgeting".into()),
    ///     kind: TicketKind::Complaint,
    ///     subject: None,
    ///     body: "Tombol simpan tidak berfungsi.".into(),
    ///     reporter: Default::default(),
    ///     received_at: received,
    ///     about_desk: false,
    /// };
    /// let mut ticket = intake(&msg, &profile, received)?.open("JTG-2024-000003").expect("accepted");
    ///
    /// // One operational day is due on Tuesday at 09:00: 8½ operational hours. At
    /// // Monday's closing 6½ are used, past the warning share (75 %).
    /// let clock = &ticket.clocks(cal, t("2024-03-04T15:30:00+07:00")?)?[0];
    /// assert_eq!((clock.kind, clock.status), (ClockKind::Resolution, ClockStatus::Warning));
    /// assert_eq!(clock.elapsed, 6 * 3600 + 1800);
    /// assert_eq!(clock.remaining, 2 * 3600);
    ///
    /// // Waiting for the reporter pauses it, and moves its deadline by the pause.
    /// let ask = Event {
    ///     at: t("2024-03-04T10:00:00+07:00")?,
    ///     by: Actor::Staff("Budi".into()),
    ///     what: EventKind::WaitForReporter { question: "Browser apa?".into() },
    ///     reason: None,
    /// };
    /// ticket.apply(ask, &profile.context())?;
    /// let clock = &ticket.clocks(cal, t("2024-03-04T15:30:00+07:00")?)?[0];
    /// assert!(clock.paused && !clock.running);
    /// assert_eq!(clock.elapsed, 3600);
    /// assert_eq!(clock.due.to_rfc3339(cal.timezone()), "2024-03-05T14:30:00+07:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Calendar errors (instants outside its range).
    pub fn clocks(&self, cal: &Calendar, now: Timestamp) -> Result<Vec<ClockState>, Error> {
        let mut v = vec![self.clock(ClockKind::Resolution, cal, now)?];
        if self.sla.first_response.is_some() {
            v.push(self.clock(ClockKind::FirstResponse, cal, now)?);
        }
        Ok(v)
    }

    fn runs(&self, kind: ClockKind) -> Runs {
        let referred = self.state == State::Referred;
        let mut r = Runs {
            counted: Vec::new(),
            gaps: Vec::new(),
            running_since: (!referred).then_some(self.received_at),
            pause: None,
            closed: false,
            stopped_at: None,
            cancelled: referred,
        };
        for e in &self.history[1..] {
            match (&e.what, kind) {
                (EventKind::Reject | EventKind::MergeInto { .. }, _) => {
                    r.halt(e.at);
                    r.pause = None;
                    r.cancelled = true;
                    r.stopped_at = Some(e.at);
                }
                (EventKind::WaitForReporter { .. }, ClockKind::Resolution) => {
                    r.pause_at(e.at, true)
                }
                (EventKind::DeliverSolution { .. }, ClockKind::Resolution) => {
                    r.pause_at(e.at, false)
                }
                (EventKind::ReporterReplied { .. }, ClockKind::Resolution) => {
                    if matches!(r.pause, Some((_, true))) {
                        r.resume(e.at);
                    }
                }
                (EventKind::Reopen, ClockKind::Resolution) => r.resume(e.at),
                (EventKind::Close, ClockKind::Resolution) => {
                    r.closed = true;
                    r.stopped_at = r.pause.map(|p| p.0);
                }
                (
                    EventKind::Respond { .. }
                    | EventKind::WaitForReporter { .. }
                    | EventKind::DeliverSolution { .. },
                    ClockKind::FirstResponse,
                ) => r.stop_at(e.at),
                _ => {}
            }
        }
        r
    }

    /// One SLA clock at `now`.
    ///
    /// # Errors
    /// Calendar errors.
    pub fn clock(
        &self,
        kind: ClockKind,
        cal: &Calendar,
        now: Timestamp,
    ) -> Result<ClockState, Error> {
        let (due0, ratio) = match kind {
            ClockKind::Resolution => (self.sla.due, self.sla.warning_ratio),
            ClockKind::FirstResponse => {
                (self.sla.first_response.map_or(self.sla.due, |f| f.1), 1.0)
            }
        };
        let r = self.runs(kind);
        let mut elapsed = 0;
        for (a, b) in &r.counted {
            elapsed += cal.between_secs(*a, *b)?;
        }
        if let Some(s) = r.running_since {
            elapsed += cal.between_secs(s, now.max(s))?;
        }
        let mut paused_secs = 0;
        for (a, b) in &r.gaps {
            paused_secs += cal.between_secs(*a, *b)?;
        }
        let paused = r.pause.is_some() && !r.closed && !r.cancelled;
        if let (true, Some((p, _))) = (paused, r.pause) {
            paused_secs += cal.between_secs(p, now.max(p))?;
        }
        let budget = cal.between_secs(self.sla.clock_starts.min(due0), due0)?;
        let due = cal.add_instant(
            due0,
            OpDuration::Seconds(paused_secs),
            self.sla.policy.boundary,
        )?;
        let running = r.running_since.is_some();
        let stopped = !running && !paused;
        let delivered = matches!(r.pause, Some((_, false)));
        let status = if r.cancelled {
            ClockStatus::Cancelled
        } else if elapsed > budget {
            ClockStatus::Breached
        } else if stopped || delivered {
            ClockStatus::Met
        } else if (elapsed as f64) >= ratio * budget as f64 && kind == ClockKind::Resolution {
            ClockStatus::Warning
        } else {
            ClockStatus::OnTrack
        };
        Ok(ClockState {
            kind,
            status,
            running,
            paused,
            elapsed,
            budget,
            remaining: budget - elapsed,
            due,
            stopped_at: if stopped { r.stopped_at } else { None },
            as_of: now,
        })
    }

    /// The `reevaluate` event that recomputes this ticket's SLA terms with `profile`
    /// (e.g. after a holiday decree changed the calendar): re-evaluation is explicit,
    /// an edit of the calendar never moves an old deadline by itself.
    ///
    /// # Errors
    /// Calendar errors.
    pub fn reevaluation(&self, profile: &crate::profile::Profile) -> Result<EventKind, Error> {
        Ok(EventKind::Reevaluate {
            sla: super::SlaTerms::compute(profile, self.kind, self.received_at)?,
        })
    }

    /// Why the resolution deadline is what it is: the counted and skipped stretches
    /// from the clock's start to the deadline.
    ///
    /// # Errors
    /// Calendar errors.
    pub fn explain_deadline(&self, cal: &Calendar) -> Result<crate::explain::Explanation, Error> {
        cal.explain_between(self.sla.clock_starts.min(self.sla.due), self.sla.due)
    }

    /// The SLA events due at `now` and not yet recorded: a warning when a running
    /// clock passes its warning share, a breach when it passes its target (notifying
    /// the tier above the current one, and the desk's supervisor).
    ///
    /// # Errors
    /// Calendar errors.
    pub fn due_sla_events(
        &self,
        cal: &Calendar,
        desk: &DeskConfig,
        now: Timestamp,
    ) -> Result<Vec<EventKind>, Error> {
        let mut out = Vec::new();
        if !matches!(self.state, State::Working(_) | State::WaitingForReporter(_)) {
            return Ok(out);
        }
        for c in self.clocks(cal, now)? {
            let warned = self.has_sla_event("sla_warning", c.kind);
            let breached = self.has_sla_event("sla_breached", c.kind);
            if matches!(c.status, ClockStatus::Warning | ClockStatus::Breached)
                && !warned
                && c.kind == ClockKind::Resolution
            {
                out.push(EventKind::SlaWarning { clock: c.kind });
            }
            if c.status == ClockStatus::Breached && !breached {
                let notify = match self.tier.above() {
                    Some(t) => format!("{}; {}", tier_name(t), desk.supervisor),
                    None => desk.supervisor.clone(),
                };
                out.push(EventKind::SlaBreached {
                    clock: c.kind,
                    notify,
                });
            }
        }
        Ok(out)
    }

    /// When the next SLA event falls due, assuming nothing else happens: the
    /// operational instant the warning share or the target is passed (never on a
    /// closure: the first open second after it), or `now` when one is already due
    /// and not recorded. `None` when no running clock has an event left to record.
    ///
    /// # Errors
    /// Calendar errors.
    pub fn next_sla_check(
        &self,
        cal: &Calendar,
        now: Timestamp,
    ) -> Result<Option<Timestamp>, Error> {
        let mut best: Option<Timestamp> = None;
        if !matches!(self.state, State::Working(_)) {
            return Ok(None);
        }
        for c in self.clocks(cal, now)? {
            if !c.running {
                continue;
            }
            let warn = (self.sla.warning_ratio * c.budget as f64).ceil() as i64;
            let mut marks = Vec::new();
            if !self.has_sla_event("sla_breached", c.kind) {
                marks.push(c.budget + 1);
            }
            if c.kind == ClockKind::Resolution && !self.has_sla_event("sla_warning", c.kind) {
                marks.push(warn);
            }
            for m in marks {
                let left = m - c.elapsed;
                // Already passed and not yet recorded: due now.
                let at = if left > 0 {
                    cal.add_instant(now, OpDuration::Seconds(left), Boundary::Opening)?
                } else {
                    now
                };
                best = Some(best.map_or(at, |b| b.min(at)));
            }
        }
        Ok(best)
    }
}

/// What re-evaluating a ticket on another calendar would do to its deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DeadlineMove {
    /// The ticket's number.
    pub number: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// The resolution deadline in force (its terms, moved by any pause, on the
    /// old calendar).
    pub old_due: Timestamp,
    /// The resolution deadline after re-evaluation on the new calendar (same
    /// target and boundary convention, same pauses).
    pub new_due: Timestamp,
    /// Whether the new deadline relies on provisional dates.
    pub provisional: bool,
}

impl DeadlineMove {
    /// Whether the deadline would move.
    pub fn moves(&self) -> bool {
        self.old_due != self.new_due
    }
}

/// What re-evaluating `ticket` on `new` would do to its resolution deadline, at
/// `now`: the deadline in force (on `old`) and the re-evaluated one. The ticket's
/// own target and boundary convention are kept, so only the calendar differs.
///
/// # Errors
/// Calendar errors (an instant outside either calendar's range).
pub fn deadline_move(
    ticket: &Ticket,
    old: &Calendar,
    new: &Calendar,
    now: Timestamp,
) -> Result<DeadlineMove, Error> {
    let due = |t: &Ticket, cal: &Calendar| -> Result<Timestamp, Error> {
        Ok(t.clocks(cal, now)?
            .into_iter()
            .find(|c| c.kind == ClockKind::Resolution)
            .map_or(t.sla.due, |c| c.due))
    };
    let old_due = due(ticket, old)?;
    let received = ticket.received_at;
    let boundary = ticket.sla.policy.boundary;
    // A what-if copy with the new terms (never returned: tickets change by events).
    let mut t = ticket.clone();
    let reckoned = new.add(received, ticket.sla.target, boundary)?;
    t.sla.clock_starts = new.clock_start(received)?;
    t.sla.due = reckoned.value;
    if let Some((target, _)) = t.sla.first_response {
        t.sla.first_response = Some((target, new.add(received, target, boundary)?.value));
    }
    let new_due = due(&t, new)?;
    let provisional = reckoned.is_provisional() || new.between(received, new_due)?.is_provisional();
    Ok(DeadlineMove {
        number: ticket.number.clone(),
        received_at: received,
        old_due,
        new_due,
        provisional,
    })
}
