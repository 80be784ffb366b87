//! Hostile plugin for the host's sandbox tests: `route` returns a well-typed but
//! contradictory decision: a forward to the first line (no state forwards there), an
//! assignee of 100 KB who is not on the roster, an empty category with control and
//! bidirectional characters, and an urgent priority. The host must refuse the
//! decision as a whole (the core's `apply_decision` is all or nothing) and route by
//! default.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, Priority, Step, TicketView, Tier};

/// Returns nonsense from `route`.
#[derive(Debug)]
pub struct Garbage;

/// The length of the assignee's name in bytes.
pub const ASSIGNEE_LEN: usize = 100 * 1024;

impl Plugin for Garbage {
    fn manifest() -> Manifest {
        Manifest::new("hostile-garbage", env!("CARGO_PKG_VERSION"), "e-planning")
    }

    fn route(_view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        Ok(Decision {
            step: Some(Step::Forward(Tier::FirstLine)),
            assign: Some("A".repeat(ASSIGNEE_LEN)),
            category: Some("\u{0}\u{1b}[31m\u{202e}".to_string()),
            priority: Some(Priority::Urgent),
            reason: Some("\r\n\u{7}".to_string()),
        })
    }
}

loket_plugin_sdk::export!(Garbage);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view};

    #[test]
    fn the_decision_is_garbage() {
        let d = Garbage::route(&view("e-planning", "", ""), &context(0, &[])).unwrap();
        assert_eq!(d.step, Some(Step::Forward(Tier::FirstLine)));
        assert_eq!(d.assign.map(|a| a.len()), Some(ASSIGNEE_LEN));
    }
}
