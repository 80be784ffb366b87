//! Every message the desk received, counted: accepted, referred, refused (and why),
//! threaded into a ticket, or automatic, so that demand the standard sends elsewhere
//! (other applications, calls, voice notes) is visible too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ticket::Channel;
use crate::time::Timestamp;

use super::Period;

/// What a message led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IntakeKind {
    /// A ticket was opened.
    Accepted,
    /// Feedback about the desk itself, referred (A6).
    Referred,
    /// Refused: not written, empty, or about another application.
    Refused,
    /// Joined to an open ticket (the reporter's answer).
    Threaded,
    /// An automatic message (out-of-office, delivery report, a reaction).
    Automatic,
}

impl IntakeKind {
    /// Its stable name.
    pub fn name(self) -> &'static str {
        match self {
            IntakeKind::Accepted => "accepted",
            IntakeKind::Referred => "referred",
            IntakeKind::Refused => "refused",
            IntakeKind::Threaded => "threaded",
            IntakeKind::Automatic => "automatic",
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<IntakeKind> {
        [
            IntakeKind::Accepted,
            IntakeKind::Referred,
            IntakeKind::Refused,
            IntakeKind::Threaded,
            IntakeKind::Automatic,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// One message as the intake log keeps it: no personal data and no text, only what
/// it led to and, for a message about another application, the name it gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct IntakeEntry {
    /// When the desk received it.
    pub at: Timestamp,
    /// The channel it came by.
    pub channel: Channel,
    /// What it led to.
    pub outcome: IntakeKind,
    /// Why it was refused: `not_written`, `empty` or `out_of_scope`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub refusal: Option<String>,
    /// Out of scope: the application the message named (at most 64 characters,
    /// personal numbers masked), if it named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub named: Option<String>,
}

/// The messages of a period, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct IntakeCounts {
    /// Every message received.
    pub received: u64,
    /// By what it led to (`accepted`, `referred`, `refused`, `threaded`, `automatic`).
    pub by_outcome: BTreeMap<String, u64>,
    /// Refusals by reason (`not_written`, `empty`, `out_of_scope`).
    pub refused_by: BTreeMap<String, u64>,
    /// By channel.
    pub by_channel: BTreeMap<String, u64>,
    /// Out of scope, by the application named (`-` when none was named): demand
    /// outside the desk's applications.
    pub out_of_scope: BTreeMap<String, u64>,
}

impl IntakeCounts {
    /// The counts of the entries received in `period`.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::report::{IntakeCounts, IntakeEntry, IntakeKind, Period};
    /// use loket_core::ticket::Channel;
    /// use loket_core::Timestamp;
    ///
    /// let at = Timestamp::from_unix(1_000);
    /// let log = [
    ///     IntakeEntry { at, channel: Channel::Whatsapp, outcome: IntakeKind::Accepted, refusal: None, named: None },
    ///     IntakeEntry { at, channel: Channel::Email, outcome: IntakeKind::Refused, refusal: Some("out_of_scope".into()), named: Some("SIMPEG".into()) },
    ///     IntakeEntry { at, channel: Channel::Phone, outcome: IntakeKind::Refused, refusal: Some("not_written".into()), named: None },
    /// ];
    /// let c = IntakeCounts::of(&log, Period { from: Timestamp::from_unix(0), to: Timestamp::from_unix(2_000) });
    /// assert_eq!(c.received, 3);
    /// assert_eq!(c.by_outcome["refused"], 2);
    /// assert_eq!(c.out_of_scope["SIMPEG"], 1);
    /// assert_eq!(c.by_channel["phone"], 1);
    /// ```
    pub fn of(entries: &[IntakeEntry], period: Period) -> IntakeCounts {
        let mut c = IntakeCounts::default();
        for e in entries.iter().filter(|e| period.contains(e.at)) {
            c.received += 1;
            *c.by_outcome.entry(e.outcome.name().into()).or_default() += 1;
            *c.by_channel.entry(e.channel.name().into()).or_default() += 1;
            if let Some(r) = &e.refusal {
                *c.refused_by.entry(r.clone()).or_default() += 1;
                if r == "out_of_scope" {
                    let named = e.named.clone().unwrap_or_else(|| "-".into());
                    *c.out_of_scope.entry(named).or_default() += 1;
                }
            }
        }
        c
    }
}
