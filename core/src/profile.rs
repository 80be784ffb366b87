//! Profiles: a desk's calendar, SLA policy and desk configuration together, and the
//! deadlines they give.

use serde::{Deserialize, Serialize};

use crate::arith::Reckoning;
use crate::calendar::Calendar;
use crate::desk::DeskConfig;
use crate::duration::OpDuration;
use crate::error::Error;
use crate::explain::Explanation;
use crate::kind::TicketKind;
use crate::policy::SlaPolicy;
use crate::time::Timestamp;

/// A desk's operating profile: its calendar, its SLA policy, its products and teams.
///
/// The parts are data read from files ([`Calendar::from_text`],
/// [`SlaPolicy::from_text`], [`DeskConfig::from_text`]); [`Profile::jatengprov`] is the
/// default profile of Service Desk JatengProv, as shipped.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The operating calendar.
    pub calendar: Calendar,
    /// The SLA policy.
    pub policy: SlaPolicy,
    /// Products in scope, teams and workflow settings.
    pub desk: DeskConfig,
}

/// A deadline and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// The kind of ticket.
    pub kind: TicketKind,
    /// When the message was received.
    pub received: Timestamp,
    /// When the clock starts counting (the next opening if received while closed).
    pub clock_starts: Timestamp,
    /// The target applied.
    pub target: OpDuration,
    /// The deadline.
    pub due: Timestamp,
    /// Why: the counted and skipped stretches.
    pub explanation: Explanation,
}

impl Profile {
    /// The deadline for a ticket of `kind` received at `received`: the policy's
    /// target for the kind, added to `received` on the calendar with the policy's
    /// boundary convention, with when the clock starts and why.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    pub fn deadline(
        &self,
        kind: TicketKind,
        received: Timestamp,
    ) -> Result<Reckoning<Deadline>, Error> {
        let target = self.policy.target(kind);
        let explanation = self
            .calendar
            .explain_add(received, target, self.policy.boundary)?;
        let clock_starts = self.calendar.clock_start(received)?;
        let uncovered_years = explanation.uncovered_years.clone();
        let provisional_years = explanation.provisional_years.clone();
        let provisional_dates = explanation.provisional_dates.clone();
        Ok(Reckoning {
            value: Deadline {
                kind,
                received,
                clock_starts,
                target,
                due: explanation.end,
                explanation,
            },
            uncovered_years,
            provisional_years,
            provisional_dates,
        })
    }
}
