//! The core's routing types to the contract's WIT types and back.

use loket_core::ticket::{
    Channel, ClockStatus, Decision, Priority, Reporter, RoutingContext, Step, TicketView, Tier,
};
use loket_core::TicketKind;

use super::bindings::wit;

/// Longest `reason` a plugin may return (bytes).
pub const MAX_REASON: usize = 2048;
/// Longest `assign` or `category` a plugin may return (bytes).
pub const MAX_NAME: usize = 256;

fn kind(k: TicketKind) -> wit::TicketKind {
    match k {
        TicketKind::Complaint => wit::TicketKind::Complaint,
        TicketKind::Request => wit::TicketKind::Request,
        TicketKind::Incident => wit::TicketKind::Incident,
    }
}

fn tier(t: Tier) -> wit::Tier {
    match t {
        Tier::FirstLine => wit::Tier::FirstLine,
        Tier::ApplicationStaff => wit::Tier::ApplicationStaff,
        Tier::ChangeManagement => wit::Tier::ChangeManagement,
        Tier::InformationSecurity => wit::Tier::InformationSecurity,
        Tier::OperationsDesign => wit::Tier::OperationsDesign,
    }
}

fn tier_back(t: wit::Tier) -> Tier {
    match t {
        wit::Tier::FirstLine => Tier::FirstLine,
        wit::Tier::ApplicationStaff => Tier::ApplicationStaff,
        wit::Tier::ChangeManagement => Tier::ChangeManagement,
        wit::Tier::InformationSecurity => Tier::InformationSecurity,
        wit::Tier::OperationsDesign => Tier::OperationsDesign,
    }
}

fn priority(p: Priority) -> wit::Priority {
    match p {
        Priority::Low => wit::Priority::Low,
        Priority::Normal => wit::Priority::Normal,
        Priority::High => wit::Priority::High,
        Priority::Urgent => wit::Priority::Urgent,
    }
}

fn priority_back(p: wit::Priority) -> Priority {
    match p {
        wit::Priority::Low => Priority::Low,
        wit::Priority::Normal => Priority::Normal,
        wit::Priority::High => Priority::High,
        wit::Priority::Urgent => Priority::Urgent,
    }
}

fn status(s: ClockStatus) -> wit::ClockStatus {
    match s {
        ClockStatus::OnTrack => wit::ClockStatus::OnTrack,
        ClockStatus::Warning => wit::ClockStatus::Warning,
        ClockStatus::Breached => wit::ClockStatus::Breached,
        ClockStatus::Met => wit::ClockStatus::Met,
        ClockStatus::Cancelled => wit::ClockStatus::Cancelled,
    }
}

/// The WIT view of a ticket. `reporter` is passed only for plugins granted personal
/// data. Fails for a channel the contract does not know (only written channels
/// become tickets).
pub fn view(v: &TicketView, reporter: Option<&Reporter>) -> Result<wit::TicketView, String> {
    let channel = match v.channel {
        Channel::Whatsapp => wit::Channel::Whatsapp,
        Channel::Email => wit::Channel::Email,
        other => return Err(format!("channel {other:?} is not a written channel")),
    };
    Ok(wit::TicketView {
        number: v.number.clone(),
        kind: kind(v.kind),
        application: v.application.clone(),
        channel,
        subject: v.subject.clone(),
        body: v.body.clone(),
        received_at: v.received_at.unix(),
        state: v.state.clone(),
        tier: tier(v.tier),
        assignee: v.assignee.clone(),
        category: v.category.clone(),
        priority: priority(v.priority),
        history: v
            .history
            .iter()
            .map(|(at, e)| wit::HistoryEntry {
                at: at.unix(),
                event: e.clone(),
            })
            .collect(),
        sla: v.sla.as_ref().map(|c| wit::SlaState {
            status: status(c.status),
            elapsed_seconds: c.elapsed,
            budget_seconds: c.budget,
            due: c.due.unix(),
        }),
        reporter: reporter.map(|r| wit::Reporter {
            name: r.name.clone(),
            phone: r.phone.clone(),
            email: r.email.clone(),
        }),
    })
}

/// The WIT routing context.
pub fn context(c: &RoutingContext) -> wit::Context {
    wit::Context {
        now: c.now.unix(),
        desk_open: c.desk_open,
        roster: c
            .roster
            .iter()
            .map(|m| wit::RosterMember {
                name: m.name.clone(),
                open_load: m.open_load,
                last_assigned: m.last_assigned.map(|t| t.unix()),
            })
            .collect(),
    }
}

/// The core's decision from a plugin's, refusing oversized strings.
pub fn decision(d: wit::Decision) -> Result<Decision, String> {
    let check = |what: &str, s: &Option<String>, max: usize| match s {
        Some(s) if s.len() > max => Err(format!(
            "output too large: {what} is {} bytes, at most {max} allowed",
            s.len()
        )),
        Some(s) if s.trim().is_empty() => Err(format!("invalid output: {what} is blank")),
        _ => Ok(()),
    };
    check("reason", &d.reason, MAX_REASON)?;
    check("assign", &d.assign, MAX_NAME)?;
    check("category", &d.category, MAX_NAME)?;
    Ok(Decision {
        step: d.step.map(|s| match s {
            wit::Step::HandleDirectly => Step::HandleDirectly,
            wit::Step::CreateTicket => Step::CreateTicket,
            wit::Step::Forward(t) => Step::Forward(tier_back(t)),
        }),
        assign: d.assign,
        category: d.category,
        priority: d.priority.map(priority_back),
        reason: d.reason,
    })
}
