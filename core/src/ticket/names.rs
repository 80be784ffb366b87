//! What the flow allows next (`Ticket::allowed`), and the name of a state.

use crate::names::{Allowed, EventName, StateName};

use super::{Stage, State, Ticket};

impl StateName {
    /// The name of `state`.
    pub fn of(state: &State) -> StateName {
        match state {
            State::Working(s) => match s {
                Stage::Received => StateName::Received,
                Stage::HandledDirectly => StateName::HandledDirectly,
                Stage::Executing => StateName::Executing,
                Stage::ChangeManagement => StateName::ChangeManagement,
                Stage::InformationSecurity => StateName::InformationSecurity,
                Stage::OperationsDesign => StateName::OperationsDesign,
            },
            State::WaitingForReporter(_) => StateName::WaitingForReporter,
            State::SolutionDelivered(_) => StateName::SolutionDelivered,
            State::Closed(_) => StateName::Closed,
            State::Rejected => StateName::Rejected,
            State::Merged => StateName::Merged,
            State::Referred => StateName::Referred,
        }
    }
}

impl Ticket {
    /// The events the flow allows now, in a stable order; forwards name their tier.
    ///
    /// A reopen of a closed ticket is listed; whether it is still within the reopen
    /// window is checked when it is applied.
    pub fn allowed(&self) -> Vec<Allowed> {
        use EventName as E;
        let mut v: Vec<Allowed> = Vec::new();
        match &self.state {
            State::Working(s) => {
                if *s == Stage::Received {
                    v.extend([E::HandleDirectly, E::CreateTicket].map(Allowed::of));
                }
                v.extend(s.forwards().iter().map(|t| Allowed {
                    event: E::Forward,
                    to: Some(*t),
                }));
                if s.delivers() {
                    v.push(Allowed::of(E::DeliverSolution));
                }
                v.extend([E::WaitForReporter, E::Reject, E::MergeInto].map(Allowed::of));
            }
            State::WaitingForReporter(_) => {
                v.extend([E::ReporterReplied, E::Reject, E::MergeInto].map(Allowed::of))
            }
            State::SolutionDelivered(_) => v.extend([E::Close, E::Reopen].map(Allowed::of)),
            State::Closed(_) => v.push(Allowed::of(E::Reopen)),
            State::Rejected | State::Merged | State::Referred => {}
        }
        if !self.state.is_terminal() {
            v.extend([E::Assign, E::Classify, E::Respond].map(Allowed::of));
        }
        v.push(Allowed::of(E::Comment));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Tier;

    #[test]
    fn names_round_trip_through_serde() {
        for n in EventName::ALL {
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(json, format!("\"{}\"", n.as_str()));
            assert_eq!(serde_json::from_str::<EventName>(&json).unwrap(), n);
        }
    }

    #[test]
    fn state_names_are_the_states_names() {
        let states = [
            State::Working(Stage::Received),
            State::Working(Stage::HandledDirectly),
            State::Working(Stage::Executing),
            State::Working(Stage::ChangeManagement),
            State::Working(Stage::InformationSecurity),
            State::Working(Stage::OperationsDesign),
            State::WaitingForReporter(Stage::Executing),
            State::SolutionDelivered(Stage::Executing),
            State::Closed(Stage::Executing),
            State::Rejected,
            State::Merged,
            State::Referred,
        ];
        for (s, n) in states.iter().zip(StateName::ALL) {
            assert_eq!(StateName::of(s), n);
            assert_eq!(serde_json::to_value(n).unwrap(), s.name());
            assert_eq!(n.is_terminal(), s.is_terminal(), "{n:?}");
        }
    }

    #[test]
    fn allowed_serializes_as_event_and_tier() {
        let a = Allowed {
            event: EventName::Forward,
            to: Some(Tier::ChangeManagement),
        };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"event":"forward","to":"change_management"}"#
        );
        assert_eq!(a.to_string(), "forward to change_management");
        let c = Allowed::of(EventName::Close);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"event":"close"}"#);
    }
}
