//! SLA policies (targets per kind of ticket) and profiles (calendar + policy).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::arith::Reckoning;
use crate::calendar::{Boundary, Calendar};
use crate::duration::OpDuration;
use crate::error::Error;
use crate::explain::Explanation;
use crate::time::Timestamp;

/// The kinds of intake of the standard (section A2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TicketKind {
    /// Aduan.
    #[serde(alias = "aduan")]
    Complaint,
    /// Permintaan.
    #[serde(alias = "permintaan")]
    Request,
    /// Insiden.
    #[serde(alias = "insiden")]
    Incident,
}

impl TicketKind {
    /// All kinds.
    pub const ALL: [TicketKind; 3] = [
        TicketKind::Complaint,
        TicketKind::Request,
        TicketKind::Incident,
    ];

    /// The name in `lang`: `aduan` / `complaint`.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            TicketKind::Complaint => lang.pick("aduan", "complaint"),
            TicketKind::Request => lang.pick("permintaan", "request"),
            TicketKind::Incident => lang.pick("insiden", "incident"),
        }
    }
}

impl FromStr for TicketKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "complaint" | "aduan" => Ok(TicketKind::Complaint),
            "request" | "permintaan" => Ok(TicketKind::Request),
            "incident" | "insiden" => Ok(TicketKind::Incident),
            _ => Err(format!("unknown kind `{s}`: expected complaint (aduan), request (permintaan) or incident (insiden)")),
        }
    }
}

impl fmt::Display for TicketKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(crate::Lang::En))
    }
}

/// Resolution targets per kind, in operational time, and the boundary convention of
/// the deadlines shown to people.
///
/// ```toml
/// complaint = "1d"
/// request = "10d"
/// incident = "1d"
/// boundary = "closing"
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Target for complaints (aduan).
    pub complaint: OpDuration,
    /// Target for requests (permintaan).
    pub request: OpDuration,
    /// Target for incidents (insiden).
    pub incident: OpDuration,
    /// Which real instant a deadline on a closure shows.
    #[serde(default)]
    pub boundary: Boundary,
}

impl Default for SlaPolicy {
    /// The standard's section A3: complaint 1 day, request 10 days, incident as complaint.
    fn default() -> Self {
        SlaPolicy {
            complaint: OpDuration::Days(1),
            request: OpDuration::Days(10),
            incident: OpDuration::Days(1),
            boundary: Boundary::Closing,
        }
    }
}

impl SlaPolicy {
    /// The target for `kind`.
    pub fn target(&self, kind: TicketKind) -> OpDuration {
        match kind {
            TicketKind::Complaint => self.complaint,
            TicketKind::Request => self.request,
            TicketKind::Incident => self.incident,
        }
    }

    /// Reads a policy from TOML or JSON text (JSON when it starts with `{`).
    ///
    /// # Errors
    /// [`Error::Syntax`] for malformed text, unknown fields or bad durations, and
    /// [`Error::InvalidDuration`] for a negative target.
    pub fn from_text(text: &str) -> Result<Self, Error> {
        let p: SlaPolicy = crate::from_text(text, "policy")?;
        for kind in TicketKind::ALL {
            let d = p.target(kind);
            if d.is_negative() {
                return Err(Error::InvalidDuration {
                    text: d.to_string(),
                    reason: crate::lang::Text::new(
                        format!("the target for {kind} must not be negative"),
                        format!(
                            "target untuk {} tidak boleh negatif",
                            kind.label(crate::Lang::Id)
                        ),
                    ),
                });
            }
        }
        Ok(p)
    }
}

/// A desk's operating profile: its calendar, its SLA policy, its products and teams.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The operating calendar.
    pub calendar: Calendar,
    /// The SLA policy.
    pub policy: SlaPolicy,
    /// Products in scope, teams and workflow settings.
    pub desk: crate::ticket::DeskConfig,
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
    /// The context ticket checks need (calendar and reopen window).
    pub fn context(&self) -> crate::ticket::Context<'_> {
        crate::ticket::Context {
            calendar: &self.calendar,
            reopen_window: self.desk.reopen_window,
        }
    }

    /// The deadline for a ticket of `kind` received at `received`.
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
