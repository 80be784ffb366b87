//! Hostile plugin for the host's sandbox tests: built for `wasm32-wasip2`, `route`
//! reads the system clock, so the component imports WASI interfaces (`wasi:clocks`,
//! `wasi:io`, `wasi:cli`, …). The host links nothing and must refuse it at load
//! with a message that a plugin may import nothing.

use loket_plugin_sdk::{Context, Decision, Manifest, Plugin, TicketView};

/// Reads the clock in `route`.
#[derive(Debug)]
pub struct WasiClock;

impl Plugin for WasiClock {
    fn manifest() -> Manifest {
        Manifest::new(
            "hostile-wasi-clock",
            env!("CARGO_PKG_VERSION"),
            "e-planning",
        )
    }

    fn route(_view: &TicketView, _ctx: &Context) -> Result<Decision, String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?;
        Ok(Decision::default().because(format!("the clock says {}", now.as_secs())))
    }
}

loket_plugin_sdk::export!(WasiClock);
