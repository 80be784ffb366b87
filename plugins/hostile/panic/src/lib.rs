//! Hostile plugin for the host's sandbox tests: `route` panics. In WebAssembly the
//! panic is a trap (`unreachable`) and its message is lost; the host must survive
//! it, drop the instance and route by default.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, TicketView};

/// Panics in `route`.
#[derive(Debug)]
pub struct Panic;

impl Plugin for Panic {
    fn manifest() -> Manifest {
        Manifest::new("hostile-panic", env!("CARGO_PKG_VERSION"), "e-planning")
    }

    fn route(view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        panic!("hostile plugin: panic while routing {}", view.number)
    }
}

loket_plugin_sdk::export!(Panic);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, view};

    #[test]
    #[should_panic(expected = "hostile plugin")]
    fn route_panics() {
        let _ = Panic::route(&view("e-planning", "", ""), &context(0, &[]));
    }
}
