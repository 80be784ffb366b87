//! Events: everything that happens to a ticket, in order. A ticket is a fold over them.

use serde::{Deserialize, Serialize};

use crate::duration::OpDuration;
use crate::error::Error;
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::policy::SlaPolicy;
use crate::profile::Profile;
use crate::time::Timestamp;

use super::intake::{Channel, Reporter};
use crate::names::{EventName, Tier};

/// Who did something: `{"type": "staff", "name": "Budi"}`, `{"type": "reporter"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "type",
    content = "name",
    rename_all = "snake_case",
    try_from = "RawActor"
)]
pub enum Actor {
    /// A member of staff, by name.
    Staff(String),
    /// The reporter (citizen or official who wrote in).
    Reporter,
    /// A router (the default one or a plugin), by name: its decisions are
    /// recommendations staff can override.
    Router(String),
    /// The engine itself (SLA watch, intake).
    System,
}

/// An actor as read from JSON (a flat reader: serde's adjacently tagged one is large
/// in WebAssembly).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawActor {
    r#type: String,
    #[serde(default)]
    name: Option<String>,
}

impl TryFrom<RawActor> for Actor {
    type Error = String;
    fn try_from(r: RawActor) -> Result<Actor, String> {
        let named =
            |n: Option<String>, t: &str| n.ok_or_else(|| format!("actor `{t}` needs a `name`"));
        match (r.r#type.as_str(), r.name) {
            ("staff", n) => Ok(Actor::Staff(named(n, "staff")?)),
            ("router", n) => Ok(Actor::Router(named(n, "router")?)),
            ("reporter", None) => Ok(Actor::Reporter),
            ("system", None) => Ok(Actor::System),
            (t @ ("reporter" | "system"), Some(_)) => Err(format!("actor `{t}` has no `name`")),
            (t, _) => Err(format!(
                "unknown actor type `{t}`: expected staff, reporter, router or system"
            )),
        }
    }
}

impl Actor {
    /// The name for people.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Actor::Staff(n) => n.clone(),
            Actor::Reporter => lang.pick("pelapor", "reporter").into(),
            Actor::Router(n) => format!("{} {n}", lang.pick("router", "router")),
            Actor::System => lang.pick("sistem", "system").into(),
        }
    }
}

/// An event: who, when, what, why. In JSON one flat object:
/// `{"at": "…", "by": {"type": "staff", "name": "…"}, "event": "forward", "to": "change_management", "reason": "…"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TicketEvent"))]
#[serde(rename_all = "camelCase", try_from = "super::wire::RawEvent")]
pub struct Event {
    /// When it happened.
    pub at: Timestamp,
    /// Who did it.
    pub by: Actor,
    /// What happened.
    #[serde(flatten)]
    pub what: EventKind,
    /// Why, as written by the actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The SLA clocks of a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// Until a solution is delivered (the standard's 1 / 10 operational days).
    Resolution,
    /// Until the first answer to the reporter (off by default).
    FirstResponse,
}

/// The SLA terms a ticket keeps from the moment it was received: a later change of
/// calendar or policy does not move them unless the ticket is re-evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SlaTerms {
    /// The policy in force.
    pub policy: SlaPolicy,
    /// Resolution target for this ticket's kind.
    pub target: OpDuration,
    /// When the clock started (the next opening if received while closed).
    pub clock_starts: Timestamp,
    /// The resolution deadline computed at receipt (before any pause).
    pub due: Timestamp,
    /// First-response target and deadline, if the desk has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<(OpDuration, Timestamp)>,
    /// Share of the target after which the clock warns.
    pub warning_ratio: f64,
}

impl SlaTerms {
    /// The terms `profile` gives a ticket of `kind` received at `received`.
    ///
    /// # Errors
    /// Calendar errors.
    pub fn compute(
        profile: &Profile,
        kind: TicketKind,
        received: Timestamp,
    ) -> Result<SlaTerms, Error> {
        let d = profile.deadline(kind, received)?.value;
        let first_response = match profile.desk.first_response {
            Some(t) => Some((
                t,
                profile
                    .calendar
                    .add(received, t, profile.policy.boundary)?
                    .value,
            )),
            None => None,
        };
        Ok(SlaTerms {
            policy: profile.policy,
            target: d.target,
            clock_starts: d.clock_starts,
            due: d.due,
            first_response,
            warning_ratio: profile.desk.warning_ratio,
        })
    }
}

/// What happened to a ticket.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
#[serde(rename_all_fields = "camelCase")]
pub enum EventKind {
    /// The message was accepted (chart: A). Always the first event.
    Received {
        /// The ticket's number (e.g. `JTG-2026-000123`).
        number: String,
        /// Complaint, request or incident.
        kind: TicketKind,
        /// The product id, `None` for feedback about the desk itself.
        application: Option<String>,
        /// The written channel it came by.
        channel: Channel,
        /// Subject line (email subject, or the first line).
        subject: String,
        /// The message.
        body: String,
        /// The reporter's personal data (boxed: the largest field of the largest
        /// event, kept off every other event's size).
        reporter: Box<Reporter>,
        /// The SLA terms in force at receipt.
        sla: SlaTerms,
        /// Feedback about the desk itself, referred to the standard's channel (A6).
        #[serde(default)]
        about_desk: bool,
    },
    /// Diamond B = yes: the first line processes it directly (chart: C).
    HandleDirectly,
    /// Diamond B = no: a ticket is created for the application's staff (chart: D → E).
    CreateTicket,
    /// Forwarded to a tier (diamonds F, I, K): allowed targets depend on the state.
    Forward {
        /// The tier it goes to.
        to: Tier,
    },
    /// A solution is delivered to the reporter (chart: L).
    DeliverSolution {
        /// The solution, as told to the reporter.
        solution: String,
    },
    /// The ticket is closed (chart: M).
    Close,
    /// Reopened by the reporter or staff within the reopen window.
    Reopen,
    /// Waiting for the reporter's answer: the SLA clocks pause.
    WaitForReporter {
        /// What the reporter is asked.
        question: String,
    },
    /// The reporter answered: the clocks run again.
    ReporterReplied {
        /// The answer.
        text: String,
    },
    /// Rejected as out of scope (terminal).
    Reject,
    /// Merged into another ticket as a duplicate (terminal).
    MergeInto {
        /// The number of the ticket it duplicates.
        target: String,
    },
    /// Assigned to a person (a router's recommendation or a staff decision).
    Assign {
        /// The assignee.
        to: String,
    },
    /// Category and priority set (by a router or staff).
    Classify {
        /// Category, free text (e.g. `SP2D`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        /// Priority.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<Priority>,
    },
    /// A message to the reporter (counts as the first response).
    Respond {
        /// The text.
        text: String,
    },
    /// An internal note.
    Comment {
        /// The text.
        text: String,
    },
    /// An SLA clock passed its warning share.
    SlaWarning {
        /// Which clock.
        clock: ClockKind,
    },
    /// An SLA clock passed its deadline; `notify` is told (the tier above, or the
    /// supervisor: the standard's "supervision by the direct superior").
    SlaBreached {
        /// Which clock.
        clock: ClockKind,
        /// Who is notified.
        notify: String,
    },
    /// The SLA terms were recomputed explicitly (after a calendar or policy change).
    Reevaluate {
        /// The new terms.
        sla: SlaTerms,
    },
}

/// Priority of a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Low.
    Low,
    /// Normal (the default).
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
}

impl EventKind {
    /// The event's stable name, e.g. `deliver_solution`.
    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }

    /// The event's name as a value.
    pub fn event_name(&self) -> EventName {
        match self {
            EventKind::Received { .. } => EventName::Received,
            EventKind::HandleDirectly => EventName::HandleDirectly,
            EventKind::CreateTicket => EventName::CreateTicket,
            EventKind::Forward { .. } => EventName::Forward,
            EventKind::DeliverSolution { .. } => EventName::DeliverSolution,
            EventKind::Close => EventName::Close,
            EventKind::Reopen => EventName::Reopen,
            EventKind::WaitForReporter { .. } => EventName::WaitForReporter,
            EventKind::ReporterReplied { .. } => EventName::ReporterReplied,
            EventKind::Reject => EventName::Reject,
            EventKind::MergeInto { .. } => EventName::MergeInto,
            EventKind::Assign { .. } => EventName::Assign,
            EventKind::Classify { .. } => EventName::Classify,
            EventKind::Respond { .. } => EventName::Respond,
            EventKind::Comment { .. } => EventName::Comment,
            EventKind::SlaWarning { .. } => EventName::SlaWarning,
            EventKind::SlaBreached { .. } => EventName::SlaBreached,
            EventKind::Reevaluate { .. } => EventName::Reevaluate,
        }
    }

    /// A short description for people, e.g. `diteruskan ke Manajemen Perubahan`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            EventKind::Received { kind, channel, .. } => {
                format!(
                    "{} {} {} {}",
                    lang.pick("diterima:", "received:"),
                    kind.label(lang),
                    lang.pick("melalui", "via"),
                    channel.label(lang)
                )
            }
            EventKind::HandleDirectly => lang
                .pick(
                    "ditangani langsung oleh lini pertama",
                    "handled directly by the first line",
                )
                .into(),
            EventKind::CreateTicket => lang
                .pick(
                    "tiket dibuat untuk penanggung jawab aplikasi",
                    "ticket created for the application staff",
                )
                .into(),
            EventKind::Forward { to } => format!(
                "{} {}",
                lang.pick("diteruskan ke", "forwarded to"),
                to.label(lang)
            ),
            EventKind::DeliverSolution { solution } => format!(
                "{}: {solution}",
                lang.pick("solusi disampaikan", "solution delivered")
            ),
            EventKind::Close => lang.pick("ditutup", "closed").into(),
            EventKind::Reopen => lang.pick("dibuka kembali", "reopened").into(),
            EventKind::WaitForReporter { question } => format!(
                "{}: {question}",
                lang.pick("menunggu pelapor", "waiting for the reporter")
            ),
            EventKind::ReporterReplied { text } => format!(
                "{}: {text}",
                lang.pick("pelapor menjawab", "reporter replied")
            ),
            EventKind::Reject => lang
                .pick("ditolak: di luar lingkup layanan", "rejected: out of scope")
                .into(),
            EventKind::MergeInto { target } => format!(
                "{} {target}",
                lang.pick("digabung sebagai duplikat ke", "merged as a duplicate into")
            ),
            EventKind::Assign { to } => {
                format!("{} {to}", lang.pick("ditugaskan kepada", "assigned to"))
            }
            EventKind::Classify { category, priority } => format!(
                "{} {}{}",
                lang.pick("diklasifikasikan:", "classified:"),
                category.as_deref().unwrap_or("-"),
                priority
                    .map(|p| format!(", {}", p.label(lang)))
                    .unwrap_or_default()
            ),
            EventKind::Respond { text } => format!(
                "{}: {text}",
                lang.pick("jawaban ke pelapor", "answer to the reporter")
            ),
            EventKind::Comment { text } => format!("{}: {text}", lang.pick("catatan", "note")),
            EventKind::SlaWarning { clock } => format!(
                "{} ({})",
                lang.pick("peringatan SLA", "SLA warning"),
                clock.label(lang)
            ),
            EventKind::SlaBreached { clock, notify } => {
                // `notify` keeps tier ids (`application_staff`) and names: tiers
                // are shown by their names for people.
                let whom: Vec<String> = notify
                    .split("; ")
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        Tier::ALL
                            .iter()
                            .find(|t| super::tier_name(**t) == w)
                            .map_or_else(|| w.to_string(), |t| t.label(lang).to_string())
                    })
                    .collect();
                format!(
                    "{} ({}); {} {}",
                    lang.pick("SLA terlampaui", "SLA breached"),
                    clock.label(lang),
                    lang.pick("diberitahukan kepada", "notified:"),
                    whom.join(", ")
                )
            }
            EventKind::Reevaluate { .. } => lang
                .pick("tenggat dihitung ulang", "deadline re-evaluated")
                .into(),
        }
    }
}

impl ClockKind {
    /// The name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockKind::Resolution => lang.pick("penyelesaian", "resolution"),
            ClockKind::FirstResponse => lang.pick("respons pertama", "first response"),
        }
    }
}

impl Priority {
    /// The name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Priority::Low => lang.pick("rendah", "low"),
            Priority::Normal => lang.pick("normal", "normal"),
            Priority::High => lang.pick("tinggi", "high"),
            Priority::Urgent => lang.pick("mendesak", "urgent"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_breach_names_tiers_for_people() {
        let e = EventKind::SlaBreached {
            clock: ClockKind::Resolution,
            notify: "application_staff; Kepala Seksi".into(),
        };
        assert_eq!(
            e.describe(Lang::Id),
            "SLA terlampaui (penyelesaian); diberitahukan kepada penanggung jawab aplikasi, Kepala Seksi"
        );
        assert!(e
            .describe(Lang::En)
            .ends_with("notified: application staff, Kepala Seksi"));
    }
}
