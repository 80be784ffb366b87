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
///
/// # Example
///
/// A desk open 08:00–16:00 on weekdays, promising an answer to a complaint within
/// four operational hours:
///
/// ```
/// use loket_core::ticket::DeskConfig;
/// use loket_core::{Calendar, Profile, SlaPolicy, TicketKind, Timestamp};
///
/// let profile = Profile {
///     calendar: Calendar::from_text(
///         r#"
///         timezone = "Asia/Jakarta"
///         [week]
///         mon = ["08:00-16:00"]
///         tue = ["08:00-16:00"]
///         wed = ["08:00-16:00"]
///         thu = ["08:00-16:00"]
///         fri = ["08:00-16:00"]
///         "#,
///     )?,
///     policy: SlaPolicy::from_text(r#"{"complaint": "4h", "request": "5d", "incident": "2h"}"#)?,
///     desk: DeskConfig::from_text(loket_core::JATENGPROV_DESK)?,
/// };
/// // Received on Friday at 15:00: one hour on Friday, three on Monday.
/// let received: Timestamp = "2024-03-01T15:00:00+07:00".parse()?;
/// let d = profile.deadline(TicketKind::Complaint, received)?.value;
/// assert_eq!(d.due.to_rfc3339(profile.calendar.timezone()), "2024-03-04T11:00:00+07:00");
/// # Ok::<(), loket_core::Error>(())
/// ```
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// # Example
    ///
    /// ```
    /// use loket_core::{Lang, Profile, TicketKind, Timestamp};
    ///
    /// let profile = Profile::jatengprov();
    /// let tz = profile.calendar.timezone();
    /// // A complaint received on Saturday: the clock starts on Monday at opening,
    /// // and one operational day later is Monday's closing (the `Closing` convention).
    /// let received: Timestamp = "2024-03-02T10:00:00+07:00".parse()?;
    /// let d = profile.deadline(TicketKind::Complaint, received)?;
    /// assert_eq!(d.value.clock_starts.to_rfc3339(tz), "2024-03-04T07:00:00+07:00");
    /// assert_eq!(d.value.due.to_rfc3339(tz), "2024-03-04T15:30:00+07:00");
    /// assert!(d.is_covered() && !d.is_provisional());
    /// let why = profile.calendar.render_explanation(&d.value.explanation, Lang::En);
    /// assert!(why.contains("no service hours"));
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Calendar::add`].
    pub fn deadline(
        &self,
        kind: TicketKind,
        received: Timestamp,
    ) -> Result<Reckoning<Deadline>, Error> {
        self.policy.deadline(&self.calendar, kind, received)
    }
}

impl SlaPolicy {
    /// [`Profile::deadline`] on `calendar`.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    pub fn deadline(
        &self,
        calendar: &Calendar,
        kind: TicketKind,
        received: Timestamp,
    ) -> Result<Reckoning<Deadline>, Error> {
        let target = self.target(kind);
        let explanation = calendar.explain_add(received, target, self.boundary)?;
        let clock_starts = calendar.clock_start(received)?;
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

    /// Only the due instant of [`deadline`](Self::deadline): no explanation, no
    /// coverage check (the fast path for many tickets).
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{Profile, TicketKind, Timestamp};
    ///
    /// let p = Profile::jatengprov();
    /// let received: Timestamp = "2024-03-02T10:00:00+07:00".parse()?;
    /// let due = p.policy.due(&p.calendar, TicketKind::Complaint, received)?;
    /// assert_eq!(due, p.deadline(TicketKind::Complaint, received)?.value.due);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Calendar::add`].
    #[inline]
    pub fn due(
        &self,
        calendar: &Calendar,
        kind: TicketKind,
        received: Timestamp,
    ) -> Result<Timestamp, Error> {
        calendar.add_instant(received, self.target(kind), self.boundary)
    }
}
