//! What a report reads of one ticket, whatever holds it: [`TicketFacts`] in memory
//! or a row of an export read in place. Both go through the same report code.

use std::borrow::Cow;

use crate::duration::OpDuration;
use crate::kind::TicketKind;
use crate::names::Tier;
use crate::ticket::{Channel, Priority};
use crate::time::Timestamp;

use super::facts::{Outcome, TicketFacts};

/// The enumerations in the order of their variants: a value's index is its
/// discriminant (`x as usize`), and its code in an export.
pub(crate) const TIERS: [Tier; 5] = [
    Tier::FirstLine,
    Tier::ApplicationStaff,
    Tier::ChangeManagement,
    Tier::InformationSecurity,
    Tier::OperationsDesign,
];
pub(crate) const KINDS: [TicketKind; 3] = [
    TicketKind::Complaint,
    TicketKind::Request,
    TicketKind::Incident,
];
pub(crate) const CHANNELS: [Channel; 6] = [
    Channel::Whatsapp,
    Channel::Email,
    Channel::Phone,
    Channel::VoiceCall,
    Channel::VideoCall,
    Channel::VoiceMessage,
];
pub(crate) const PRIORITIES: [Priority; 4] = [
    Priority::Low,
    Priority::Normal,
    Priority::High,
    Priority::Urgent,
];
pub(crate) const OUTCOMES: [Outcome; 5] = [
    Outcome::Open,
    Outcome::OpenBreached,
    Outcome::Met,
    Outcome::Breached,
    Outcome::Cancelled,
];

/// One ticket's facts as a report reads them (see [`TicketFacts`] for each).
pub(crate) trait Fact<'a>: Copy {
    fn number(self) -> Cow<'a, str>;
    fn application(self) -> Option<&'a str>;
    fn kind(self) -> TicketKind;
    fn channel(self) -> Channel;
    fn received(self) -> Timestamp;
    fn clock_starts(self) -> Timestamp;
    fn first_response_elapsed(self) -> Option<i64>;
    fn delivered(self) -> Option<Timestamp>;
    fn target(self) -> OpDuration;
    fn due_at_receipt(self) -> Timestamp;
    fn due(self) -> Timestamp;
    fn elapsed(self) -> i64;
    fn paused(self) -> i64;
    fn outcome(self) -> Outcome;
    fn over_by(self) -> i64;
    fn reopened(self) -> u32;
    fn as_of(self) -> Timestamp;
    /// Whether the ticket reached `tier`.
    fn reached(self, tier: Tier) -> bool;
    /// The tier it is at (or finished at).
    fn tier(self) -> Tier;
    /// Every officer assigned, in order (repeats included), appended to `into`.
    fn officers(self, into: &mut Vec<&'a str>);
    /// The officer assigned last.
    fn officer(self) -> Option<&'a str>;
}

impl<'a> Fact<'a> for &'a TicketFacts {
    fn number(self) -> Cow<'a, str> {
        Cow::Borrowed(&self.number)
    }
    fn application(self) -> Option<&'a str> {
        self.application.as_deref()
    }
    fn kind(self) -> TicketKind {
        self.kind
    }
    fn channel(self) -> Channel {
        self.channel
    }
    fn received(self) -> Timestamp {
        self.received
    }
    fn clock_starts(self) -> Timestamp {
        self.clock_starts
    }
    fn first_response_elapsed(self) -> Option<i64> {
        self.first_response_elapsed
    }
    fn delivered(self) -> Option<Timestamp> {
        self.delivered
    }
    fn target(self) -> OpDuration {
        self.target
    }
    fn due_at_receipt(self) -> Timestamp {
        self.due_at_receipt
    }
    fn due(self) -> Timestamp {
        self.due
    }
    fn elapsed(self) -> i64 {
        self.elapsed
    }
    fn paused(self) -> i64 {
        self.paused
    }
    fn outcome(self) -> Outcome {
        self.outcome
    }
    fn over_by(self) -> i64 {
        self.over_by
    }
    fn reopened(self) -> u32 {
        self.reopened
    }
    fn as_of(self) -> Timestamp {
        self.as_of
    }
    fn reached(self, tier: Tier) -> bool {
        self.tiers.contains(&tier)
    }
    fn tier(self) -> Tier {
        TicketFacts::tier(self)
    }
    fn officers(self, into: &mut Vec<&'a str>) {
        into.extend(self.assignees.iter().map(|a| a.officer.as_str()));
    }
    fn officer(self) -> Option<&'a str> {
        TicketFacts::officer(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_in_the_order_of_the_variants() {
        assert!(TIERS.iter().enumerate().all(|(i, x)| *x as usize == i));
        assert!(KINDS.iter().enumerate().all(|(i, x)| *x as usize == i));
        assert!(CHANNELS.iter().enumerate().all(|(i, x)| *x as usize == i));
        assert!(PRIORITIES.iter().enumerate().all(|(i, x)| *x as usize == i));
        assert!(OUTCOMES.iter().enumerate().all(|(i, x)| *x as usize == i));
    }
}
