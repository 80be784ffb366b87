//! SLA policies: resolution targets per kind of ticket.

use serde::{Deserialize, Serialize};

use crate::calendar::Boundary;
use crate::duration::OpDuration;
use crate::error::{Document, DurationReason, Error};
use crate::kind::TicketKind;

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
        let p: SlaPolicy = crate::read::from_text(text, Document::Policy)?;
        for kind in TicketKind::ALL {
            let d = p.target(kind);
            if d.is_negative() {
                return Err(Error::InvalidDuration {
                    text: d.to_string(),
                    reason: DurationReason::NegativeTarget(kind),
                });
            }
        }
        Ok(p)
    }
}
