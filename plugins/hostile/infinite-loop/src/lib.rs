//! Hostile plugin for the host's sandbox tests: `route` never returns. The host
//! must stop it by its CPU budget (fuel) and route by default.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, TicketView};

/// Loops forever in `route`.
#[derive(Debug)]
pub struct InfiniteLoop;

impl Plugin for InfiniteLoop {
    fn manifest() -> Manifest {
        Manifest::new(
            "hostile-infinite-loop",
            env!("CARGO_PKG_VERSION"),
            "e-planning",
        )
    }

    fn route(_view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        let mut n: u64 = 0;
        loop {
            n = std::hint::black_box(n).wrapping_add(1);
        }
    }
}

loket_plugin_sdk::export!(InfiniteLoop);
