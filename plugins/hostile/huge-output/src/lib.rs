//! Hostile plugin for the host's sandbox tests: `route` returns a decision whose
//! reason is 32 MiB long (or as many bytes as the ticket's body says, when the body
//! is a number: `"1000000"` stays under a 16 MiB memory cap and tests the host's
//! limit on what it reads back). The host must refuse it (by its memory cap, or by a
//! limit on the output) rather than store or print it.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, TicketView};

/// Returns a 32 MiB reason.
#[derive(Debug)]
pub struct HugeOutput;

/// The length of the reason in bytes, unless the body says otherwise.
pub const REASON_LEN: usize = 32 << 20;

impl Plugin for HugeOutput {
    fn manifest() -> Manifest {
        Manifest::new(
            "hostile-huge-output",
            env!("CARGO_PKG_VERSION"),
            "e-planning",
        )
    }

    fn route(view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        let len = view.body.trim().parse().unwrap_or(REASON_LEN);
        Ok(Decision::default().because("x".repeat(len)))
    }
}

loket_plugin_sdk::export!(HugeOutput);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view};

    #[test]
    fn the_reason_is_huge() {
        let d = HugeOutput::route(&view("e-planning", "", ""), &context(0, &[])).unwrap();
        assert_eq!(d.reason.map(|r| r.len()), Some(REASON_LEN));
        let d = HugeOutput::route(&view("e-planning", "", "1000000"), &context(0, &[])).unwrap();
        assert_eq!(d.reason.map(|r| r.len()), Some(1_000_000));
    }
}
