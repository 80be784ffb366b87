//! Reading events from JSON (event files, the HTTP API, JavaScript).
//!
//! An event is one flat object: `{"at", "by", "event", "reason"?, …the event's own
//! fields}`. serde's derived reader for a flattened, internally tagged enum buffers
//! every value generically, which costs about 80 KB of WebAssembly; this reads the
//! object as one flat struct and then checks that the fields fit the event, with
//! errors that name the event and the field.

use serde::Deserialize;

use crate::kind::TicketKind;
use crate::time::Timestamp;

use super::event::{Actor, ClockKind, Event, EventKind, Priority, SlaTerms};
use super::intake::{Channel, Reporter};
use crate::names::Tier;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RawEvent {
    at: Timestamp,
    by: Actor,
    event: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    kind: Option<TicketKind>,
    #[serde(default)]
    application: Option<String>,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    reporter: Option<Reporter>,
    #[serde(default)]
    sla: Option<SlaTerms>,
    #[serde(default)]
    about_desk: Option<bool>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    solution: Option<String>,
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    priority: Option<Priority>,
    #[serde(default)]
    clock: Option<ClockKind>,
    #[serde(default)]
    notify: Option<String>,
}

fn tier(name: &str) -> Option<Tier> {
    Tier::ALL.into_iter().find(|t| super::tier_name(*t) == name)
}

impl RawEvent {
    /// The names of the optional fields that are set.
    fn set_fields(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        macro_rules! check {
            ($($f:ident => $name:literal),*) => { $(if self.$f.is_some() { v.push($name); })* };
        }
        check!(number => "number", kind => "kind", application => "application", channel => "channel",
            subject => "subject", body => "body", reporter => "reporter", sla => "sla",
            about_desk => "aboutDesk", to => "to", solution => "solution", question => "question",
            text => "text", target => "target", category => "category", priority => "priority",
            clock => "clock", notify => "notify");
        v
    }
}

impl TryFrom<RawEvent> for Event {
    type Error = String;

    fn try_from(mut r: RawEvent) -> Result<Event, String> {
        let name = r.event.clone();
        let set = r.set_fields();
        let need = |v: Option<String>, field: &str| {
            v.ok_or_else(|| format!("event `{name}` needs the field `{field}`"))
        };
        let (what, allowed): (EventKind, &[&str]) = match name.as_str() {
            "received" => (
                EventKind::Received {
                    number: need(r.number.take(), "number")?,
                    kind: r.kind.ok_or_else(|| format!("event `{name}` needs the field `kind`"))?,
                    application: r.application.take(),
                    channel: r.channel.ok_or_else(|| format!("event `{name}` needs the field `channel`"))?,
                    subject: r.subject.take().unwrap_or_default(),
                    body: need(r.body.take(), "body")?,
                    reporter: Box::new(r.reporter.take().unwrap_or_default()),
                    sla: r.sla.take().ok_or_else(|| format!("event `{name}` needs the field `sla`"))?,
                    about_desk: r.about_desk.unwrap_or(false),
                },
                &["number", "kind", "application", "channel", "subject", "body", "reporter", "sla", "aboutDesk"],
            ),
            "handle_directly" => (EventKind::HandleDirectly, &[]),
            "create_ticket" => (EventKind::CreateTicket, &[]),
            "forward" => {
                let to = need(r.to.take(), "to")?;
                let t = tier(&to).ok_or_else(|| {
                    format!("event `forward`: `{to}` is not a tier (first_line, application_staff, change_management, information_security, operations_design)")
                })?;
                (EventKind::Forward { to: t }, &["to"])
            }
            "deliver_solution" => (EventKind::DeliverSolution { solution: need(r.solution.take(), "solution")? }, &["solution"]),
            "close" => (EventKind::Close, &[]),
            "reopen" => (EventKind::Reopen, &[]),
            "wait_for_reporter" => (EventKind::WaitForReporter { question: need(r.question.take(), "question")? }, &["question"]),
            "reporter_replied" => (EventKind::ReporterReplied { text: need(r.text.take(), "text")? }, &["text"]),
            "reject" => (EventKind::Reject, &[]),
            "merge_into" => (EventKind::MergeInto { target: need(r.target.take(), "target")? }, &["target"]),
            "assign" => (EventKind::Assign { to: need(r.to.take(), "to")? }, &["to"]),
            "classify" => (EventKind::Classify { category: r.category.take(), priority: r.priority }, &["category", "priority"]),
            "respond" => (EventKind::Respond { text: need(r.text.take(), "text")? }, &["text"]),
            "comment" => (EventKind::Comment { text: need(r.text.take(), "text")? }, &["text"]),
            "sla_warning" => (
                EventKind::SlaWarning { clock: r.clock.ok_or_else(|| format!("event `{name}` needs the field `clock`"))? },
                &["clock"],
            ),
            "sla_breached" => (
                EventKind::SlaBreached {
                    clock: r.clock.ok_or_else(|| format!("event `{name}` needs the field `clock`"))?,
                    notify: need(r.notify.take(), "notify")?,
                },
                &["clock", "notify"],
            ),
            "reevaluate" => (
                EventKind::Reevaluate { sla: r.sla.take().ok_or_else(|| format!("event `{name}` needs the field `sla`"))? },
                &["sla"],
            ),
            other => {
                return Err(format!(
                    "unknown event `{other}`: expected one of received, handle_directly, create_ticket, forward, deliver_solution, close, reopen, wait_for_reporter, reporter_replied, reject, merge_into, assign, classify, respond, comment, sla_warning, sla_breached, reevaluate"
                ))
            }
        };
        if let Some(extra) = set.iter().find(|f| !allowed.contains(f)) {
            return Err(format!("event `{name}` has no field `{extra}`"));
        }
        Ok(Event {
            at: r.at,
            by: r.by,
            what,
            reason: r.reason,
        })
    }
}
