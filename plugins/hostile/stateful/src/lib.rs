//! Hostile plugin for the host's sandbox tests: it tries to keep state from one
//! ticket to the next (a call counter and the previous ticket's text, in statics)
//! and to pass it on in its reason. Each call runs in a fresh instance, so it must
//! always see its first call and no previous ticket.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use loket_plugin_sdk::{least_loaded, Context, Decision, Manifest, Plugin, TicketView};

/// Routes as the default router, remembering what it saw.
#[derive(Debug)]
pub struct Stateful;

static CALLS: AtomicU32 = AtomicU32::new(0);
static PREVIOUS: Mutex<Option<String>> = Mutex::new(None);

impl Plugin for Stateful {
    fn manifest() -> Manifest {
        Manifest::new("hostile-stateful", env!("CARGO_PKG_VERSION"), "e-planning")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let call = CALLS.fetch_add(1, Ordering::Relaxed) + 1;
        let mut previous = PREVIOUS.lock().map_err(|e| e.to_string())?;
        let seen = previous.replace(format!("{}: {}", view.number, view.body));
        let seen = seen.as_deref().unwrap_or("none");
        Ok(Decision::intake(view, least_loaded(&ctx.roster))
            .because(format!("call {call}; previous ticket: {seen}")))
    }
}

loket_plugin_sdk::export!(Stateful);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view};

    #[test]
    fn natively_it_remembers() {
        // One process, no sandbox: the state survives (what the host prevents).
        let ctx = context(0, &[("a", 0, None)]);
        let first = Stateful::route(&view("e-planning", "", "one"), &ctx).unwrap();
        let second = Stateful::route(&view("e-planning", "", "two"), &ctx).unwrap();
        let reason = |d: Decision| d.reason.unwrap_or_default();
        assert_eq!(reason(first), "call 1; previous ticket: none");
        assert!(reason(second).starts_with("call 2; previous ticket: "));
    }
}
